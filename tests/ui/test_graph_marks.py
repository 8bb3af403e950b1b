"""Laying out the graph's marks: rows that keep labels apart, and the row packer behind them."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from desktop_app.db import graph_queries as gq
from desktop_app.ui import graph_layout, graph_marks, graph_paint

D = dt.date


def test_pack_rows_puts_each_span_in_the_first_free_row_and_the_overflow_where_room_comes_first():
    spans = [(0, 50), (10, 30), (55, 60), (20, 40), (70, 80)]
    assert graph_layout.pack_rows(spans, 3) == ([0, 1, 0, 2, 0], False)
    # Two rows: (20, 40) fits nowhere and goes to the row that frees up first, (10, 30)'s.
    assert graph_layout.pack_rows(spans, 2) == ([0, 1, 0, 1, 0], True)


def test_pack_rows_can_give_up_at_the_first_span_that_fits_nowhere():
    spans = [(0, 50), (10, 30), (20, 40), (70, 80)]
    assert graph_layout.pack_rows(spans, 2, give_up=True) == ([0, 1], True)
    assert graph_layout.pack_rows(spans, 3, give_up=True) == ([0, 1, 2, 0], False)


def test_marks_place_points_and_bars_at_their_days_with_room_up_to_the_next_mark(qtbot):
    first = gq.GraphEvent(1, D(2026, 3, 1), D(2026, 3, 2), None, "A point", 1)
    bar = gq.GraphEvent(2, D(2026, 3, 10), D(2026, 4, 1), "month", "A month", 1, sources=3)
    late = gq.GraphEvent(3, D(2026, 3, 20), D(2026, 3, 21), None, "Later", 1)
    start = graph_layout.ordinal(D(2026, 2, 27))
    metrics = graph_paint.text_metrics(QFont())
    # One row only: the labels must share it, elided to the room left before the next mark.
    row = QRectF(0, 40, 400, graph_paint.ROW_H)
    items = graph_marks.marks(row, graph_marks.days([first, bar, late]), start, 40.0, 400, metrics)
    point, month, later = items
    assert point.rect.center().x() == 25.0 and point.rect.width() == 10  # 2.5 days at 10 px a day
    assert (month.rect.left(), month.rect.right()) == (110.0, 330.0)
    assert month.badge == "  +2" and point.badge == ""
    assert point.label_room == 110 - (20 + 12) - 8  # a label starts 12 px into a mark at least
    assert later.label_room == graph_paint.LABEL_MAX_PX  # nothing after it
    assert {i.rect.top() for i in items} == {43.0}


def test_columns_count_events_per_column_and_keep_off_screen_ones_at_the_edges():
    start = 1000.0
    points = [(1000.25, 1), (1000.5, 2), (999.0, 1), (2000.0, 4)]  # 60 px a day
    columns = graph_marks.columns(QRectF(0, 40, 600, 100), points, start, 10.0, 600)
    assert [(c.rect.left(), c.count) for c in columns] == [(0.0, 1), (12.0, 1), (30.0, 2), (594.0, 4)]
    assert [c.rect.height() for c in columns] == [48.0, 48.0, 96 * 0.5 ** 0.5, 96.0]  # sqrt scale
    assert columns[2].span == pytest.approx((1000.5, 1000.6))
