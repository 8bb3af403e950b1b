"""On a big database the graph's window for a filter's result is read by the list's worker, in
the same pass as the matches: the first frame has the events, with no second read after it."""
from __future__ import annotations

import datetime as dt
import threading

from desktop_app.db import queries
from desktop_app.ui import graph_panel, graph_view, highlight
from tests.ui.test_filter_overlap import settled, window  # noqa: F401 - a fixture
from tests.ui.test_graph_background import ORDER, file_db, labels, reads  # noqa: F401 - fixtures

D = dt.date


def test_the_window_comes_with_the_result_and_is_not_read_again(qtbot, window, reads):
    graph, model = window.graph_panel.graph, window.timeline_model
    window.select_row(model.row_of(5))  # June 2026, out of the matches' way
    graph.show_range(D(2026, 2, 20), D(2026, 3, 20))
    settled(qtbot, window)
    reads.clear()
    frames = []
    model.applied.connect(lambda: frames.append((graph.loading, model.prepared is not None)))
    window.filter_bar.set_filters(queries.Filters(query="harbour"), {})
    settled(qtbot, window)
    assert frames == [(False, True)]  # events in the first frame: no stand-in, no second read
    assert reads == []
    assert window.source.current_event.id == 2  # the first match, where the view moved
    assert labels(graph) == [ORDER[2]]
    # What the worker read is what the graph's own read gives for that view.
    lo, hi = graph.window().lo, graph.window().hi
    assert graph_panel._read(window.session_factory, model.filters, model.days, lo, hi, False,
                             model.matched_ids) == graph.window()


def test_a_view_moved_meanwhile_reads_its_own_window(qtbot, window, reads):
    graph, model = window.graph_panel.graph, window.timeline_model
    settled(qtbot, window)
    reads.clear()
    model.request(queries.Filters(query="harbour"), None, {"graph": window.graph_panel.planner()})
    graph.show_range(D(2019, 1, 1), D(2019, 2, 1))  # before the result comes in
    settled(qtbot, window)
    assert model.prepared is not None and reads, "the planned window was for another view"
    assert (graph.window().lo, graph.window().hi) == (reads[-1][0], reads[-1][1])


def test_planned_follows_the_graphs_own_moves():
    view = graph_view.View(738000.0, 30.0, True)
    first, end = D(2026, 1, 1), D(2026, 12, 31)
    # The result lies outside the view: fitted, then the selection followed.
    start, span = graph_view.planned(view, first, end, (D(2026, 3, 1), D(2026, 3, 2)))
    assert (start, span) == graph_view.clamp(*graph_view.fitting(first.toordinal(), end.toordinal()))
    # Inside, and the selection in view: nothing moves.
    inside = graph_view.View(float(D(2026, 2, 1).toordinal()), 60.0, True)
    assert graph_view.planned(inside, first, end, (D(2026, 3, 1), D(2026, 3, 2))) == (
        inside.start, inside.span)
    # Inside, the selection past the right edge: a quarter in from that side.
    mid = graph_view.middle(D(2026, 4, 15), D(2026, 4, 16))
    assert graph_view.planned(inside, first, end, (D(2026, 4, 15), D(2026, 4, 16))) == (
        mid - graph_view.LEAD * 60.0, 60.0)


def test_the_coming_events_article_is_read_and_rendered_by_the_worker(qtbot, window, monkeypatch):
    model, pane = window.timeline_model, window.source
    window.select_row(model.row_of(5))
    settled(qtbot, window)
    pane.invalidate()  # nothing cached: the match's article must be read
    reads, real = [], queries.article_source
    monkeypatch.setattr(queries, "article_source", lambda s, i: (
        reads.append((i, threading.current_thread() is threading.main_thread())), real(s, i))[1])
    renders, render_html = [], highlight.render_html
    monkeypatch.setattr(highlight, "render_html", lambda text, spans, focus, *a: (
        renders.append((focus, threading.current_thread() is threading.main_thread())),
        render_html(text, spans, focus, *a))[1])
    window.filter_bar.set_filters(queries.Filters(query="harbour"), {})
    settled(qtbot, window)
    event = pane.current_event
    focus = (event.start, event.end)
    assert event.id == 2 and (event.article_id, False) in reads and (focus, False) in renders
    assert (event.article_id, True) not in reads and (focus, True) not in renders  # not again
    assert pane.current_focus == event.text and pane._ahead is None  # used once, then let go
    with window.session_factory() as s:
        text = real(s, event.article_id).text
    assert pane.browser.toPlainText().split() == text.split()
