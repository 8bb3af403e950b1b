"""Where each listed event sits without loading the list: timeline events counted per day.

The counts give every row a (day, place in that day) address, so the list fetches the rows it
shows by day, and the strip and the zoomed-out graph draw from the same counts. Unfiltered, the
counts come from `event_days` (kept by triggers, migration 0007); filtered, from the matches.
"""
from __future__ import annotations

import array
import bisect
import dataclasses
import datetime as dt
import itertools
import json
import operator
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import dialects, graph_queries, interrupt, models, queries
from desktop_app.db import filters as filtering


_MAX = dt.date.max.toordinal()


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
        day = dt.date.fromordinal
        return [graph_queries.DensityBin(day(start), day(min(end, _MAX)), count)
                for start, end, count in self.periods(bucket, lo, hi)]

    def periods(self, bucket: str, lo: dt.date | None = None,
                hi: dt.date | None = None) -> list[tuple[int, int, int]]:
        """`bins` as (first day, day after, count) with the days as ordinals: the strip draws
        ~1,000 years of them per filter change, and making the dates and bins took as long."""
        days, starts, counts = self.days, self.starts, self.counts
        a = bisect.bisect_left(days, lo.toordinal()) if lo else 0
        b = bisect.bisect_left(days, hi.toordinal()) if hi else len(days)
        if bucket not in ("year", "month"):  # a day each (date.max's ends past it: an ordinal)
            return [(days[i], days[i] + 1, counts[i]) for i in range(a, b)]
        out, day, left, years = [], dt.date.fromordinal, bisect.bisect_left, bucket == "year"
        while a < b:
            # The bounds by arithmetic, not as dates: one date a period instead of three.
            first = day(days[a])
            if years:
                start, end = _year_start(first.year), _year_start(first.year + 1)
            else:
                start = _month_start(first.year, first.month)
                end = (_year_start(first.year + 1) if first.month == 12
                       else _month_start(first.year, first.month + 1))
            after = left(days, end, a, b)
            out.append((start, end, starts[after - 1] + counts[after - 1] - starts[a]))
            a = after
        return out


_DAYS_BEFORE_MONTH = (0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def _year_start(year: int) -> int:
    """The ordinal of 1 January of `year` (10000 too: the day after date.max)."""
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400 + 1


def _month_start(year: int, month: int) -> int:
    leap = month > 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return _year_start(year) + _DAYS_BEFORE_MONTH[month] + leap


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
    d, dialect = models.EventDay, session.get_bind().dialect.name
    rows = sa.select(dialects.date_ordinal(dialect, d.day).label("day"), d.events).order_by(d.day)
    if dialect != "sqlite":
        return _counts(session.connection().execute(rows).all(), session.scalar(_last_end()))
    # Two strings, not a Python row for each of 24,000 days (at a million events) to loop over;
    # SQLite keeps the subquery's order for group_concat (no ORDER BY outside, one table).
    rows = rows.subquery()
    days, counts, end = session.connection().execute(sa.select(  # null: a day SQLite cannot read
        sa.func.group_concat(sa.func.coalesce(rows.c.day, "null")), sa.func.group_concat(rows.c.events),
        _last_end().scalar_subquery())).one()
    if not days:
        return DayCounts(end=end)
    days, counts = json.loads(f"[{days}]"), json.loads(f"[{counts}]")
    if None in days or 0 in counts:  # skipped as `_counts` skips them
        keep = [d is not None and n != 0 for d, n in zip(days, counts)]
        days, counts = list(itertools.compress(days, keep)), list(itertools.compress(counts, keep))
    starts = tuple(itertools.accumulate(counts, initial=0))[:-1]
    return DayCounts(tuple(days), tuple(counts), starts, end)


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

    Read from the narrow `event_keys` (migration 0009), days as ordinals. Raises
    queries.QueryError for a search the database cannot run, interrupt.Cancelled when
    `cancelled()` turns true on SQLite."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    stmt = _sqlite_matching(filters) if sqlite else _matching(filters)
    try:
        with interrupt.cancellable(session, cancelled):
            result = session.connection().execute(stmt)  # Core rows: no ORM loading
            found = result.one() if sqlite else result.fetchall()
    except sa.exc.OperationalError as exc:
        raise queries.QueryError(f"Cannot search for {filters.query!r}: {exc.orig}") from exc
    if sqlite:
        joined_ids, joined_days, last = found
        if not joined_ids:
            return array.array("q"), DayCounts()
        # json parses the ids in C (twice as fast as int() each); days stay strings until a
        # day's first row: equal days are equal strings.
        ids, days = _distinct(json.loads("[" + joined_ids + "]"), joined_days.split(","))
    else:
        if not found:
            return array.array("q"), DayCounts()
        ids, days, ends = zip(*found)
        last = max(ends)
    return array.array("q", ids), _runs(days, dt.date.fromordinal(last))


def _runs(days: Sequence, end: dt.date) -> DayCounts:
    """DayCounts of a list of days in order (one per event), found by C loops over the list:
    a Python step per event costs ~30 ms at 100,000 matches."""
    starts = [0, *itertools.compress(range(1, len(days)), map(operator.ne, days[1:], days[:-1]))]
    counts = list(map(operator.sub, starts[1:], starts[:-1]))
    counts.append(len(days) - starts[-1])
    return DayCounts(tuple(map(int, map(days.__getitem__, starts))), tuple(counts), tuple(starts), end)


def _matching(filters: queries.Filters):
    """(id, day, end day) of the matching timeline events in timeline order."""
    t = models.EventKey
    leads = filtering.passing_leads(filters)
    listed = [t.id.in_(leads)] if leads is not None else [t.id == t.lead_id]
    return (sa.select(t.id, t.day, t.end_day).where(t.day.is_not(None), *listed)
            .order_by(*filtering.timeline_order(t, filtering.KEY_ORDER)))


def _sqlite_matching(filters: queries.Filters):
    """One row: the matching ids and their days, each joined by commas in timeline order (a
    group with several passing members comes once per member: see _distinct), and the last end.

    A common word matches over 100,000 events: a Python row each costs more than finding them,
    and so does a list of their leads to look each timeline event up in (the join instead)."""
    t, k = models.EventKey, orm.aliased(models.EventKey)
    source, conditions = filtering.passing_members(filters, k, "sqlite")
    stmt = sa.select(t.id, t.day, t.end_day)
    if conditions:
        stmt = stmt.select_from(source).join(t, t.id == k.lead_id).where(*conditions)
    else:
        stmt = stmt.where(t.id == t.lead_id)
    rows = (stmt.where(t.day.is_not(None))
            .order_by(*filtering.timeline_order(t, filtering.KEY_ORDER)).subquery())
    # No ORDER BY outside and one table: SQLite keeps the subquery's order for group_concat.
    return sa.select(sa.func.group_concat(rows.c.id), sa.func.group_concat(rows.c.day),
                     sa.func.max(rows.c.end_day))


def _distinct(ids: list[int], days: list) -> tuple[list[int], list]:
    """Each id once, with its day (a repeat is next to its first: same key, same id)."""
    keep = [True, *map(operator.ne, ids[1:], ids[:-1])]  # C loops: 100,000 ids in a few ms
    if all(keep):
        return ids, days
    return list(itertools.compress(ids, keep)), list(itertools.compress(days, keep))


def ids_on_days(session: orm.Session, days: Sequence[dt.date]) -> list[int]:
    """Ids of all timeline events beginning on `days`, in timeline order (ix_events_begin)."""
    e = models.Event
    stmt = (sa.select(e.id).where(*queries.timeline_conditions(queries.Filters()), e.begin.in_(list(days)))
            .order_by(*filtering.timeline_order(e)))
    return list(session.scalars(stmt))


def day_counts_matching(session: orm.Session, filters: queries.Filters) -> DayCounts:
    """The timeline events passing `filters` (active or not) counted per day.

    Counted in SQL, without the ids or their full order (`matching`'s costliest part)."""
    if not filters.active:
        return day_counts(session)
    t, k = models.EventKey, orm.aliased(models.EventKey)
    source, conditions = filtering.passing_members(filters, k, session.get_bind().dialect.name)
    # Distinct: two passing members of one group count their timeline event once.
    stmt = (sa.select(t.day, sa.func.count(sa.distinct(t.id)), sa.func.max(t.end_day))
            .select_from(source).join(t, t.id == k.lead_id).where(*conditions, t.day.is_not(None))
            .group_by(t.day).order_by(t.day))
    try:
        rows = session.connection().execute(stmt).all()
    except sa.exc.OperationalError as exc:
        raise queries.QueryError(f"Cannot search for {filters.query!r}: {exc.orig}") from exc
    if not rows:
        return DayCounts()
    return _counts([(day, n) for day, n, _ in rows], dt.date.fromordinal(max(r[2] for r in rows)))
