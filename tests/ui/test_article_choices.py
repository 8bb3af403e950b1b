"""The source-article chooser reads its rows from the database a page at a time: it passes the
model tester, keeps the order of queries.articles, and answers the combo's lookups across pages."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from desktop_app.db import queries
from desktop_app.ui import filter_bar
from desktop_app.ui.filter_bar import ALL_ARTICLES, ArticleChoices, FilterBar
from tests import factories

FAIL = QAbstractItemModelTester.FailureReportingMode.Warning


@pytest.fixture
def articles(story_db, monkeypatch):
    """The story plus an undated article, read two rows a page, keeping three pages."""
    monkeypatch.setattr(filter_bar, "ARTICLE_PAGE", 2)
    monkeypatch.setattr(filter_bar, "ARTICLE_PAGES_KEPT", 3)
    factories.add_undated_relative(story_db)
    with story_db() as s:
        return story_db, queries.articles(s)


def titles(model) -> list[str]:
    return [model.index(r).data() for r in range(model.rowCount())]


def test_pages_in_the_order_of_the_article_list(qapp, qtlog, articles):
    factory, every = articles
    model = ArticleChoices()
    tester = QAbstractItemModelTester(model, FAIL)
    model.set_source(factory)
    assert model.rowCount() == len(every) + 1
    assert titles(model) == [ALL_ARTICLES, *(a.title for a in every)]
    assert [model.index(r).data(Qt.ItemDataRole.UserRole) for r in range(1, model.rowCount())] == [
        a.id for a in every]
    for row, article in enumerate(every, 1):  # from the database, then from the pages read
        assert model.row_of(article.id) == row
    assert model.row_of(10_000) == -1
    assert not [m.message for m in qtlog.records if "FAIL" in m.message]
    assert tester


def test_combo_lookups_and_type_to_search(qapp, qtbot, articles):
    factory, every = articles
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.load_articles(factory)
    combo = bar.article
    last = every[-1]
    assert combo.findData(last.id) == len(every)
    assert combo.findText(last.title) == len(every)
    assert combo.findText(last.title.upper()) == -1  # findText is exact and case-sensitive
    assert combo.findText(last.title[:6].lower(), Qt.MatchFlag.MatchStartsWith) >= 1
    model = combo.model()
    hits = model.match(model.index(2), Qt.ItemDataRole.DisplayRole, every[0].title[:5],
                       1, Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap)
    assert [i.row() for i in hits] == [next(n for n, a in enumerate(every, 1)
                                            if a.title.lower().startswith(every[0].title[:5].lower()))]
    combo.setCurrentIndex(combo.findData(last.id))
    assert bar.filters().article_ids == (last.id,)
    bar.load_articles(factory)  # a reload keeps the chosen article
    assert combo.currentData() == last.id
    combo.setFocus()
    combo.setCurrentIndex(0)
    qtbot.keyClicks(combo, last.title[:4])  # type-to-search on the closed combo
    assert combo.currentText().lower().startswith(last.title[:4].lower())


def test_a_given_list_still_works(qapp):
    model = ArticleChoices()
    tester = QAbstractItemModelTester(model, FAIL)
    model.set_choices([queries.ArticleRow(1, "Pier", "/p", None, "none")])
    assert titles(model) == [ALL_ARTICLES, "Pier"] and model.row_of(1) == 1
    assert model.add_choice(queries.ArticleRow(2, "Quay", "/q", None, "none")) == 2
    assert model.match(model.index(0), Qt.ItemDataRole.DisplayRole, "qu")[0].row() == 2
    assert model.rowCount(QModelIndex()) == 3 and model.rowCount(model.index(1)) == 0
    assert tester
