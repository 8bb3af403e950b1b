"""Use cases for an article's publication date: set or clear it, re-dating its events; propose one."""
from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import debris, extract, infer_date, model
from desktop_app.db import event_groups, ingest, models


@dataclasses.dataclass(frozen=True)
class ArticleDate:
    """A publication date (None: undated) and how it was obtained (model.PUBLISHED_HOW)."""

    published: dt.date | None
    how: str


@dataclasses.dataclass(frozen=True)
class DateChange:
    """What one change did, so the caller can report it and undo it."""

    article_id: int
    title: str
    before: ArticleDate
    after: ArticleDate


def publication_date(session: orm.Session, article_id: int) -> ArticleDate:
    row = _article(session, article_id)
    return ArticleDate(row.published, row.published_how)


def set_publication_date(session: orm.Session, article_id: int, date: dt.date | None,
                         how: str = "user", pipeline=None) -> None:
    """Date (or undate) an article and re-extract its time expressions and events against it.

    Mentions are kept as stored, so entity links survive. Runs in the caller's transaction.
    """
    row = _article(session, article_id)
    how = _checked_how(date, how)
    article = dataclasses.replace(stored_article(row), published=date, published_how=how)
    # Extract before writing anything: a spaCy failure then leaves the article as it was.
    found = extract.extract(article, pipeline)
    row.published, row.published_how = date, how
    for table in (models.Event, models.Timex):  # events first: they point at time expressions
        session.execute(sa.delete(table).where(table.article_id == article_id))
    ingest.store_timexes_and_events(session, article_id, found)
    event_groups.regroup(session)  # its events' dates changed, and with them what they join


def change_publication_date(session_factory: orm.sessionmaker, article_id: int,
                            date: dt.date | None, how: str = "user", pipeline=None) -> DateChange:
    """`set_publication_date` in its own transaction, reporting the date before and after."""
    with session_factory.begin() as session:
        before = publication_date(session, article_id)
        set_publication_date(session, article_id, date, how, pipeline)
        row = _article(session, article_id)
        return DateChange(article_id, row.title, before, ArticleDate(row.published, row.published_how))


def proposed_date(session: orm.Session, article_id: int) -> infer_date.Proposal | None:
    """A date inferred from the article's own absolute dates, for the user to confirm or not."""
    article = dataclasses.replace(stored_article(_article(session, article_id)), published=None)
    return infer_date.propose(extract.tag_timexes(article), article.text)


def stored_article(row: models.Article) -> model.ParsedArticle:
    """The ParsedArticle an import stored as `row`; its extraction_text() is row.clean_text."""
    article = model.ParsedArticle(
        path=row.path, title=row.title, text=row.original_text, published=row.published,
        published_how=row.published_how, content_hash=row.content_hash, encoding=row.encoding,
        debris=debris.blanked_runs(row.original_text, row.clean_text))
    if article.extraction_text() != row.clean_text:  # offsets would no longer index the text
        raise ValueError(f"article {row.id}: stored clean text is not a blanking of the original")
    return article


def _checked_how(date: dt.date | None, how: str) -> str:
    if date is None:
        return "none"  # an undated article has no "how", whoever cleared the date
    if how not in model.PUBLISHED_HOW or how == "none":
        raise ValueError(f"published_how must be one of {model.PUBLISHED_HOW[:-1]}, not {how!r}")
    return how


def _article(session: orm.Session, article_id: int) -> models.Article:
    row = session.get(models.Article, article_id)
    if row is None:
        raise LookupError(f"no article {article_id}")
    return row
