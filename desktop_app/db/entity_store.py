"""Entity rows: find-or-create by key at import, and corpus-wide relinking after it."""
from __future__ import annotations

import collections
import dataclasses

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import entities, linking, model
from desktop_app.db import batching, models

_ENTITIES = models.Entity.__table__


def entity_id_for(session: orm.Session, entity: linking.LinkedEntity) -> int:
    """The id of the entity with this key, created if new."""
    existing = session.scalar(sa.select(models.Entity.id).where(models.Entity.key == entity.key))
    if existing is not None:
        return existing
    row = models.Entity(key=entity.key, name=entity.name, type=entity.type)
    session.add(row)
    session.flush()
    return row.id


def entity_ids_for(session: orm.Session, entities: list[linking.LinkedEntity]) -> list[int]:
    """`entity_id_for` for many entities: one SELECT per 500 keys and one INSERT for the new ones."""
    keys = [e.key for e in entities]
    ids: dict[str, int] = {}
    unique = list(dict.fromkeys(keys))
    for chunk in batching.chunks(unique):
        ids.update(session.execute(sa.select(models.Entity.key, models.Entity.id)
                                   .where(models.Entity.key.in_(chunk))).all())
    new = {e.key: e for e in reversed(entities) if e.key not in ids}  # the first one of a key wins
    if new:
        made = session.execute(sa.insert(models.Entity).returning(models.Entity.key, models.Entity.id,
                                                                  sort_by_parameter_order=True),
                               [dict(key=e.key, name=e.name, type=e.type, hidden=False)
                                for e in new.values()])
        ids.update(made.all())
    return [ids[k] for k in keys]


@dataclasses.dataclass
class _Cluster:
    """One entity as relinking and the user's decisions make it."""

    key: str
    name: str = ""
    type: str = ""
    hidden: bool = False
    members: list[int] = dataclasses.field(default_factory=list)


def relink(session: orm.Session) -> None:
    """Re-run linking over every mention in the corpus, apply the user's active curation
    decisions in order, and move mentions to their entities.

    Entity ids are kept where an entity's key is unchanged, so links made by earlier imports
    survive; entities left without mentions are deleted.
    """
    m, a = models.Mention, models.Article
    rows = session.execute(sa.select(m.id, m.article_id, m.start, m.end, m.text, m.label, m.name,
                                     m.role, m.entity_id, a.content_hash)
                           .join(a, a.id == m.article_id)).all()
    if not rows:
        return
    items = [(r.article_id, model.Mention(r.start, r.end, r.text, r.label,
                                          entities.LABEL_TYPES.get(r.label, "ORG"), r.name, r.role))
             for r in rows]
    linked, assignment = linking.link(items)
    clusters = _curated_clusters(session, rows, linked, assignment)

    by_key = dict(session.execute(sa.select(models.Entity.key, models.Entity.id)).all())
    targets: dict[int, int] = {}
    claimed: set[int] = set()
    for c, cluster in enumerate(clusters):  # first, clusters whose entity already exists
        if cluster.key in by_key and by_key[cluster.key] not in claimed:
            targets[c] = by_key[cluster.key]
            claimed.add(targets[c])
    for c, cluster in enumerate(clusters):  # then reuse the id most of the cluster already has
        if c in targets:
            continue
        counts = collections.Counter(rows[i].entity_id for i in cluster.members)
        reuse = next((eid for eid, _ in counts.most_common() if eid not in claimed), None)
        if reuse is None:
            reuse = session.execute(sa.insert(_ENTITIES).values(
                key=cluster.key, name=cluster.name, type=cluster.type, hidden=False)).inserted_primary_key[0]
        targets[c] = reuse
        claimed.add(reuse)
    _rename(session, targets, clusters)

    # Core statements throughout: an ORM UPDATE would scan the session's identity map each time.
    moves = [{"mid": rows[i].id, "eid": eid} for c, eid in targets.items()
             for i in clusters[c].members if rows[i].entity_id != eid]
    if moves:
        m_table = models.Mention.__table__
        session.execute(sa.update(m_table).where(m_table.c.id == sa.bindparam("mid"))
                        .values(entity_id=sa.bindparam("eid")), moves)
    expire_loaded(session, (models.Entity, models.Mention))
    drop_orphans(session)


def expire_loaded(session: orm.Session, classes: tuple[type, ...]) -> None:
    """Expire the session's loaded objects of `classes`, which Core statements changed under them."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, classes):
            session.expire(obj)


def _rename(session: orm.Session, targets: dict[int, int], clusters: list[_Cluster]) -> None:
    """Give each target entity its cluster's key, name, type and hidden flag."""
    e = _ENTITIES
    current = {}
    for chunk in batching.chunks(list(targets.values())):
        current.update((r.id, r) for r in session.execute(
            sa.select(e.c.id, e.c.key, e.c.name, e.c.type, e.c.hidden).where(e.c.id.in_(chunk))))
    changed = [(eid, clusters[c]) for c, eid in targets.items()
               if (current[eid].key, current[eid].name, current[eid].type, bool(current[eid].hidden))
               != (clusters[c].key, clusters[c].name, clusters[c].type, clusters[c].hidden)]
    if not changed:
        return
    by_id = e.c.id == sa.bindparam("eid")
    # Free every changed key first, so renaming never trips the unique constraint midway.
    freed = [{"eid": eid, "new_key": f"relinking:{eid}"} for eid, c in changed if current[eid].key != c.key]
    if freed:
        session.execute(sa.update(e).where(by_id).values(key=sa.bindparam("new_key")), freed)
    session.execute(sa.update(e).where(by_id).values(
        key=sa.bindparam("new_key"), name=sa.bindparam("new_name"), type=sa.bindparam("new_type"),
        hidden=sa.bindparam("new_hidden")),
        [{"eid": eid, "new_key": c.key, "new_name": c.name, "new_type": c.type, "new_hidden": c.hidden}
         for eid, c in changed])


def mention_ref(content_hash: str, start: int, end: int) -> str:
    """How a split decision names one mention: stable across re-import of the same article."""
    return f"{content_hash}:{start}:{end}"


def _curated_clusters(session: orm.Session, rows, linked: list[linking.LinkedEntity],
                      assignment: list[int]) -> list[_Cluster]:
    """Linking's clusters with the active curation decisions applied in the order made."""
    keys = [linked[c].key for c in assignment]
    norms: list[str] | None = None
    props: dict[str, dict] = collections.defaultdict(dict)
    decisions = session.scalars(sa.select(models.Curation).where(models.Curation.active)
                                .order_by(models.Curation.id)).all()
    for d in decisions:
        if d.kind == "merge" and d.target_key and d.subject_key != d.target_key:
            keys = [d.target_key if k == d.subject_key else k for k in keys]
        elif d.kind == "split_alias" and d.target_key:
            if norms is None:
                norms = [linking.normalise(r.name) for r in rows]
            keys = [d.target_key if k == d.subject_key and n == d.value else k
                    for k, n in zip(keys, norms)]
        elif d.kind == "split_mention" and d.target_key:
            keys = [d.target_key if mention_ref(r.content_hash, r.start, r.end) == d.value else k
                    for k, r in zip(keys, rows)]
        elif d.kind == "rename" and d.value.strip():
            props[d.subject_key]["name"] = d.value.strip()
        elif d.kind == "retype" and d.value:
            props[d.subject_key]["type"] = d.value
        elif d.kind in ("hide", "unhide"):
            props[d.subject_key]["hidden"] = d.kind == "hide"

    base = {e.key: e for e in linked}
    by_key: dict[str, _Cluster] = {}
    for i, key in enumerate(keys):
        by_key.setdefault(key, _Cluster(key)).members.append(i)
    for key, cluster in by_key.items():
        entity = base.get(key)
        if entity is not None:
            cluster.name, cluster.type = entity.name, entity.type
        else:  # a split-off entity, or a merge target whose own mentions are gone
            names = collections.Counter(rows[i].name for i in cluster.members)
            cluster.name = min(names, key=lambda s: (-names[s], -len(s), s))
            types = collections.Counter(linked[assignment[i]].type for i in cluster.members)
            cluster.type = min(types, key=lambda t: (-types[t], t))
        extra = props.get(key, {})
        cluster.name = extra.get("name", cluster.name)
        cluster.type = extra.get("type", cluster.type)
        cluster.hidden = extra.get("hidden", False)
    return list(by_key.values())


def drop_orphans(session: orm.Session) -> None:
    """Delete entities that no mention refers to any more."""
    used = sa.select(models.Mention.entity_id).distinct()
    session.execute(sa.delete(models.Entity).where(models.Entity.id.not_in(used)))
