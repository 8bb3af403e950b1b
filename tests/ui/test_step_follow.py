"""Key steps stay cheap: the graph follows the selection in few moves, the start-up heap is frozen."""
from __future__ import annotations

import datetime as dt
import gc

from desktop_app.db import graph_queries as gq
from desktop_app.ui import startup_heap
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.graph_view import LEAD
from desktop_app.ui.timeline_graph import TimelineGraph

D = dt.date
START = D(2025, 1, 1)


def daily_graph(qtbot, days: int = 400) -> TimelineGraph:
    """A graph over one event a day, showing the first 100 days."""
    events = tuple(gq.GraphEvent(n, START + dt.timedelta(n), START + dt.timedelta(n + 1), "day",
                                 f"event {n}", 1) for n in range(days))

    def load(lo, hi):
        shown = tuple(e for e in events if lo <= e.begin < hi)
        return gq.GraphWindow(lo, hi, shown, len(shown))

    graph = TimelineGraph(load)
    qtbot.addWidget(graph)
    graph.resize(800, 200)
    graph.show_range(START, START + dt.timedelta(100), margin=0)
    return graph


def select(graph, n: int) -> dt.date:
    """Select day `n`'s event as the list does: with its dates."""
    day = START + dt.timedelta(n)
    graph.select_event(n, day, day + dt.timedelta(1))
    return day


def offset(graph, day: dt.date) -> float:
    """Where `day`'s middle sits in the view, 0 (left edge) to 1 (right edge)."""
    lo, hi = graph.visible_range()
    return (day.toordinal() + 0.5 - lo.toordinal()) / ((hi - lo).days - 1)


def test_a_step_past_the_right_edge_lands_a_quarter_in(qtbot):
    graph = daily_graph(qtbot)
    day = select(graph, 103)
    assert abs(offset(graph, day) - LEAD) < 0.02
    assert graph.event_rect(103) is not None  # drawn, with the selection


def test_a_step_back_past_the_left_edge_lands_a_quarter_in_from_the_right(qtbot):
    graph = daily_graph(qtbot)
    graph.show_range(START + dt.timedelta(200), START + dt.timedelta(300), margin=0)
    day = select(graph, 198)
    assert abs(offset(graph, day) - (1 - LEAD)) < 0.02


def test_a_jump_far_away_is_centred(qtbot):
    graph = daily_graph(qtbot)
    day = select(graph, 350)
    assert abs(offset(graph, day) - 0.5) < 0.02


def test_stepping_through_the_days_moves_the_view_rarely_and_keeps_the_selection_shown(qtbot):
    graph = daily_graph(qtbot)
    moves = []
    graph.visibleRangeChanged.connect(lambda lo, hi: moves.append(lo))
    for n in range(10, 300):
        day = select(graph, n)
        assert 0 <= offset(graph, day) <= 1
    # Centred on each exit, the 100-day view moved every ~45 days (5 times); leading, every ~70.
    assert len(moves) == 3


def test_the_start_up_heap_is_frozen_before_the_first_window(window):
    assert gc.get_freeze_count() > 0
    assert not startup_heap.freeze()  # once per process: a window's objects stay collectable
    tracked = {id(o) for o in gc.get_objects()}
    assert id(MainWindow) not in tracked  # imported before the window: out of the collector's walk
    assert id(window.timeline_model) in tracked or not gc.is_tracked(window.timeline_model)
