"""Entity curation in the window: merge, split, hide, rename, retype; undo/redo; persistence."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QMenu

from desktop_app.db import curation, ingest, queries, session as db_session
from desktop_app.ui import curation_menu, entity_model, highlight
from tests import factories


def listed(win) -> dict[str, queries.EntityRow]:
    """The entities the pane shows now (after its filter), by name."""
    proxy = win.entity_proxy
    rows = [proxy.entity_at(r) for r in range(proxy.rowCount())]
    return {r.name: r for r in rows}


def proxy_row(win, name: str) -> int:
    proxy = win.entity_proxy
    return next(r for r in range(proxy.rowCount()) if proxy.entity_at(r).name == name)


def trigger(win, name: str, action: str) -> None:
    """Right-click `name` in the entity list and choose the action named `action`."""
    menu = win.entity_pane.menu_for_row(proxy_row(win, name))
    found = menu.findChild(QAction, action)
    assert found is not None and found.isEnabled(), action
    found.trigger()
    menu.deleteLater()


def press(qtbot, win, key, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    qtbot.keyClick(win.timeline, key, modifiers)


@pytest.fixture
def choose(monkeypatch):
    """Answer the merge/rename prompts: choose('Ana Lind') picks the entry starting with it."""
    answers = {}

    def ask_item(_parent, _title, _label, items):
        return next(i for i in items if i.startswith(answers["item"]))

    monkeypatch.setattr(curation_menu, "ask_item", ask_item)
    monkeypatch.setattr(curation_menu, "ask_text", lambda *_a: answers["text"])
    return answers


def test_merge_undo_redo_with_keys_and_persistence_across_reimport(qtbot, window, choose):
    before = listed(window)
    choose["item"] = "Ana Lind"
    with qtbot.waitSignal(window.curation_changed):
        trigger(window, "Oskar Berg", "merge")
    after = listed(window)
    assert "Oskar Berg" not in after
    assert after["Ana Lind"].mention_count == 5
    assert "Oskar Berg (1)" in window.entity_pane.details_view.toPlainText()  # the merged entity's details
    assert window.undo_action.isEnabled()

    with qtbot.waitSignal(window.curation_changed):
        press(qtbot, window, Qt.Key.Key_Z)  # undo
    assert listed(window)["Oskar Berg"].mention_count == before["Oskar Berg"].mention_count
    with qtbot.waitSignal(window.curation_changed):
        press(qtbot, window, Qt.Key.Key_Z,
              Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert "Oskar Berg" not in listed(window)

    # Re-import the same articles (deleted and stored again), then a new one.
    with window.session_factory.begin() as s:
        ingest.delete_articles(s, [a.id for a in queries.articles(s)])
    factories.build_story(window.session_factory)
    factories.add_undated_relative(window.session_factory)
    window.reload()
    assert "Oskar Berg" not in listed(window)
    assert listed(window)["Ana Lind"].mention_count == 6


def test_split_alias_from_the_entity_list(qtbot, window):
    with qtbot.waitSignal(window.curation_changed):
        trigger(window, "Ana Lind", "split:Lind")
    rows = listed(window)
    assert rows["Lind"].mention_count == 1 and rows["Ana Lind"].mention_count == 2
    with qtbot.waitSignal(window.curation_changed):
        window.undo_action.trigger()
    assert "Lind" not in listed(window)


def show_article_of(win, sentence: str) -> None:
    model = win.timeline_model
    row = next(r for r in range(model.rowCount()) if model.event_at(r).text == sentence)
    win.select_row(row)


def viewport_pos(win, offset: int):
    browser = win.source.browser
    cursor = QTextCursor(browser.document())
    cursor.setPosition(offset)
    return browser.cursorRect(cursor).center()


def test_split_one_mention_by_right_click_in_the_text(qtbot, window):
    show_article_of(window, "Mayor Ana Lind will meet investors next month.")
    text = window.source.browser.toPlainText()
    offset = text.index("Ana Lind") + 3
    menu = window.source_curation.menu_at(viewport_pos(window, offset))
    assert menu is not None
    with qtbot.waitSignal(window.curation_changed):
        menu.findChild(QAction, "splitMention").trigger()
    counts = sorted(r.mention_count for r in window.entity_model.rows() if r.name == "Ana Lind")
    assert counts == [1, 2]
    # Outside an entity link there is no curation menu.
    assert window.source_curation.menu_at(viewport_pos(window, text.index("investors") + 2)) is None


def test_hide_removes_from_list_and_highlights_and_can_be_shown_again(qtbot, window):
    trust = listed(window)["Harbour Trust"]
    show_article_of(window, "The Harbour Trust raised $40 million in January.")
    assert f"entity:{trust.id}" in window.source.browser.toHtml()
    with qtbot.waitSignal(window.curation_changed):
        trigger(window, "Harbour Trust", "hide")
    assert "Harbour Trust" not in listed(window)
    assert f"entity:{trust.id}" not in window.source.browser.toHtml()

    window.entity_pane.show_hidden.setChecked(True)
    row = listed(window)["Harbour Trust"]
    assert row.hidden
    with qtbot.waitSignal(window.curation_changed):
        trigger(window, "Harbour Trust", "unhide")
    window.entity_pane.show_hidden.setChecked(False)
    assert not listed(window)["Harbour Trust"].hidden
    assert f"entity:{row.id}" in window.source.browser.toHtml()


def test_rename_and_retype_with_undo(qtbot, window, choose):
    choose["text"] = "Portvale Harbour Trust"
    with qtbot.waitSignal(window.curation_changed):
        trigger(window, "Harbour Trust", "rename")
    assert "Portvale Harbour Trust" in listed(window)
    with qtbot.waitSignal(window.curation_changed):
        trigger(window, "Portvale Harbour Trust", "retype:PRODUCT")
    model = window.entity_model
    row = model.row_of_key(listed(window)["Portvale Harbour Trust"].key)
    assert model.index(row, entity_model.TYPE).data() == "Product"
    assert (model.index(row, entity_model.TYPE).data(Qt.ItemDataRole.BackgroundRole).name()
            == highlight.ENTITY_COLOURS["PRODUCT"][0])
    for _ in range(2):
        with qtbot.waitSignal(window.curation_changed):
            window.undo()
    assert listed(window)["Harbour Trust"].type == "ORG"


def test_filter_box_and_details(qtbot, window):
    window.entity_pane.filter_box.setText("lind")
    assert list(listed(window)) == ["Ana Lind"]
    window.entity_pane.filter_box.setText("berg")  # matches the alias "Berg" too
    assert list(listed(window)) == ["Oskar Berg"]
    window.entity_pane.filter_box.clear()
    assert len(listed(window)) == 4
    window.entity_pane.select_key(listed(window)["Ana Lind"].key)
    details = window.entity_pane.details_view.toPlainText()
    assert "Aliases: Ana Lind (2), Lind (1)" in details
    assert "Council backs harbour plan" in details and "Harbour Trust raises funds" in details
    assert re.search(r"First dated event: .*since last April", details)
    assert re.search(r"Last dated event: .*next month", details)


def test_curation_survives_restarting_the_app(qtbot, tmp_path, choose):
    from desktop_app.ui.main_window import MainWindow

    url = f"sqlite:///{tmp_path / 'curated.timeline'}"
    factory = db_session.open_database(url)
    factories.build_story(factory)
    first = MainWindow(factory, url)
    qtbot.addWidget(first)
    choose["item"] = "Ana Lind"
    with qtbot.waitSignal(first.curation_changed):
        trigger(first, "Oskar Berg", "merge")
    with qtbot.waitSignal(first.curation_changed):
        trigger(first, "Portvale", "hide")
    first.close()
    factory.kw["bind"].dispose()

    reopened = db_session.open_database(url)
    second = MainWindow(reopened, url)
    qtbot.addWidget(second)
    assert set(listed(second)) == {"Ana Lind", "Harbour Trust"}
    assert not second.curator.stack.canUndo()  # the undo history is per session; decisions stay
    with reopened() as s:
        assert [d.kind for d in curation.decisions(s, active_only=True)] == ["merge", "hide"]
    second.close()
    reopened.kw["bind"].dispose()


@pytest.fixture
def smiths_window(qtbot, session_factory):
    from desktop_app.ui.main_window import MainWindow
    from tests.db.test_curation import build_smiths

    build_smiths(session_factory)
    win = MainWindow(session_factory, "sqlite://")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def test_accept_and_reject_suggested_merges(qtbot, smiths_window):
    win = smiths_window
    pane = win.entity_pane
    assert pane.suggestions_button.text() == "Suggestions (2)"
    pane._fill_suggestions()  # what opening the button's menu does
    submenu = pane.suggestions_menu.findChild(QMenu, "suggestion:Smith->John Smith")
    with qtbot.waitSignal(win.curation_changed):
        submenu.findChild(QAction, "accept").trigger()
    assert "Smith" not in listed(win) and listed(win)["John Smith"].mention_count == 2
    assert pane.suggestions_button.text() == "Suggestions (0)"
    with qtbot.waitSignal(win.curation_changed):
        press(qtbot, win, Qt.Key.Key_Z)
    assert "Smith" in listed(win) and pane.suggestions_button.text() == "Suggestions (2)"

    # Reject from the entity's own right-click menu.
    menu = pane.menu_for_row(proxy_row(win, "Smith"))
    with qtbot.waitSignal(win.curation_changed):
        menu.findChild(QMenu, "suggestion:Smith->Jane Smith").findChild(QAction, "reject").trigger()
    assert pane.suggestions_button.text() == "Suggestions (1)"
    assert {"Smith", "John Smith", "Jane Smith"} <= set(listed(win))


def test_place_details_show_related_demonyms(qtbot, session_factory):
    from desktop_app.db import entity_store
    from tests.ui.helpers import open_window

    with session_factory.begin() as s:
        ingest.store_article(s, *factories.make_article(
            "Ottawa answers", "Canada will reply, a Canadian minister said.\nTwo Canadians agreed.",
            None, "o.txt", [], [("Canada", "GPE", "PLACE")]))
        entity_store.relink(s)
    win = open_window(qtbot, session_factory)
    assert "Canadian" not in listed(win)  # related to the place, never an entity of its own
    win.entity_pane.select_key(listed(win)["Canada"].key)
    details = win.entity_pane.details_view.toPlainText()
    assert "Related: Canadian (2 mentions)" in details
    assert "Aliases: Canada (1)" in details
