"""Where the graph's view goes, as plain arithmetic on (start, span) in day ordinals: the widget
moves by it, and a filter's worker plans with it the window the graph will read for its result.
No Qt here: the worker is not the GUI thread."""
from __future__ import annotations

import dataclasses
import datetime as dt

from desktop_app.ui import graph_layout as gl

MIN_SPAN = 3.0  # days
MAX_SPAN = 365.25 * 200
LEAD = 0.25  # where a selection just past an edge lands, as a fraction of the view in from it


def clamp(start: float, span: float) -> tuple[float, float]:
    span = min(max(span, MIN_SPAN), MAX_SPAN)
    return min(max(start, gl.MIN_ORDINAL), gl.MAX_ORDINAL - span - 1), span


def framing(a: float, b: float, margin: float = 0.04) -> tuple[float, float]:
    """(start, span) of a view showing [a, b) with `margin` of it each side."""
    span = max(b - a, MIN_SPAN)
    return a - span * margin, span * (1 + 2 * margin)


def fitting(lo: float, hi: float) -> tuple[float, float]:
    """The view of a whole extent [lo, hi); labels run right of their marks: room for the last."""
    return framing(lo, hi + max(hi - lo, MIN_SPAN) * 0.15)


def following(start: float, span: float, mid: float) -> tuple[float, float] | None:
    """The view (start, span) bringing day `mid` into view when it nears an edge; None when
    it need not move. Just past one (a step through the list) it lands a quarter in from
    the side it came in at, the way the steps go in view: the view moves after ~70% of its
    width, not ~45% as when centred, and each move is a full re-layout and repaint (8–11 ms
    at 1M). Far away (a jump), it is centred."""
    margin = span * 0.05
    if start + margin <= mid <= start + span - margin:
        return None
    if start + span - margin < mid <= start + 2 * span:
        return mid - LEAD * span, span  # stepping on: more of what follows
    if start - span <= mid < start + margin:
        return mid - (1 - LEAD) * span, span  # stepping back
    return mid - span / 2, span


def middle(begin: dt.date, end: dt.date) -> float:
    """The day (ordinal) a selection of an event on [begin, end) follows."""
    return (gl.ordinal(begin) + gl.ordinal(end)) / 2


def loaded_range(start: float, span: float) -> tuple[dt.date, dt.date]:
    """The days the graph reads for a view: one span of margin each side, so small pans and
    zooms need no query."""
    return gl.to_date(start - span), gl.to_date(start + span + span + 1)


@dataclasses.dataclass(frozen=True)
class View:
    """The graph's view when a filter is asked for, and whether it was ever fitted."""

    start: float
    span: float
    fitted: bool


def refits(view: View, first: dt.date | None, end: dt.date | None) -> bool:
    """Whether a result spanning [first, end) is shown whole: never fitted yet, or nothing of it
    in the view."""
    lo, hi = gl.to_date(view.start), gl.to_date(view.start + view.span + 1)
    return first is not None and end is not None and (not view.fitted or end <= lo or first >= hi)


def planned(view: View, first: dt.date | None, end: dt.date | None,
            coming: tuple[dt.date, dt.date] | None) -> tuple[float, float]:
    """Where a filter result spanning [first, end), its selection on `coming` (begin, end),
    puts the view, as GraphPanel's reload moves it: fitted when never fitted or when the result
    lies outside it, then following the selection."""
    start, span = view.start, view.span
    if refits(view, first, end):
        start, span = clamp(*fitting(gl.ordinal(first), gl.ordinal(end)))
    if coming is not None and (to := following(start, span, middle(*coming))) is not None:
        start, span = clamp(*to)
    return start, span
