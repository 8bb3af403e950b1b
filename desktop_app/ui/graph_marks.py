"""Laying out the graphical timeline's marks: events in rows with room for their labels, or
counts per column when they outnumber the pixels to draw them."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QRectF

from desktop_app.db.graph_queries import GraphEvent
from desktop_app.ui import graph_layout as gl, graph_paint as gp

BIN_PX = 6  # width of one aggregated column
# An event with its first day and the day after its last, as ordinals (see `days`).
Dated = tuple[GraphEvent, float, float]


def days(events: Iterable[GraphEvent]) -> list[Dated]:
    """Each event with its ordinals: worked out once per loaded window, not at every layout
    (a zoom or pan lays the same window out again and again)."""
    return [(e, float(e.begin.toordinal()), float(e.end_date.toordinal())) for e in events]


def marks(rect: QRectF, events: Sequence[Dated], start: float, span: float, width: int,
          metrics: gp.TextMetrics) -> list[gp.Item]:
    """One Item per event in `rect`, in rows so marks and labels do not overlap, for a view of
    `width` pixels showing `span` days from `start`."""
    rows = max(1, int(rect.height() // gp.ROW_H))
    label_max = gp.LABEL_MAX_PX
    spans, badges = [], []
    for e, begin, end in events:
        x0, x1 = (begin - start) * width / span, (end - start) * width / span
        if end - begin <= 1:  # day-precise: a point (gp.is_point)
            mid = (x0 + x1) / 2
            x0, x1 = mid - 5, mid + 5
        elif x1 - x0 < 4:
            x0, x1 = (x0 + x1) / 2 - 2, (x0 + x1) / 2 + 2
        badge = gp.sources_badge(e)
        badges.append(badge)
        label_w = min(metrics.width(e.label + badge), label_max) + 6
        spans.append((x0, x1, max(x1, x0 + 12) + label_w))
    # Full labels if they fit, else short ones, else marks alone; labels then get the room
    # up to the next mark in their row (elided, or left to the tooltip when too tight).
    placed, overflow = gl.pack_rows(((a, c) for a, _b, c in spans), rows, give_up=True)
    if overflow:
        placed, overflow = gl.pack_rows(((a, min(c, max(b, a + 12) + 70)) for a, b, c in spans),
                                        rows, give_up=True)
    if overflow:
        placed, _ = gl.pack_rows(((a, b) for a, b, _c in spans), rows, gap=1)
    top, high, row_h = rect.top(), gp.ROW_H - 6, gp.ROW_H
    items = [gp.Item(QRectF(x0, top + row * row_h + 3, x1 - x0, high), e, label=e.label,
                     badge=badge)
             for (e, _b, _e), (x0, x1, _end), row, badge in zip(events, spans, placed, badges)]
    next_x: dict[int, float] = {}
    inf = float("inf")
    for k in sorted(range(len(items)), key=lambda k: -spans[k][0]):
        x0, x1, _end = spans[k]
        row = placed[k]
        # x0 + (x1 - x0) is what QRectF.right() gives, to the last bit.
        room = next_x.get(row, inf) - max(x0 + (x1 - x0), x0 + 12) - 8
        items[k].label_room = min(room, label_max)
        next_x[row] = min(next_x.get(row, inf), x0)
    return items


def columns(rect: QRectF, points: Iterable[tuple[float, int]], start: float, span: float,
            width: int) -> list[gp.Item]:
    """Counts per BIN_PX-wide column of (day, count) points, for when events outnumber the
    pixels to draw them."""
    counts: dict[int, int] = {}
    last = max(int(width // BIN_PX) - 1, 0)
    for day, count in points:
        # An event whose middle is off screen but which reaches into view counts at the edge.
        column = min(max(int((day - start) * width / span // BIN_PX), 0), last)
        counts[column] = counts.get(column, 0) + count
    top = max(counts.values(), default=1)
    wide = max(width, 1)
    items = []
    for column, count in sorted(counts.items()):
        h = max(3.0, (rect.height() - 4) * (count / top) ** 0.5)
        x = column * BIN_PX
        items.append(gp.Item(QRectF(x, rect.bottom() - h, BIN_PX - 1, h), count=count,
                             span=(start + x * span / wide, start + (x + BIN_PX) * span / wide)))
    return items
