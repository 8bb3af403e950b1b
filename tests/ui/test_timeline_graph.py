"""The graphical timeline: zoom, pan, one selection with list and source, lanes, density strip."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop_app.db import graph_queries as gq, timeline_index
from desktop_app.ui import actions, graph_layout, graph_paint, graph_panel
from desktop_app.ui.timeline_graph import TimelineGraph
from tests import factories
from tests.ui.helpers import current_text, timeline_texts

D = dt.date
ORDER = factories.STORY_ORDER


def span(graph) -> int:
    lo, hi = graph.visible_range()
    return (hi - lo).days


def row_id(window, row: int) -> int:
    return window.timeline_model.event_at(row).id


def drag(qtbot, widget, start: QPoint, end: QPoint) -> None:
    """Press, move with the button held (QTest's mouseMove carries no buttons), release."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for pos in (start + (end - start) / 2, end):
        move = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                           Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, move)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


@pytest.fixture
def graph(window):
    g = window.graph_panel.graph
    g.setFocus()
    return g


def test_graph_sits_under_the_list_and_shows_every_event(window, graph):
    assert window.graph_panel.splitter.widget(0) is window.timeline
    assert graph.isVisible() and window.graph_panel.strip.isVisible()
    assert graph.accessibleName() and window.graph_panel.strip.accessibleName()
    lo, hi = graph.visible_range()
    assert lo <= D(2019, 1, 1) and hi >= D(2026, 12, 1)
    assert [e.label for e in graph.window().events] == ORDER
    assert all(graph.event_rect(row_id(window, r)) is not None for r in range(7))
    assert not graph.aggregated


def test_zoom_in_and_out_change_the_visible_range(qtbot, window, graph):
    before = graph.visible_range()
    qtbot.keyClick(graph, Qt.Key.Key_Plus)
    inside = graph.visible_range()
    assert span(graph) < (before[1] - before[0]).days
    assert before[0] <= inside[0] and inside[1] <= before[1]
    qtbot.keyClick(graph, Qt.Key.Key_Minus)
    qtbot.keyClick(graph, Qt.Key.Key_Minus)
    assert span(graph) > (before[1] - before[0]).days
    # Ctrl+= works from the list too (a window-wide action).
    wide = span(graph)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert span(graph) < wide


def test_wheel_zooms_around_the_pointer_down_to_days(qtbot, graph):
    x = graph.width() // 4
    day_under = graph._start + x / graph.width() * graph.span_days
    for _ in range(60):
        wheel = QWheelEvent(QPointF(x, 80), QPointF(graph.mapToGlobal(QPoint(x, 80))), QPoint(0, 0),
                            QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(graph, wheel)
    assert graph.span_days == TimelineGraph.MIN_SPAN
    assert graph._start + x / graph.width() * graph.span_days == pytest.approx(day_under, abs=0.01)
    labels = [t.label for t in graph_layout.ticks(graph._start, graph._start + graph.span_days,
                                                   graph.width() / graph.span_days)]
    assert labels and all(label[0].isdigit() for label in labels)  # day ticks: "3 Mar"


def test_pan_with_arrows_and_drag(qtbot, window, graph):
    qtbot.keyClick(graph, Qt.Key.Key_Plus)
    lo, hi = graph.visible_range()
    zoom = graph.span_days
    qtbot.keyClick(graph, Qt.Key.Key_Left)
    left = graph.visible_range()
    assert left[0] < lo and left[1] < hi and graph.span_days == zoom
    qtbot.keyClick(graph, Qt.Key.Key_Right)
    qtbot.keyClick(graph, Qt.Key.Key_Right)
    assert graph.visible_range()[0] > lo
    before, selected = graph.visible_range(), graph.selected_id
    # Drag right: the axis follows the pointer, so earlier days come into view.
    drag(qtbot, graph, QPoint(300, 200), QPoint(500, 200))
    assert graph.visible_range()[0] < before[0]
    assert graph.selected_id == selected and window.timeline.currentIndex().row() == 0


def test_clicking_an_event_selects_it_in_list_and_source(qtbot, window, graph):
    target = row_id(window, 1)
    rect = graph.event_rect(target)
    qtbot.mouseClick(graph, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.timeline.currentIndex().row() == 1
    assert current_text(window) == ORDER[1]
    assert window.source.current_focus == ORDER[1]
    assert graph.selected_id == target


def test_selecting_in_the_list_highlights_and_scrolls_the_graph(qtbot, window, graph):
    window.select_row(4)
    assert graph.selected_id == row_id(window, 4)
    # Zoomed into 2019, selecting a 2026 event brings it into view.
    graph.show_range(D(2019, 1, 1), D(2019, 3, 1))
    qtbot.keyClick(window.timeline, "j")
    qtbot.keyClick(window.timeline, "j")
    assert window.timeline.currentIndex().row() == 6
    lo, hi = graph.visible_range()
    assert lo <= D(2026, 10, 15) < hi and span(graph) < 80
    assert graph.selected_id == row_id(window, 6)
    assert graph.event_rect(row_id(window, 6)) is not None


def test_j_and_k_in_the_graph_step_the_one_selection(qtbot, window, graph):
    window.select_row(2)
    qtbot.keyClick(graph, "j")
    assert window.timeline.currentIndex().row() == 3
    assert graph.selected_id == row_id(window, 3) and window.source.current_focus == ORDER[3]
    qtbot.keyClick(graph, Qt.Key.Key_Up)
    assert window.timeline.currentIndex().row() == 2


def test_lanes_cycle_with_l(qtbot, window, graph):
    assert graph.lane_mode == "none" and graph.lane_titles() == [""]
    qtbot.keyClick(graph, "l")
    assert graph.lane_mode == "entity"
    assert set(graph.lane_titles()) == {"Oskar Berg", "Portvale", "Ana Lind", "Harbour Trust"}
    assert window.statusBar().currentMessage() == "Lanes by entity"
    qtbot.keyClick(window.timeline, "l")  # window-wide
    assert graph.lane_mode == "source"
    assert set(graph.lane_titles()) == {"Council backs harbour plan", "Harbour Trust raises funds",
                                        "Undated background piece"}
    graph.set_lane_mode("none")
    assert graph.lane_titles() == [""]
    with pytest.raises(ValueError):
        graph.set_lane_mode("sideways")


def test_filters_reload_the_graph(qtbot, window, graph):
    berg = next(r.id for r in window.entity_model.rows() if r.name == "Oskar Berg")
    window.filter_entity(berg)
    assert [e.label for e in graph.window().events] == ORDER[:2]
    window.clear_filters()
    assert len(graph.window().events) == 7


def test_a_window_drawn_as_events_counts_no_periods(qtbot, window, graph, monkeypatch):
    """The window's counts per period are made only when drawn (a thousand periods: ~4 ms)."""
    periods = []
    real = timeline_index.DayCounts.bins
    monkeypatch.setattr(timeline_index.DayCounts, "bins",
                        lambda self, bucket, lo=None, hi=None: periods.append((lo, hi))
                        or real(self, bucket, lo, hi))
    berg = next(r.id for r in window.entity_model.rows() if r.name == "Oskar Berg")
    window.filter_entity(berg)
    window.clear_filters()
    graph.zoom_in()
    assert len(graph.window().events) > 0 and not graph.window().bins
    assert all(lo is None and hi is None for lo, hi in periods)  # the strip's only


def test_density_range_drives_the_date_filter(qtbot, window, graph):
    strip = window.graph_panel.strip
    assert strip.bucket == "month"
    assert sum(b.count for b in strip.bins()) == 7
    start = QPoint(int(strip.x_of(D(2025, 4, 10))), 10)
    end = QPoint(int(strip.x_of(D(2026, 2, 10))), 10)
    drag(qtbot, strip, start, end)
    filters = window.filter_bar.filters()
    assert (filters.date_from, filters.date_to) == (D(2025, 4, 1), D(2026, 2, 28))
    assert strip.selected_range() == (D(2025, 4, 1), D(2026, 2, 28))
    texts = timeline_texts(window)
    assert ORDER[3] in texts and ORDER[0] not in texts and ORDER[6] not in texts
    assert sum(b.count for b in strip.bins()) == 7  # the strip keeps the whole corpus
    lo, hi = graph.visible_range()
    assert lo <= D(2025, 4, 1) and hi >= D(2026, 3, 1) and span(graph) < 500
    # Moving the range one month on with the keyboard moves the filter.
    strip.setFocus()
    qtbot.keyClick(strip, Qt.Key.Key_Right)
    assert window.filter_bar.filters().date_from == D(2025, 5, 1)
    assert window.filter_bar.filters().date_to == D(2026, 3, 31)
    qtbot.mouseDClick(strip, Qt.MouseButton.LeftButton, pos=start)
    filters = window.filter_bar.filters()
    assert filters.date_from is None and filters.date_to is None
    assert len(timeline_texts(window)) == 7


def test_filter_bar_dates_show_on_the_strip(window):
    window.filter_bar.date_from.set_value(D(2021, 1, 1))
    window.filter_bar.changed.emit()
    assert window.graph_panel.strip.selected_range()[0] == D(2021, 1, 1)
    window.filter_bar.clear()
    assert window.graph_panel.strip.selected_range() == (None, None)


def test_focus_shortcut_and_tab_out(qtbot, window, graph):
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is graph
    qtbot.keyClick(graph, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.source.browser
    graph.setFocus()
    qtbot.keyClick(graph, "/")
    assert QApplication.focusWidget() is window.filter_bar.search


def test_shortcut_sheet_lists_every_graph_action(window):
    sheet = actions.shortcut_markdown(window)  # the sheet's tables come from the bound actions
    keys = set()
    for line in sheet.splitlines():
        if line.startswith("| "):
            keys.update(k.strip() for k in re.split(r"\s+or\s+|\s+/\s+", line.split("|")[1]))
    for spec in graph_panel.ACTIONS:
        for shortcut in spec.shortcuts:
            assert shortcut in keys, f"{shortcut} ({spec.text}) is missing from the shortcut sheet"


def _day_events(n: int, first: dt.date) -> tuple[gq.GraphEvent, ...]:
    return tuple(gq.GraphEvent(i, first + dt.timedelta(days=i % 365),
                               first + dt.timedelta(days=i % 365 + 1), "day", f"event {i}", 1, ())
                 for i in range(n))


def test_dense_events_are_drawn_as_counts_and_loading_follows_the_view(qtbot):
    events = _day_events(400, D(2020, 1, 1))
    calls = []

    def loader(lo, hi):
        calls.append((lo, hi))
        inside = tuple(e for e in events if e.begin < hi and e.end_date > lo)
        return gq.GraphWindow(lo, hi, inside, len(inside))

    graph = TimelineGraph(loader)
    qtbot.addWidget(graph)
    graph.resize(600, 240)
    graph.set_extent(D(2020, 1, 1), D(2021, 1, 1))
    graph.fit_all()
    assert graph.aggregated  # 400 events in 600 px
    columns = [i for i in graph._layout() if i.event is None]
    assert sum(i.count for i in columns) == 400
    loads = len(calls)
    graph.show_range(D(2020, 3, 1), D(2020, 3, 15))
    assert not graph.aggregated
    assert len(calls) == loads  # still inside the loaded window
    assert graph.event_rect(60) is not None  # 1 Mar 2020 is day 60
    graph.show_range(D(2023, 1, 1), D(2023, 2, 1))
    assert graph._layout() == []  # loaded as the view moved: nothing in 2023
    assert calls[-1][0] <= D(2023, 1, 1) and calls[-1][1] >= D(2023, 2, 1)


def test_a_capped_window_draws_the_loaders_counts(qtbot):
    bins = (gq.DensityBin(D(2020, 1, 1), D(2020, 2, 1), 5000),
            gq.DensityBin(D(2020, 6, 1), D(2020, 7, 1), 20))

    def loader(lo, hi):
        return gq.GraphWindow(lo, hi, (), 5020, bins=bins)

    graph = TimelineGraph(loader)
    qtbot.addWidget(graph)
    graph.resize(500, 200)
    graph.show_range(D(2020, 1, 1), D(2021, 1, 1))
    assert graph.aggregated and graph.lane_titles() == ["5020 events: counts per period"]
    assert sorted(i.count for i in graph._layout()) == [20, 5000]
    graph.show()
    qtbot.waitExposed(graph)
    column = max(graph._layout(), key=lambda i: i.count)
    qtbot.mouseClick(graph, Qt.MouseButton.LeftButton, pos=column.rect.center().toPoint())
    assert span(graph) < 40  # clicking a count zooms into its period


def test_graph_keys_still_type_in_the_search_box(qtbot, window, graph):
    zoom, lanes = graph.span_days, graph.lane_mode
    window.focus_search()
    qtbot.keyClicks(window.filter_bar.search, "l+-=")
    assert window.filter_bar.search.text() == "l+-="
    assert (graph.span_days, graph.lane_mode) == (zoom, lanes)


@pytest.mark.parametrize("days, unit, sample", [
    (20, "day", "3 Mar"), (60, "day", "8 Mar"), (120, "day", "15 Mar"), (700, "month", "Apr"), (3000, "year", "2027"),
    (30000, "year", "2040"),
])
def test_ticks_adapt_to_the_zoom(days, unit, sample):
    start = graph_layout.ordinal(D(2026, 3, 1))
    px_per_day = 800 / days
    assert graph_layout.tick_step(px_per_day)[0] == unit
    ticks = graph_layout.ticks(start, start + days, px_per_day)
    assert sample in [t.label for t in ticks]
    gaps = [(b.x - a.x) * px_per_day for a, b in zip(ticks, ticks[1:])]
    assert min(gaps) >= 40  # labels never crowd each other


def test_open_sides_of_a_bar_fade_out():
    assert graph_paint.fade_stops(False, False) == [(0.0, 1.0), (1.0, 1.0)]
    end = graph_paint.fade_stops(False, True)  # "since April 2025": the right end fades
    assert end[0] == (0.0, 1.0) and end[-1] == (1.0, 0.0) and (1 - graph_paint.FADE, 1.0) in end
    start = graph_paint.fade_stops(True, False)  # "until March 2027": the left end fades
    assert start[0] == (0.0, 0.0) and start[-1] == (1.0, 1.0)
    both = graph_paint.fade_stops(True, True)
    assert [p for p, _ in both] == sorted(p for p, _ in both)  # stops never cross
    color = QColor(37, 99, 235, 200)
    rect = QRectF(10, 0, 100, 12)
    assert graph_paint.fading(rect, color, False, False).gradient() is None  # closed: plain
    gradient = graph_paint.fading(rect, color, False, True).gradient()
    stops = gradient.stops()
    assert (gradient.start().x(), gradient.finalStop().x()) == (10, 110)
    assert stops[0][1].alpha() == 200 and stops[-1][1].alpha() == 0


def test_tooltip_and_label_tell_open_sides_and_sources():
    e = gq.GraphEvent(1, D(2025, 4, 1), D(2026, 1, 16), "month", "The trust has leased the dock",
                      1, (), open_end=True, sources=3)
    tip = graph_paint.tooltip(graph_paint.Item(QRectF(0, 0, 50, 12), e, label=e.label))
    assert "still going on" in tip and "3 sources" in tip
    assert graph_paint.sources_badge(e) == "  +2"
    assert graph_paint.sources_badge(dataclasses.replace(e, sources=1)) == ""


def test_a_fading_bar_paints(qtbot):
    """Open and merged events go through the painter without warnings (any warning fails)."""
    e = gq.GraphEvent(1, D(2025, 4, 1), D(2026, 1, 16), "month", "Open since April", 1, (),
                      open_start=True, open_end=True, sources=2)
    graph = TimelineGraph(lambda lo, hi: gq.GraphWindow(lo, hi, (e,), 1))
    qtbot.addWidget(graph)
    graph.resize(600, 200)
    graph.show_range(D(2025, 1, 1), D(2026, 6, 1))
    graph.select_event(1)
    assert graph.grab().width() == 600
    (item,) = graph._layout()
    assert item.badge == "  +1"


@pytest.mark.parametrize("begin, moves", [(D(2020, 2, 10), False), (D(2020, 3, 25), True),
                                          (D(2024, 5, 1), True)])
def test_a_reload_moves_to_the_coming_selection_first_and_loads_once(qtbot, begin, moves):
    """The view `reload(coming=...)` loads is the one selecting that event then keeps."""
    calls = []

    def loader(lo, hi):
        calls.append((lo, hi))
        return gq.GraphWindow(lo, hi, (), 0)

    graph = TimelineGraph(loader)
    qtbot.addWidget(graph)
    graph.show_range(D(2020, 2, 1), D(2020, 3, 1))
    before = graph.visible_range()
    calls.clear()
    graph.reload(coming=(begin, begin + dt.timedelta(days=1)))
    after = graph.visible_range()
    assert (after != before) == moves and after[0] <= begin < after[1]
    graph.select_event(1, begin, begin + dt.timedelta(days=1))
    assert graph.visible_range() == after and len(calls) == 1
