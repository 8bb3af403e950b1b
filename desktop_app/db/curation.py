"""Entity curation use cases: each records one user decision and relinks.

Every function takes a Session and runs inside the caller's transaction (one use case, one
transaction). Decisions are stored in the `curation` table keyed by entity keys and normalised
alias names, and replayed by entity_store.relink after every relink, so they hold across
re-import and for mentions imported later. Undo deactivates a decision; redo reactivates it.
"""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import entities as core_entities, linking, model
from desktop_app.db import entity_store, event_groups, models

KINDS = ("merge", "split_alias", "split_mention", "rename", "retype", "hide", "unhide",
         "reject_suggestion")


class CurationError(ValueError):
    """A curation request that makes no sense, with a message for the user."""


@dataclasses.dataclass(frozen=True)
class Decision:
    id: int
    kind: str
    subject_key: str
    target_key: str
    value: str
    active: bool
    created_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a use case did: the decision, and the key of the entity to show afterwards."""

    decision: Decision
    entity_key: str


def _decision(row: models.Curation) -> Decision:
    return Decision(row.id, row.kind, row.subject_key, row.target_key, row.value, bool(row.active),
                    row.created_at)


def _entity(session: orm.Session, entity_id: int) -> models.Entity:
    row = session.get(models.Entity, entity_id)
    if row is None:
        raise CurationError(f"There is no entity #{entity_id} any more.")
    return row


def _record(session: orm.Session, kind: str, subject_key: str, target_key: str = "",
            value: str = "") -> models.Curation:
    row = models.Curation(created_at=dt.datetime.now(), kind=kind, subject_key=subject_key,
                          target_key=target_key, value=value, active=True)
    session.add(row)
    session.flush()
    _relink(session)
    return row


def _relink(session: orm.Session) -> None:
    """Relink entities, then regroup events: merged events rest on their shared entities."""
    entity_store.relink(session)
    event_groups.regroup(session)


def merge(session: orm.Session, source_id: int, target_id: int) -> Outcome:
    """Merge entity `source_id` into `target_id`: its mentions (now and later) join the target."""
    source, target = _entity(session, source_id), _entity(session, target_id)
    if source.id == target.id:
        raise CurationError("An entity cannot be merged into itself.")
    target_key = target.key
    row = _record(session, "merge", source.key, target_key)
    return Outcome(_decision(row), target_key)


def split_alias(session: orm.Session, entity_id: int, alias: str) -> Outcome:
    """Give every mention of `alias` (compared normalised) in this entity its own entity."""
    entity = _entity(session, entity_id)
    wanted = linking.normalise(alias)
    names = session.scalars(sa.select(models.Mention.name).distinct()
                            .where(models.Mention.entity_id == entity.id)).all()
    if not any(linking.normalise(n) == wanted for n in names):
        raise CurationError(f"“{alias}” is not an alias of {entity.name}.")
    if all(linking.normalise(n) == wanted for n in names):
        raise CurationError(f"“{alias}” is {entity.name}'s only alias: nothing to split from.")
    target_key = f"split:{entity.key}|{wanted}"
    row = _record(session, "split_alias", entity.key, target_key, wanted)
    return Outcome(_decision(row), target_key)


def split_mention(session: orm.Session, article_id: int, offset: int,
                  entity_id: int | None = None) -> Outcome:
    """Give the mention at character `offset` of an article (of `entity_id`, if given) an
    entity of its own. An offset just after the mention's last character still counts."""
    m, a = models.Mention, models.Article
    stmt = (sa.select(m.start, m.end, m.entity_id, a.content_hash).join(a, a.id == m.article_id)
            .where(m.article_id == article_id, m.start <= offset, m.end >= offset)
            .order_by(m.end == offset, m.end - m.start))
    if entity_id is not None:
        stmt = stmt.where(m.entity_id == entity_id)
    found = session.execute(stmt).first()
    if found is None:
        raise CurationError("There is no entity mention there.")
    entity = _entity(session, found.entity_id)
    ref = entity_store.mention_ref(found.content_hash, found.start, found.end)
    target_key = f"split:{ref}"
    row = _record(session, "split_mention", entity.key, target_key, ref)
    return Outcome(_decision(row), target_key)


def _set(session: orm.Session, kind: str, entity_id: int, value: str, what: str) -> Outcome:
    """Record a decision that sets one attribute of the entity to a non-empty value."""
    entity = _entity(session, entity_id)
    if not value:
        raise CurationError(f"A {what} cannot be empty.")
    row = _record(session, kind, entity.key, value=value)
    return Outcome(_decision(row), entity.key)


def rename(session: orm.Session, entity_id: int, name: str) -> Outcome:
    """Give the entity a canonical name of the user's choosing."""
    return _set(session, "rename", entity_id, name.strip(), "name")


def retype(session: orm.Session, entity_id: int, entity_type: str) -> Outcome:
    """Change the entity's type (PERSON, ORG, PLACE, AMOUNT, PRODUCT, ...)."""
    return _set(session, "retype", entity_id, entity_type.strip().upper(), "type")


def hide(session: orm.Session, entity_id: int) -> Outcome:
    """Hide the entity from entity lists, filters and highlights."""
    key = _entity(session, entity_id).key
    return Outcome(_decision(_record(session, "hide", key)), key)


def unhide(session: orm.Session, entity_id: int) -> Outcome:
    """Show a hidden entity again."""
    key = _entity(session, entity_id).key
    return Outcome(_decision(_record(session, "unhide", key)), key)


def set_active(session: orm.Session, decision_id: int, active: bool) -> Outcome:
    """Undo (active=False) or redo (active=True) a decision, then relink."""
    row = session.get(models.Curation, decision_id)
    if row is None:
        raise CurationError(f"There is no decision #{decision_id}.")
    row.active = active
    session.flush()
    _relink(session)
    key = row.target_key if active and row.target_key else row.subject_key
    return Outcome(_decision(row), key)


def decisions(session: orm.Session, active_only: bool = False) -> list[Decision]:
    """The stored decisions, oldest first."""
    stmt = sa.select(models.Curation).order_by(models.Curation.id)
    if active_only:
        stmt = stmt.where(models.Curation.active)
    return [_decision(r) for r in session.scalars(stmt)]


def entity_id_by_key(session: orm.Session, key: str) -> int | None:
    """The entity's id now (ids may change on relink; keys are what curation keeps)."""
    return session.scalar(sa.select(models.Entity.id).where(models.Entity.key == key))


@dataclasses.dataclass(frozen=True)
class Suggestion:
    """A merge linking offers (linking.suggest_merges): `source` (a short form) into `target`."""

    source_id: int
    source_key: str
    source_name: str
    target_id: int
    target_key: str
    target_name: str
    reason: str


def suggestions(session: orm.Session) -> list[Suggestion]:
    """Open merge suggestions between the entities as they are now.

    Leaves out pairs already merged, hidden entities, and pairs the user rejected.
    """
    m = models.Mention
    rows = session.execute(sa.select(m.article_id, m.start, m.end, m.text, m.label, m.name, m.role,
                                     m.entity_id)).all()
    if not rows:
        return []
    items = [(r.article_id, model.Mention(r.start, r.end, r.text, r.label,
                                          core_entities.LABEL_TYPES.get(r.label, "ORG"), r.name,
                                          r.role)) for r in rows]
    linked, assignment = linking.link(items)
    # Linking's entities map to today's (curated) entities by where most of their mentions are.
    votes: list[collections.Counter] = [collections.Counter() for _ in linked]
    for r, c in zip(rows, assignment):
        votes[c][r.entity_id] += 1
    current = [v.most_common(1)[0][0] for v in votes]
    entity_rows = {e.id: e for e in session.scalars(
        sa.select(models.Entity).where(models.Entity.id.in_(set(current))))}
    rejected = {(d.subject_key, d.target_key) for d in session.scalars(
        sa.select(models.Curation).where(models.Curation.active,
                                         models.Curation.kind == "reject_suggestion"))}
    out: dict[tuple[int, int], Suggestion] = {}
    for found in linking.suggest_merges(linked, items, assignment):
        source, target = entity_rows.get(current[found.a]), entity_rows.get(current[found.b])
        if source is None or target is None or source.id == target.id:
            continue
        if source.key != linked[found.a].key:  # the user already put the short form somewhere
            continue
        if source.hidden or target.hidden or (source.key, target.key) in rejected:
            continue
        out.setdefault((source.id, target.id), Suggestion(
            source.id, source.key, source.name, target.id, target.key, target.name, found.reason))
    return list(out.values())


def accept_suggestion(session: orm.Session, suggestion: Suggestion) -> Outcome:
    """Accepting a suggestion is the user's merge decision."""
    return merge(session, suggestion.source_id, suggestion.target_id)


def reject_suggestion(session: orm.Session, suggestion: Suggestion) -> Outcome:
    """Remember that these two are different, so the pair is not suggested again."""
    row = _record(session, "reject_suggestion", suggestion.source_key, suggestion.target_key)
    return Outcome(_decision(row), suggestion.source_key)
