"""Cross-article event groups: compute them (core.event_merge) and record the user's merge/split.

Every event row points at its group's lead (`lead_id`), the member the timeline shows: a dated
one, the most precise, from the earliest-imported article. Decisions are stored in the
`curation` table under stable event keys (article content hash and offsets), so they survive
re-import; `regroup` replays them after every change to events or entities.
"""
from __future__ import annotations

import bisect
import collections
import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import event_merge
from desktop_app.db import batching, entity_store, models, queries

KINDS = ("event_merge", "event_split")


class EventCurationError(ValueError):
    """An event merge or split that makes no sense, with a message for the user."""


@dataclasses.dataclass(frozen=True)
class Source:
    """One reporting article's sentence for a timeline event."""

    event_id: int
    article_id: int
    title: str
    published: dt.date | None
    start: int
    end: int
    text: str


def event_key(content_hash: str, start: int, timex_start: int | None) -> str:
    """A key for an event that stays the same when its article is imported again."""
    return f"{content_hash}:{start}:{'pub' if timex_start is None else timex_start}"


def _rows(session: orm.Session):
    e, a, t = models.Event, models.Article, models.Timex
    return session.execute(
        sa.select(e.id, e.article_id, a.content_hash, e.start, e.end, e.text, e.begin, e.end_date,
                  t.start.label("t_start"), t.end.label("t_end"), t.text.label("t_text"),
                  t.value, a.imported_at, e.lead_id, e.open_start, e.open_end,
                  t.begin.label("t_begin"), t.end_date.label("t_end_date"))
        .join(a, a.id == e.article_id).outerjoin(t, t.id == e.timex_id)
        .order_by(e.article_id, e.start)).all()


def _mentions_by_article(session: orm.Session) -> dict[int, tuple[list[int], list[tuple[int, int, str]]]]:
    """Per article: sorted mention starts, and (end, entity id, type) for each."""
    m, n = models.Mention, models.Entity
    found: dict[int, tuple[list[int], list[tuple[int, int, str]]]] = collections.defaultdict(
        lambda: ([], []))
    for r in session.execute(sa.select(m.article_id, m.start, m.end, m.entity_id, n.type)
                             .join(n, n.id == m.entity_id).where(n.hidden.is_(False))
                             .order_by(m.article_id, m.start)):
        starts, rest = found[r.article_id]
        starts.append(r.start)
        rest.append((r.end, r.entity_id, r.type))
    return found


# An event's content words, as known ahead: (article content hash, event start and end, its
# time expression's start and end, or None) -> event_merge.content_words of its text.
Words = dict[tuple[str, int, int, int | None, int | None], frozenset[str]]


def candidates(session: orm.Session,
               words: Words | None = None) -> tuple[list[event_merge.Candidate], dict[str, object]]:
    """Merge candidates for every stored event, and the row behind each key."""
    mentions = _mentions_by_article(session)
    out, rows = [], {}
    for r in _rows(session):
        starts, rest = mentions.get(r.article_id, ([], []))
        lo, hi = bisect.bisect_left(starts, r.start), bisect.bisect_left(starts, r.end)
        inside = [x for x in rest[lo:hi] if x[0] <= r.end]
        entities = frozenset(i for _, i, kind in inside if kind not in queries.FIGURE_TYPES)
        figures = frozenset(str(i) for _, i, kind in inside if kind in queries.FIGURE_TYPES)
        skip = [(r.t_start - r.start, r.t_end - r.start)] if r.t_start is not None else []
        key = event_key(r.content_hash, r.start, r.t_start)
        value = r.value if r.value is not None else (r.begin.isoformat() if r.begin else "")
        # "since 2019" is stretched up to publication day; what it says is 2019 (its expression).
        begin, end = (r.t_begin, r.t_end_date) if r.open_start or r.open_end else (r.begin, r.end_date)
        known = words.get((r.content_hash, r.start, r.end, r.t_start, r.t_end)) if words else None
        out.append(event_merge.Candidate(key, r.article_id, value, begin, end,
                                         r.t_text or "", entities, figures,
                                         known if known is not None else event_merge.content_words(r.text, skip)))
        rows[key] = r
    return out, rows


def _decisions(session: orm.Session) -> tuple[list[tuple[str, str]], list[str]]:
    c = models.Curation
    merges, splits = [], []
    for row in session.scalars(sa.select(c).where(c.active, c.kind.in_(KINDS)).order_by(c.id)):
        if row.kind == "event_merge":
            merges.append((row.subject_key, row.target_key))
            splits = [k for k in splits if k not in (row.subject_key, row.target_key)]
        else:
            splits.append(row.subject_key)
            merges = [p for p in merges if row.subject_key not in p]
    return merges, splits


def _lead_rank(row) -> tuple:
    """Dated before floating, then the narrowest interval, then the earliest import."""
    if row.begin is None:
        return (1, 0, row.imported_at, row.id)
    return (0, (row.end_date - row.begin).days, row.imported_at, row.id)


def regroup(session: orm.Session, words: Words | None = None) -> None:
    """Recompute every event's group from the evidence and the user's decisions.

    `words`: events' content words already worked out (by the import's workers)."""
    found, rows = candidates(session, words)
    merges, splits = _decisions(session)
    updates = []
    for keys in event_merge.group(found, merges, splits):
        members = [rows[k] for k in keys]
        lead = min(members, key=_lead_rank)
        updates += [{"event_id": m.id, "lead": lead.id} for m in members if m.lead_id != lead.id]
    if updates:  # one Core executemany (the ORM's bulk UPDATE costs more per row)
        table = models.Event.__table__
        session.execute(sa.update(table).where(table.c.id == sa.bindparam("event_id"))
                        .values(lead_id=sa.bindparam("lead")), updates)
        entity_store.expire_loaded(session, (models.Event,))


def sources(session: orm.Session, lead_ids: list[int]) -> dict[int, list[Source]]:
    """Each lead's sources (the lead's own first, then by publication date), one per member."""
    out: dict[int, list[Source]] = {i: [] for i in lead_ids}
    # Core, as queries.events_by_ids: read with every block of the list.
    for lead, *source in batching.rows(session.connection(), _SOURCES, lead_ids):
        out[lead].append(Source(*source))
    for lead_id, found in out.items():
        found.sort(key=lambda s: (s.event_id != lead_id, s.published or dt.date.max, s.article_id))
    return out


def _sources_statement() -> sa.Select:
    """(lead, Source fields) of the events whose lead is in an expanding `ids` parameter."""
    e, a = models.Event.__table__.c, models.Article.__table__.c
    lead = sa.func.coalesce(e.lead_id, e.id)
    return (sa.select(lead, e.id, e.article_id, a.title, a.published, e.start, e.end, e.text)
            .select_from(models.Event.__table__.join(models.Article.__table__,
                                                     a.id == e.article_id))
            .where(lead.in_(batching.IDS)))


_SOURCES = _sources_statement()


def _key_of(session: orm.Session, event_id: int) -> str:
    e, a, t = models.Event, models.Article, models.Timex
    row = session.execute(sa.select(a.content_hash, e.start, t.start).join(a, a.id == e.article_id)
                          .outerjoin(t, t.id == e.timex_id).where(e.id == event_id)).first()
    if row is None:
        raise EventCurationError(f"There is no event #{event_id} any more.")
    return event_key(*row)


def key_of(session: orm.Session, event_id: int) -> str:
    """The stable key of one stored event (for following it across regroups and re-imports)."""
    return _key_of(session, event_id)


def _lead_of(session: orm.Session, event_id: int) -> int:
    e = models.Event
    return session.scalar(sa.select(sa.func.coalesce(e.lead_id, e.id)).where(e.id == event_id))


def _record(session: orm.Session, kind: str, subject: str, target: str = "") -> models.Curation:
    row = models.Curation(created_at=dt.datetime.now(), kind=kind, subject_key=subject,
                          target_key=target, value="", active=True)
    session.add(row)
    session.flush()
    regroup(session)
    return row


def merge(session: orm.Session, event_id: int, into_id: int) -> int:
    """Make two timeline events one (the user's decision); returns the decision id."""
    if _lead_of(session, event_id) == _lead_of(session, into_id):
        raise EventCurationError("These are already one event.")
    return _record(session, "event_merge", _key_of(session, event_id), _key_of(session, into_id)).id


def split(session: orm.Session, event_id: int) -> int:
    """Take one source out of its merged event, to stand alone; returns the decision id."""
    e = models.Event
    lead = _lead_of(session, event_id)
    if session.scalar(sa.select(sa.func.count()).where(sa.func.coalesce(e.lead_id, e.id) == lead)) < 2:
        raise EventCurationError("This event has a single source: there is nothing to split.")
    return _record(session, "event_split", _key_of(session, event_id)).id


def lead_id_by_key(session: orm.Session, key: str) -> int | None:
    """The lead event now standing for the event with `key` (ids change on re-import)."""
    content_hash, start, timex_start = key.rsplit(":", 2)
    e, a, t = models.Event, models.Article, models.Timex
    stmt = (sa.select(sa.func.coalesce(e.lead_id, e.id)).join(a, a.id == e.article_id)
            .outerjoin(t, t.id == e.timex_id)
            .where(a.content_hash == content_hash, e.start == int(start),
                   e.timex_id.is_(None) if timex_start == "pub" else t.start == int(timex_start)))
    return session.scalar(stmt)


def set_active(session: orm.Session, decision_id: int, active: bool) -> None:
    """Undo (active=False) or redo (active=True) an event merge or split, then regroup."""
    row = session.get(models.Curation, decision_id)
    if row is None or row.kind not in KINDS:
        raise EventCurationError(f"There is no event decision #{decision_id}.")
    row.active = active
    session.flush()
    regroup(session)
