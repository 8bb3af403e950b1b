"""The entity and figure lists read from the database a page at a time: every order, the filter
box, "Show hidden" and the lookups work across pages, in the foreground and in the background."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QMenu

from desktop_app.db import curation, queries
from desktop_app.ui import entity_model

FAIL = QAbstractItemModelTester.FailureReportingMode.Warning


def settle(model) -> None:
    """Wait for a background page to be read and shown."""
    deadline = 200
    while model.loading and deadline:
        model.wait()
        QApplication.processEvents()
        deadline -= 1


def fetch_all(model) -> list:
    settle(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        settle(model)
    return [model.entity_at(r) for r in range(model.rowCount())]


def assert_tester_quiet(qtlog) -> None:
    assert not [m.message for m in qtlog.records if "FAIL" in m.message or "Q_ASSERT" in m.message]


@pytest.fixture(params=["foreground", "background"])
def paged(request, monkeypatch):
    """Pages of two rows; in "background", filtered pages are read by a worker as on big databases."""
    monkeypatch.setattr(entity_model, "PAGE", 2)
    if request.param == "background":
        monkeypatch.setattr(entity_model, "SYNC_MENTIONS", -1)
    return request.param


def test_entity_pages_sort_filter_and_look_up(qapp, qtbot, qtlog, story_db, paged):
    model = entity_model.EntityModel(story_db)
    proxy = entity_model.EntitySortModel(model)
    testers = [QAbstractItemModelTester(model, FAIL), QAbstractItemModelTester(proxy, FAIL)]
    model.refresh()
    assert model.rowCount() == 2 and model.canFetchMore(QModelIndex())
    with story_db() as s:
        every = queries.entities(s)
    rows = fetch_all(model)
    assert sorted(r.id for r in rows) == sorted(r.id for r in every)
    assert [r.mention_count for r in rows] == sorted((r.mention_count for r in rows), reverse=True)
    for column, key in ((entity_model.NAME, lambda r: r.name.casefold()),
                        (entity_model.TYPE, lambda r: r.type),
                        (entity_model.ARTICLES, lambda r: r.article_count)):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            proxy.sort(column, order)
            keys = [key(r) for r in fetch_all(model)]
            assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder)
            assert len(keys) == len(every)
    # The filter box: names and aliases ("Berg" is an alias of Oskar Berg), any case.
    proxy.set_filter_text("BERG")
    settle(model)
    found = fetch_all(model)
    assert [r.name for r in found] == ["Oskar Berg"]
    berg = found[0]
    assert model.row_of(berg.id) == 0 and model.row_of_key(berg.key) == 0
    assert proxy.entity_at(0) == berg
    proxy.set_filter_text("lind")
    settle(model)
    assert model.row_of(berg.id) == -1
    assert model.by_key(berg.key) == berg and model.name_of(berg.id) == "Oskar Berg"  # hidden by the filter
    proxy.set_filter_text("")
    assert len(fetch_all(model)) == len(every)
    assert [r.id for r in model.rows()] == [r.id for r in every] or len(model.rows()) == len(every)
    assert_tester_quiet(qtlog)
    assert testers


def test_show_hidden_and_figures_count(qapp, qtlog, story_db, paged):
    model = entity_model.EntityModel(story_db)
    figures = entity_model.FigureModel(story_db)
    testers = [QAbstractItemModelTester(m, FAIL) for m in (model, figures)]
    model.refresh()
    figures.refresh()
    assert figures.total == 1
    first = fetch_all(model)
    with story_db.begin() as s:
        curation.hide(s, first[0].id)
    model.refresh()
    assert first[0].id not in {r.id for r in fetch_all(model)}
    assert model.name_of(first[0].id) is None
    model.set_show_hidden(True)
    shown = {r.id: r for r in fetch_all(model)}
    assert shown[first[0].id].hidden
    row = model.row_of(first[0].id)
    assert model.index(row, entity_model.NAME).data(Qt.ItemDataRole.FontRole).italic()
    assert_tester_quiet(qtlog)
    assert testers


def test_merge_targets_are_a_short_list_or_a_name_search(qapp, story_db):
    model = entity_model.EntityModel(story_db)
    model.refresh()
    every = model.rows()
    targets = model.merge_targets("", (every[0].id,))
    assert every[0].id not in {r.id for r in targets} and len(targets) == len(every) - 1
    assert [r.name for r in model.merge_targets("oSk")] == ["Oskar Berg"]
    assert model.merge_targets("zzz") == []


def test_big_database_reads_details_and_suggestions_off_the_gui_thread(qapp, qtbot, story_db,
                                                                       monkeypatch):
    from desktop_app.ui import curation_pane, views
    from desktop_app.ui.curation_commands import Curator

    monkeypatch.setattr(entity_model, "SYNC_MENTIONS", -1)  # every database counts as big
    model, figures = entity_model.EntityModel(story_db), entity_model.FigureModel(story_db)
    proxy, figures_proxy = entity_model.EntitySortModel(model), entity_model.EntitySortModel(figures)
    pane = curation_pane.EntityPane(views.entities_view(proxy), proxy, story_db, Curator(story_db, None),
                                    views.figures_view(figures_proxy), figures_proxy)
    qtbot.addWidget(pane)
    model.refresh()
    figures.refresh()
    assert model.big and pane.suggestions_button.text() == "Suggestions…"
    berg = next(r for r in model.rows() if r.name == "Oskar Berg")
    pane.show_details(berg.id)
    assert "Reading" in pane.details_view.toPlainText()
    qtbot.waitUntil(lambda: pane.details is not None and pane.details.id == berg.id)
    assert "Oskar Berg" in pane.details_view.toPlainText()
    pane.suggestions_menu.aboutToShow.emit()  # opening the menu starts the search
    assert "Looking for suggestions" in pane.suggestions_menu.actions()[0].text()
    qtbot.waitUntil(lambda: pane.suggestions_button.text().startswith("Suggestions ("))
    menu = pane.menu_for_row(model.row_of(berg.id))
    assert menu is not None and menu.findChild(QMenu, "splitAlias").isEnabled()


def test_a_list_reads_nothing_before_its_first_refresh(qtbot, story_db):
    # The views set their sort order while the window is built; each would be a page read.
    import sqlalchemy as sa

    statements = []
    engine = story_db.kw["bind"]
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    model = entity_model.EntityModel(story_db)
    model.sort(entity_model.NAME, Qt.SortOrder.AscendingOrder)
    model.sort(entity_model.MENTIONS, Qt.SortOrder.DescendingOrder)
    assert statements == [] and model.rowCount() == 0
    model.refresh()
    settle(model)
    assert statements and model.rowCount() > 0
    assert [model.entity_at(r).mention_count for r in range(model.rowCount())] == sorted(
        (model.entity_at(r).mention_count for r in range(model.rowCount())), reverse=True)
