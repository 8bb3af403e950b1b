"""The graph on a big database: window loads and strip counts off the GUI thread, counts per
period painted meanwhile, stale loads dropped. "Big" is forced by lowering the threshold."""
from __future__ import annotations

import contextlib
import datetime as dt
import threading

import pytest

from desktop_app.db import filter_reads, graph_queries as gq, queries, session, timeline_index
from desktop_app.ui import graph_panel
from tests import factories
from tests.ui.helpers import open_window

D = dt.date
ORDER = factories.STORY_ORDER


@pytest.fixture
def file_db(tmp_path):
    """The story in a database file: a second thread gets its own connection to it."""
    url = f"sqlite:///{tmp_path / 'story.timeline'}"
    factory = session.open_database(url)
    factories.build_story(factory)
    return factory, url


@pytest.fixture
def big(monkeypatch):
    monkeypatch.setattr(graph_panel, "BIG_EVENTS", 0)


class _Reads(list):
    gate: threading.Event


@pytest.fixture
def reads(monkeypatch):
    """Every window read: (lo, hi, filters, ran on the GUI thread); `gate` holds them back."""
    log = _Reads()
    log.gate = gate = threading.Event()
    gate.set()
    real = graph_panel._read  # the window query, or a slice of the list's matches

    def spy(factory, filters, days, lo, hi, *args, **kwargs):
        log.append((lo, hi, filters, threading.current_thread() is threading.main_thread()))
        assert gate.wait(10), "the test never let the read finish"
        return real(factory, filters, days, lo, hi, *args, **kwargs)
    monkeypatch.setattr(graph_panel, "_read", spy)
    return log


@contextlib.contextmanager
def held(reads):
    """Window reads wait until the block ends (always released, or teardown would hang)."""
    reads.gate.clear()
    try:
        yield
    finally:
        reads.gate.set()


@pytest.fixture
def big_window(qtbot, file_db, big, reads):
    factory, url = file_db
    win = open_window(qtbot, factory, url)
    graph = win.graph_panel.graph
    qtbot.waitUntil(lambda: not graph.loading)
    yield win
    win.graph_panel.wait_for_loads()


def labels(graph) -> list[str]:
    return [e.label for e in graph.window().events]


def test_background_reads_deliver_what_a_synchronous_read_gives(qtbot, big_window, reads):
    graph = big_window.graph_panel.graph
    assert reads and not any(on_gui for *_rest, on_gui in reads)
    assert labels(graph) == ORDER
    w = graph.window()
    factory = big_window.session_factory
    with factory() as s:
        direct = gq.events_in_window(s, queries.Filters(), w.lo, w.hi, graph_panel.EVENT_CAP, False)
    assert graph.window().events == direct.events and graph.window().total == direct.total
    assert all(graph.event_rect(e.id) is not None for e in w.events)


def test_a_filter_change_reads_the_graph_once_off_the_gui_thread(qtbot, big_window, reads):
    graph = big_window.graph_panel.graph
    graph.show_range(D(2030, 1, 1), D(2031, 1, 1))  # far off: the filter change must fit again
    qtbot.waitUntil(lambda: not graph.loading)
    reads.clear()
    big_window.filter_bar.set_filters(queries.Filters(query="harbour"), {})
    assert graph.loading  # counts per period stand in at once
    qtbot.waitUntil(lambda: not graph.loading)
    assert labels(graph) == [ORDER[2], ORDER[3], ORDER[4]]
    assert len(reads) == 1, reads
    lo, hi, filters, on_gui = reads[0]
    assert filters.query == "harbour" and not on_gui
    assert lo <= D(2025, 1, 1) and hi > D(2026, 6, 1)  # the fitted view's window, not the old one


def test_a_filter_moving_the_selection_far_off_reads_one_window_where_it_lands(
        qtbot, big_window, reads):
    """The kept event no longer matches, so the first match is selected, far from the view: the
    graph moves there before reading, not after a read for the view it leaves."""
    graph, model = big_window.graph_panel.graph, big_window.timeline_model
    big_window.select_row(model.row_of(5))  # Mayor Ana Lind will meet investors (June 2026)
    graph.show_range(D(2026, 2, 20), D(2026, 3, 20))  # overlaps the harbour matches: no fit
    qtbot.waitUntil(lambda: not graph.loading)
    reads.clear()
    big_window.filter_bar.set_filters(queries.Filters(query="harbour"), {})
    qtbot.waitUntil(lambda: not graph.loading and not model.loading)
    assert big_window.source.current_event.id == 2  # the first match, April 2025
    assert len(reads) == 1, reads
    lo, hi = graph.visible_range()
    assert lo <= D(2025, 4, 16) < hi  # centred on it, as selecting it moves the view
    assert reads[0][:2] == (graph.window().lo, graph.window().hi)
    assert labels(graph) == [ORDER[2]]


def test_strip_counts_without_the_date_range_come_from_the_background(
        qtbot, big_window, monkeypatch):
    model, strip = big_window.timeline_model, big_window.graph_panel.strip
    threads = []
    real = timeline_index.day_counts_matching

    def spy(session_, filters):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(session_, filters)
    monkeypatch.setattr(timeline_index, "day_counts_matching", spy)
    full = model.day_counts_for
    monkeypatch.setattr(model, "day_counts_for", lambda f: pytest.fail(f"strip counted {f} here")
                        if f != model.filters and f.active else full(f))
    filters = queries.Filters(query="harbour", date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    big_window.filter_bar.set_filters(filters, {})
    qtbot.waitUntil(lambda: bool(threads) and sum(b.count for b in strip.bins()) == 3)
    assert threads == [False]
    assert strip.selected_range() == (D(2026, 1, 1), D(2026, 12, 31))


def test_a_stale_load_is_dropped(qtbot, big_window, reads, monkeypatch):
    panel, graph = big_window.graph_panel, big_window.graph_panel.graph
    delivered = []
    deliver = graph.deliver
    monkeypatch.setattr(graph, "deliver", lambda w: (delivered.append((w.lo, w.hi)), deliver(w)))
    graph.show_range(D(2019, 1, 1), D(2019, 12, 31))
    reads.clear()
    with held(reads):
        panel.reload()  # read A: around 2019, held back
        qtbot.waitUntil(lambda: len(reads) == 1)
        stale = graph.window().lo, graph.window().hi
        graph.show_range(D(2026, 1, 1), D(2026, 12, 31))  # read B: the view moved on
        fresh = graph.window().lo, graph.window().hi
        assert graph.loading and fresh != stale
    qtbot.waitUntil(lambda: not graph.loading)
    assert delivered == [fresh]
    assert (graph.window().lo, graph.window().hi) == fresh
    shown = labels(graph)
    assert ORDER[6] in shown and ORDER[0] not in shown  # 2026's events, not 2019's
    # The graph itself also refuses a window for other days than the stand-in it shows.
    graph.deliver(gq.GraphWindow(D(2019, 1, 1), D(2020, 1, 1), (), 0))
    assert labels(graph) == shown


def test_a_frame_paints_counts_per_period_while_the_events_load(qtbot, big_window, reads):
    panel, graph = big_window.graph_panel, big_window.graph_panel.graph
    panel.fit_all()
    with held(reads):
        panel.reload()
        assert graph.loading
        image = graph.grab()  # paints now: a frame never waits for the read
        assert not image.isNull()
        assert graph.lane_titles() == ["Loading events…"] and graph.aggregated
        columns = graph._layout()
        assert columns and all(item.event is None for item in columns)
        assert sum(item.count for item in columns) == len(ORDER)
        assert graph.event_rect(big_window.timeline_model.event_at(0).id) is None
    qtbot.waitUntil(lambda: not graph.loading)
    assert graph.lane_titles() == [""] and not graph.aggregated
    assert graph.event_rect(big_window.timeline_model.event_at(0).id) is not None


def test_entity_lanes_read_the_entity_ids_they_need(qtbot, big_window, reads):
    graph = big_window.graph_panel.graph
    graph.set_lane_mode("entity")
    qtbot.waitUntil(lambda: not graph.loading)
    assert "Harbour Trust" in graph.lane_titles()


def test_an_in_memory_database_stays_synchronous(qtbot, window, big, reads):
    graph = window.graph_panel.graph
    window.graph_panel.reload()
    assert not graph.loading and labels(graph) == ORDER
    assert reads and all(on_gui for *_rest, on_gui in reads)


def test_a_failed_read_leaves_the_counts_not_loading_for_ever(qtbot, big_window, monkeypatch):
    graph = big_window.graph_panel.graph

    def locked(*_args, **_kwargs):
        raise RuntimeError("database is locked")
    monkeypatch.setattr(gq, "events_in_window", locked)
    monkeypatch.setattr(filter_reads, "events_in_window", locked)
    big_window.graph_panel.reload()
    assert graph.loading
    qtbot.waitUntil(lambda: not graph.loading)
    assert graph.lane_titles() == [f"{len(ORDER)} events: counts per period"]
