"""Timeline filters and the SQL conditions they become (re-exported by db.queries)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import modality
from desktop_app.db import dialects, intervals, models

ENTITY_MODES = ("all", "any")
# The timeline's order: first day, last day, article, place in it; the id breaks ties. The list,
# the graph, exports and navigation all sort this way, so they never disagree.
TIMELINE_ORDER = ("begin", "end_date", "article_id", "start", "id")
KEY_ORDER = ("day", "end_day", "article_id", "start", "id")  # the same on models.EventKey


class QueryError(ValueError):
    """A search the database cannot run, with a message for the user."""


@dataclasses.dataclass(frozen=True)
class Filters:
    query: str = ""
    entity_ids: tuple[int, ...] = ()
    date_from: dt.date | None = None  # inclusive
    date_to: dt.date | None = None  # inclusive
    article_ids: tuple[int, ...] = ()
    hide_publication_dated: bool = False  # events dated only by their article's publication day
    hide_possible: bool = False  # planned, expected or possible events (modality.TENTATIVE)
    hide_year_only: bool = False  # events dated at year precision or coarser (YEAR_ONLY)
    entity_mode: str = "all"  # "all": every entity in entity_ids is involved; "any": one is enough
    entity_types: tuple[str, ...] = ()  # events mentioning an entity of one of these types
    outlets: tuple[str, ...] = ()  # events reported by an article of one of these outlets

    @property
    def active(self) -> bool:
        return bool(self.query.strip() or self.entity_ids or self.date_from or self.date_to
                    or self.article_ids or self.hide_publication_dated or self.hide_possible
                    or self.hide_year_only or self.entity_types or self.outlets)


_TOKEN = re.compile(r"\w+", re.UNICODE)


_PART = re.compile(r'"([^"]*)"|([^"\s]+)')


def _query_parts(text: str) -> list[tuple[str, bool]]:
    """(text, is_phrase) parts of a search; raises QueryError for an unbalanced quote."""
    if text.count('"') % 2:
        raise QueryError(f"Unbalanced quote in {text.strip()!r}: close the phrase with a second \".")
    return [(m.group(1), True) if m.group(1) is not None else (m.group(2), False)
            for m in _PART.finditer(text)]


def fts_query(text: str) -> str:
    """Turn what a user types into a safe FTS5 query.

    Every part must match: a word as a prefix ("dredg" finds "dredging"), a "quoted phrase" exactly."""
    parts = []
    for part, phrase in _query_parts(text):
        if phrase:
            words = _TOKEN.findall(part)
            if words:
                parts.append('"' + " ".join(words) + '"')
        else:
            parts += [f'"{t}"*' for t in _TOKEN.findall(part)]
    if not parts and text.strip():
        raise QueryError(f"Nothing to search for in {text.strip()!r}: type a word.")
    return " ".join(parts)


def ts_query(text: str) -> str:
    """The same search as `fts_query`, for PostgreSQL's to_tsquery (see db.dialects).

    Built on SQLite too (unused there), so it never raises: fts_query reports bad input."""
    return dialects.tsquery(_query_parts(text))


# Granularities hidden by Filters.hide_year_only.
YEAR_ONLY = ("year", "decade", "century")
# Flags hidden by Filters.hide_possible.
TENTATIVE = modality.TENTATIVE


def has_flag(flag: str, e=models.Event):
    """SQL test that an event's comma-joined `flags` holds `flag` (commas guard word edges)."""
    return (sa.literal(",") + e.flags + sa.literal(",")).like(f"%,{flag},%")


def _mentioned_in(e, where, model=models.Event, probe: bool = False):
    """SQL test that a mention matching `where` lies inside the sentence of event `e` (an alias
    of `model`: models.Event, or models.EventKey whose covering ix_event_keys_article serves).

    Driven from the mentions (their entity index), then each one's few events in its article:
    an EXISTS per event would probe once for every event in the database."""
    m, inside = orm.aliased(models.Mention), orm.aliased(model)
    return _tested(e, probe).in_(sa.select(inside.id).join(m, sa.and_(
        m.article_id == inside.article_id, inside.start <= m.start, inside.end >= m.end))
        .where(where(m)))


def _event_conditions(filters: Filters, e=models.Event) -> list:
    """Conditions on single events (`e`: models.Event or an alias of it) for `filters`."""
    return _conditions(filters, e, models.Event)


def _key_conditions(filters: Filters, k, text: bool = True, probe: bool = False) -> list:
    """The same conditions on `k`, an alias of models.EventKey: the narrow rows answer dates,
    articles, entities and text; flags and precision look up the wide row of those that get there.

    Without `text`, the search is left out (a caller that joins the full-text matches itself).
    With `probe`, `k` is tested one event at a time (a correlated subquery), never looked up."""
    return _conditions(filters, k, models.EventKey, text, probe)


def _tested(e, probe: bool):
    """`e.id`, or with `probe` `e.id + 0`: SQLite would otherwise look each event up by every id
    of an IN list (the list per event tested) instead of testing the event's id against it."""
    return e.id + 0 if probe else e.id


def _conditions(filters: Filters, e, model, text: bool = True, probe: bool = False) -> list:
    row = e if model is models.Event else orm.aliased(models.Event)
    on_row, conditions = [], []
    if filters.hide_publication_dated:
        on_row.append(~has_flag("dated_by_publication", row))
    if filters.hide_possible:
        on_row.extend(~has_flag(flag, row) for flag in TENTATIVE)
    if filters.hide_year_only:
        t = models.Timex
        on_row.append(~sa.exists().where(t.id == row.timex_id, t.granularity.in_(YEAR_ONLY)))
    if on_row:
        conditions += on_row if row is e else [sa.exists().where(row.id == e.id, *on_row)]
    if text and filters.query.strip():
        # Both forms are bound; the dialect renders the one it runs (FTS5 or tsquery).
        conditions.append(dialects.event_text_match(_tested(e, probe), fts_query(filters.query),
                                                    ts_query(filters.query)))
    if filters.entity_mode not in ENTITY_MODES:
        raise ValueError(f"entity_mode must be one of {ENTITY_MODES}, not {filters.entity_mode!r}")
    if filters.entity_mode == "any" and filters.entity_ids:
        ids = list(filters.entity_ids)
        conditions.append(_mentioned_in(e, lambda m: m.entity_id.in_(ids), model, probe))
    else:
        conditions.extend(_mentioned_in(e, lambda m, i=i: m.entity_id == i, model, probe)
                          for i in filters.entity_ids)
    if filters.entity_types:
        n, types = models.Entity, list(filters.entity_types)
        # Hidden entities are not shown anywhere, so they do not make an event pass either.
        typed = sa.select(n.id).where(n.type.in_(types), n.hidden.is_(False))
        conditions.append(_mentioned_in(e, lambda m: m.entity_id.in_(typed), model, probe))
    if filters.date_from or filters.date_to:
        to = filters.date_to
        after = to + dt.timedelta(days=1) if to and to < dt.date.max else None
        overlaps = intervals.overlaps if model is models.Event else intervals.overlaps_days
        conditions.append(overlaps(e, filters.date_from, after))
    if filters.article_ids:
        conditions.append(e.article_id.in_(filters.article_ids))
    if filters.outlets:
        a = models.Article
        conditions.append(e.article_id.in_(sa.select(a.id).where(a.outlet.in_(list(filters.outlets)))))
    return conditions


def passing_members(filters: Filters, k, dialect: str | None = None):
    """(FROM clause, conditions) picking the events (`k`: an alias of models.EventKey) that pass
    `filters`; no conditions when none is set.

    On SQLite (`dialect`) the full-text matches drive a join: a list of 100,000 matches to look
    each event up in costs as much again as finding them."""
    joined = dialect == "sqlite" and bool(filters.query.strip())
    conditions = _key_conditions(filters, k, text=not joined)
    if not joined:
        return k, conditions
    fts = sa.table("events_fts", sa.column("rowid"))
    match = sa.literal_column("events_fts").op("MATCH")(fts_query(filters.query))
    return fts.join(k, k.id == fts.c.rowid), [match, *conditions]


def passing_leads(filters: Filters, dialect: str | None = None):
    """SELECT of the group leads with a member passing `filters`; None when no filter is set.

    Leads, not timeline events: callers add that the lead is dated (an undated lead lists nothing)."""
    k = orm.aliased(models.EventKey)
    source, conditions = passing_members(filters, k, dialect)
    return sa.select(k.lead_id).select_from(source).where(*conditions) if conditions else None


def timeline_order(row=models.Event, names: tuple[str, ...] = TIMELINE_ORDER,
                   descending: bool = False) -> list:
    """ORDER BY columns of the timeline order on `row` (models.Event or an alias; with
    `names` KEY_ORDER, models.EventKey or an alias), reversed with `descending`."""
    columns = [getattr(row, name) for name in names]
    return [c.desc() for c in columns] if descending else columns


def timeline_conditions(filters: Filters) -> list:
    """Conditions on models.Event picking the timeline events that pass `filters`.

    A timeline event is a dated group lead (see db.event_groups); it passes when any of its
    sources does, so an entity named by one source finds the merged event."""
    e = models.Event
    leads = passing_leads(filters)
    if leads is None:
        return [e.begin.is_not(None), sa.func.coalesce(e.lead_id, e.id) == e.id]
    return [e.begin.is_not(None), e.id.in_(leads)]


def entity_keys(session: orm.Session, ids: Iterable[int]) -> dict[int, str]:
    """Stable keys of entities by id (ids change when entities are relinked; keys do not)."""
    n = models.Entity
    return dict(session.execute(sa.select(n.id, n.key).where(n.id.in_(list(ids)))).all())


def entity_ids_by_key(session: orm.Session, keys: Iterable[str]) -> dict[str, int]:
    """Current ids of the entities with `keys`; keys no entity has any more are left out."""
    n = models.Entity
    return dict(session.execute(sa.select(n.key, n.id).where(n.key.in_(list(keys)))).all())


def entity_types(session: orm.Session) -> list[str]:
    """The types of the visible entities that have mentions, for the entity-type filter."""
    n, m = models.Entity, models.Mention
    return list(session.scalars(sa.select(n.type).where(n.hidden.is_(False))
                                .where(sa.exists().where(m.entity_id == n.id))
                                .distinct().order_by(n.type)))


def event_key_of(session: orm.Session, event_id: int) -> str | None:
    """The stable key (event_groups.event_key) of an event, to find it again after re-import."""
    # Here, not at the top: event_groups imports queries, which re-exports this module's names.
    from desktop_app.db import event_groups

    e, a, t = models.Event, models.Article, models.Timex
    row = session.execute(sa.select(a.content_hash, e.start, t.start).join(a, a.id == e.article_id)
                          .outerjoin(t, t.id == e.timex_id).where(e.id == event_id)).first()
    return None if row is None else event_groups.event_key(*row)


def first_event_from(session: orm.Session, filters: Filters, day: dt.date) -> int | None:
    """The first timeline event passing `filters` that begins on or after `day`."""
    e = models.Event
    stmt = (sa.select(e.id).where(*timeline_conditions(filters), e.begin >= day)
            .order_by(*timeline_order(e)).limit(1))
    return session.scalar(stmt)
