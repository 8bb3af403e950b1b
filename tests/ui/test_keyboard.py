"""Keyboard: same-entity stepping, jump to date, pane focus, filter menu, lanes, shortcut sheet."""
from __future__ import annotations

import collections

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from desktop_app.ui import actions, source_view
from tests import factories
from tests.ui.helpers import current_text, open_window
from tests.ui.test_filters import click_entity

ORDER = factories.STORY_ORDER
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def test_alt_j_and_k_follow_the_current_events_first_entity(qtbot, window):
    window.select_row(2)  # "Lind said …": its first entity is Ana Lind
    qtbot.keyClick(window.timeline, Qt.Key.Key_J, ALT)
    assert current_text(window) == ORDER[4]
    # Row 4 names Ana Lind too; stepping on keeps following her.
    qtbot.keyClick(window.timeline, Qt.Key.Key_J, ALT)
    assert current_text(window) == ORDER[5]
    qtbot.keyClick(window.timeline, Qt.Key.Key_J, ALT)
    assert current_text(window) == ORDER[5]
    assert "No later event names Ana Lind" in window.statusBar().currentMessage()
    qtbot.keyClick(window.timeline, Qt.Key.Key_K, ALT)
    qtbot.keyClick(window.timeline, Qt.Key.Key_K, ALT)
    assert current_text(window) == ORDER[2]


def test_alt_j_follows_the_filtered_entity_and_works_from_any_pane(qtbot, window):
    click_entity(qtbot, window, "Portvale")
    index = window.entity_proxy.index(0, 0)
    bar = window.filter_bar
    bar.add_entity(*next((r.id, r.name) for r in window.entity_model.rows() if r.name == "Oskar Berg"))
    bar.mode.setCurrentIndex(bar.mode.findData("any"))
    assert index.isValid() and window.timeline_model.total == 3
    window.select_row(0)  # names Oskar Berg only; the filter's first entity is Portvale
    window.source.browser.setFocus()
    qtbot.keyClick(window.source.browser, Qt.Key.Key_J, ALT)
    assert current_text(window) == ORDER[1]
    qtbot.keyClick(window.source.browser, Qt.Key.Key_J, ALT)
    assert current_text(window) == ORDER[6]


def test_ctrl_g_jumps_to_the_first_event_on_or_after_a_date(qtbot, window):
    qtbot.keyClick(window.timeline, Qt.Key.Key_G, CTRL)
    dialog = window.navigation.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.line)
    qtbot.keyClicks(dialog.line, "April 2025")
    qtbot.keyClick(dialog.line, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert current_text(window) == ORDER[2]
    for text, row in (("2026-03", 4), ("3 March 2026", 4), ("2019", 0), ("2026-03-04", 5)):
        window.navigation.ask_date()
        dialog.line.setText(text)
        qtbot.keyClick(dialog.line, Qt.Key.Key_Return)
        assert current_text(window) == ORDER[row], text


def test_ctrl_g_says_when_the_text_is_not_a_date(qtbot, window):
    window.navigation.ask_date()
    dialog = window.navigation.dialog
    qtbot.keyClicks(dialog.line, "next Tuesday")
    qtbot.keyClick(dialog.line, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "'next Tuesday' is not a date" in dialog.message.text()
    assert current_text(window) == ORDER[0]
    dialog.line.setText("2030")
    qtbot.keyClick(dialog.line, Qt.Key.Key_Return)
    assert current_text(window) == ORDER[-1]  # nothing later: the last event
    assert "No event on or after 1 Jan 2030" in window.statusBar().currentMessage()


def test_ctrl_digits_focus_each_pane(qtbot, window):
    targets = {Qt.Key.Key_1: window.timeline, Qt.Key.Key_2: window.source.browser,
               Qt.Key.Key_3: window.entities, Qt.Key.Key_4: window.graph_panel.graph,
               Qt.Key.Key_5: window.figures}
    for key, widget in targets.items():
        qtbot.keyClick(QApplication.focusWidget(), key, CTRL)
        assert QApplication.focusWidget() is widget
    assert window.entity_pane.tabs.currentWidget() is window.figures


def test_ctrl_shift_f_opens_the_filters_menu(qtbot, window):
    qtbot.keyClick(window.timeline, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    menu = window.filter_sets.menu
    qtbot.waitUntil(menu.isVisible)
    assert menu.activeAction() is window.filter_sets.save_action
    menu.close()


def test_l_cycles_lanes(qtbot, window):
    qtbot.keyClick(window.timeline, Qt.Key.Key_L)
    assert window.graph_panel.graph.lane_mode == "entity"


def shortcuts(action: QAction) -> list[str]:
    return [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
            if not s.isEmpty()]


def test_sheet_lists_every_bound_action_and_router_key(qtbot, window):
    qtbot.keyClick(window.timeline, Qt.Key.Key_F1)
    sheet = window._help.browser.toPlainText()
    bound = [a for a in window.findChildren(QAction) if shortcuts(a) and a.text()]
    assert len(bound) >= 20
    for action in bound:
        name = action.text().replace("&", "").rstrip("…")
        rows = [line for line in sheet.splitlines() if name in line]
        assert rows, f"{name} is not in the sheet"
        for key in shortcuts(action):
            assert any(key in row for row in rows) or key in sheet, f"{key} ({name}) missing"
    for entry in actions.PANE_KEYS:
        assert entry.keys in sheet and entry.description in sheet
    for must in ("Alt+J", "Ctrl+G", "Ctrl+Shift+F", "Ctrl+Shift+S", "Ctrl+4", "Reading the timeline"):
        assert must in sheet
    assert "<!-- shortcuts -->" not in sheet


def test_generated_tables_follow_the_window_actions(window):
    action = QAction("Brand new thing", window)
    action.setShortcut(QKeySequence("Ctrl+Alt+B"))
    window.addAction(action)
    assert "| Ctrl+Alt+B | Brand new thing |" in actions.shortcut_markdown(window)


def test_no_two_window_shortcuts_clash(window):
    seen = collections.defaultdict(list)
    for action in window.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
            continue  # only live in one pane
        for key in shortcuts(action):
            seen[key].append(action.text())
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


def test_new_widgets_have_accessible_names(window):
    bar = window.filter_bar
    for widget in (bar.menu_button, bar.types_button, bar.mode, bar.chip_row, bar.article,
                   *bar.hide_checks.values(), bar.date_from.check, bar.date_to.edit):
        assert widget.accessibleName(), widget.objectName()
    window.navigation.ask_date()
    assert window.navigation.dialog.line.accessibleName() == "Date to jump to"
    window.navigation.dialog.reject()


def test_j_in_the_source_pane_keeps_stepping_when_its_views_swap(qtbot, tmp_path):
    """The source pane shows a prefetched article by swapping its two views: the focus and the
    pane's keys go with the view shown. (A database file: nothing is prefetched in memory.)"""
    from desktop_app.db import session

    factory = session.open_database(f"sqlite:///{tmp_path / 'story.timeline'}")
    factories.build_story(factory)
    window = open_window(qtbot, factory)
    window.select_row(0)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Return)  # into the source pane
    views = window.source.views
    qtbot.waitUntil(lambda: QApplication.focusWidget() is views.current)
    swapped = False
    for row in range(1, 5):
        shown = views.current
        qtbot.wait(2 * source_view.PREFETCH_FALLBACK_MS)  # the next article is prefetched
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_J)
        assert current_text(window) == ORDER[row]
        assert QApplication.focusWidget() is views.current
        swapped = swapped or views.current is not shown
    assert swapped  # the story's next events are in other articles: at least one swap
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.entities
