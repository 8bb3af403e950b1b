"""Reads that reuse a filter's result the list already has, rather than filtering again.

The list's matching ids (timeline_index.matching) are in timeline order, addressed per day by
its DayCounts: the events a graph window shows are then a slice of them, plus the few long
events that begin before the window and reach into it.
"""
from __future__ import annotations

import array
import bisect
import datetime as dt
import struct
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import event_groups, graph_queries, intervals, models, queries
from desktop_app.db import filters as filtering
from desktop_app.db.timeline_index import DayCounts, ids_on_days


def window_ids(session: orm.Session, ids: Sequence[int], days: DayCounts, lo: dt.date,
               hi: dt.date, limit: int, columns=None) -> tuple[list[int], int]:
    """The first `limit` of the matched `ids` overlapping [lo, hi), in timeline order, and how
    many overlap: what graph_queries' window query finds, without running the filter again.
    With the list's timeline_columns, the long events reaching in are found in memory."""
    a = bisect.bisect_left(days.days, lo.toordinal())
    b = bisect.bisect_left(days.days, hi.toordinal())
    first = days.starts[a] if a < len(days.days) else days.total
    last = days.starts[b] if b < len(days.days) else days.total
    # Thousands of unfiltered events at a million reach into a day (40-60 ms to look each up).
    before = (columns.reaching_in(ids, first, lo) if columns is not None
              else _reaching_in(session, ids, days, lo, hi))
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
                     hi: dt.date, limit: int, entities: bool = True,
                     columns=None) -> graph_queries.GraphWindow:
    """graph_queries.events_in_window for the filter whose result is `ids` and `days`."""
    chosen, total = window_ids(session, ids, days, lo, hi, limit, columns)
    return graph_queries.window_of(session, chosen, total, lo, hi, entities and total <= limit)


def read_block(session: orm.Session, ids: Sequence[int] | None, days: DayCounts, first: int,
               last: int) -> tuple[list[queries.EventRow | None], dict[int, list[event_groups.Source]]]:
    """Rows [first, last) of the list whose matching ids are `ids` (None: every timeline event,
    addressed by `days`), and the sources of its merged events (the Source column's tooltip).

    An event deleted since the count leaves its row None until the next refresh."""
    wanted = list(ids[first:last]) if ids is not None else ids_between(session, days, first, last)
    found = {r.id: r for r in queries.events_by_ids(session, wanted)}
    sources = event_groups.sources(session, [r.id for r in found.values() if r.sources > 1])
    rows = [found.get(i) for i in wanted]
    return rows + [None] * (last - first - len(rows)), sources


def ids_between(session: orm.Session, days: DayCounts, first: int, last: int) -> list[int]:
    """Ids of rows [first, last) of the unfiltered timeline, read by the days they fall on."""
    i, offset = days.locate(first)
    j, _ = days.locate(last - 1)
    ids = ids_on_days(session, [dt.date.fromordinal(d) for d in days.days[i:j + 1]])
    return ids[offset:offset + last - first]


def unfiltered_row(session: orm.Session, days: DayCounts, event_id: int) -> int:
    """The row of `event_id` on the unfiltered timeline counted by `days`; -1 when it is not
    listed there."""
    day = queries.event_day(session, event_id)
    i = days.day_index(day) if day is not None else -1
    ids = ids_on_days(session, [day]) if i >= 0 else []
    return days.starts[i] + ids.index(event_id) if event_id in ids else -1


def row_in(ids: Sequence[int], event_id: int | None) -> int:
    """The place of `event_id` in a filter's matching ids; -1 when absent (or None)."""
    if event_id is None:
        return -1
    if isinstance(ids, array.array) and ids.typecode == "q":
        # Searched as bytes: array.index makes an int of every item it passes (~3 ms through
        # 117,000 matches, on the worker and in the graph's clicks), bytes.find does not.
        raw, key, size = ids.tobytes(), struct.pack("=q", event_id), ids.itemsize
        at = raw.find(key)
        while at > 0 and at % size:  # a match across two items' bytes, not an item
            at = raw.find(key, at + 1)
        return at // size if at >= 0 else -1
    try:
        return ids.index(event_id)
    except ValueError:
        return -1
