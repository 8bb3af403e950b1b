"""Read queries only the GUI needs. Each takes a Session and returns frozen dataclasses."""
from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import entity_list, models


@dataclasses.dataclass(frozen=True)
class DateRange:
    """The days the timeline spans: first event start, last event end (inclusive)."""

    first: dt.date | None
    last: dt.date | None


def event_date_range(session: orm.Session) -> DateRange:
    """First and last day covered by any event; both None for an empty database."""
    e = models.Event
    # Two statements: SQLite reads a lone min() or max() from the top of an index, but scans
    # every event for both at once.
    first = session.scalar(sa.select(sa.func.min(e.begin)))
    end = session.scalar(sa.select(sa.func.max(e.end_date)))
    # end_date is exclusive (half-open interval); the filter bar shows inclusive days.
    last = end - dt.timedelta(days=1) if end is not None else None
    return DateRange(first, last)


@dataclasses.dataclass(frozen=True)
class Totals:
    articles: int
    events: int  # timeline events
    dated: int = 0  # articles with a publication date (the article chooser lists them first)


def totals(session: orm.Session) -> Totals:
    """How many articles and timeline events there are, from an index and `event_days`: at a
    start, without corpus_summary's scan of every article for its dates."""
    events = session.scalar(sa.select(sa.func.sum(models.EventDay.events)))
    articles, dated = entity_list.article_counts(session)
    return Totals(articles, events or 0, dated)

