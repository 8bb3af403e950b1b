"""Import use case: files in, one transaction per article, then corpus-wide entity linking."""
from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
from collections.abc import Callable, Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import extract, linking, model, reading
from desktop_app.db import entity_store, event_groups, models

Progress = Callable[[int, int, str], None]


@dataclasses.dataclass(frozen=True)
class FileOutcome:
    path: str
    status: str  # imported, duplicate, rejected
    reason: str = ""
    article_id: int | None = None


@dataclasses.dataclass(frozen=True)
class ImportReport:
    outcomes: tuple[FileOutcome, ...]
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def rejected(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "rejected")

    def summary(self) -> str:
        text = (f"{self.count('imported')} imported, {self.count('duplicate')} already present, "
                f"{self.count('rejected')} rejected")
        return text + (" (cancelled)" if self.cancelled else "")

    def lines(self) -> list[str]:
        """The report as text lines: one per rejected file, then the summary."""
        return [f"rejected  {o.path}: {o.reason}" for o in self.rejected] + [self.summary()]


def ingest(session_factory: orm.sessionmaker, paths: Iterable[str | pathlib.Path],
           progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
           pipeline=None) -> ImportReport:
    """Import files and folders; a bad file is reported and the rest go on."""
    files, missing = reading.find_article_files(paths)
    outcomes = [FileOutcome(str(p), "rejected", reason) for p, reason in missing]
    total, stopped = len(files), False
    for done, path in enumerate(files):
        if cancelled is not None and cancelled():
            stopped = True
            break
        if progress is not None:
            progress(done, total, str(path))
        outcomes.append(_ingest_one(session_factory, path, pipeline))
    if any(o.status == "imported" for o in outcomes):
        with session_factory.begin() as session:
            entity_store.relink(session)
            event_groups.regroup(session)
    if progress is not None and not stopped:
        progress(total, total, "")
    return ImportReport(tuple(outcomes), stopped)


def _ingest_one(session_factory: orm.sessionmaker, path: pathlib.Path, pipeline) -> FileOutcome:
    try:
        article = reading.read_file(path)
    except reading.Rejected as exc:
        return FileOutcome(str(path), "rejected", exc.reason)
    with session_factory() as session:
        existing = session.scalar(sa.select(models.Article.id)
                                  .where(models.Article.content_hash == article.content_hash))
    if existing is not None:
        return FileOutcome(str(path), "duplicate", "same content already imported", existing)
    try:
        found = extract.extract(article, pipeline)
    except Exception as exc:  # one bad article must not stop the import
        return FileOutcome(str(path), "rejected", f"extraction failed: {exc}")
    try:
        with session_factory.begin() as session:
            article_id = store_article(session, article, found)
    except sa.exc.IntegrityError:  # another importer stored the same content meanwhile
        return FileOutcome(str(path), "duplicate", "same content already imported")
    return FileOutcome(str(path), "imported", "", article_id)


def store_article(session: orm.Session, article: model.ParsedArticle, found: model.Extraction) -> int:
    """Insert one extracted article with its mentions, time expressions and events."""
    row = models.Article(path=article.path, title=article.title, original_text=article.text,
                         clean_text=article.extraction_text(), published=article.published,
                         published_how=article.published_how, content_hash=article.content_hash,
                         encoding=article.encoding, imported_at=dt.datetime.now())
    session.add(row)
    session.flush()
    entities, assignment = linking.link([(row.id, m) for m in found.mentions])
    entity_ids = [entity_store.entity_id_for(session, e) for e in entities]
    session.add_all(models.Mention(article_id=row.id, entity_id=entity_ids[assignment[i]],
                                   start=m.start, end=m.end, text=m.text, name=m.name, label=m.label,
                                   role=m.role)
                    for i, m in enumerate(found.mentions))
    store_timexes_and_events(session, row.id, found)
    return row.id


def store_timexes_and_events(session: orm.Session, article_id: int, found: model.Extraction) -> None:
    """Insert an article's time expressions and the events they date (import and re-dating).

    Floating events are stored with no dates; `event_groups.regroup` decides where they show."""
    timex_rows = {t: _timex_row(article_id, t) for t in found.timexes}
    session.add_all(timex_rows.values())
    session.flush()
    session.add_all(models.Event(article_id=article_id,
                                 timex_id=timex_rows[e.timex].id if e.timex is not None else None,
                                 start=e.start, end=e.end, text=e.text, begin=e.interval[0],
                                 end_date=e.interval[1], flags=",".join(e.flags),
                                 open_start=e.open_start, open_end=e.open_end)
                    for e in (*found.events, *found.floating))


def _timex_row(article_id: int, t: model.Timex) -> models.Timex:
    return models.Timex(article_id=article_id, start=t.start, end=t.end, text=t.text, type=t.type,
                        value=t.value, mod=t.mod, begin=t.begin, end_date=t.end_date,
                        granularity=t.granularity)


def delete_articles(session: orm.Session, article_ids: Sequence[int]) -> None:
    """Remove articles with everything extracted from them."""
    ids = list(article_ids)
    for table in (models.Event, models.Mention, models.Timex):
        session.execute(sa.delete(table).where(table.article_id.in_(ids)))
    session.execute(sa.delete(models.Article).where(models.Article.id.in_(ids)))
    entity_store.drop_orphans(session)
    event_groups.regroup(session)
