"""The `export-json` format: articles, entities, figures, mentions and events, offsets into article text.

Figures (amounts, percentages, quantities: AMOUNT entities) are listed apart from named entities;
their mentions say `"kind": "figure"`, and each event lists them under `figures`.
"""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import event_groups, models, queries, related_places
from desktop_app.export import files


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def build(session: orm.Session, filters: queries.Filters = queries.Filters()) -> dict:
    """The export as plain JSON-ready data; with filters, only what the chosen events touch."""
    ids = queries.event_ids(session, filters)
    events = queries.events_by_ids(session, ids)
    sources = event_groups.sources(session, ids)
    article_rows = queries.articles(session)
    if filters.active:
        cited = {s.article_id for found in sources.values() for s in found}
        article_rows = [a for a in article_rows if a.id in cited]
    article_ids = [a.id for a in article_rows]
    texts, outlets = {}, {}
    for row in session.execute(sa.select(models.Article.id, models.Article.original_text,
                                         models.Article.outlet).where(models.Article.id.in_(article_ids))):
        texts[row.id], outlets[row.id] = row.original_text, row.outlet
    m = models.Mention
    mentions = session.execute(sa.select(m.article_id, m.start, m.end, m.text, m.entity_id)
                               .where(m.article_id.in_(article_ids))
                               .order_by(m.article_id, m.start)).all()
    used = {row.entity_id for row in mentions}
    aliases = queries.entity_aliases(session)
    entity_rows = [e for e in queries.entities(session) if e.id in used]  # hidden ones left out
    figure_rows = [f for f in queries.figures(session) if f.id in used]
    roles = _roles(session, [e.id for e in entity_rows])
    related = related_places.demonyms(session, [e.id for e in entity_rows if e.type == "PLACE"])
    figure_ids = {f.id for f in figure_rows}
    visible = {e.id for e in entity_rows} | figure_ids
    mentions = [row for row in mentions if row.entity_id in visible]
    event_entities = _event_entities(mentions, sources)
    t = models.Timex
    timexes = session.execute(sa.select(t.article_id, t.start, t.end, t.text, t.type, t.value, t.mod,
                                        t.begin, t.end_date, t.granularity)
                              .where(t.article_id.in_(article_ids)).order_by(t.article_id, t.start))
    by_id = {e.id: e for e in entity_rows}
    figures_by_id = {f.id: f for f in figure_rows}
    return {
        "articles": [{"id": a.id, "title": a.title, "path": a.path, "published": _iso(a.published),
                      "published_how": a.published_how, "outlet": outlets[a.id], "text": texts[a.id]}
                     for a in article_rows],
        "entities": [{"id": e.id, "name": e.name, "type": e.type, "aliases": aliases.get(e.id, []),
                      "mention_count": e.mention_count, "article_count": e.article_count,
                      "roles": roles.get(e.id, []),
                      "related": [{"name": n, "mentions": k} for n, k in related.get(e.id, ())]}
                     for e in entity_rows],
        "figures": [{"id": f.id, "text": f.text, "mention_count": f.mention_count,
                     "article_count": f.article_count} for f in figure_rows],
        "mentions": [{"article": r.article_id, "start": r.start, "end": r.end, "text": r.text,
                      "entity": r.entity_id,
                      "kind": "figure" if r.entity_id in figure_ids else "entity"} for r in mentions],
        "timexes": [{"article": r.article_id, "start": r.start, "end": r.end, "text": r.text,
                     "type": r.type, "value": r.value, "mod": r.mod, "begin": _iso(r.begin),
                     "end_date": _iso(r.end_date), "granularity": r.granularity} for r in timexes],
        "events": [{"id": e.id, "text": e.text,
                    "date": _event_date(e),
                    "flags": list(e.flags),
                    # The event's own sentence first, then the other articles reporting it.
                    "sources": [{"article": x.article_id, "start": x.start, "end": x.end,
                                 "text": x.text} for x in sources[e.id]],
                    "entities": [{"id": i, "name": by_id[i].name, "type": by_id[i].type}
                                 for i in event_entities.get(e.id, []) if i in by_id],
                    "figures": [{"id": i, "text": figures_by_id[i].text}
                                for i in event_entities.get(e.id, []) if i in figures_by_id]}
                   for e in events],
    }


def _event_date(e: queries.EventRow) -> dict:
    """The event's interval; an event dated by publication has no expression (text/offsets None)."""
    dated = bool(e.timex_text)
    return {"value": e.value, "begin": _iso(e.begin), "end": _iso(e.end_date),
            "granularity": e.granularity, "mod": e.mod, "label": e.date_label,
            "text": e.timex_text if dated else None, "start": e.timex_start if dated else None,
            "end_offset": e.timex_end if dated else None,
            "open_start": e.open_start, "open_end": e.open_end}


def _roles(session: orm.Session, entity_ids) -> dict[int, list[str]]:
    """Titles written before each entity's mentions ("Prime Minister"), most used first."""
    m = models.Mention
    count = sa.func.count(m.id)
    found: dict[int, list[str]] = {}
    for entity_id, role in session.execute(
            sa.select(m.entity_id, m.role).where(m.entity_id.in_(list(entity_ids)), m.role != "")
            .group_by(m.entity_id, m.role).order_by(m.entity_id, count.desc(), m.role)):
        found.setdefault(entity_id, []).append(role)
    return found


def _event_entities(mentions, sources: dict[int, list[event_groups.Source]]) -> dict[int, list[int]]:
    """Entity ids mentioned inside each event's source sentences, in order of first mention."""
    by_article: dict[int, list] = {}
    for row in mentions:
        by_article.setdefault(row.article_id, []).append(row)
    found: dict[int, list[int]] = {}
    for event_id, reports in sources.items():
        ids: list[int] = []
        for source in reports:
            for row in by_article.get(source.article_id, []):
                if row.start >= source.start and row.end <= source.end and row.entity_id not in ids:
                    ids.append(row.entity_id)
        found[event_id] = ids
    return found


def write(session_factory: orm.sessionmaker, filters: queries.Filters, out_path) -> dict:
    """Write the export to `out_path` atomically and return it."""
    with session_factory() as session:
        data = build(session, filters)
    files.write_atomically(out_path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    return data
