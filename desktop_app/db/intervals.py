"""Interval overlap as index ranges: an event's length class (events.span_class, migration 0007)
bounds how early it can begin and still reach a day, so "overlaps [lo, hi)" is one short range
of ix_events_span per class instead of a scan of everything that began before `hi`."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

# Upper bounds (days, inclusive) of span classes 0..5; class 6 is longer. Migration 0007 writes
# the same bounds into the generated column (tests/db/test_intervals.py checks they agree).
SPAN_BOUNDS = (1, 7, 31, 92, 366, 3660)


def _minus(day: dt.date, days: int) -> dt.date:
    return day - dt.timedelta(days=days) if day.toordinal() > days else dt.date.min


def overlaps(e, lo: dt.date | None, hi: dt.date | None):
    """SQL test that event `e` (models.Event or an alias) overlaps the half-open days [lo, hi)."""
    if lo is None:
        return e.begin < hi if hi is not None else e.begin.is_not(None)
    upper = [e.begin < hi] if hi is not None else [e.begin.is_not(None)]
    terms = [sa.and_(e.span_class == n, e.begin > _minus(lo, bound), *upper)
             for n, bound in enumerate(SPAN_BOUNDS)]
    terms.append(sa.and_(e.span_class == len(SPAN_BOUNDS), *upper))
    return sa.and_(sa.or_(*terms), e.end_date > lo)


def span_class(days: int) -> int:
    """The class of an event lasting `days` days, as the database computes it."""
    return next((n for n, bound in enumerate(SPAN_BOUNDS) if days <= bound), len(SPAN_BOUNDS))


def overlaps_days(k, lo: dt.date | None, hi: dt.date | None):
    """`overlaps` on models.EventKey `k` (or an alias): its day ordinals overlap [lo, hi)."""
    if lo is None:
        return k.day < hi.toordinal() if hi is not None else k.day.is_not(None)
    upper = [k.day < hi.toordinal()] if hi is not None else [k.day.is_not(None)]
    terms = [sa.and_(k.span_class == n, k.day > _minus(lo, bound).toordinal(), *upper)
             for n, bound in enumerate(SPAN_BOUNDS)]
    terms.append(sa.and_(k.span_class == len(SPAN_BOUNDS), *upper))
    return sa.and_(sa.or_(*terms), k.end_day > lo.toordinal())
