"""Import use case: files in, one transaction per article, then corpus-wide entity linking."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pathlib
from collections.abc import Callable, Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import extract, linking, model, reading
from desktop_app.db import entity_store, event_groups, models

Progress = Callable[[int, int, str], None]
UNCHANGED = "unchanged since the last import"


@dataclasses.dataclass(frozen=True)
class FileOutcome:
    path: str  # the file, or "file.jsonl#N" for one object of a many-article file
    status: str  # imported, duplicate (same text as another file), unchanged, rejected
    reason: str = ""
    article_id: int | None = None


@dataclasses.dataclass(frozen=True)
class FileStamp:
    """The file an article came from, as it was when read: re-imports compare these."""

    path: str
    size: int
    mtime_ns: int


@dataclasses.dataclass(frozen=True)
class ImportReport:
    outcomes: tuple[FileOutcome, ...]
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def rejected(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "rejected")

    @property
    def duplicates(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "duplicate")

    def summary(self) -> str:
        present = self.count("duplicate") + self.count("unchanged")
        text = f"{self.count('imported')} imported, {present} already present, {self.count('rejected')} rejected"
        return text + (" (cancelled)" if self.cancelled else "")

    def lines(self) -> list[str]:
        """The report as text lines: one per rejected file, one per duplicate, then the summary."""
        return ([f"rejected  {o.path}: {o.reason}" for o in self.rejected]
                + [f"duplicate  {o.path}: {o.reason}" for o in self.duplicates] + [self.summary()])


def ingest(session_factory: orm.sessionmaker, paths: Iterable[str | pathlib.Path],
           progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
           pipeline=None, max_bytes: int = reading.MAX_BYTES) -> ImportReport:
    """Import files and folders; a bad file is reported and the rest go on.

    Files over `max_bytes` are rejected unread; files unchanged since their import are skipped."""
    files, missing = reading.find_article_files(paths)
    outcomes = [FileOutcome(str(p), "rejected", reason) for p, reason in missing]
    total, stopped = len(files), False
    for done, path in enumerate(files):
        if cancelled is not None and cancelled():
            stopped = True
            break
        if progress is not None:
            progress(done, total, str(path))
        outcomes.extend(_ingest_file(session_factory, path, pipeline, max_bytes))
    if any(o.status == "imported" for o in outcomes):
        with session_factory.begin() as session:
            entity_store.relink(session)
            event_groups.regroup(session)
    if progress is not None and not stopped:
        progress(total, total, "")
    return ImportReport(tuple(outcomes), stopped)


def _ingest_file(session_factory: orm.sessionmaker, path: pathlib.Path, pipeline,
                 max_bytes: int) -> list[FileOutcome]:
    """Import one file's articles (a JSON file can hold many); replaces those of its older version."""
    name = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        return [FileOutcome(name, "rejected", reading.os_reason(exc, path))]
    a = models.Article
    with session_factory() as session:
        prior = session.execute(sa.select(a.id, a.path, a.file_size, a.file_mtime_ns, a.published,
                                          a.published_how).where(a.file_path == name)).all()
    if prior and all((r.file_size, r.file_mtime_ns) == (info.st_size, info.st_mtime_ns) for r in prior):
        return [FileOutcome(r.path, "unchanged", UNCHANGED, r.id) for r in prior]
    try:
        items = reading.read_articles(path, max_bytes)
    except reading.Rejected as exc:
        return [FileOutcome(name, "rejected", exc.reason)]  # an older version's articles stay
    stamp = FileStamp(name, info.st_size, info.st_mtime_ns)
    # A date the user set on the older version is kept when the new one has none of its own.
    user_dates = {r.path: r.published for r in prior if r.published_how == "user"}
    outcomes = []
    for item in items:
        if isinstance(item, reading.Rejected):
            outcomes.append(FileOutcome(item.path or name, "rejected", item.reason))
            continue
        if item.published is None and user_dates.get(item.path):
            item = dataclasses.replace(item, published=user_dates[item.path], published_how="user")
        outcomes.append(_ingest_article(session_factory, item, stamp, pipeline))
    kept = {o.article_id for o in outcomes}
    stale = [r.id for r in prior if r.id not in kept]
    if stale:  # the file changed: what its older version said is gone from it
        with session_factory.begin() as session:
            delete_articles(session, stale)
    return outcomes


def _ingest_article(session_factory: orm.sessionmaker, article: model.ParsedArticle,
                    stamp: FileStamp, pipeline) -> FileOutcome:
    a = models.Article
    with session_factory() as session:
        existing = session.execute(sa.select(a.id, a.path, a.file_path)
                                   .where(a.content_hash == article.content_hash)).first()
    if existing is not None and existing.file_path == stamp.path:
        # The same file touched or re-saved with the same text: remember its new size and time.
        with session_factory.begin() as session:
            session.execute(sa.update(a).where(a.id == existing.id)
                            .values(file_size=stamp.size, file_mtime_ns=stamp.mtime_ns))
        return FileOutcome(article.path, "unchanged", UNCHANGED, existing.id)
    if existing is not None:
        return FileOutcome(article.path, "duplicate", f"duplicate of {existing.path}", existing.id)
    try:
        found = extract.extract(article, pipeline)
    except Exception as exc:  # one bad article must not stop the import
        return FileOutcome(article.path, "rejected", f"extraction failed: {exc}")
    try:
        with session_factory.begin() as session:
            article_id = store_article(session, article, found, stamp)
    except sa.exc.IntegrityError:  # another importer stored the same content meanwhile
        return FileOutcome(article.path, "duplicate", "same content already imported")
    return FileOutcome(article.path, "imported", "", article_id)


def store_article(session: orm.Session, article: model.ParsedArticle, found: model.Extraction,
                  source: FileStamp | None = None) -> int:
    """Insert one extracted article with its mentions, time expressions and events."""
    row = models.Article(path=article.path, title=article.title, original_text=article.text,
                         clean_text=article.extraction_text(), published=article.published,
                         published_how=article.published_how, content_hash=article.content_hash,
                         encoding=article.encoding, imported_at=dt.datetime.now(),
                         outlet=article.outlet[:256], url=article.url[:2048], author=article.author[:512],
                         file_path=source.path if source else article.path,
                         file_size=source.size if source else None,
                         file_mtime_ns=source.mtime_ns if source else None)
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
