"""Read-only bulk queries for the PDF report: entities per event, articles, outlets.

The report reads thousands of events at once, so each query here takes many ids per round trip
instead of one query per event.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import batching, models


@dataclasses.dataclass(frozen=True)
class NamedEntity:
    id: int
    name: str
    type: str


@dataclasses.dataclass(frozen=True)
class ReportArticle:
    """An article as the report's source list cites it."""

    id: int
    title: str
    path: str
    published: dt.date | None
    published_how: str
    outlet: str
    url: str
    file_path: str = ""

    @property
    def file_name(self) -> str:
        return pathlib.PurePath(self.path).name


def entities_of_events(session: orm.Session, event_ids: Sequence[int]) -> dict[int, list[NamedEntity]]:
    """Visible entities (figures included) mentioned in each event's sentence, in text order."""
    e, m, n = models.Event, models.Mention, models.Entity
    out: dict[int, list[NamedEntity]] = {i: [] for i in event_ids}
    seen: set[tuple[int, int]] = set()
    for chunk in batching.chunks(event_ids):
        stmt = (sa.select(e.id, n.id, n.name, n.type)
                .join(m, sa.and_(m.article_id == e.article_id, m.start >= e.start, m.end <= e.end))
                .join(n, n.id == m.entity_id)
                .where(e.id.in_(chunk), n.hidden.is_(False)).order_by(e.id, m.start))
        for event_id, entity_id, name, kind in session.execute(stmt):
            if (event_id, entity_id) not in seen:
                seen.add((event_id, entity_id))
                out[event_id].append(NamedEntity(entity_id, name, kind))
    return out


def surface_names(session: orm.Session, entity_ids: Sequence[int]) -> dict[int, list[str]]:
    """Distinct names each entity is mentioned by, so every form of a name can be set in bold."""
    m = models.Mention
    out: dict[int, list[str]] = {}
    for chunk in batching.chunks(sorted(set(entity_ids))):
        for entity_id, name in session.execute(sa.select(m.entity_id, m.name).distinct()
                                               .where(m.entity_id.in_(chunk))):
            out.setdefault(entity_id, []).append(name)
    return out


def articles_by_ids(session: orm.Session, article_ids: Sequence[int]) -> dict[int, ReportArticle]:
    a = models.Article
    out: dict[int, ReportArticle] = {}
    for chunk in batching.chunks(sorted(set(article_ids))):
        stmt = sa.select(a.id, a.title, a.path, a.published, a.published_how, a.outlet, a.url,
                         a.file_path).where(a.id.in_(chunk))
        out.update((r[0], ReportArticle(*r)) for r in session.execute(stmt))
    return out


def outlets(session: orm.Session) -> list[str]:
    """Every outlet named by an article of the corpus, by how many articles it has, then name."""
    a = models.Article
    count = sa.func.count(a.id)
    stmt = (sa.select(a.outlet, count).where(a.outlet != "").group_by(a.outlet)
            .order_by(count.desc(), a.outlet))
    return [name for name, _ in session.execute(stmt)]
