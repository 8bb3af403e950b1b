"""Queries for the entity and figure lists and the source-article chooser, shaped for paging:
each returns one page in the list's order, read through an index (entity_stats, migration 0008),
so a page costs milliseconds whatever the size of the database."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import interrupt, models
from desktop_app.db.queries import FIGURE_TYPES, EntityDetails, EntityRow, FigureRow

# The list columns a page can be ordered by.
NAME, TYPE, MENTIONS, ARTICLES = "name", "type", "mentions", "articles"


@dataclasses.dataclass(frozen=True)
class ArticleChoice:
    """One entry of the source-article chooser."""

    id: int
    title: str
    path: str


@dataclasses.dataclass(frozen=True)
class ListSpec:
    """Which list (figures or the other entities), in which order, filtered how."""

    figures: bool = False
    column: str = MENTIONS
    descending: bool = True
    text: str = ""  # case-insensitive substring of the name (or, for entities, of an alias)
    include_hidden: bool = False


Row = EntityRow | FigureRow


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _key(spec: ListSpec):
    """The sort key and the tie-breaker, both indexed (the tie-breaker is the index's row id)."""
    n, s = models.Entity, models.EntityStat
    if spec.column == NAME:
        return sa.func.lower(n.name), n.id
    if spec.column == TYPE:
        return n.type, n.id
    return (s.articles if spec.column == ARTICLES else s.mentions), s.entity_id


def _conditions(spec: ListSpec) -> list:
    """Which entities the list holds, as conditions on `entities` (and, for aliases, mentions)."""
    n, m = models.Entity, models.Mention
    where = [n.type.in_(FIGURE_TYPES) if spec.figures else n.type.not_in(FIGURE_TYPES)]
    if not spec.include_hidden:
        where.append(n.hidden.is_(False))
    if spec.text:
        pattern = _like(spec.text)
        match = sa.func.lower(n.name).like(pattern, escape="\\")
        if not spec.figures:  # entities match on any alias too (figures have none worth it)
            match = match | sa.exists().where(m.entity_id == n.id,
                                              sa.func.lower(m.name).like(pattern, escape="\\"))
        where.append(match)
    return where


def _select(spec: ListSpec, *columns) -> sa.Select:
    n, s = models.Entity, models.EntityStat
    return sa.select(*columns).select_from(s).join(n, n.id == s.entity_id).where(*_conditions(spec))


def _row(spec: ListSpec, r) -> Row:
    if spec.figures:
        return FigureRow(r.id, r.name, r.mentions, r.articles, bool(r.hidden), r.key)
    return EntityRow(r.id, r.name, r.type, r.mentions, r.articles, bool(r.hidden), r.key)


def _columns():
    n, s = models.Entity, models.EntityStat
    return (n.id, n.name, n.type, s.mentions, s.articles, n.hidden, n.key)


def page(session: orm.Session, spec: ListSpec, after: tuple[Any, int] | None = None,
         limit: int = 200, cancelled: Callable[[], bool] | None = None) -> Page | None:
    """Up to `limit` rows of the list, in `spec`'s order, after the row whose sort key and id
    are `after` (keyset paging: as cheap deep in the list as at its top).

    A filtered page may scan every entity (seconds at 200,000): on SQLite, `cancelled` is asked
    every few thousand steps and stops the scan when true (the result is then None)."""
    stmt = page_statement(spec, after, limit)
    try:
        with interrupt.cancellable(session, cancelled):
            return _page(spec, session.execute(stmt).all())
    except interrupt.Cancelled:
        return None


class Page(list):
    """One page of rows, with the `after` that asks for the next page (the last row's sort key
    as the database computed it: SQLite's lower() is not Python's)."""

    after: tuple[Any, int] | None = None


def _page(spec: ListSpec, results) -> Page:
    found = Page(_row(spec, r) for r in results)
    found.after = (results[-1].sort_key, results[-1].id) if results else None
    return found


def page_statement(spec: ListSpec, after: tuple[Any, int] | None, limit: int) -> sa.Select:
    """The page's ids are found walking one index in order (the sorted column's), testing the
    rest per row in EXISTS; only then are their rows joined. (A plain join lets SQLite build a
    Bloom filter over every entity first: 40 ms a page instead of 1.)"""
    n, s = models.Entity, models.EntityStat
    key, tie = _key(spec)
    if spec.column in (MENTIONS, ARTICLES):
        inner = sa.select(s.entity_id.label("id")).where(
            sa.exists().where(n.id == s.entity_id, *_conditions(spec)))
        if after is None:  # a range on the count makes SQLite walk its index, not sort them all
            inner = inner.where(key >= 0)
    else:
        inner = sa.select(n.id.label("id")).where(
            *_conditions(spec), sa.exists().where(s.entity_id == n.id))
    if after is not None:
        # Not a row-value comparison: SQLite seeks an expression index only on a plain range.
        k, i = after
        inner = inner.where(sa.and_(key <= k, (key < k) | (tie < i)) if spec.descending
                            else sa.and_(key >= k, (key > k) | (tie > i)))
    order = (key.desc(), tie.desc()) if spec.descending else (key, tie)
    ids = inner.order_by(*order).limit(limit).subquery()
    return (sa.select(*_columns(), key.label("sort_key")).select_from(ids).join(n, n.id == ids.c.id)
            .join(s, s.entity_id == ids.c.id).order_by(*order))


def count(session: orm.Session, spec: ListSpec) -> int:
    """How many rows the list has (an index count: fine for the figures, ~40,000)."""
    return session.scalar(_select(spec, sa.func.count())) or 0


def find(session: orm.Session, spec: ListSpec, entity_id: int | None = None,
         key: str | None = None) -> Row | None:
    """The list's row for one entity (by id or key) whatever the filter text, or None when the
    list does not hold it (another kind, hidden, no mentions)."""
    n = models.Entity
    stmt = _select(dataclasses.replace(spec, text=""), *_columns())
    stmt = stmt.where(n.id == entity_id) if key is None else stmt.where(n.key == key)
    r = session.execute(stmt).first()
    return _row(spec, r) if r is not None else None


def menu_details(session: orm.Session, entity_id: int) -> EntityDetails | None:
    """What the curation menu needs of an entity (name, type, hidden, aliases with counts), without
    the articles, roles and events of queries.entity_details (seconds for the most mentioned)."""
    m, n = models.Mention, models.Entity
    row = session.get(n, entity_id)
    if row is None:
        return None
    count = sa.func.count()
    aliases = tuple((name, k) for name, k in session.execute(  # ix_mentions_entity_name
        sa.select(m.name, count).where(m.entity_id == entity_id).group_by(m.name)
        .order_by(count.desc(), m.name)))
    return EntityDetails(row.id, row.key, row.name, row.type, bool(row.hidden), aliases, (), (), None, None)


def every_row(session: orm.Session, spec: ListSpec) -> list[Row]:
    """The whole list in `spec`'s order: a full read, for small databases and tests only."""
    key, tie = _key(spec)
    order = (key.desc(), tie.desc()) if spec.descending else (key, tie)
    return [_row(spec, r) for r in session.execute(_select(spec, *_columns()).order_by(*order))]


def merge_targets(session: orm.Session, prefix: str = "", exclude: Sequence[int] = (),
                  figures: Sequence[bool] = (False, True), limit: int = 200) -> list[Row]:
    """Visible entities to offer as merge targets, at most `limit`: the most mentioned, or
    those whose name starts with `prefix` (any case; an index range, never a scan)."""
    n = models.Entity
    found: list[Row] = []
    for kind in figures:
        spec = ListSpec(figures=kind)
        if prefix.strip():
            low = prefix.strip().lower()
            spec = dataclasses.replace(spec, column=NAME, descending=False)
            stmt = page_statement(spec, (low, -1), limit + len(exclude)).where(
                sa.func.lower(n.name) < low + "\U0010ffff")
            rows = _page(spec, session.execute(stmt).all())
        else:
            rows = page(session, spec, limit=limit + len(exclude)) or []
        found += [r for r in rows if r.id not in exclude]
    found.sort(key=lambda r: (-r.mention_count, r.name.lower(), r.id))
    return found[:limit]


def mention_estimate(session: orm.Session) -> int:
    """About how many mentions there are (the largest id: an index seek, never a scan)."""
    return session.scalar(sa.select(sa.func.max(models.Mention.id))) or 0


def article_estimate(session: orm.Session) -> int:
    """About how many articles there are (the largest id: an index seek, never a scan)."""
    return session.scalar(sa.select(sa.func.max(models.Article.id))) or 0


def article_counts(session: orm.Session) -> tuple[int, int]:
    """(articles, of which dated), counted as dated plus undated ones: both halves walk
    ix_articles_published_title, which reads ~7x faster from a cold disk than the content-hash
    index a plain count(*) walks (16 against 110 ms at 135,000 articles)."""
    published = models.Article.published
    dated = dated_count(session)
    undated = session.scalar(sa.select(sa.func.count()).where(published.is_(None))) or 0
    return dated + undated, dated


def _article_order():
    a = models.Article
    return (a.published.is_(None), a.published, a.title, a.id)


def article_choices(session: orm.Session) -> list[ArticleChoice]:
    """Every article for the chooser: dated ones by date, undated last (as queries.articles)."""
    a = models.Article
    stmt = sa.select(a.id, a.title, a.path).order_by(*_article_order())
    return [ArticleChoice(*r) for r in session.execute(stmt)]


# The chooser's order, in two runs that each walk ix_articles_published_title (0008): dated
# articles by (published, title, id), then undated ones by (title, id).
def _runs():
    a = models.Article
    return ((a.published.is_not(None), (a.published, a.title, a.id)),
            (a.published.is_(None), (a.title, a.id)))


def dated_count(session: orm.Session) -> int:
    a = models.Article
    return session.scalar(sa.select(sa.func.count()).where(a.published.is_not(None))) or 0


def article_page(session: orm.Session, offset: int, limit: int, dated: int) -> list[ArticleChoice]:
    """`limit` chooser entries from position `offset`; `dated` is `dated_count`. (OFFSET walks
    the index: ~10 ms at 135,000 articles, and the chooser reads only the pages it shows.)"""
    a = models.Article
    found: list[ArticleChoice] = []
    (dated_run, undated_run) = _runs()
    for (where, order), start in ((dated_run, offset), (undated_run, max(offset - dated, 0))):
        if where is dated_run[0] and offset >= dated:
            continue
        ids = (sa.select(a.id).where(where).order_by(*order).offset(start)
               .limit(limit - len(found)).subquery())
        stmt = sa.select(a.id, a.title, a.path).join(ids, ids.c.id == a.id).order_by(*order)
        found += [ArticleChoice(*r) for r in session.execute(stmt)]
        if len(found) >= limit:
            break
    return found


def _before(columns, values):
    """(c1, c2, …) < (v1, v2, …), written out so an index on c1 gives the range."""
    (c, *rest), (v, *more) = columns, values
    if not rest:
        return c < v
    return sa.and_(c <= v, sa.or_(c < v, _before(rest, more)))


def article_position(session: orm.Session, article_id: int, dated: int) -> int | None:
    """Where an article sits in the chooser's order (0-based), or None when there is none."""
    a = models.Article
    row = session.execute(sa.select(a.published, a.title).where(a.id == article_id)).first()
    if row is None:
        return None
    (where, order), first = _runs()[row.published is None], (0 if row.published is not None else dated)
    values = (row.published, row.title, article_id) if row.published is not None else (row.title, article_id)
    return first + (session.scalar(sa.select(sa.func.count()).where(where, _before(order, values))) or 0)


def title_like(kind: str, text: str):
    """A condition on articles.title that every title matching `text` passes (any case): a
    "MatchStartsWith", "MatchEndsWith", "MatchContains" or exact match narrowed by the database."""
    title, low = sa.func.lower(models.Article.title), text.lower()
    if kind == "MatchStartsWith":
        return title.startswith(low, autoescape=True)
    if kind == "MatchEndsWith":
        return title.endswith(low, autoescape=True)
    if kind == "MatchContains":
        return title.contains(low, autoescape=True)
    return title == low


def _article_key(session: orm.Session, article_id: int | None):
    a = models.Article
    if article_id is None:
        return None
    return session.execute(sa.select(a.published, a.title).where(a.id == article_id)).first()


def _run_bound(key, article_id: int, run: int, order):
    """Within run `run` (0: dated, 1: undated): True where an article comes before `article_id`
    (whose published and title are `key`), as a condition; a plain bool when the whole run does."""
    if (key.published is None) != bool(run):  # the article is in the other run
        return key.published is None  # the dated run is all before an undated article
    values = (key.published, key.title, article_id) if run == 0 else (key.title, article_id)
    return _before(order, values)


def article_matches(session: orm.Session, condition, after: int | None, limit: int,
                    until: int | None = None) -> list[int]:
    """Ids of the first `limit` articles matching `condition` (on articles.title) in the
    chooser's order, from the article `after` on (from the first when None) and before the
    article `until` (to the last when None)."""
    start, stop = _article_key(session, after), _article_key(session, until)
    found: list[int] = []
    for run, (where, order) in enumerate(_runs()):
        stmt = sa.select(models.Article.id).where(where, condition)
        if start is not None:
            before = _run_bound(start, after, run, order)
            if before is True:
                continue
            if before is not False:
                stmt = stmt.where(sa.not_(before))
        if stop is not None:
            before = _run_bound(stop, until, run, order)
            if before is False:
                break
            if before is not True:
                stmt = stmt.where(before)
        found += session.scalars(stmt.order_by(*order).limit(limit - len(found))).all()
        if len(found) >= limit:
            break
    return found


def article_choice(session: orm.Session, article_id: int) -> ArticleChoice | None:
    """One article's chooser entry (to show a chosen article before the whole list is loaded)."""
    a = models.Article
    row = session.execute(sa.select(a.id, a.title, a.path).where(a.id == article_id)).first()
    return ArticleChoice(*row) if row else None
