"""The import's hot path: one extracted article's rows written through the SQLite driver.

SQLAlchemy's per-statement work (and, with RETURNING, one INSERT per timex and entity) was most
of the import's own time; other databases take the Core path in `ingest`. Values are stored in
the formats SQLAlchemy's SQLite types use, so both paths write the same rows.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy import orm

from desktop_app.core import linking, model
from desktop_app.db import batching

_ARTICLE = ('INSERT INTO articles (path, title, original_text, clean_text, published, published_how, '
            'content_hash, encoding, imported_at, outlet, url, author, file_path, file_size, '
            'file_mtime_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
_ENTITY = 'INSERT INTO entities ("key", name, type, hidden) VALUES (?, ?, ?, 0)'
_MENTION = ('INSERT INTO mentions (article_id, entity_id, start, "end", text, name, label, role) '
            'VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
_TIMEX = ('INSERT INTO timexes (article_id, start, "end", text, type, value, mod, "begin", end_date, '
          'granularity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
_EVENT = ('INSERT INTO events (article_id, timex_id, start, "end", text, "begin", end_date, flags, '
          'open_start, open_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
_EVENT_WITH_LEAD = ('INSERT INTO events (id, lead_id, article_id, timex_id, start, "end", text, "begin", '
                    'end_date, flags, open_start, open_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')


def driver_cursor(session: orm.Session) -> sqlite3.Cursor | None:
    """A cursor on the session's own SQLite connection (inside its transaction), or None."""
    session.flush()  # pending ORM changes first, as any statement through the session would
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return None
    return connection.connection.driver_connection.cursor()


def _date(value: dt.date | None) -> str | None:
    return None if value is None else f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _datetime(value: dt.datetime) -> str:
    return f"{_date(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"


def insert_article(cursor: sqlite3.Cursor, article: model.ParsedArticle, source_path: str,
                   size: int | None, mtime_ns: int | None) -> int:
    cursor.execute(_ARTICLE, (
        article.path, article.title, article.text, article.extraction_text(), _date(article.published),
        article.published_how, article.content_hash, article.encoding, _datetime(dt.datetime.now()),
        article.outlet[:256], article.url[:2048], article.author[:512], source_path, size, mtime_ns))
    return cursor.lastrowid


def entity_ids(cursor: sqlite3.Cursor, entities: list[linking.LinkedEntity]) -> list[int]:
    """The id of each entity's key, created if new (the first entity of a key names it)."""
    ids: dict[str, int] = {}
    for chunk in batching.chunks(list(dict.fromkeys(e.key for e in entities))):
        marks = ", ".join("?" * len(chunk))
        ids.update(cursor.execute(f'SELECT "key", id FROM entities WHERE "key" IN ({marks})', chunk))
    # The order (and winner of a repeated key) of `entity_store.entity_ids_for`, so ids match.
    new = {e.key: e for e in reversed(entities) if e.key not in ids}
    for e in new.values():
        cursor.execute(_ENTITY, (e.key, e.name, e.type))
        ids[e.key] = cursor.lastrowid
    return [ids[e.key] for e in entities]


def insert_mentions(cursor: sqlite3.Cursor, article_id: int, mentions, entity_of: list[int]) -> None:
    cursor.executemany(_MENTION, [(article_id, entity_of[i], m.start, m.end, m.text, m.name, m.label,
                                   m.role) for i, m in enumerate(mentions)])


def insert_timexes_and_events(cursor: sqlite3.Cursor, article_id: int, found: model.Extraction,
                              own_leads: bool = False) -> None:
    """As `ingest.store_timexes_and_events`: equal expressions share one row.

    `own_leads`: each event starts as its own group's lead (what `regroup` makes of an event
    alone), so regrouping after an import rewrites only the merged ones. The caller must hold
    the write lock (it has inserted the article): the new ids are taken from the largest."""
    timex_ids: dict[model.Timex, int] = {}
    for t in dict.fromkeys(found.timexes):
        cursor.execute(_TIMEX, (article_id, t.start, t.end, t.text, t.type, t.value, t.mod,
                                _date(t.begin), _date(t.end_date), t.granularity))
        timex_ids[t] = cursor.lastrowid
    rows = []
    for e in (*found.events, *found.floating):
        begin, end = e.interval
        rows.append((article_id, timex_ids[e.timex] if e.timex is not None else None, e.start, e.end,
                     e.text, _date(begin), _date(end), ",".join(e.flags), int(e.open_start),
                     int(e.open_end)))
    if rows and own_leads:
        first = cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM events").fetchone()[0]
        cursor.executemany(_EVENT_WITH_LEAD, [(first + k, first + k, *row) for k, row in enumerate(rows)])
    elif rows:
        cursor.executemany(_EVENT, rows)
