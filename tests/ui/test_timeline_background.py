"""Filters on a big database run off the GUI thread; the newest request wins."""
from __future__ import annotations

import threading

import pytest

from desktop_app.db import filter_reads, queries, session
from desktop_app.ui import timeline_model
from tests import factories
from tests.ui.helpers import open_window


@pytest.fixture
def big(tmp_path, monkeypatch):
    """The story in a database file (two threads need two connections), treated as big."""
    factory = session.open_database(f"sqlite:///{tmp_path / 'story.timeline'}")
    factories.build_story(factory)
    monkeypatch.setattr(timeline_model.TimelineModel, "background_events", 0)
    return factory


def ids(model) -> list[int]:
    return [model.event_at(r).id for r in range(model.rowCount())]


def test_a_request_runs_in_the_background_and_matches_the_direct_result(qtbot, big):
    model = timeline_model.TimelineModel(big)
    model.set_filters(queries.Filters())
    direct = timeline_model.TimelineModel(big)
    direct.set_filters(queries.Filters(query="lind"))
    loading = []
    model.loading_changed.connect(loading.append)
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.request(queries.Filters(query="lind"))
        assert model.loading and model.filters == queries.Filters()  # the old rows stay meanwhile
    assert loading == [True, False] and not model.loading
    assert ids(model) == ids(direct) and 0 < model.total < 7
    # The model goes at once, its op's deleteLater still pending: that must not crash.


def test_a_newer_request_drops_the_older_one(qtbot, big):
    model = timeline_model.TimelineModel(big)
    model.set_filters(queries.Filters())
    shown = []
    model.applied.connect(lambda: shown.append(model.filters.query))
    model.request(queries.Filters(query="lind"))
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.request(queries.Filters(query="harbour"))
    model.wait()
    qtbot.wait(50)  # a late result of the first request would come in now
    assert shown == ["harbour"]


def test_clearing_the_filters_drops_a_running_request(qtbot, big):
    model = timeline_model.TimelineModel(big)
    model.set_filters(queries.Filters())
    shown = []
    model.applied.connect(lambda: shown.append(model.filters))
    model.request(queries.Filters(query="lind"))
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.request(queries.Filters())  # the whole timeline, shown still: at once
    assert not model.loading
    model.wait()
    qtbot.wait(50)  # a late result of the search would come in now
    assert shown == [queries.Filters()] and model.total == 7 and not model.loading


def test_clearing_reads_the_kept_events_row_and_rows_with_the_result(qtbot, big, monkeypatch):
    model = timeline_model.TimelineModel(big)
    model.set_filters(queries.Filters())
    last = model.event_at(6).id
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.request(queries.Filters(query="lind"))
    on_gui = []
    for name in ("read_block", "unfiltered_row"):
        real = getattr(filter_reads, name)
        monkeypatch.setattr(filter_reads, name, lambda *a, real=real, name=name: (
            on_gui.append((name, threading.current_thread() is threading.main_thread())),
            real(*a))[1])
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.request(queries.Filters(), keep=last)
    assert model.row_of(last) == 6 and model.event_at(6).id == last
    assert on_gui == [("unfiltered_row", False), ("read_block", False)]


def test_a_bad_search_in_the_background_is_reported_and_changes_nothing(qtbot, big):
    model = timeline_model.TimelineModel(big)
    model.set_filters(queries.Filters())
    with qtbot.waitSignal(model.failed, timeout=10_000) as failed:
        model.request(queries.Filters(query='"unbalanced'))
    assert "quote" in failed.args[0].lower() and model.total == 7 and not model.loading


def test_the_window_selects_and_counts_when_a_background_filter_comes_in(qtbot, big):
    win = open_window(qtbot, big)
    win.filter_bar.search.setText("lind")
    win.apply_filters()
    assert win.count_label.text() == "Filtering…"
    qtbot.waitUntil(lambda: not win.timeline_model.loading, timeout=10_000)
    assert win.timeline_model.filters.query == "lind"
    assert win.timeline.currentIndex().row() == 0
    assert win.count_label.text().startswith(f"{win.timeline_model.total} events (of 7)")


def test_an_in_memory_database_stays_synchronous(story_db, monkeypatch):
    monkeypatch.setattr(timeline_model.TimelineModel, "background_events", 0)
    model = timeline_model.TimelineModel(story_db)  # one shared connection: no second thread
    model.set_filters(queries.Filters())
    model.request(queries.Filters(query="lind"))
    assert not model.loading and model.filters.query == "lind" and 0 < model.total < 7
