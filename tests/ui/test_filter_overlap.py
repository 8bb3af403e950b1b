"""On a big database the strip's count comes with the list's filter, in its worker; the graph
reads its window from the list's matches; a newer filter drops an older count."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from desktop_app.db import graph_queries as gq, queries, timeline_index
from desktop_app.ui import graph_panel, timeline_model
from tests.ui.helpers import open_window
from tests.ui.test_graph_background import ORDER, file_db  # noqa: F401 - a fixture

D = dt.date
YEAR = dict(date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))


class Gate:
    """Holds calls of a db function on worker threads until opened; logs their filters."""

    def __init__(self, monkeypatch, module, name: str):
        self.open, self.calls = threading.Event(), []
        self.open.set()
        real = getattr(module, name)

        def held(session_, filters, *args, **kwargs):
            self.calls.append(filters)
            assert self.open.wait(10), "the test never opened the gate"
            return real(session_, filters, *args, **kwargs)
        monkeypatch.setattr(module, name, held)


@pytest.fixture
def window(qtbot, file_db, monkeypatch):  # noqa: F811 - the fixture imported above
    monkeypatch.setattr(graph_panel, "BIG_EVENTS", 0)
    monkeypatch.setattr(timeline_model.TimelineModel, "background_events", 0)
    factory, url = file_db
    win = open_window(qtbot, factory, url)
    qtbot.waitUntil(lambda: not win.graph_panel.loading)
    yield win
    win.timeline_model.wait()
    win.graph_panel.wait_for_loads()


def settled(qtbot, win) -> None:
    qtbot.waitUntil(lambda: not win.timeline_model.loading and not win.graph_panel.loading,
                    timeout=10_000)


def test_the_strip_count_comes_with_the_list_filter_off_the_gui_thread(qtbot, window, monkeypatch):
    counting = Gate(monkeypatch, timeline_index, "day_counts_matching")
    threads = []
    real = timeline_index.day_counts_matching
    monkeypatch.setattr(timeline_index, "day_counts_matching", lambda s, f: (
        threads.append(threading.current_thread() is threading.main_thread()), real(s, f))[1])
    window.filter_bar.set_filters(queries.Filters(query="harbour", **YEAR), {})
    assert window.timeline_model.loading
    settled(qtbot, window)
    strip = window.graph_panel.strip
    assert counting.calls == [queries.Filters(query="harbour")] and threads == [False]
    assert sum(b.count for b in strip.bins()) == 3
    assert strip.selected_range() == (D(2026, 1, 1), D(2026, 12, 31))


def test_a_newer_filter_drops_the_older_strip_count(qtbot, window, monkeypatch):
    counting = Gate(monkeypatch, timeline_index, "day_counts_matching")
    counting.open.clear()
    shown = []
    strip = window.graph_panel.strip
    set_counts = strip.set_counts
    monkeypatch.setattr(strip, "set_counts", lambda counts, *a: (shown.append(counts.total),
                                                                 set_counts(counts, *a)))
    try:
        window.filter_bar.set_filters(queries.Filters(query="harbour", **YEAR), {})
        qtbot.waitUntil(lambda: bool(counting.calls), timeout=5000)
        window.filter_bar.set_filters(queries.Filters(query="portvale", **YEAR), {})
    finally:
        counting.open.set()
    settled(qtbot, window)
    qtbot.wait(50)  # a late count of the first filter would come in now
    with window.session_factory() as s:
        lind = timeline_index.day_counts_matching(s, queries.Filters(query="portvale")).total
    assert window.timeline_model.filters.query == "portvale"
    assert shown and shown[-1] == lind != 3 and 3 not in shown


def test_a_search_just_shown_gives_the_strip_its_counts_until_the_data_changes(
        qtbot, window, monkeypatch):
    counting = Gate(monkeypatch, timeline_index, "day_counts_matching")
    window.filter_bar.set_filters(queries.Filters(query="harbour"), {})
    settled(qtbot, window)
    window.clear_filters()  # in between: the kept counts stay
    window.filter_bar.set_filters(queries.Filters(query="harbour", **YEAR), {})
    settled(qtbot, window)
    assert counting.calls == []  # the counts of "harbour" were the list's a moment ago
    assert sum(b.count for b in window.graph_panel.strip.bins()) == 3
    window.reload()  # as after an import: the kept counts may be out of date
    settled(qtbot, window)
    assert counting.calls == [queries.Filters(query="harbour")]


def test_a_filtered_graph_window_is_a_slice_of_the_list_matches(qtbot, window, monkeypatch):
    real = gq.events_in_window

    def unfiltered_only(session_, filters, *args, **kwargs):
        assert not filters.active, "the graph ran the list's filter again"
        return real(session_, filters, *args, **kwargs)
    monkeypatch.setattr(gq, "events_in_window", unfiltered_only)
    window.filter_bar.set_filters(queries.Filters(query="harbour"), {})
    settled(qtbot, window)
    assert [e.label for e in window.graph_panel.graph.window().events] == [ORDER[2], ORDER[3], ORDER[4]]
