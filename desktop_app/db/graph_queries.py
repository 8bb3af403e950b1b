"""Read queries for the graphical timeline: events in a date window, density per period, extent.

Each takes a Session and the same `queries.Filters` as the list, applied in SQL, and returns
plain frozen dataclasses.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import batching, dialects, intervals, models, queries
from desktop_app.db import filters as filtering
# The list's filter conditions, reused so the graph can never disagree with the list.
from desktop_app.db.queries import timeline_conditions as event_conditions

BUCKETS = ("day", "month", "year")
LABEL_CHARS = 120  # a label is drawn beside the mark; the source pane shows the whole sentence
# Stay well under SQLite's bound-parameter limit when asking about many event ids at once.
_ID_CHUNK = 900
# Up to this many timeline events in a window, its events may be tested one by one against a
# filter (~4 µs each at a million) rather than against the list of everything that passes.
PROBED_WINDOW = 20_000


@dataclasses.dataclass(frozen=True)
class GraphEvent:
    """One event as the graph draws it: its half-open date interval and what puts it in a lane."""

    id: int
    begin: dt.date
    end_date: dt.date  # exclusive
    granularity: str | None
    label: str
    article_id: int
    entity_ids: tuple[int, ...] = ()  # named entities in its sentence (no figures, none hidden)
    open_start: bool = False  # began at an unknown time before `begin` ("until March 2027")
    open_end: bool = False  # may go on after `end_date` ("since April 2025")
    sources: int = 1  # reporting events merged into this one (see db.event_groups)


@dataclasses.dataclass(frozen=True)
class DensityBin:
    """Events whose interval begins in [start, end)."""

    start: dt.date
    end: dt.date
    count: int


@dataclasses.dataclass(frozen=True)
class GraphWindow:
    """The events overlapping [lo, hi), at most `limit` of them, with names for the lanes."""

    lo: dt.date
    hi: dt.date
    events: tuple[GraphEvent, ...]
    total: int  # how many match in the window, drawn or not
    entity_names: dict[int, str] = dataclasses.field(default_factory=dict)
    article_titles: dict[int, str] = dataclasses.field(default_factory=dict)
    bins: tuple[DensityBin, ...] = ()  # filled by callers that aggregate a truncated window
    loading: bool = False  # a caller's stand-in (bins, no events) while the events are read

    @property
    def truncated(self) -> bool:
        return self.total > len(self.events)


@dataclasses.dataclass(frozen=True)
class DateExtent:
    """First day any matching event covers and the day after the last (half-open)."""

    first: dt.date | None
    end: dt.date | None


def _run(session: orm.Session, filters: queries.Filters, stmt):
    try:
        return session.execute(stmt)
    except sa.exc.OperationalError as exc:  # a malformed full-text query
        raise queries.QueryError(f"Cannot search for {filters.query!r}: {exc.orig}") from exc


def _short(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= LABEL_CHARS - 20 else words[:LABEL_CHARS - 21].rstrip() + "…"


def events_in_window(session: orm.Session, filters: queries.Filters, lo: dt.date, hi: dt.date,
                     limit: int = 3000, entities: bool = True) -> GraphWindow:
    """Events passing `filters` whose interval overlaps [lo, hi), in timeline order, capped.

    Each event's entity ids (for lanes by entity) only with `entities`, and never in a capped
    window: the graph draws counts for those, and the ids cost ~25 ms a thousand events."""
    ids, total = _window_ids(session, filters, lo, hi, limit)
    return window_of(session, ids, total, lo, hi, entities and total <= limit)


def window_of(session: orm.Session, ids: list[int], total: int, lo: dt.date, hi: dt.date,
              entities: bool) -> GraphWindow:
    """The GraphWindow of these event ids (in timeline order, `total` overlapping [lo, hi)):
    labels, lanes' names and article titles; each event's entity ids only with `entities`."""
    # Core statements made once, on the session's connection: a window is up to a thousand
    # events, read on the filter's worker, and the ORM's statement coercion and row loading
    # cost more than the query (see queries.events_by_ids).
    connection = session.connection()
    found = {r[0]: r for r in batching.rows(connection, _WINDOW_ROWS, ids, _ID_CHUNK)}
    rows = [found[i] for i in ids if i in found]
    mentioned = _entities_of(session, ids) if entities else {}
    events = tuple(GraphEvent(r[0], r[1], r[2], r[3], _short(r[4] or ""), r[5],
                              tuple(mentioned.get(r[0], ())), bool(r[6]), bool(r[7]), r[8] or 1)
                   for r in rows)
    entity_ids = sorted({i for ev in events for i in ev.entity_ids})
    article_ids = sorted({ev.article_id for ev in events})
    names = queries.entity_names(session, entity_ids) if entity_ids else {}
    titles = dict(batching.rows(connection, _TITLES, article_ids, _ID_CHUNK))
    return GraphWindow(lo, hi, events, total, names, titles)


def _window_ids(session: orm.Session, filters: queries.Filters, lo: dt.date, hi: dt.date,
                limit: int) -> tuple[list[int], int]:
    """The first `limit` ids of the window's matching timeline events, in timeline order, and
    how many match there. From the narrow `event_keys`: the wide event rows only for those shown."""
    t, k = orm.aliased(models.EventKey), orm.aliased(models.EventKey)  # timeline event, member
    conditions = filtering._key_conditions(filters, k, probe=True)
    if not conditions:
        passing = t.id == t.lead_id
    elif _probed(session, filters, lo, hi):
        # Each of the window's few events asks whether a member passes (ix_event_keys_lead):
        # a common word passes 100,000 events, far more than a window the graph draws.
        passing = sa.exists().where(k.lead_id == t.id, *conditions)
        if not (filters.query.strip() or filters.entity_ids or filters.entity_types):
            # Most events are their group's only member: the row in hand answers first, and
            # the lookup of each member's row (half a year filter's time) is for the rest. Not
            # with a search or entities: SQLite would build their list of matches twice.
            itself = sa.and_(t.id == t.lead_id, *filtering._key_conditions(filters, t, probe=True))
            passing = sa.or_(itself, sa.exists().where(k.lead_id == t.id, k.id != t.id, *conditions))
    else:  # the list of passing leads, made once, is the cheaper side
        passing = t.id.in_(filtering.passing_leads(filters, session.get_bind().dialect.name))
    where = [t.day.is_not(None), intervals.overlaps_days(t, lo, hi), passing]
    # The count comes with the rows (a window function sees them all before the LIMIT): a
    # second statement would find the matches again.
    stmt = (sa.select(t.id, sa.func.count().over()).where(*where)
            .order_by(*filtering.timeline_order(t, filtering.KEY_ORDER)).limit(limit))
    rows = _run(session, filters, stmt).all()
    return [r[0] for r in rows], rows[0][1] if rows else 0


def _probed(session: orm.Session, filters: queries.Filters, lo: dt.date, hi: dt.date) -> bool:
    """Whether to test the window's events one by one rather than list what passes: when the
    window holds fewer timeline events than the filter's cheapest estimate of its matches."""
    window = _beginning(session, lo, hi, PROBED_WINDOW)
    if window >= PROBED_WINDOW:
        return False
    estimates = []  # upper bounds of the matches, from what is counted already
    if filters.entity_ids:
        n = models.EntityStat
        mentions = dict(session.execute(sa.select(n.entity_id, n.mentions)
                                        .where(n.entity_id.in_(list(filters.entity_ids)))).all())
        counts = [mentions.get(i, 0) for i in filters.entity_ids]
        estimates.append(sum(counts) if filters.entity_mode == "any" else min(counts))
    if filters.date_from or filters.date_to:
        estimates.append(_beginning(session, filters.date_from or dt.date.min,
                                    filters.date_to or dt.date.max, window + 1))
    if filters.article_ids:
        estimates.append(window + 1 if len(filters.article_ids) > window // 20 else 0)
    if filters.query.strip():
        estimates.append(_text_matches(session, filters, window + 1))
    return not estimates or window < min(estimates)


def _text_matches(session: orm.Session, filters: queries.Filters, enough: int) -> int:
    """How many events the search matches, counting no further than `enough`."""
    if session.get_bind().dialect.name == "postgresql":
        found = sa.text(f"SELECT 1 FROM events WHERE text_tsv @@ "
                        f"to_tsquery('{dialects.TS_CONFIG}'::regconfig, :q) LIMIT :n"
                        ).bindparams(q=filtering.ts_query(filters.query), n=enough)
    else:
        found = sa.text("SELECT 1 FROM events_fts WHERE events_fts MATCH :q LIMIT :n").bindparams(
            q=filtering.fts_query(filters.query), n=enough)
    return _run(session, filters, sa.select(sa.func.count()).select_from(
        found.columns(sa.column("one")).subquery())).scalar() or 0


def _beginning(session: orm.Session, lo: dt.date, hi: dt.date, enough: int) -> int:
    """How many timeline events (unfiltered) begin in [lo, hi) from `event_days`, counting no
    further than `enough` days (each has one at least): a bound, read in at most that many rows."""
    d = models.EventDay
    days = sa.select(d.events).where(d.day >= lo, d.day < hi).order_by(d.day).limit(enough).subquery()
    return session.scalar(sa.select(sa.func.coalesce(sa.func.sum(days.c.events), 0))) or 0


def _window_statements() -> tuple[sa.Select, sa.Select, sa.Select]:
    """(window rows, titles, entities mentioned) for an expanding `ids` parameter (Core)."""
    events, timexes = models.Event.__table__, models.Timex.__table__
    mentions, entity_table = models.Mention.__table__, models.Entity.__table__
    e, t, m, n = events.c, timexes.c, mentions.c, entity_table.c
    ids = batching.IDS
    # How many events (one per reporting article, as a rule) each timeline event stands for.
    # `+ 0`: compared with the bare rowid SQLite would scan instead of using ix_events_group.
    member = events.alias("member").c
    sources = (sa.select(sa.func.count()).where(sa.func.coalesce(member.lead_id, member.id) == e.id + 0)
               .scalar_subquery())
    # Outer join: an event dated by its article's publication has no time expression (a day).
    granularity = sa.case((t.id.is_(None), "day"), else_=t.granularity)
    rows = (sa.select(e.id, e.begin, e.end_date, granularity, sa.func.substr(e.text, 1, LABEL_CHARS),
                      e.article_id, e.open_start, e.open_end, sources)
            .select_from(events.outerjoin(timexes, t.id == e.timex_id)).where(e.id.in_(ids)))
    a = models.Article.__table__.c
    titles = sa.select(a.id, a.title).where(a.id.in_(ids))
    # Named, visible entities mentioned inside each event's sentence, in order of mention.
    mentioned = (sa.select(e.id, m.entity_id)
                 .select_from(events.join(mentions, sa.and_(m.article_id == e.article_id,
                                                            m.start >= e.start, m.end <= e.end))
                              .join(entity_table, n.id == m.entity_id))
                 .where(e.id.in_(ids), n.hidden.is_(False), n.type.not_in(queries.FIGURE_TYPES))
                 .order_by(e.id, m.start))
    return rows, titles, mentioned


_WINDOW_ROWS, _TITLES, _MENTIONED = _window_statements()


def _entities_of(session: orm.Session, event_ids: Sequence[int]) -> dict[int, list[int]]:
    """Named, visible entities mentioned inside each event's sentence, in order of mention."""
    found: dict[int, list[int]] = {}
    for event_id, entity_id in batching.rows(session.connection(), _MENTIONED, event_ids,
                                             _ID_CHUNK):
        ids = found.setdefault(event_id, [])
        if entity_id not in ids:
            ids.append(entity_id)
    return found


def bucket_start(day: dt.date, bucket: str) -> dt.date:
    """The first day of the day, month or year `day` falls in."""
    if bucket == "year":
        return dt.date(day.year, 1, 1)
    if bucket == "month":
        return dt.date(day.year, day.month, 1)
    return day


def bucket_end(start: dt.date, bucket: str) -> dt.date:
    """The first day after the bucket that starts on `start`."""
    if bucket == "year":
        return dt.date(start.year + 1, 1, 1) if start.year < dt.MAXYEAR else dt.date.max
    if bucket == "month":
        if start.month == 12:
            return dt.date(start.year + 1, 1, 1) if start.year < dt.MAXYEAR else dt.date.max
        return dt.date(start.year, start.month + 1, 1)
    return start + dt.timedelta(days=1) if start < dt.date.max else start


def density(session: orm.Session, filters: queries.Filters, bucket: str,
            lo: dt.date | None = None, hi: dt.date | None = None) -> list[DensityBin]:
    """How many events passing `filters` begin in each day, month or year, oldest first.

    With `lo`/`hi`, only events overlapping [lo, hi) count (their bucket may start before lo).
    """
    if bucket not in BUCKETS:
        raise ValueError(f"bucket must be one of {BUCKETS}, not {bucket!r}")
    e = models.Event
    # Grouping by a formatted date keeps the counting in SQL: one row per non-empty bucket.
    key = dialects.date_bucket(session.get_bind().dialect.name, e.begin, bucket)
    conditions = list(event_conditions(filters))
    if lo is not None or hi is not None:
        conditions.append(intervals.overlaps(e, lo, hi))
    stmt = sa.select(key, sa.func.count(e.id)).where(*conditions).group_by(key).order_by(key)
    bins = []
    for label, count in _run(session, filters, stmt):
        if label is None:
            continue
        start = dt.date.fromisoformat(label)
        bins.append(DensityBin(start, bucket_end(start, bucket), count))
    return bins


def date_extent(session: orm.Session, filters: queries.Filters = queries.Filters()) -> DateExtent:
    """The days the events passing `filters` span; both None when none match."""
    e = models.Event
    stmt = sa.select(sa.func.min(e.begin), sa.func.max(e.end_date)).where(*event_conditions(filters))
    first, end = _run(session, filters, stmt).one()
    return DateExtent(first, end)
