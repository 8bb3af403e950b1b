"""Entity rows: find-or-create by key at import, and corpus-wide relinking after it."""
from __future__ import annotations

import collections

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import entities, linking, model
from desktop_app.db import models

_CHUNK = 500


def entity_id_for(session: orm.Session, entity: linking.LinkedEntity) -> int:
    """The id of the entity with this key, created if new."""
    existing = session.scalar(sa.select(models.Entity.id).where(models.Entity.key == entity.key))
    if existing is not None:
        return existing
    row = models.Entity(key=entity.key, name=entity.name, type=entity.type)
    session.add(row)
    session.flush()
    return row.id


def relink(session: orm.Session) -> None:
    """Re-run linking over every mention in the corpus and move mentions to their entities.

    Entity ids are kept where an entity's key is unchanged, so links made by earlier imports
    survive; entities left without mentions are deleted.
    """
    rows = session.execute(sa.select(models.Mention.id, models.Mention.article_id,
                                     models.Mention.start, models.Mention.end, models.Mention.text,
                                     models.Mention.label, models.Mention.name,
                                     models.Mention.entity_id)).all()
    if not rows:
        return
    items = [(r.article_id, model.Mention(r.start, r.end, r.text, r.label,
                                          entities.LABEL_TYPES.get(r.label, "ORG"), r.name))
             for r in rows]
    linked, assignment = linking.link(items)
    members: list[list[int]] = [[] for _ in linked]
    for row_index, cluster in enumerate(assignment):
        members[cluster].append(row_index)

    by_key = dict(session.execute(sa.select(models.Entity.key, models.Entity.id)).all())
    targets: dict[int, int] = {}
    claimed: set[int] = set()
    for c, entity in enumerate(linked):  # first, clusters whose entity already exists
        if entity.key in by_key and by_key[entity.key] not in claimed:
            targets[c] = by_key[entity.key]
            claimed.add(targets[c])
    for c, entity in enumerate(linked):  # then reuse the id most of the cluster already has
        if c in targets:
            continue
        counts = collections.Counter(rows[i].entity_id for i in members[c])
        reuse = next((eid for eid, _ in counts.most_common() if eid not in claimed), None)
        if reuse is None:
            row = models.Entity(key=entity.key, name=entity.name, type=entity.type)
            session.add(row)
            session.flush()
            reuse = row.id
        targets[c] = reuse
        claimed.add(reuse)

    # Free every key first, so renaming entities never trips the unique constraint midway.
    rows_by_id = {e.id: e for e in session.scalars(
        sa.select(models.Entity).where(models.Entity.id.in_(list(targets.values()))))}
    for c, eid in targets.items():
        row, entity = rows_by_id[eid], linked[c]
        if (row.key, row.name, row.type) != (entity.key, entity.name, entity.type):
            row.key = f"relinking:{eid}"
    session.flush()
    for c, eid in targets.items():
        row, entity = rows_by_id[eid], linked[c]
        row.key, row.name, row.type = entity.key, entity.name, entity.type

    moves: dict[int, list[int]] = collections.defaultdict(list)
    for c, eid in targets.items():
        moves[eid].extend(rows[i].id for i in members[c] if rows[i].entity_id != eid)
    for eid, mention_ids in moves.items():
        for k in range(0, len(mention_ids), _CHUNK):
            session.execute(sa.update(models.Mention)
                            .where(models.Mention.id.in_(mention_ids[k:k + _CHUNK]))
                            .values(entity_id=eid))
    drop_orphans(session)


def drop_orphans(session: orm.Session) -> None:
    """Delete entities that no mention refers to any more."""
    used = sa.select(models.Mention.entity_id).distinct()
    session.execute(sa.delete(models.Entity).where(models.Entity.id.not_in(used)))
