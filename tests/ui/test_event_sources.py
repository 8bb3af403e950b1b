"""Merged events in the window: source counts, stepping through sources, merge/split with undo."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from desktop_app.db import session as db_session
from desktop_app.ui import actions, event_actions, timeline_model
from tests.db.test_event_groups import A, B, OTHER, store
from tests.ui.helpers import open_window

JUNE_A = "The Port Authority has held four meetings with the Ferry Union since last June about pay."
JUNE_B = "Ferry Union leaders met Port Authority officials four times since last June, a spokesperson said."
DOCK = "The Port Authority opened a new ferry dock in 2019."
BUDGET = "The city approved a $40 million budget in 2019."
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'merged.db'}"


@pytest.fixture
def win(qtbot, db_url):
    """A window over a file database: dock 2019 (A), budget 2019 (OTHER), June (A and B merged)."""
    factory = db_session.open_database(db_url)
    store(factory, A, B, OTHER)
    return open_window(qtbot, factory, db_url)


def rows(w) -> list[str]:
    model = w.timeline_model
    return [model.event_at(r).text for r in range(model.rowCount())]


def select(w, text: str) -> None:
    w.select_row(rows(w).index(text))


def press(qtbot, w, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(w.timeline, key, modifiers)


def source_cell(w, text: str):
    return w.timeline_model.index(rows(w).index(text), timeline_model.SOURCE)


def test_the_list_shows_how_many_sources_report_an_event(win):
    assert rows(win) == [DOCK, BUDGET, JUNE_A]
    june = source_cell(win, JUNE_A)
    assert june.data() == "Port talks  +1"
    assert june.data(timeline_model.SOURCES_ROLE) == 2
    tip = june.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == ["Reported by 2 sources:", "1. Port talks, 2 Feb 2026",
                                "2. Ferry pay, 5 Feb 2026"]
    assert source_cell(win, DOCK).data() == "Port talks"
    assert "Port talks" in source_cell(win, DOCK).data(Qt.ItemDataRole.ToolTipRole)


def test_n_and_p_step_through_the_sources(qtbot, win):
    pane = win.source
    select(win, JUNE_A)
    assert pane.current_focus == JUNE_A and pane.article.title == "Port talks"
    assert pane.step_label.isVisible()
    assert pane.step_label.text().startswith("Source 1 of 2 — Port talks, 2 Feb 2026")
    press(qtbot, win, Qt.Key.Key_N)
    assert pane.current_focus == JUNE_B and pane.article.title == "Ferry pay"
    assert pane.step_label.text().startswith("Source 2 of 2 — Ferry pay, 5 Feb 2026")
    assert pane.current_event.text == JUNE_A  # still the same timeline event
    press(qtbot, win, Qt.Key.Key_N)  # no third source: stays, and says so
    assert pane.current_focus == JUNE_B and "last source" in win.statusBar().currentMessage()
    qtbot.keyClick(pane.browser, Qt.Key.Key_P)  # from the source pane too
    assert pane.current_focus == JUNE_A and pane.step_label.text().startswith("Source 1 of 2")
    press(qtbot, win, Qt.Key.Key_N)
    select(win, DOCK)  # another event starts over, at its own (single) source
    assert pane.current_focus == DOCK and not pane.step_label.isVisible()
    select(win, JUNE_A)
    assert pane.current_focus == JUNE_A and pane.source_index == 0


def test_event_keys_still_type_in_the_search_box(qtbot, win):
    select(win, JUNE_A)
    before = win.curator.stack.count()
    win.focus_search()
    qtbot.keyClicks(win.filter_bar.search, "nMpS")
    qtbot.keyClick(win.filter_bar.search, Qt.Key.Key_M)
    assert win.filter_bar.search.text() == "nMpSm"
    assert win.source.source_index == 0 and win.event_actions.marked_key is None
    assert win.curator.stack.count() == before


def test_merge_with_undo_and_redo(qtbot, win):
    actions = win.event_actions
    select(win, BUDGET)
    press(qtbot, win, Qt.Key.Key_M)
    assert actions.marked_key is not None and "Shift+M" in win.statusBar().currentMessage()
    select(win, DOCK)
    with qtbot.waitSignal(actions.changed):
        press(qtbot, win, Qt.Key.Key_M, SHIFT)
    assert rows(win) == [DOCK, JUNE_A]
    assert win.source.current_event.text == DOCK  # the selection follows the merged event
    assert [s.title for s in win.source.sources] == ["Port talks", "Budget"]
    assert source_cell(win, DOCK).data() == "Port talks  +1"
    assert win.statusBar().currentMessage().startswith("Merge event")
    with qtbot.waitSignal(actions.changed):
        press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert rows(win) == [DOCK, BUDGET, JUNE_A]
    assert win.source.current_event.text == BUDGET  # back to the event that was merged away
    assert win.statusBar().currentMessage().startswith("Undone: Merge event")
    with qtbot.waitSignal(actions.changed):
        press(qtbot, win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert rows(win) == [DOCK, JUNE_A] and len(win.source.sources) == 2


def test_split_the_source_shown_with_undo(qtbot, win):
    select(win, JUNE_A)
    press(qtbot, win, Qt.Key.Key_N)  # show the second source, Ferry pay's sentence
    with qtbot.waitSignal(win.event_actions.changed):
        press(qtbot, win, Qt.Key.Key_S, SHIFT)
    assert rows(win) == [DOCK, BUDGET, JUNE_A, JUNE_B]
    assert win.source.current_event.text == JUNE_B  # the split-off source, standing alone
    assert win.source.current_focus == JUNE_B and len(win.source.sources) == 1
    with qtbot.waitSignal(win.event_actions.changed):
        press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert rows(win) == [DOCK, BUDGET, JUNE_A]
    assert win.source.current_event.text == JUNE_A and len(win.source.sources) == 2


def test_refusals_show_in_the_status_bar(qtbot, win):
    select(win, DOCK)
    press(qtbot, win, Qt.Key.Key_S, SHIFT)
    assert "single source" in win.statusBar().currentMessage()
    press(qtbot, win, Qt.Key.Key_M, SHIFT)
    assert "Mark an event first" in win.statusBar().currentMessage()
    press(qtbot, win, Qt.Key.Key_M)
    press(qtbot, win, Qt.Key.Key_M, SHIFT)  # into itself
    assert "already one event" in win.statusBar().currentMessage()
    assert win.curator.stack.count() == 0 and rows(win) == [DOCK, BUDGET, JUNE_A]


def test_entity_and_event_changes_share_one_undo_history(qtbot, win):
    select(win, BUDGET)
    press(qtbot, win, Qt.Key.Key_M)
    select(win, DOCK)
    with qtbot.waitSignal(win.event_actions.changed):
        press(qtbot, win, Qt.Key.Key_M, SHIFT)
    entity = next(r for r in win.entity_model.rows() if r.name == "Ferry Union")
    with qtbot.waitSignal(win.curation_changed):
        win.curator.hide(entity.id, entity.name)
    assert win.curator.stack.count() == 2
    with qtbot.waitSignal(win.curation_changed):
        press(qtbot, win, Qt.Key.Key_Z, CTRL)  # the entity change first (the latest)
    assert rows(win) == [DOCK, JUNE_A]
    with qtbot.waitSignal(win.event_actions.changed):
        press(qtbot, win, Qt.Key.Key_Z, CTRL)  # then the merge
    assert rows(win) == [DOCK, BUDGET, JUNE_A]


def test_the_right_click_menu_offers_the_event_actions(qtbot, win):
    view = win.timeline
    june = view.visualRect(win.timeline_model.index(rows(win).index(JUNE_A), 0)).center()
    menu = win.event_actions.menu_at(june)
    assert win.source.current_event.text == JUNE_A  # right-click selects the row
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == [s.slot for s in event_actions.ACTIONS]
    assert menu.findChild(QAction, "split_source").isEnabled()
    assert not menu.findChild(QAction, "merge_marked").isEnabled()  # nothing marked yet
    menu.findChild(QAction, "next_source").trigger()
    assert win.source.current_focus == JUNE_B
    menu.deleteLater()
    dock = view.visualRect(win.timeline_model.index(rows(win).index(DOCK), 0)).center()
    menu = win.event_actions.menu_at(dock)
    assert not menu.findChild(QAction, "split_source").isEnabled()  # a single source
    menu.findChild(QAction, "mark").trigger()
    assert win.event_actions.marked_key is not None
    menu.deleteLater()


def test_a_merge_survives_reopening_the_database(qtbot, win, db_url):
    select(win, BUDGET)
    press(qtbot, win, Qt.Key.Key_M)
    select(win, DOCK)
    with qtbot.waitSignal(win.event_actions.changed):
        press(qtbot, win, Qt.Key.Key_M, SHIFT)
    win.close()
    again = open_window(qtbot, db_session.open_database(db_url), db_url)
    assert rows(again) == [DOCK, JUNE_A]
    select(again, DOCK)
    assert [s.text for s in again.source.sources] == [DOCK, BUDGET]


def test_the_event_menu_and_the_shortcut_sheet_list_every_action(win):
    menu = win.event_actions.menu
    assert menu.accessibleName() and menu.title() == "Eve&nt"
    bound = {a.objectName(): a.shortcut().toString() for a in menu.actions() if not a.isSeparator()}
    assert bound == {s.slot: s.shortcut for s in event_actions.ACTIONS}
    # The sheet (F1) is generated from the window's actions, so each of ours must be listed.
    sheet = actions.shortcut_markdown(win)
    for spec in event_actions.ACTIONS:
        assert f"| {spec.shortcut} | {spec.text.replace('&', '')} — " in sheet, spec.shortcut
