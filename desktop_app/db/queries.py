"""Read-side queries. Each takes a Session and returns plain frozen dataclasses."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import debris, timex_calendar
from desktop_app.db import batching, models, related_places
# Filters and their SQL live in db.filters; re-exported so callers keep using queries.*.
from desktop_app.db.filters import (ENTITY_MODES, YEAR_ONLY, TENTATIVE, Filters, QueryError,  # noqa: F401
                                    _event_conditions, entity_ids_by_key, entity_keys,
                                    entity_types, event_key_of, first_event_from, fts_query,
                                    has_flag, timeline_conditions, timeline_order)


@dataclasses.dataclass(frozen=True)
class EventRow:
    id: int
    text: str
    article_id: int
    article_title: str
    article_path: str
    article_published: dt.date | None
    start: int
    end: int
    value: str
    mod: str | None
    begin: dt.date
    end_date: dt.date
    granularity: str | None
    timex_start: int = 0  # the expression that dates the event
    timex_end: int = 0
    timex_text: str = ""  # "" when dated by publication (flag dated_by_publication, no timex)
    flags: tuple[str, ...] = ()  # from modality.FLAGS
    open_start: bool = False  # began at an unknown time before `begin` ("until March 2027")
    open_end: bool = False  # may go on after `end_date` ("since April 2025", cut at publication)
    sources: int = 1  # reporting events merged into this one (see db.event_groups)

    @property
    def date_label(self) -> str:
        # From timex_calendar, not timex: the time-expression grammar (~0.1 s of imports and
        # regular expressions) would otherwise load in the window's first frame.
        label = timex_calendar.format_date
        # An open interval is labelled by its time expression's own period ("since Apr 2025").
        if self.open_end:
            day = self.begin
            return "since " + label(self.value, day, day + _ONE_DAY, self.granularity, self.mod)
        if self.open_start:
            day = self.end_date - _ONE_DAY
            return "until " + label(self.value, day, day + _ONE_DAY, self.granularity, self.mod)
        return label(self.value, self.begin, self.end_date, self.granularity, self.mod)


@dataclasses.dataclass(frozen=True)
class EntityRow:
    id: int
    name: str
    type: str
    mention_count: int
    article_count: int
    hidden: bool = False
    key: str = ""


# Entity types that are figures (amounts, percentages, quantities), not named entities: they are
# listed apart from people, organisations and places, but filter and link the same way.
FIGURE_TYPES = ("AMOUNT",)


@dataclasses.dataclass(frozen=True)
class FigureRow:
    """A figure ("$500 billion", "19%"): an AMOUNT entity, with its mention and article counts."""

    id: int
    text: str
    mention_count: int
    article_count: int
    hidden: bool = False
    key: str = ""

    @property
    def name(self) -> str:
        return self.text

    @property
    def type(self) -> str:
        return "AMOUNT"


@dataclasses.dataclass(frozen=True)
class ArticleRow:
    id: int
    title: str
    path: str
    published: dt.date | None
    published_how: str


@dataclasses.dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # PERSON, ORG, PLACE, AMOUNT, TIMEX, DEBRIS
    entity_id: int | None = None
    title: str = ""


@dataclasses.dataclass(frozen=True)
class ArticleSource:
    article: ArticleRow
    text: str
    spans: tuple[Span, ...]


@dataclasses.dataclass(frozen=True)
class CorpusSummary:
    articles: int
    undated: int
    first: dt.date | None
    last: dt.date | None
    events: int
    entities: int


_ONE_DAY = dt.timedelta(days=1)


def event_ids(session: orm.Session, filters: Filters = Filters()) -> list[int]:
    """Ids of the timeline events that pass `filters`, in timeline order."""
    e = models.Event
    stmt = (sa.select(e.id).where(*timeline_conditions(filters))
            .order_by(*timeline_order(e)))
    try:
        return list(session.scalars(stmt))
    except sa.exc.OperationalError as exc:
        raise QueryError(f"Cannot search for {filters.query!r}: {exc.orig}") from exc


def next_naming(session: orm.Session, filters: Filters, event_id: int, entity_id: int,
                delta: int) -> int | None:
    """The first timeline event after (delta > 0) or before `event_id`, in timeline order, that
    passes `filters` and names `entity_id`: a walk of ix_events_begin from the event, not a
    read of every listed id (a million unfiltered)."""
    e = models.Event
    order = timeline_order(e)
    here = session.execute(sa.select(*order).where(e.id == event_id)).one_or_none()
    if here is None or None in here:  # no place in the timeline order to walk from
        return None
    key = sa.tuple_(*order)
    stmt = (sa.select(e.id).where(*timeline_conditions(filters),
                                  *timeline_conditions(Filters(entity_ids=(entity_id,))),
                                  key > sa.tuple_(*here) if delta > 0 else key < sa.tuple_(*here))
            .order_by(*timeline_order(e, descending=delta < 0)).limit(1))
    return session.scalar(stmt)


def event_day(session: orm.Session, event_id: int) -> dt.date | None:
    """The day an event begins on (None for a missing or floating event)."""
    return session.scalar(sa.select(models.Event.begin).where(models.Event.id == event_id))


def events_by_ids(session: orm.Session, ids: Sequence[int]) -> list[EventRow]:
    """Event rows for `ids`, in the order given, any number of them."""
    # Core statements on the session's connection: the list reads 100 rows per block, on the
    # filter's worker and while keys step, and the ORM's statement coercion and row loading
    # were nearly half of that (~7.7 -> ~4.4 ms a block at a million events, warm).
    connection = session.connection()
    # How many events each one stands for (see db.event_groups): one grouped count per chunk,
    # not a correlated subquery per row, which scans the events table once per event.
    sources = dict(batching.rows(connection, _SOURCE_COUNTS, ids))
    found = {r[0]: _event_row(r, sources.get(r[0], 1))
             for r in batching.rows(connection, _EVENT_ROWS, ids)}
    return [found[i] for i in ids if i in found]


def _rows_statements() -> tuple[sa.Select, sa.Select]:
    """(sources per lead, event rows) for an expanding `ids` parameter, on the tables (Core)."""
    e, a, t = models.Event.__table__.c, models.Article.__table__.c, models.Timex.__table__.c
    lead = sa.func.coalesce(e.lead_id, e.id)
    counts = sa.select(lead, sa.func.count()).where(lead.in_(batching.IDS)).group_by(lead)
    rows = (sa.select(e.id, e.text, e.article_id, a.title, a.path, a.published, e.start, e.end,
                      t.value, t.mod, e.begin, e.end_date, t.granularity, t.start, t.end, t.text,
                      e.flags, e.open_start, e.open_end)
            .select_from(models.Event.__table__.join(models.Article.__table__, a.id == e.article_id)
                         .outerjoin(models.Timex.__table__, t.id == e.timex_id))
            .where(e.id.in_(batching.IDS)))
    return counts, rows


_SOURCE_COUNTS, _EVENT_ROWS = _rows_statements()


def _event_row(r, sources: int) -> EventRow:
    """An EventRow; an event without a time expression is dated by publication, at day precision."""
    head, (value, mod, begin, end_date, granularity, t_start, t_end, t_text), (flags, o_start, o_end) = (
        r[:8], r[8:16], r[16:])
    if value is None:
        value, granularity, t_start, t_end, t_text = begin.isoformat(), "day", 0, 0, ""
    return EventRow(*head, value, mod, begin, end_date, granularity, t_start, t_end, t_text,
                    tuple(f for f in flags.split(",") if f), bool(o_start), bool(o_end), sources)


def _event_mentioned(event_id: int, figures: bool | None):
    """Entities mentioned inside one event's sentence; figures only, none, or both (None)."""
    e, m, n = models.Event, models.Mention, models.Entity
    stmt = (sa.select(n.id, n.name, n.type, sa.func.count(m.id), sa.literal(1))
            .join(m, m.entity_id == n.id)
            .join(e, sa.and_(e.article_id == m.article_id, m.start >= e.start, m.end <= e.end))
            .where(e.id == event_id, n.hidden.is_(False)).group_by(n.id).order_by(sa.func.min(m.start)))
    if figures is True:
        stmt = stmt.where(n.type.in_(FIGURE_TYPES))
    elif figures is False:
        stmt = stmt.where(n.type.not_in(FIGURE_TYPES))
    return stmt


def event_entities(session: orm.Session, event_id: int,
                   include_figures: bool = True) -> list[EntityRow]:
    """Entities mentioned inside one event's sentence (figures too unless `include_figures` is off)."""
    return [EntityRow(*r) for r in session.execute(
        _event_mentioned(event_id, None if include_figures else False))]


def event_figures(session: orm.Session, event_id: int) -> list[FigureRow]:
    """Figures (amounts, percentages, quantities) mentioned inside one event's sentence."""
    return [FigureRow(r.id, r.name, r[3], 1) for r in session.execute(_event_mentioned(event_id, True))]


def _counted(include_hidden: bool):
    m, n = models.Mention, models.Entity
    stmt = (sa.select(n.id, n.name, n.type, sa.func.count(m.id),
                      sa.func.count(sa.distinct(m.article_id)), n.hidden, n.key)
            .join(m, m.entity_id == n.id).group_by(n.id)
            .order_by(sa.func.count(m.id).desc(), n.name))
    if not include_hidden:
        stmt = stmt.where(n.hidden.is_(False))
    return stmt


def entities(session: orm.Session, kinds: Sequence[str] = (),
             include_hidden: bool = False, include_figures: bool = False) -> list[EntityRow]:
    """Every named entity with its mention and article counts, most mentioned first.

    Figures (type AMOUNT, see `figures`) are left out unless `include_figures` or asked for in
    `kinds`; entities the user hid are left out unless `include_hidden`.
    """
    n = models.Entity
    stmt = _counted(include_hidden)
    if kinds:
        stmt = stmt.where(n.type.in_(list(kinds)))
    elif not include_figures:
        stmt = stmt.where(n.type.not_in(FIGURE_TYPES))
    return [EntityRow(*r) for r in session.execute(stmt)]


def figures(session: orm.Session, filters: Filters | None = None,
            include_hidden: bool = False) -> list[FigureRow]:
    """Every figure (AMOUNT entity) with its mention and article counts, most mentioned first.

    With `filters`, only figures mentioned in the events that pass them, counted there.
    """
    m, n = models.Mention, models.Entity
    if filters is None or not filters.active:
        stmt = _counted(include_hidden).where(n.type.in_(FIGURE_TYPES))
        return [FigureRow(r.id, r.name, r[3], r[4], bool(r.hidden), r.key)
                for r in session.execute(stmt)]
    e = models.Event
    inside = (sa.select(m.id.label("mention_id")).join(e, sa.and_(
        e.article_id == m.article_id, m.start >= e.start, m.end <= e.end))
        .where(*_event_conditions(filters)).distinct().subquery())
    count = sa.func.count(m.id)
    stmt = (sa.select(n.id, n.name, count, sa.func.count(sa.distinct(m.article_id)), n.hidden, n.key)
            .join(m, m.entity_id == n.id).join(inside, inside.c.mention_id == m.id)
            .where(n.type.in_(FIGURE_TYPES)).group_by(n.id).order_by(count.desc(), n.name))
    if not include_hidden:
        stmt = stmt.where(n.hidden.is_(False))
    try:
        rows = session.execute(stmt).all()
    except sa.exc.OperationalError as exc:
        raise QueryError(f"Cannot search for {filters.query!r}: {exc.orig}") from exc
    return [FigureRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]


def entity_aliases(session: orm.Session) -> dict[int, list[str]]:
    """Distinct surface names per entity."""
    m = models.Mention
    aliases: dict[int, list[str]] = {}
    for entity_id, name in session.execute(sa.select(m.entity_id, m.name).distinct()
                                           .order_by(m.entity_id, m.name)):
        aliases.setdefault(entity_id, []).append(name)
    return aliases


def entity_ids_by_name(session: orm.Session, name: str) -> list[int]:
    """Entities whose name or any alias equals `name`, ignoring case."""
    m, n = models.Mention, models.Entity
    wanted = name.strip().lower()
    by_name = sa.select(n.id).where(sa.func.lower(n.name) == wanted, n.hidden.is_(False))
    by_alias = (sa.select(m.entity_id).join(n, n.id == m.entity_id)
                .where(sa.func.lower(m.name) == wanted, n.hidden.is_(False)))
    return sorted(set(session.scalars(by_name)) | set(session.scalars(by_alias)))


def entity_names(session: orm.Session, ids: Sequence[int]) -> dict[int, str]:
    n = models.Entity
    return dict(session.execute(sa.select(n.id, n.name).where(n.id.in_(list(ids)))).all())


def articles(session: orm.Session) -> list[ArticleRow]:
    """All articles, dated ones by date, undated last."""
    a = models.Article
    stmt = sa.select(a.id, a.title, a.path, a.published, a.published_how).order_by(
        a.published.is_(None), a.published, a.title)
    return [ArticleRow(*r) for r in session.execute(stmt)]


def article_source(session: orm.Session, article_id: int) -> ArticleSource:
    """An article's text with entity, time-expression and debris spans, for display."""
    a, m, n, t = models.Article, models.Mention, models.Entity, models.Timex
    # Core statements on the session's connection: the source pane reads one article per key
    # step, and the ORM's identity map and object loading cost more than the reads themselves.
    conn = session.connection()
    row = conn.execute(sa.select(a.id, a.title, a.path, a.published, a.published_how,
                                 a.original_text, a.clean_text).where(a.id == article_id)).first()
    if row is None:
        raise LookupError(f"no article {article_id}")
    spans = [Span(s, e, kind, eid, name) for s, e, kind, eid, name in conn.execute(
        sa.select(m.start, m.end, n.type, n.id, n.name).join(n, n.id == m.entity_id)
        .where(m.article_id == article_id, n.hidden.is_(False)))]
    spans += [Span(s, e, "TIMEX", None, value) for s, e, value in conn.execute(
        sa.select(t.start, t.end, t.value).where(t.article_id == article_id))]
    original, clean = row.original_text, row.clean_text
    if original != clean:  # most articles have no debris: no character-by-character comparison
        spans += [Span(s, e, "DEBRIS") for s, e in debris.blanked_blocks(original, clean)]
    info = ArticleRow(row.id, row.title, row.path, row.published, row.published_how)
    return ArticleSource(info, original, tuple(sorted(spans, key=lambda s: (s.start, s.end))))


def corpus_summary(session: orm.Session, event_id_list: Sequence[int] | None = None) -> CorpusSummary:
    a = models.Article
    count, undated, first, last = session.execute(sa.select(
        sa.func.count(a.id), sa.func.count(a.id) - sa.func.count(a.published),
        sa.func.min(a.published), sa.func.max(a.published))).one()
    # event_days (migration 0007) holds the timeline events counted per day: no scan of events.
    events = (len(event_id_list) if event_id_list is not None
              else session.scalar(sa.select(sa.func.sum(models.EventDay.events))))
    n_entities = session.scalar(sa.select(sa.func.count(models.Entity.id)))
    return CorpusSummary(count, undated, first, last, events or 0, n_entities or 0)


def describe_filters(session: orm.Session, filters: Filters,
                     names: dict[int, str] | None = None) -> str:
    """The filters in words, for report titles; 'none' when nothing is filtered. Entities named
    in `names` (as the filter bar shows them) are not looked up."""
    parts = []
    if filters.query.strip():
        parts.append(f"text contains “{filters.query.strip()}”")
    if filters.entity_ids:
        names = names or {}
        if missing := [i for i in filters.entity_ids if i not in names]:
            names = {**names, **entity_names(session, missing)}
        joiner = " or " if filters.entity_mode == "any" else " and "
        parts.append("involving " + joiner.join(names.get(i, f"#{i}") for i in filters.entity_ids))
    if filters.entity_types:
        parts.append("mentioning type " + " or ".join(filters.entity_types))
    if filters.date_from and filters.date_to:
        parts.append(f"dated {filters.date_from.isoformat()} to {filters.date_to.isoformat()}")
    elif filters.date_from:
        parts.append(f"dated from {filters.date_from.isoformat()}")
    elif filters.date_to:
        parts.append(f"dated up to {filters.date_to.isoformat()}")
    if filters.article_ids:
        titles = dict(session.execute(sa.select(models.Article.id, models.Article.title)
                                      .where(models.Article.id.in_(filters.article_ids))).all())
        parts.append("from " + "; ".join(f"“{titles.get(i, i)}”" for i in filters.article_ids))
    if filters.outlets:
        parts.append("reported by " + " or ".join(filters.outlets))
    if filters.hide_publication_dated:
        parts.append("without events dated by publication")
    if filters.hide_possible:
        parts.append("without planned or possible events")
    if filters.hide_year_only:
        parts.append("without year-only dates")
    return "; ".join(parts) if parts else "none"


@dataclasses.dataclass(frozen=True)
class EntityDetails:
    """One entity for the details pane: names, roles, articles and dated span."""

    id: int
    key: str
    name: str
    type: str
    hidden: bool
    aliases: tuple[tuple[str, int], ...]  # surface name, mentions; most used first
    roles: tuple[tuple[str, int], ...]  # Mention.role, mentions; most used first
    articles: tuple[ArticleRow, ...]
    first_event: EventRow | None  # earliest dated event that mentions it
    last_event: EventRow | None  # latest dated event that mentions it
    related: tuple[tuple[str, int], ...] = ()  # a place's demonyms ("Canadian", 3); never merged


def entity_details(session: orm.Session, entity_id: int) -> EntityDetails | None:
    """Aliases with counts, roles, articles, first and last dated event of one entity."""
    m, n, a, e = models.Mention, models.Entity, models.Article, models.Event
    row = session.get(n, entity_id)
    if row is None:
        return None
    count = sa.func.count(m.id)
    aliases = tuple((name, k) for name, k in session.execute(
        sa.select(m.name, count).where(m.entity_id == entity_id).group_by(m.name)
        .order_by(count.desc(), m.name)))
    roles = tuple((role, k) for role, k in session.execute(
        sa.select(m.role, count).where(m.entity_id == entity_id, m.role != "")
        .group_by(m.role).order_by(count.desc(), m.role)))
    article_rows = tuple(ArticleRow(*r) for r in session.execute(
        sa.select(a.id, a.title, a.path, a.published, a.published_how)
        .where(a.id.in_(sa.select(m.article_id).where(m.entity_id == entity_id)))
        .order_by(a.published.is_(None), a.published, a.title)))
    mentioned = sa.and_(e.begin.is_not(None), sa.exists().where(
        m.entity_id == entity_id, m.article_id == e.article_id, m.start >= e.start, m.end <= e.end))
    # Ties broken by id, as in the list: the first event here is the first one listed.
    first = session.scalar(sa.select(e.id).where(mentioned).order_by(*timeline_order(e)).limit(1))
    last = session.scalar(sa.select(e.id).where(mentioned)
                          .order_by(*timeline_order(e, descending=True)).limit(1))
    events = {r.id: r for r in events_by_ids(session, [i for i in (first, last) if i is not None])}
    related = related_places.demonyms(session, [entity_id]).get(entity_id, ())
    return EntityDetails(row.id, row.key, row.name, row.type, bool(row.hidden), aliases, roles,
                         article_rows, events.get(first), events.get(last), related)
