"""Reads that reuse a filter's result the list already has, rather than filtering again.

The list's matching ids (timeline_index.matching) are in timeline order, addressed per day by
its DayCounts: the events a graph window shows are then a slice of them, plus the few long
events that begin before the window and reach into it.
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import filters as filtering
from desktop_app.db import graph_queries, intervals, models
from desktop_app.db.timeline_index import DayCounts


def window_ids(session: orm.Session, ids: Sequence[int], days: DayCounts, lo: dt.date,
               hi: dt.date, limit: int) -> tuple[list[int], int]:
    """The first `limit` of the matched `ids` overlapping [lo, hi), in timeline order, and how
    many overlap: what graph_queries' window query finds, without running the filter again."""
    a = bisect.bisect_left(days.days, lo.toordinal())
    b = bisect.bisect_left(days.days, hi.toordinal())
    first = days.starts[a] if a < len(days.days) else days.total
    last = days.starts[b] if b < len(days.days) else days.total
    before = _reaching_in(session, ids, days, lo, hi)
    chosen = before[:limit] + list(ids[first:first + max(0, min(limit - len(before), last - first))])
    return chosen, len(before) + last - first


def _reaching_in(session: orm.Session, ids: Sequence[int], days: DayCounts, lo: dt.date,
                 hi: dt.date) -> list[int]:
    """Matched ids beginning before `lo` and ending after it, in timeline order. Unfiltered
    candidates first (few: the span classes bound how far back one can begin), each then
    looked up among the matches of its own day."""
    if not days.days or days.days[0] >= lo.toordinal():
        return []
    k = models.EventKey
    # With hi = lo: begun before `lo` and ending after it, each span class's index range
    # stopping at `lo` (short ranges).
    stmt = (sa.select(k.id, k.day).where(intervals.overlaps_days(k, lo, lo), k.id == k.lead_id)
            .order_by(*filtering.timeline_order(k, filtering.KEY_ORDER)))
    found = []
    for event_id, day in session.execute(stmt):
        i = days.day_index(dt.date.fromordinal(day))
        if i >= 0 and event_id in ids[days.starts[i]:days.starts[i] + days.counts[i]]:
            found.append(event_id)
    return found


def events_in_window(session: orm.Session, ids: Sequence[int], days: DayCounts, lo: dt.date,
                     hi: dt.date, limit: int, entities: bool = True) -> graph_queries.GraphWindow:
    """graph_queries.events_in_window for the filter whose result is `ids` and `days`."""
    chosen, total = window_ids(session, ids, days, lo, hi, limit)
    return graph_queries.window_of(session, chosen, total, lo, hi, entities and total <= limit)
