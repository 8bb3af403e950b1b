"""Where each listed event sits without loading the list: timeline events counted per day.

The counts give every row a (day, place in that day) address, so the list fetches the rows it
shows by day, and the strip and the zoomed-out graph draw from the same counts. Unfiltered, the
counts come from `event_days` (kept by triggers, migration 0007); filtered, from one GROUP BY.
"""
from __future__ import annotations

import array
import bisect
import collections
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import dialects, graph_queries, interrupt, models, queries

ORDER = ("begin", "end_date", "article_id", "start", "id")  # timeline order; id breaks ties


@dataclasses.dataclass(frozen=True)
class DayCounts:
    """Matching timeline events per day they begin on, oldest first, with each day's first row."""

    days: tuple[int, ...] = ()  # date ordinals
    counts: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()  # row of each day's first event
    end: dt.date | None = None  # the day after the last day any matching event covers

    @property
    def total(self) -> int:
        return self.starts[-1] + self.counts[-1] if self.days else 0

    @property
    def first(self) -> dt.date | None:
        return dt.date.fromordinal(self.days[0]) if self.days else None

    def locate(self, row: int) -> tuple[int, int]:
        """(index of the row's day, place in that day) for a row in [0, total)."""
        i = bisect.bisect_right(self.starts, row) - 1
        return i, row - self.starts[i]

    def day_index(self, day: dt.date) -> int:
        """Index of `day` in `days`, or -1 when no matching event begins then."""
        i = bisect.bisect_left(self.days, day.toordinal())
        return i if i < len(self.days) and self.days[i] == day.toordinal() else -1

    def count_between(self, lo: dt.date, hi: dt.date) -> int:
        """Events beginning in [lo, hi)."""
        a = bisect.bisect_left(self.days, lo.toordinal())
        b = bisect.bisect_left(self.days, hi.toordinal())
        if a >= b:
            return 0
        return self.starts[b - 1] + self.counts[b - 1] - self.starts[a]

    def bins(self, bucket: str, lo: dt.date | None = None,
             hi: dt.date | None = None) -> list[graph_queries.DensityBin]:
        """Counts per day, month or year of the days in [lo, hi) (all days without them).

        One binary search per period, not a visit of each day: fast enough for a graph frame."""
        a = bisect.bisect_left(self.days, lo.toordinal()) if lo else 0
        b = bisect.bisect_left(self.days, hi.toordinal()) if hi else len(self.days)
        out = []
        while a < b:
            start = graph_queries.bucket_start(dt.date.fromordinal(self.days[a]), bucket)
            end = graph_queries.bucket_end(start, bucket)
            after = bisect.bisect_left(self.days, end.toordinal(), a, b)
            out.append(graph_queries.DensityBin(
                start, end, self.starts[after - 1] + self.counts[after - 1] - self.starts[a]))
            a = after
        return out


def _counts(rows: Sequence[tuple[int, int]], end: dt.date | None) -> DayCounts:
    days, counts, starts, total = [], [], [], 0
    for ordinal, count in rows:
        if ordinal is None or not count:
            continue
        days.append(ordinal)
        counts.append(count)
        starts.append(total)
        total += count
    return DayCounts(tuple(days), tuple(counts), tuple(starts), end)


def _last_end():
    """The day after the last day any timeline event covers; walks ix_events_end from the top."""
    e = models.Event
    return (sa.select(e.end_date).where(*queries.timeline_conditions(queries.Filters()))
            .order_by(e.end_date.desc()).limit(1))


def day_counts(session: orm.Session) -> DayCounts:
    """Every timeline event counted per day, from `event_days` (no scan of the events)."""
    d = models.EventDay
    rows = session.connection().execute(sa.select(  # Core rows: 24,000 days at a million events
        dialects.date_ordinal(session.get_bind().dialect.name, d.day), d.events).order_by(d.day)).all()
    return _counts(rows, session.scalar(_last_end()))


def day_counts_version(session: orm.Session) -> tuple:
    """Changes whenever `day_counts` would: a cheap check before re-reading thousands of days."""
    d = models.EventDay
    return tuple(session.execute(sa.select(
        sa.func.count(), sa.func.sum(d.events),
        sa.func.sum(d.events * dialects.date_ordinal(session.get_bind().dialect.name, d.day)),
        _last_end().scalar_subquery())).one())


def matching(session: orm.Session, filters: queries.Filters,
             cancelled: Callable[[], bool] | None = None) -> tuple[array.array, DayCounts]:
    """Ids of the timeline events passing (active) `filters` in timeline order, and their counts.

    One pass over the matches, read as plain numbers (no date parsing: a common word matches
    over 100,000 events at a million). Raises queries.QueryError for a search the database
    cannot run, interrupt.Cancelled when `cancelled()` turns true on SQLite."""
    e = models.Event
    ordinal = functools.partial(dialects.date_ordinal, session.get_bind().dialect.name)
    stmt = (sa.select(e.id, ordinal(e.begin), ordinal(e.end_date))
            .where(*queries.timeline_conditions(filters)).order_by(*(getattr(e, c) for c in ORDER)))
    try:
        with interrupt.cancellable(session, cancelled):
            rows = session.connection().execute(stmt).fetchall()  # Core rows: no ORM loading
    except sa.exc.OperationalError as exc:
        raise queries.QueryError(f"Cannot search for {filters.query!r}: {exc.orig}") from exc
    if not rows:
        return array.array("q"), DayCounts()
    ids, days, ends = zip(*rows)
    per_day = collections.Counter(days)  # insertion order is day order: the rows are sorted
    return array.array("q", ids), _counts(list(per_day.items()), dt.date.fromordinal(max(ends)))


def ids_on_days(session: orm.Session, days: Sequence[dt.date]) -> list[int]:
    """Ids of all timeline events beginning on `days`, in timeline order (ix_events_begin)."""
    e = models.Event
    stmt = (sa.select(e.id).where(*queries.timeline_conditions(queries.Filters()), e.begin.in_(list(days)))
            .order_by(*(getattr(e, c) for c in ORDER)))
    return list(session.scalars(stmt))


def day_counts_matching(session: orm.Session, filters: queries.Filters) -> DayCounts:
    """The timeline events passing `filters` (active or not) counted per day."""
    return matching(session, filters)[1] if filters.active else day_counts(session)
