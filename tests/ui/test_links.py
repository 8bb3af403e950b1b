"""Promise 2 of docs/reliability.md: an article link opens only after a click and a confirmation
showing the address; unsafe schemes are refused; the address never becomes the anchor's href."""
from __future__ import annotations

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core import markup
from desktop_app.ui import highlight, links

ARTICLE = "See [the ruling](https://court.example/r?id=7) and [this](javascript:alert(1)).\n"


def test_links_point_at_their_offset_never_at_the_address():
    layout = markup.layout(ARTICLE)
    html = highlight.render_html(ARTICLE, [], markup=layout)
    starts = [s for s, _e, kind, _d in layout.marks if kind == "link"]
    for start in starts:
        assert f'href="link:{start}"' in html
    assert 'href="https:' not in html and 'href="javascript:' not in html


def test_a_web_link_opens_only_after_the_user_confirms(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    parent = QWidget()
    qtbot.addWidget(parent)
    box = links.confirm_and_open(parent, "https://court.example/r?id=7")
    assert box.objectName() == "linkConfirm" and "https://court.example/r?id=7" in box.text()
    assert opened == []
    box.button(QMessageBox.StandardButton.Open).click()
    assert opened == ["https://court.example/r?id=7"]


def test_cancel_opens_nothing(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    parent = QWidget()
    qtbot.addWidget(parent)
    links.confirm_and_open(parent, "https://court.example/").button(QMessageBox.StandardButton.Cancel).click()
    assert opened == []


def test_a_javascript_link_is_refused_and_never_opened(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    parent = QWidget()
    qtbot.addWidget(parent)
    box = links.confirm_and_open(parent, "javascript:alert(1)")
    assert box.objectName() == "linkRefused" and "never opened" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    assert opened == []


def test_the_source_pane_maps_a_clicked_link_to_its_address(qtbot, monkeypatch, session_factory):
    from PySide6.QtCore import QUrl

    from desktop_app.ui import source_view

    pane = source_view.SourcePane(session_factory)
    qtbot.addWidget(pane)
    monkeypatch.setattr(pane, "_layout", lambda: markup.layout(ARTICLE))
    asked = []
    monkeypatch.setattr(links, "confirm_and_open", lambda parent, address: asked.append(address))
    start = ARTICLE.index("the ruling")
    pane.browser.anchorClicked.emit(QUrl(f"link:{start}"))
    pane.browser.anchorClicked.emit(QUrl("link:999"))  # no link there: nothing happens
    pane.browser.anchorClicked.emit(QUrl("link:x"))
    assert asked == ["https://court.example/r?id=7"]
