"""On a big database the model answers filters from in-memory columns, dropped when data changes."""
from __future__ import annotations

import collections
import datetime as dt

import pytest
import sqlalchemy as sa

from desktop_app.db import models, queries, session, timeline_columns, timeline_index
from desktop_app.ui import timeline_model


@pytest.fixture
def big(big_story, monkeypatch):
    """The big story, its columns built as soon as the unfiltered timeline is shown."""
    monkeypatch.setattr(timeline_model.TimelineModel, "columns_delay_ms", 0)
    return big_story


@pytest.fixture
def calls(monkeypatch):
    """calls(factory): how many filtered requests each path answered on that database (a model
    of an earlier test may still finish a request in its thread, on its own database)."""
    counted = collections.defaultdict(lambda: {"columns": 0, "sql": 0})

    def wrap(name, original):
        def call(*args, **kwargs):
            session = next(a for a in args if hasattr(a, "get_bind"))
            counted[str(session.get_bind().url)][name] += 1
            return original(*args, **kwargs)
        return call
    monkeypatch.setattr(timeline_columns.Columns, "matching",
                        wrap("columns", timeline_columns.Columns.matching))
    monkeypatch.setattr(timeline_index, "matching", wrap("sql", timeline_index.matching))
    return lambda factory: counted[str(factory.kw["bind"].url)]


def ids(model) -> list[int]:
    return [model.event_at(r).id for r in range(model.rowCount())]


def shown(qtbot, model, filters) -> list[int]:
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.request(filters)
    return ids(model)


def built(qtbot, model) -> None:
    model.request(queries.Filters())  # the unfiltered show schedules the build
    qtbot.waitUntil(lambda: model.has_columns, timeout=10_000)
    assert not model.columns_pending and model.columns_build_s is not None


def test_filters_come_from_the_columns_once_built(qtbot, big, calls):
    model = timeline_model.TimelineModel(big)
    model.set_filters(queries.Filters())
    assert not model.has_columns
    first = shown(qtbot, model, queries.Filters(query="harbour"))  # before the build: SQL
    assert calls(big) == {"columns": 0, "sql": 1}
    built(qtbot, model)
    assert shown(qtbot, model, queries.Filters(query="harbour")) == first and first
    assert calls(big) == {"columns": 1, "sql": 1}


@pytest.mark.parametrize("change", ["forget", "refresh"])
def test_a_change_of_data_drops_the_columns_and_they_are_rebuilt(qtbot, big, calls, change):
    model = timeline_model.TimelineModel(big)
    built(qtbot, model)
    with big.begin() as s:  # a new event the old columns do not know
        article = s.scalar(sa.select(models.Article.id).limit(1))
        s.add(models.Event(article_id=article, start=9000, end=9010, text="zeppelin arrives",
                           begin=dt.date(2020, 1, 1), end_date=dt.date(2020, 1, 2)))
    getattr(model, change)()
    assert not model.has_columns
    found = shown(qtbot, model, queries.Filters(query="zeppelin"))
    assert len(found) == 1 and calls(big)["columns"] == 0
    qtbot.waitUntil(lambda: model.has_columns, timeout=10_000)  # the request asked again
    assert shown(qtbot, model, queries.Filters(query="zeppelin")) == found
    assert calls(big)["columns"] == 1


def test_a_result_from_columns_dropped_while_it_ran_is_not_shown(qtbot, big, calls, monkeypatch):
    model = timeline_model.TimelineModel(big)
    built(qtbot, model)
    # As on PostgreSQL, where no data version tells commits apart: only `forget` drops the store.
    monkeypatch.setattr(model._versions, "current", lambda stamp=model._versions.current(): stamp)
    with big.begin() as s:
        article = s.scalar(sa.select(models.Article.id).limit(1))
        s.add(models.Event(article_id=article, start=9000, end=9010, text="zeppelin arrives",
                           begin=dt.date(2020, 1, 1), end_date=dt.date(2020, 1, 2)))
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.request(queries.Filters(query="zeppelin"))  # from the old columns: misses it
        model.forget()  # ... but the data changed before its result came in
    assert calls(big) == {"columns": 1, "sql": 1}  # asked again, in SQL
    assert len(ids(model)) == 1


def test_a_commit_by_another_program_drops_the_columns(qtbot, big, calls):
    model = timeline_model.TimelineModel(big)
    built(qtbot, model)
    path = session.sqlite_file(str(big.kw["bind"].url))
    other = session.open_database(f"sqlite:///{path}")  # its own engine: nobody tells the model
    with other.begin() as s:
        article = s.scalar(sa.select(models.Article.id).limit(1))
        s.add(models.Event(article_id=article, start=9000, end=9010, text="zeppelin arrives",
                           begin=dt.date(2020, 1, 1), end_date=dt.date(2020, 1, 2)))
    other.kw["bind"].dispose()
    assert len(shown(qtbot, model, queries.Filters(query="zeppelin"))) == 1
    assert calls(big) == {"columns": 0, "sql": 1}
    qtbot.waitUntil(lambda: model.has_columns, timeout=10_000)  # built again for the new data
    assert len(shown(qtbot, model, queries.Filters(query="zeppelin"))) == 1
    assert calls(big) == {"columns": 1, "sql": 1}


def test_a_small_or_shared_database_builds_no_columns(qtbot, story_db, calls):
    model = timeline_model.TimelineModel(story_db)  # in memory: one shared connection
    model.request(queries.Filters())
    model.request(queries.Filters(query="harbour"))
    qtbot.wait(50)
    assert not model.has_columns and not model.columns_pending and calls(story_db)["columns"] == 0


def test_the_day_counts_reader_uses_the_columns_once_built(qtbot, big, calls):
    model = timeline_model.TimelineModel(big)
    filters = queries.Filters(query="harbour")
    with big() as s:
        want = timeline_index.day_counts_matching(s, filters)
        assert model.day_counts_reader()(s, filters) == want and calls(big)["columns"] == 0
        built(qtbot, model)
        assert model.day_counts_reader()(s, filters) == want and want.total
    assert calls(big)["columns"] == 1


@pytest.mark.parametrize("imported", [False, True])
def test_the_build_reads_numpys_libraries_first_unless_it_is_imported(qtbot, big, monkeypatch,
                                                                      imported):
    import sys
    import types

    from desktop_app.core import preload
    from desktop_app.ui import column_store

    read = []
    monkeypatch.setattr(preload, "read_libraries", lambda name: read.append(name) or 0)
    # As a new process finds it (this one keeps its numpy: it cannot be imported twice).
    modules = dict(sys.modules) if imported else {}
    monkeypatch.setattr(column_store, "sys", types.SimpleNamespace(modules=modules))
    built(qtbot, timeline_model.TimelineModel(big))
    assert read == ([] if imported else ["numpy"])
