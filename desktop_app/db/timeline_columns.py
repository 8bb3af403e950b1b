"""The narrow `event_keys` held in memory as numpy columns: filtered matching without SQL sorts.

At a million events a common word matches 100,000+ of them, and SQL then spends ~300 ms joining
the matches to their leads and sorting those. Here the database answers only what needs its
indexes (full-text matches, mentions, outlets) as unordered member ids; dates, articles, the
member-to-lead mapping, the timeline order and the per-day counts are array operations on
columns read once (`build`). `Columns.matching` returns exactly what timeline_index.matching does.

The hide flags (publication-dated, possible, year-only) read the wide `events` rows and timexes;
loading them would read the whole wide table at build time, so filters that use them go to
timeline_index.matching instead (they are rarely changed and never typed).
numpy is imported with this module: import it lazily, never on the way to the first paint.
"""
from __future__ import annotations

import array
import collections
import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from typing import ClassVar

import numpy as np
import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import dialects, interrupt, intervals, models, queries, timeline_index
from desktop_app.db import filters as filtering

NO_DAY = np.iinfo(np.int32).max  # an undated event's day: after every `hi`, never "not null"
_DENSE = 64  # above 1/64 of the timeline matched, a mask over it beats sorting the positions


@dataclasses.dataclass(frozen=True, eq=False)
class Columns:
    """event_keys by id (dense arrays, index = event id) and the timeline in order."""

    day: np.ndarray  # int32 ordinal; NO_DAY when undated or no such id
    end_day: np.ndarray  # int32 ordinal (exclusive); 0 when null
    span: np.ndarray  # int8 intervals.SPAN_BOUNDS class; -1 when null
    article: np.ndarray  # int32; -1 for no such id
    lead_pos: np.ndarray  # int32 place of the event's lead in `ids`; -1 when not listed
    ids: np.ndarray  # int64: every dated event in timeline order (filtering.KEY_ORDER)
    days: np.ndarray  # int32 day of each of `ids`
    ends: np.ndarray  # int32 end day of each of `ids`
    leads: np.ndarray  # int32 places in `ids` of the timeline events (dated group leads)
    # Every event_keys row by (article, start): the events a mention lies inside, found here.
    place_key: np.ndarray  # int64 article_id << 32 | start, sorted
    place_ids: np.ndarray  # int32 event id of each
    place_end: np.ndarray  # int32 end offset of each
    # The database's answers for the last few searches and entities: a filter is often asked
    # again with other dates (a search narrowed to a year, the strip's counts without the range).
    # They go with the columns, dropped whenever anyone commits.
    _recent: collections.OrderedDict = dataclasses.field(
        default_factory=collections.OrderedDict, repr=False)
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False)

    RECENT: ClassVar[int] = 8  # answers kept
    RECENT_MAX: ClassVar[int] = 2_000_000  # ids in one answer at most (an entity type's can be more)

    @property
    def nbytes(self) -> int:
        return sum(value.nbytes for f in dataclasses.fields(self)
                   if isinstance(value := getattr(self, f.name), np.ndarray))

    def handles(self, filters: queries.Filters) -> bool:
        """Whether the columns answer `filters` (the hide flags need the wide rows)."""
        return not (filters.hide_publication_dated or filters.hide_possible or filters.hide_year_only)

    def matching(self, session: orm.Session, filters: queries.Filters,
                 cancelled: Callable[[], bool] | None = None):
        """(array('q') of ids, DayCounts) as timeline_index.matching returns them; the same
        QueryError and Cancelled."""
        if not self.handles(filters):
            return timeline_index.matching(session, filters, cancelled)
        if not filters.active:
            return self._result(self.leads)
        if filters.entity_mode not in filtering.ENTITY_MODES:
            raise ValueError(f"entity_mode must be one of {filtering.ENTITY_MODES}, "
                             f"not {filters.entity_mode!r}")
        try:
            members, outlets = self._looked_up(session, filters, cancelled)
        except sa.exc.OperationalError as exc:  # as timeline_index.matching words it
            raise queries.QueryError(f"Cannot search for {filters.query!r}: {exc.orig}") from exc
        wanted = self._dense(filters, members, outlets)
        if members is None:
            members = np.flatnonzero(wanted)
        elif wanted is not None:
            members = members[wanted]
        places = self.lead_pos[members]
        places = places[places >= 0]
        if len(places) * _DENSE < len(self.ids):
            return self._result(np.unique(places))
        hit = np.zeros(len(self.ids), dtype=bool)  # sorted and distinct in one pass
        hit[places] = True
        return self._result(np.flatnonzero(hit))

    def _looked_up(self, session: orm.Session, filters: queries.Filters, cancelled) -> tuple:
        """(member ids, outlet articles): what only the database's indexes answer, asked once
        for the same search, entities and outlets while the answer is kept."""
        key = (filters.query, filters.entity_ids, filters.entity_mode, filters.entity_types,
               filters.outlets)
        with self._lock:  # the list's and the strip's workers may ask at once
            if (found := self._recent.get(key)) is not None:
                self._recent.move_to_end(key)
                return found
        with interrupt.cancellable(session, cancelled):
            members = _member_ids(session, filters, self)
            found = members, _ids(session, _outlet_articles(filters.outlets)) if filters.outlets else None
        if members is None or len(members) <= self.RECENT_MAX:
            with self._lock:
                self._recent[key] = found
                while len(self._recent) > self.RECENT:
                    self._recent.popitem(last=False)
        return found

    def timeline_row(self, event_id: int) -> int:
        """The unfiltered row of `event_id`; -1 when it is not a timeline event."""
        if not 0 <= event_id < len(self.lead_pos) or (place := self.lead_pos[event_id]) < 0:
            return -1
        if self.ids[place] != event_id:  # a merged member: its lead has the row
            return -1
        # `place` stays an int32 as `leads` is: searching for a Python int, numpy first copies
        # all of `leads` as int64 (~0.4 ms at a million events, at every filter change).
        row = int(np.searchsorted(self.leads, place))
        return row if row < len(self.leads) and self.leads[row] == place else -1

    def reaching_in(self, ids, first: int, lo: dt.date) -> list[int]:
        """Of the matched `ids` (timeline order) before place `first`, all beginning before `lo`,
        those ending after it, in order: filter_reads._reaching_in without a query per day."""
        before = np.asarray(ids[:first], dtype=np.int64)
        before = before[(before >= 0) & (before < len(self.end_day))]
        return before[self.end_day[before] > lo.toordinal()].tolist()

    def timeline_ids(self, first: int, last: int) -> list[int]:
        """Ids of rows [first, last) of the unfiltered timeline."""
        return self.ids[self.leads[first:last]].tolist()

    def _dense(self, filters: queries.Filters, members: np.ndarray | None,
               outlets: np.ndarray | None) -> np.ndarray | None:
        """Mask of `members` (of every id when None) passing the date and article conditions;
        None when there are none."""
        def column(values: np.ndarray) -> np.ndarray:
            return values if members is None else values[members]
        tests = []
        if filters.date_from or filters.date_to:
            tests.append(self._overlaps(column, filters.date_from, filters.date_to))
        if filters.article_ids:
            tests.append(np.isin(column(self.article), np.array(filters.article_ids, dtype=np.int64)))
        if outlets is not None:
            tests.append(np.isin(column(self.article), outlets))
        if not tests:
            return None
        mask = tests[0]
        for test in tests[1:]:
            mask &= test
        return mask

    def _overlaps(self, column, lo: dt.date | None, to: dt.date | None) -> np.ndarray:
        """intervals.overlaps_days on the columns: [lo, to] inclusive as the filter bar gives it."""
        hi = to + dt.timedelta(days=1) if to and to < dt.date.max else None
        day = column(self.day)
        upper = day < hi.toordinal() if hi is not None else day != NO_DAY
        if lo is None:
            return upper
        # Each length class may begin only so long before `lo` (the SQL's index ranges): implied
        # by the end test but for days at date.min, kept to be exact. The longest class may
        # begin any time; an unknown class (-1, so the last entry) never passes.
        earliest = np.array([intervals._minus(lo, bound).toordinal() for bound in intervals.SPAN_BOUNDS]
                            + [np.iinfo(np.int32).min, np.iinfo(np.int32).max], dtype=np.int64)
        return upper & (day > earliest[column(self.span)]) & (column(self.end_day) > lo.toordinal())

    def _result(self, places: np.ndarray):
        if not len(places):
            return array.array("q"), timeline_index.DayCounts()
        days = self.days[places]
        starts = np.concatenate(([0], np.flatnonzero(days[1:] != days[:-1]) + 1))
        counts = np.diff(np.append(starts, len(days)))
        last = int(self.ends[places].max())
        ids = array.array("q")
        ids.frombytes(self.ids[places].astype(np.int64).tobytes())
        return ids, timeline_index.DayCounts(tuple(days[starts].tolist()), tuple(counts.tolist()),
                                             tuple(starts.tolist()),
                                             dt.date.fromordinal(last) if last > 0 else None)


def build(session: orm.Session, cancelled: Callable[[], bool] | None = None) -> Columns:
    """Read every event_keys row once and order the timeline. At a million events: ~1.7 s, and
    ~110 MB more resident (the 40 MB kept, and the parse's freed memory that malloc holds on to).

    Raises interrupt.Cancelled when `cancelled()` turns true on SQLite."""
    k = models.EventKey
    names = (k.id, k.lead_id, sa.func.coalesce(k.day, 0), sa.func.coalesce(k.end_day, 0),
             k.article_id, k.start, k.end)  # 0: null (ordinals start at 1)
    with interrupt.cancellable(session, cancelled):
        joined = session.connection().execute(sa.select(*(
            _joined(session, column, k.id) for column in names))).one()
    ids, lead, day, end, article, start, stop = (_parse(text) for text in joined)
    place_key = _place_key(article, start)
    places = np.argsort(place_key, kind="stable")
    place_key = place_key[places]
    n = int(ids.max()) + 1 if len(ids) else 1
    by_day = np.full(n, NO_DAY, dtype=np.int32)
    by_day[ids] = np.where(day == 0, NO_DAY, day)
    by_end = np.zeros(n, dtype=np.int32)
    by_end[ids] = end
    span = np.full(n, -1, dtype=np.int8)  # as migration 0009 computes it; null without both days
    both = (day != 0) & (end != 0)
    span[ids[both]] = np.searchsorted(np.array(intervals.SPAN_BOUNDS), (end - day)[both], side="left")
    by_article = np.full(n, -1, dtype=np.int32)
    by_article[ids] = article
    lead_pos = np.full(n, -1, dtype=np.int32)
    members, member_leads = ids, lead
    dated = np.flatnonzero(day != 0)
    ids, lead, day, end = ids[dated], lead[dated], day[dated], end[dated]
    # filtering.KEY_ORDER: day, end day (null first, as SQLite sorts it), article, start, id.
    order = np.lexsort((ids, start[dated], article[dated], end, day))
    ids, lead, day, end = ids[order], lead[order], day[order], end[order]
    place = np.full(n, -1, dtype=np.int32)
    place[ids] = np.arange(len(ids), dtype=np.int32)
    # A member's lead is listed when it is a dated row (the SQL joins on lead_id, whatever it is).
    known = (member_leads >= 0) & (member_leads < n)
    lead_pos[members[known]] = place[member_leads[known]]
    # numpy's first unique() sets itself up (~20 ms, once a process): here in the build's
    # worker, not in the first filter a user asks for.
    np.unique(np.zeros(2, dtype=np.int32))
    return Columns(by_day, by_end, span, by_article, lead_pos, ids, day.astype(np.int32),
                   end.astype(np.int32), np.flatnonzero(lead == ids).astype(np.int32),
                   place_key, members[places].astype(np.int32), stop[places].astype(np.int32))


def _place_key(article: np.ndarray, start: np.ndarray) -> np.ndarray:
    return (article.astype(np.int64) << 32) | start.astype(np.int64)


def _joined(session: orm.Session, column, order_by):
    """All values of `column` as one comma-joined string (one row, not a Python row each)."""
    if session.get_bind().dialect.name == "sqlite":
        return sa.func.group_concat(column)  # one table, no ORDER BY: every column in rowid order
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    # ORDER BY after the last argument: string_agg(text, ',' ORDER BY id).
    return sa.func.string_agg(sa.cast(column, sa.Text),
                              aggregate_order_by(sa.literal_column("','"), order_by))


def _parse(text: str | None) -> np.ndarray:
    # Parsed in C: ~0.05 s for a million numbers (json.loads and a list: ~0.2 s).
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, dtype=np.int64)


def _ids(session: orm.Session, stmt) -> np.ndarray:
    """The first column of `stmt`'s rows, unordered, read as one string."""
    rows = stmt.subquery()
    column = rows.c[0]
    return _parse(session.connection().execute(sa.select(_joined(session, column, column))).scalar())


def _member_ids(session: orm.Session, filters: queries.Filters, columns: Columns) -> np.ndarray | None:
    """Ids (below the columns' size, maybe repeated) of the events passing the conditions that
    need the database: the search, the entities and entity types; None when none is set."""
    found, n = [], len(columns.day)
    if filters.query.strip():
        found.append(_ids(session, _text_matches(session, filters.query)))
    entities = list(filters.entity_ids)
    if filters.entity_mode == "any" and entities:
        found.append(_inside(session, columns, lambda m: m.entity_id.in_(entities)))
    else:
        found += [_inside(session, columns, lambda m, i=i: m.entity_id == i) for i in entities]
    if filters.entity_types:
        n_, types = models.Entity, list(filters.entity_types)
        # Hidden entities are not shown anywhere, so they do not make an event pass either.
        typed = sa.select(n_.id).where(n_.type.in_(types), n_.hidden.is_(False))
        found.append(_ids(session, _mentioning(lambda m: m.entity_id.in_(typed))))
    if not found:
        return None
    members = found[0][(found[0] >= 0) & (found[0] < n)]
    for other in found[1:]:
        keep = np.zeros(n, dtype=bool)
        keep[other[(other >= 0) & (other < n)]] = True
        members = members[keep[members]]
    return members


def _inside(session: orm.Session, columns: Columns, where) -> np.ndarray:
    """Ids of the events with a mention matching `where` inside their sentence, as `_mentioning`
    finds them: the mentions from their covering index (ix_mentions_entity_article), each then
    placed among its article's events in memory. At 1M, 12,400 mentions: ~10 ms, not ~40."""
    m = models.Mention
    article, start, end = (_parse(text) for text in session.connection().execute(sa.select(*(
        _joined(session, column, m.id) for column in (m.article_id, m.start, m.end))).where(
        where(m))).one())
    if not len(article):
        return np.zeros(0, dtype=np.int64)
    # Each mention's candidates: its article's events beginning at or before it.
    first = np.searchsorted(columns.place_key, _place_key(article, np.zeros_like(start)))
    after = np.searchsorted(columns.place_key, _place_key(article, start), side="right")
    counts = after - first
    mention = np.repeat(np.arange(len(article)), counts)
    place = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts) + first[mention]
    inside = columns.place_end[place] >= end[mention]
    return columns.place_ids[place[inside]].astype(np.int64)


def _text_matches(session: orm.Session, query: str):
    """SELECT of the ids of the events whose sentence matches the search (filtering.fts_query)."""
    if session.get_bind().dialect.name == "sqlite":  # the FTS5 table itself, not a lookup per id
        fts = sa.table("events_fts", sa.column("rowid"))
        return sa.select(fts.c.rowid).where(
            sa.literal_column("events_fts").op("MATCH")(filtering.fts_query(query)))
    # The matching rows themselves: event_text_match's `id IN (SELECT … FROM events …)` would
    # join events to itself (a common word at 100k: 88 -> 58 ms).
    filtering.fts_query(query)  # raises on a search neither database can run, as the SQL path
    events = sa.table("events", sa.column("id"), sa.column("text_tsv"))
    return sa.select(events.c.id).where(dialects.tsv_match(events, filtering.ts_query(query)))


def _mentioning(where):
    """SELECT of the ids of the events with a mention matching `where` inside their sentence
    (filtering._mentioned_in's subquery: ix_mentions_entity_article, then ix_event_keys_article)."""
    m, inside = orm.aliased(models.Mention), orm.aliased(models.EventKey)
    return sa.select(inside.id).join(m, sa.and_(
        m.article_id == inside.article_id, inside.start <= m.start, inside.end >= m.end)).where(where(m))


def _outlet_articles(outlets):
    a = models.Article
    return sa.select(a.id).where(a.outlet.in_(list(outlets)))
