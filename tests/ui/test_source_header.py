"""The source pane's header height is measured ahead for prefetched articles, and its scroll bar
draws the groove from a cached picture; both look and size exactly as before."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollBar

from desktop_app.db import queries
from desktop_app.ui import groove_cache, source_header
from tests.ui.test_source_cache import TEXT, FakeDb, event, shown_pane

OTHER = "Another story, with no people in it.\nA second line.\n"
LONG = "A title long enough to wrap onto a second and even a third line " * 3


class TitledDb(FakeDb):
    """FakeDb whose article 2 has a title that wraps in the pane's header."""

    def article_source(self, session, article_id: int) -> queries.ArticleSource:
        found = super().article_source(session, article_id)
        if article_id != 2:
            return found
        row = queries.ArticleRow(2, LONG, "some/deep/folder/b.txt", dt.date(2026, 3, 2), "dateline")
        return queries.ArticleSource(row, found.text, found.spans)


def header_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setContentsMargins(10, 8, 10, 8)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.LinksAccessibleByMouse)
    return label


@pytest.mark.parametrize("width", [120, 300, 640])
@pytest.mark.parametrize("title", ["Short", LONG])
def test_the_twin_measures_what_the_header_would(qtbot, width, title):
    label = header_label()
    qtbot.addWidget(label)
    heights = source_header.HeaderHeights(label)
    row = queries.ArticleRow(1, title, "a/b.txt", dt.date(2026, 3, 2), "dateline")
    text = source_header.header_html(row)
    heights.measure(text, width)
    label.setText(text)
    measured = heights.height_for(width)
    assert measured == label.heightForWidth(width)
    assert measured > 0


def test_a_prefetched_header_is_not_laid_out_again_at_the_step(qtbot, monkeypatch):
    pane = shown_pane(qtbot)
    TitledDb(monkeypatch, {1: (TEXT, "a.txt"), 2: (OTHER, "b.txt")})
    box, real = pane._header_box, QLabel.heightForWidth
    pane.show_event(event(1, TEXT, "Mayor Ana Lind"))
    qtbot.waitUntil(lambda: box.height() == box.minimumHeight() == real(pane.header, box.width()))
    one_line = box.height()
    pane.prefetch([lambda: event(2, OTHER, "A second line.", 2)])
    qtbot.waitUntil(lambda: pane._cache.get(2) is not None and pane._cache[2].checked)
    asked = []
    monkeypatch.setattr(QLabel, "heightForWidth", lambda self, w: asked.append(w) or real(self, w))

    pane.show_event(event(2, OTHER, "A second line.", 2))
    assert LONG.strip() in pane.header.text()
    expected = real(pane.header, box.width())
    qtbot.waitUntil(lambda: box.height() == box.minimumHeight() == expected)
    assert expected > one_line  # the wrapped title fits
    assert asked == []  # measured in idle time, before the step
    assert pane.header.geometry().height() == expected


def test_an_unmeasured_header_is_asked_of_the_label(qtbot, monkeypatch):
    pane = shown_pane(qtbot)
    TitledDb(monkeypatch, {2: (OTHER, "b.txt")})
    pane.show_event(event(2, OTHER, "A second line.", 2))  # not prefetched
    box = pane._header_box
    qtbot.waitUntil(lambda: box.height() == pane.header.heightForWidth(box.width()))


def grab(bar: QScrollBar):
    bar.repaint()
    return bar.grab().toImage()


def close(a, b) -> bool:
    """Same picture but for rounding (a translucent groove blended once more or less)."""
    if a.size() != b.size():
        return False
    return all(max(abs(p - q) for p, q in zip(a.pixelColor(x, y).getRgb(), b.pixelColor(x, y).getRgb()))
               <= 2 for x in range(a.width()) for y in range(a.height()))


def test_the_cached_groove_looks_as_the_style_draws_it(qtbot):
    bars = []
    for cached in (False, True):
        bar = QScrollBar(Qt.Orientation.Vertical)
        bar.setRange(0, 300)
        bar.setPageStep(200)
        bar.resize(14, 240)
        if cached:
            style = groove_cache.cache_groove(bar)
        qtbot.addWidget(bar)
        bar.show()
        bars.append(bar)
    qtbot.waitExposed(bars[1])
    plain, fast = bars
    first = None
    for value in (0, 120, 300):
        for bar in bars:
            bar.setValue(value)
        assert close(grab(plain), grab(fast))
        first = first or style._groove
        assert style._groove is first  # one groove picture for every position
    for bar in bars:
        bar.setEnabled(False)
    assert close(grab(plain), grab(fast))
    for bar in bars:
        bar.setEnabled(True)
        bar.setOrientation(Qt.Orientation.Horizontal)
        bar.resize(240, 14)
    assert close(grab(plain), grab(fast))
