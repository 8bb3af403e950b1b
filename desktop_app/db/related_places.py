"""Relations computed at query time: a place's demonyms ("Canadian" -> Canada), never merged."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import aliases as name_knowledge
from desktop_app.db import models


_LIKE_LIMIT = 40  # more demonym forms than this: scan every article rather than pre-filter


def demonyms(session: orm.Session, entity_ids: Sequence[int] | None = None
             ) -> dict[int, tuple[tuple[str, int], ...]]:
    """Place entity -> its demonyms in the articles with counts, most used first ("Canadian", 3).

    Computed from the text at query time: a demonym is related to its place, never one of its
    mentions, so curation and relinking never touch it.
    """
    n, m, a = models.Entity, models.Mention, models.Article
    query = sa.select(n.id, n.name).where(n.type == "PLACE")
    if entity_ids is not None:
        query = query.where(n.id.in_(list(entity_ids)))
    rows = list(session.execute(query))
    if not rows:
        return {}
    names = rows + list(session.execute(sa.select(m.entity_id, m.name).distinct()
                                        .where(m.entity_id.in_([r.id for r in rows]))))
    places: dict[str, set[int]] = {}
    for entity_id, name in names:  # "Canada", or the place an alias names ("U.S.")
        alias = name_knowledge.place_alias(name, name_knowledge.normalise(name), "GPE")
        for place in {name, alias[0] if alias else name}:
            if name_knowledge.demonyms_of(place):
                places.setdefault(place, set()).add(entity_id)
    forms = {d for p in places for d in name_knowledge.demonyms_of(p)}
    if not forms:
        return {}
    texts = sa.select(a.id, a.clean_text)
    if len(forms) <= _LIKE_LIMIT:  # SQLite's LIKE ignores ASCII case; PostgreSQL's needs ILIKE
        like = a.clean_text.like if session.get_bind().dialect.name == "sqlite" else a.clean_text.ilike
        texts = texts.where(sa.or_(*(like(f"%{f}%") for f in sorted(forms))))
    counts: dict[tuple[int, str], int] = {}
    for article_id, text in session.execute(texts).all():
        taken = session.execute(sa.select(m.start, m.end).where(m.article_id == article_id)).all()
        for _, _, place, demonym in name_knowledge.find_demonyms(text, places, taken):
            for entity_id in places[place]:
                counts[entity_id, demonym] = counts.get((entity_id, demonym), 0) + 1
    out: dict[int, list[tuple[str, int]]] = {}
    for (entity_id, demonym), k in sorted(counts.items(), key=lambda x: (-x[1], x[0][1])):
        out.setdefault(entity_id, []).append((demonym, k))
    return {entity_id: tuple(pairs) for entity_id, pairs in out.items()}
