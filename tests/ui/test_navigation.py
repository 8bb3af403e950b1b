"""Keyboard: stepping through events, pane cycling, printable keys in the search box."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests import factories
from tests.ui.helpers import current_text, timeline_texts

ORDER = factories.STORY_ORDER


def test_title_count_and_first_event_shown(window):
    assert window.windowTitle() == "Timeline Reader — story.db"
    assert timeline_texts(window) == ORDER
    assert window.count_label.text() == "7 events (of 7)"
    assert window.timeline.currentIndex().row() == 0
    assert window.source.current_focus == ORDER[0]


def test_date_column_uses_real_precision(window):
    model = window.timeline_model
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert labels[0] == "2019"
    assert labels[2] == "Apr 2025"
    assert labels[4] == "3 Mar 2026"
    assert labels[6] == "Fall 2026"
    assert model.index(0, 2).data() == "Undated background piece"
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == ORDER[0]


@pytest.mark.parametrize("keys, row", [
    (["j"], 1), (["j", "j", "k"], 1), ([Qt.Key.Key_Down] * 3, 3),
    ([Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up], 1), ([Qt.Key.Key_End], 6),
    ([Qt.Key.Key_End, Qt.Key.Key_Home], 0), ([Qt.Key.Key_End, "j"], 6), (["k"], 0),
])
def test_keys_step_and_source_follows(qtbot, window, keys, row):
    for key in keys:
        qtbot.keyClick(window.timeline, key)
    assert window.timeline.currentIndex().row() == row
    assert current_text(window) == ORDER[row]
    assert window.source.current_focus == ORDER[row]
    # The sentence sits right after the focus anchor in the rendered document.
    cursor = window.source.browser.document().find(ORDER[row])
    assert not cursor.isNull()
    assert cursor.charFormat().background().color().name() == "#fde68a"


def test_source_pane_header_and_scroll_anchor(window):
    window.select_row(4)
    header = window.source.header.text()
    assert "Council backs harbour plan" in header
    assert "published 4 Mar 2026 (dateline)" in header
    assert "a.txt" in header
    window.select_row(0)
    assert "undated" in window.source.header.text()


def test_slash_focuses_search_and_printable_keys_type_there(qtbot, window):
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, "/")
    search = window.filter_bar.search
    assert QApplication.focusWidget() is search
    row = window.timeline.currentIndex().row()
    qtbot.keyClicks(search, "jk/?")
    assert search.text() == "jk/?"
    assert window.timeline.currentIndex().row() == row


def test_question_mark_opens_help(qtbot, window):
    qtbot.keyClick(window.timeline, "?")
    assert window._help is not None and window._help.isVisible()
    assert "Next event" in window._help.browser.toPlainText()


def test_f1_opens_help(qtbot, window):
    qtbot.keyClick(window.timeline, Qt.Key.Key_F1)
    assert window._help is not None and window._help.isVisible()


def test_enter_moves_focus_into_source(qtbot, window):
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.source.browser
    # j in the source pane still steps the timeline.
    qtbot.keyClick(window.source.browser, "j")
    assert window.source.current_focus == ORDER[1]


def test_tab_cycles_panes(qtbot, window):
    cycle = [window.timeline, window.source.browser, window.entities, window.figures,
             window.filter_bar.search]
    cycle[0].setFocus()
    for i in range(len(cycle)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is cycle[(i + 1) % len(cycle)]
        if cycle[(i + 1) % len(cycle)] in (window.entities, window.figures):
            # Entities and figures share a tabbed pane: Tab brings the list's tab to the front.
            assert window.entity_pane.tabs.currentWidget() is QApplication.focusWidget()
    for i in range(len(cycle)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab,
                       Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.focusWidget() is cycle[-(i + 1) % len(cycle)]


def test_source_scrolls_to_the_focus_sentence(qtbot, session_factory):
    import datetime as dt

    from PySide6.QtGui import QTextCursor

    from desktop_app.db import ingest
    from desktop_app.ui.main_window import MainWindow
    from tests import factories

    filler = "\n".join(f"Filler line number {i} says nothing at all about dates." for i in range(80))
    body = f"The port opened in 2001.\n{filler}\nThe port closed in 2019.\n{filler}"
    article, extraction = factories.make_article(
        "Long piece", body, None, "long.txt",
        [("in 2001", "2001", dt.date(2001, 1, 1), dt.date(2002, 1, 1), "year"),
         ("in 2019", "2019", dt.date(2019, 1, 1), dt.date(2020, 1, 1), "year")], [])
    with session_factory.begin() as session:
        ingest.store_article(session, article, extraction)
    win = MainWindow(session_factory)
    qtbot.addWidget(win)
    win.resize(1000, 500)
    win.show()
    qtbot.waitExposed(win)
    browser = win.source.browser

    def focus_visible() -> bool:
        cursor = QTextCursor(browser.document())
        cursor.setPosition(win.source.current_event.start)
        return browser.viewport().rect().contains(browser.cursorRect(cursor))

    assert win.source.current_focus == "The port opened in 2001."
    # Shown at full size only now: the pane re-scrolls once its viewport is resized.
    qtbot.waitUntil(lambda: browser.verticalScrollBar().value() == 0)
    assert focus_visible()
    qtbot.keyClick(win.timeline, "j")
    assert win.source.current_focus == "The port closed in 2019."
    assert browser.verticalScrollBar().value() > 0 and focus_visible()
