"""The filtered timeline gathered once for the CSV, Markdown and TimelineJS exports.

Events come through queries.event_ids/events_by_ids and their sources through
event_groups.sources, so filters, hidden entities and event merges/splits all apply.
"""
from __future__ import annotations


import dataclasses
import pathlib
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import modality
from desktop_app.core.timex_calendar import format_day
from desktop_app.db import batching, event_groups, models, queries, report_queries
from desktop_app.export import json_export


# A cited article, for source lists (file_name: its file's name).
Article = report_queries.ReportArticle


Entity = report_queries.NamedEntity


@dataclasses.dataclass(frozen=True)
class Record:
    """One timeline event with its sources (own sentence first), entities and figures."""

    row: queries.EventRow
    date_label: str  # row.date_label, marked "(inferred)" as in the PDF report
    sources: tuple[event_groups.Source, ...]
    entities: tuple[Entity, ...]
    figures: tuple[str, ...]
    # Where the event's own sentence names its entities: (start, end) into row.text, in order.
    name_spans: tuple[tuple[int, int], ...] = ()

    @property
    def entity_names(self) -> list[str]:
        return [e.name for e in self.entities]

    @property
    def flag_words(self) -> list[str]:
        return [modality.WORDS.get(f, f.replace("_", " ")) for f in self.row.flags]


@dataclasses.dataclass(frozen=True)
class Timeline:
    records: list[Record]
    articles: dict[int, Article]  # every article cited by a record


def gather(session: orm.Session, filters: queries.Filters = queries.Filters(),
           progress: Callable[[int, int], None] | None = None) -> Timeline:
    """The events passing `filters`, in timeline order, with what each export prints about them."""
    ids = queries.event_ids(session, filters)
    rows: list[queries.EventRow] = []
    for chunk in batching.chunks(ids):
        rows.extend(queries.events_by_ids(session, chunk))
        if progress is not None:
            progress(len(rows), len(ids))
    sources = event_groups.sources(session, [r.id for r in rows])
    # The lead's article is among its sources, but ask for it anyway: a row must find its label.
    article_ids = sorted({s.article_id for found in sources.values() for s in found}
                         | {r.article_id for r in rows})
    articles = report_queries.articles_by_ids(session, article_ids)
    kinds = _visible_entities(session, article_ids)
    mentions = [m for m in _mentions(session, article_ids) if m.entity_id in kinds]
    # The same rule as export-json: an entity belongs to an event when named in one of its sources.
    per_event = json_export._event_entities(mentions, sources)
    by_article: dict[int, list] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    records = []
    for row in rows:
        found = [kinds[i] for i in per_event.get(row.id, [])]
        lead = articles.get(row.article_id)
        inferred = lead is not None and lead.published_how == "inferred"
        records.append(Record(row, row.date_label + (" (inferred)" if inferred else ""),
                              tuple(sources.get(row.id, ())),
                              tuple(e for e in found if e.type not in queries.FIGURE_TYPES),
                              tuple(e.name for e in found if e.type in queries.FIGURE_TYPES),
                              _name_spans(row, by_article.get(row.article_id, []), kinds)))
    return Timeline(records, articles)


def _name_spans(row: queries.EventRow, mentions, kinds: dict[int, Entity]) -> tuple[tuple[int, int], ...]:
    """Mentions of named entities (not figures) inside the event's sentence, without overlaps."""
    spans: list[tuple[int, int]] = []
    for m in mentions:
        if m.start < row.start or m.end > row.end or kinds[m.entity_id].type in queries.FIGURE_TYPES:
            continue
        start, end = m.start - row.start, m.end - row.start
        # Offsets are trusted only where the stored sentence still reads the mention there.
        if row.text[start:end] == m.text and (not spans or start >= spans[-1][1]):
            spans.append((start, end))
    return tuple(spans)


def _visible_entities(session: orm.Session, article_ids: Sequence[int]) -> dict[int, Entity]:
    """Entities and figures mentioned in these articles that the user has not hidden."""
    m, n = models.Mention, models.Entity
    found: dict[int, Entity] = {}
    for chunk in batching.chunks(article_ids):
        stmt = (sa.select(n.id, n.name, n.type).join(m, m.entity_id == n.id)
                .where(m.article_id.in_(chunk), n.hidden.is_(False))
                .distinct())
        found.update((r.id, Entity(r.id, r.name, r.type)) for r in session.execute(stmt))
    return found


def _mentions(session: orm.Session, article_ids: Sequence[int]) -> list:
    m = models.Mention
    rows: list = []
    for chunk in batching.chunks(article_ids):
        rows.extend(session.execute(sa.select(m.article_id, m.start, m.end, m.entity_id, m.text)
                                    .where(m.article_id.in_(chunk))
                                    .order_by(m.article_id, m.start)))
    return rows


def source_parts(article: Article) -> list[str]:
    """Title, outlet (when known), publication day or 'undated', and URL or else file name."""
    parts = [article.title or article.file_name]
    if article.outlet:
        parts.append(article.outlet)
    parts.append(format_day(article.published) if article.published else "undated")
    parts.append(article.url or article.file_name)
    return parts
