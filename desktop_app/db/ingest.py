"""Import use case: files in, one transaction per article, then corpus-wide entity linking."""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import os
import pathlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.core import extract, extract_pool, linking, model, reading
from desktop_app.db import article_rows, batching, entity_store, event_groups, models

Progress = Callable[[int, int, str], None]
UNCHANGED = "unchanged since the last import"
POOL_MIN_FILES = 24  # below this, starting worker processes costs more than it saves


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
    missing: tuple[str, ...] = ()  # files imported earlier from the folders, now gone
    folders: tuple[str, ...] = ()  # the folders imported (where "remove missing" looks)

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
        """The report as text lines: rejected files, duplicates, missing files, then the summary."""
        return ([f"rejected  {o.path}: {o.reason}" for o in self.rejected]
                + [f"duplicate  {o.path}: {o.reason}" for o in self.duplicates]
                + [f"missing  {path}: imported earlier, no longer there" for path in self.missing]
                + [self.summary()])


def ingest(session_factory: orm.sessionmaker, paths: Iterable[str | pathlib.Path],
           progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
           pipeline=None, max_bytes: int = reading.MAX_BYTES,
           processes: int | None = None) -> ImportReport:
    """Import files and folders; a bad file is reported and the rest go on.

    Files over `max_bytes` are rejected unread; files unchanged since their import are skipped.
    Articles are read ahead in small batches, extracted on `processes` cores (default: both,
    for imports of POOL_MIN_FILES files or more) and stored one transaction each, in order;
    `progress(files_done, files_total, article_path)` comes before each article is stored and
    `cancelled` is checked there, so a cancelled import stops at an article boundary."""
    paths = [pathlib.Path(p) for p in paths]
    files, missing = reading.find_article_files(paths)
    run = _Run(session_factory, len(files), progress, cancelled, max_bytes)
    run.outcomes.extend(FileOutcome(str(p), "rejected", reason) for p, reason in missing)
    if processes is None:
        processes = extract_pool.worker_count() if len(files) >= POOL_MIN_FILES else 1
    with extract_pool.Extractor(pipeline, processes) as extractor:
        window: collections.deque = collections.deque()  # batches submitted, not yet stored
        for batch in _batches(run.jobs(files), extract_pool.TASK_ARTICLES):
            articles = [job.article for job in batch]
            window.append((batch, articles, extractor.submit(articles)))
            while len(window) > extractor.depth and not run.stopped:
                batch, articles, handle = window.popleft()
                run.store(batch, extractor.result(handle, articles))
            if run.stopped:
                break
        while window and not run.stopped:
            batch, articles, handle = window.popleft()
            run.store(batch, extractor.result(handle, articles))
        extractor.close(cancel=run.stopped)
    if run.changed:
        with session_factory.begin() as session:
            entity_store.relink(session)
            event_groups.regroup(session, run.event_words)
    folders = tuple(str(p.absolute()) for p in paths if os.path.isdir(p))
    with session_factory() as session:
        gone = tuple(path for folder in folders for _, path in missing_files(session, folder))
    if progress is not None and not run.stopped:
        progress(len(files), len(files), "")
    return ImportReport(tuple(run.outcomes), run.stopped, gone, folders)


def _batches(jobs: Iterator[_Job], size: int) -> Iterator[list[_Job]]:
    batch: list[_Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclasses.dataclass
class _File:
    """One file of this import: its articles from earlier imports and the fate of its new ones."""

    stamp: FileStamp
    prior_ids: list[int]
    kept: set[int] = dataclasses.field(default_factory=set)
    waiting: int = 0  # articles handed to extraction and not stored yet
    read: bool = False  # every article of the file has been handed on or decided


@dataclasses.dataclass
class _Job:
    article: model.ParsedArticle
    file: _File


class _KnownArticle(collections.namedtuple(
        "_KnownArticle", "id path file_path file_size file_mtime_ns published published_how")):
    """An article already in the database, as re-import decisions need it."""


@dataclasses.dataclass
class _Known:
    """The database's articles by file and by content, read in one query (not two per file)."""

    by_file: dict[str, list[_KnownArticle]]
    by_hash: dict[str, _KnownArticle]
    hash_of: dict[int, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def load(cls, factory) -> _Known:
        a = models.Article
        by_file: dict[str, list[_KnownArticle]] = collections.defaultdict(list)
        by_hash: dict[str, _KnownArticle] = {}
        with factory() as session:
            for r in session.execute(sa.select(a.id, a.path, a.file_path, a.file_size, a.file_mtime_ns,
                                               a.published, a.published_how, a.content_hash)):
                known = _KnownArticle(*r[:-1])
                by_file[r.file_path].append(known)
                by_hash[r.content_hash] = known
        return cls(by_file, by_hash, {k.id: h for h, k in by_hash.items()})

    def add(self, content_hash: str, known: _KnownArticle) -> None:
        self.by_hash[content_hash] = known
        self.hash_of[known.id] = content_hash

    def forget(self, article_ids: Sequence[int]) -> None:
        for i in article_ids:
            content_hash = self.hash_of.pop(i, None)
            if content_hash is not None and self.by_hash.get(content_hash, (None,))[0] == i:
                del self.by_hash[content_hash]


class _Run:
    """One call of `ingest`: decides per file what needs extracting, then stores it in order."""

    def __init__(self, session_factory, total: int, progress: Progress | None,
                 cancelled: Callable[[], bool] | None, max_bytes: int):
        self.factory, self.total, self.max_bytes = session_factory, total, max_bytes
        self._progress, self._cancelled = progress, cancelled
        self.outcomes: list[FileOutcome] = []
        self.files_done = 0
        self.stopped = False
        self.changed = False  # articles added or removed: relink and regroup at the end
        self._in_flight: dict[str, str] = {}  # content hash -> path of an article being extracted
        self._articles: _Known | None = None  # what the database held, read once when first needed
        self.event_words: event_groups.Words = {}  # stored events' content words, for regrouping

    def _known(self) -> _Known:
        if self._articles is None:
            self._articles = _Known.load(self.factory)
        return self._articles

    def _stored(self, article_id: int, article: model.ParsedArticle, file_path: str,
                found: extract_pool.Prepared) -> None:
        self._known().add(article.content_hash, _KnownArticle(
            article_id, article.path, file_path, None, None, article.published, article.published_how))
        events = (*found.extraction.events, *found.extraction.floating)
        for e, words in zip(events, found.event_words):
            t = e.timex
            key = (article.content_hash, e.start, e.end, *((None, None) if t is None else (t.start, t.end)))
            self.event_words[key] = words

    def cancel_requested(self) -> bool:
        if self._cancelled is not None and self._cancelled():
            self.stopped = True
        return self.stopped

    def jobs(self, files: Sequence[pathlib.Path]) -> Iterator[_Job]:
        """Articles to extract, file by file; everything else is decided (and reported) here."""
        for path in files:
            if self.cancel_requested():
                return
            yield from self._plan(path)

    def _plan(self, path: pathlib.Path) -> Iterator[_Job]:
        name = str(path)
        try:
            info = os.stat(path)
        except OSError as exc:
            self.outcomes.append(FileOutcome(name, "rejected", reading.os_reason(exc, path)))
            self._file_done(name)
            return
        prior = self._known().by_file.get(name, [])
        if prior and all((r.file_size, r.file_mtime_ns) == (info.st_size, info.st_mtime_ns)
                         for r in prior):
            self.outcomes.extend(FileOutcome(r.path, "unchanged", UNCHANGED, r.id) for r in prior)
            self._file_done(name)
            return
        try:
            items = reading.read_articles(path, self.max_bytes)
        except reading.Rejected as exc:  # an older version's articles stay
            self.outcomes.append(FileOutcome(name, "rejected", exc.reason))
            self._file_done(name)
            return
        state = _File(FileStamp(name, info.st_size, info.st_mtime_ns), [r.id for r in prior])
        # A date the user set on the older version is kept when the new one has none of its own.
        user_dates = {r.path: r.published for r in prior if r.published_how == "user"}
        for item in items:
            if isinstance(item, reading.Rejected):
                self.outcomes.append(FileOutcome(item.path or name, "rejected", item.reason))
                continue
            if item.published is None and user_dates.get(item.path):
                item = dataclasses.replace(item, published=user_dates[item.path], published_how="user")
            known = self._already_there(item, state.stamp)
            if known is not None:
                self.outcomes.append(known)
                state.kept.add(known.article_id)
                continue
            state.waiting += 1
            self._in_flight[item.content_hash] = item.path
            yield _Job(item, state)
        state.read = True
        self._finish(state)

    def _already_there(self, article: model.ParsedArticle, stamp: FileStamp) -> FileOutcome | None:
        """Unchanged or duplicate, decided before any extraction; None when it must be imported."""
        a = models.Article
        existing = self._known().by_hash.get(article.content_hash)
        if existing is not None and existing.file_path == stamp.path:
            # The same file touched or re-saved with the same text: remember its new size and time.
            with self.factory.begin() as session:
                session.execute(sa.update(a).where(a.id == existing.id)
                                .values(file_size=stamp.size, file_mtime_ns=stamp.mtime_ns))
            return FileOutcome(article.path, "unchanged", UNCHANGED, existing.id)
        if existing is not None:
            return FileOutcome(article.path, "duplicate", f"duplicate of {existing.path}", existing.id)
        if article.content_hash in self._in_flight:  # read earlier in this import, not stored yet
            return FileOutcome(article.path, "duplicate",
                               f"duplicate of {self._in_flight[article.content_hash]}")
        return None

    def store(self, batch: list[_Job], results: list) -> None:
        """Store a batch's articles, one transaction each, stopping at a cancel request."""
        for job, found in zip(batch, results):
            if self.cancel_requested():
                return
            article = job.article
            if self._progress is not None:
                self._progress(self.files_done, self.total, article.path)
            if isinstance(found, extract.Failed):
                outcome = FileOutcome(article.path, "rejected", f"extraction failed: {found.reason}")
            else:
                outcome = self._store_one(article, found, job.file.stamp)
                if outcome.status == "imported":
                    self._stored(outcome.article_id, article, job.file.stamp.path, found)
            self._in_flight.pop(article.content_hash, None)
            self.outcomes.append(outcome)
            job.file.kept.add(outcome.article_id)
            job.file.waiting -= 1
            self._finish(job.file)

    def _store_one(self, article, found: extract_pool.Prepared, stamp: FileStamp) -> FileOutcome:
        for attempt in range(3):
            try:
                with self.factory.begin() as session:
                    article_id = store_article(session, article, found.extraction, stamp, found.linked)
                break
            except sa.exc.IntegrityError:
                with self.factory() as session:  # another importer stored the same content meanwhile
                    a = models.Article
                    if session.scalar(sa.select(a.id).where(a.content_hash == article.content_hash)):
                        return FileOutcome(article.path, "duplicate", "same content already imported")
                if attempt == 2:  # not a duplicate: another client's new entity, say; retried
                    raise
        self.changed = True
        return FileOutcome(article.path, "imported", "", article_id)

    def _finish(self, state: _File) -> None:
        """Once all of a file's articles are stored, drop what only its older version said."""
        if not state.read or state.waiting:
            return
        stale = [i for i in state.prior_ids if i not in state.kept]
        if stale:
            with self.factory.begin() as session:
                delete_articles(session, stale, regroup=False)  # regrouped once, at the end
            self._known().forget(stale)
            self.changed = True
        self._file_done(state.stamp.path)

    def _file_done(self, name: str) -> None:
        self.files_done += 1
        if self._progress is not None:
            self._progress(self.files_done, self.total, name)


def store_article(session: orm.Session, article: model.ParsedArticle, found: model.Extraction,
                  source: FileStamp | None = None,
                  linked: tuple[list[linking.LinkedEntity], list[int]] | None = None) -> int:
    """Insert one extracted article with its mentions, time expressions and events.

    `linked` is `linking.link` of the article's mentions when already done (by a worker)."""
    if found.mentions and linked is None:
        linked = linking.link([(0, m) for m in found.mentions])  # one document: any id will do
    file_path = source.path if source else article.path
    size, mtime_ns = (source.size, source.mtime_ns) if source else (None, None)
    cursor = article_rows.driver_cursor(session)
    if cursor is not None:
        try:
            article_id = article_rows.insert_article(cursor, article, file_path, size, mtime_ns)
            if found.mentions:
                entities, assignment = linked
                ids = article_rows.entity_ids(cursor, entities)
                article_rows.insert_mentions(cursor, article_id, found.mentions,
                                             [ids[k] for k in assignment])
            article_rows.insert_timexes_and_events(cursor, article_id, found, own_leads=True)
        except sqlite3.IntegrityError as exc:  # as SQLAlchemy would raise it
            raise sa.exc.IntegrityError(_ARTICLE_INSERT, None, exc) from exc
        finally:
            cursor.close()
        return article_id
    article_id = session.execute(sa.insert(_ARTICLES).values(
        path=article.path, title=article.title, original_text=article.text,
        clean_text=article.extraction_text(), published=article.published,
        published_how=article.published_how, content_hash=article.content_hash,
        encoding=article.encoding, imported_at=dt.datetime.now(), outlet=article.outlet[:256],
        url=article.url[:2048], author=article.author[:512], file_path=file_path,
        file_size=size, file_mtime_ns=mtime_ns)).inserted_primary_key[0]
    if found.mentions:  # one executemany, not an ORM object per mention
        entities, assignment = linked
        entity_ids = entity_store.entity_ids_for(session, entities)
        session.execute(sa.insert(models.Mention.__table__), [
            dict(article_id=article_id, entity_id=entity_ids[assignment[i]], start=m.start, end=m.end,
                 text=m.text, name=m.name, label=m.label, role=m.role)
            for i, m in enumerate(found.mentions)])
    store_timexes_and_events(session, article_id, found)
    e = models.Event.__table__  # each event its own lead until regrouped, as on the SQLite path
    session.execute(sa.update(e).where(e.c.article_id == article_id, e.c.lead_id.is_(None))
                    .values(lead_id=e.c.id))
    return article_id


_ARTICLE_INSERT = "INSERT INTO articles ..."
_ARTICLES = models.Article.__table__


def store_timexes_and_events(session: orm.Session, article_id: int, found: model.Extraction) -> None:
    """Insert an article's time expressions and the events they date (import and re-dating).

    Floating events are stored with no dates; `event_groups.regroup` decides where they show."""
    cursor = article_rows.driver_cursor(session)
    if cursor is not None:
        try:
            article_rows.insert_timexes_and_events(cursor, article_id, found)
        finally:
            cursor.close()
        return
    timexes = list(dict.fromkeys(found.timexes))  # equal expressions share one row
    timex_ids: dict[model.Timex, int] = {}
    if timexes:
        ids = session.scalars(sa.insert(models.Timex.__table__).returning(
            models.Timex.__table__.c.id, sort_by_parameter_order=True),
            [_timex_row(article_id, t) for t in timexes]).all()
        timex_ids = dict(zip(timexes, ids))
    rows = [dict(article_id=article_id, timex_id=timex_ids[e.timex] if e.timex is not None else None,
                 start=e.start, end=e.end, text=e.text, begin=e.interval[0], end_date=e.interval[1],
                 flags=",".join(e.flags), open_start=e.open_start, open_end=e.open_end)
            for e in (*found.events, *found.floating)]
    if rows:
        session.execute(sa.insert(models.Event.__table__), rows)


def _timex_row(article_id: int, t: model.Timex) -> dict:
    return dict(article_id=article_id, start=t.start, end=t.end, text=t.text, type=t.type,
                value=t.value, mod=t.mod, begin=t.begin, end_date=t.end_date,
                granularity=t.granularity)


def delete_articles(session: orm.Session, article_ids: Sequence[int], regroup: bool = True) -> None:
    """Remove articles with everything extracted from them."""
    ids = list(article_ids)
    for part in batching.chunks(ids):
        for table in (models.Event, models.Mention, models.Timex):
            session.execute(sa.delete(table).where(table.article_id.in_(part)))
        session.execute(sa.delete(models.Article).where(models.Article.id.in_(part)))
    entity_store.drop_orphans(session)
    if regroup:
        event_groups.regroup(session)


def missing_files(session: orm.Session, folder: str | pathlib.Path) -> list[tuple[int, str]]:
    """(article id, file path) of articles imported from under `folder` whose file is gone.

    A folder that is itself gone (an unplugged drive) offers nothing: its files are not known
    to be deleted."""
    root = pathlib.Path(folder).absolute()
    if not os.path.isdir(root):
        return []
    prefix = os.path.join(str(root), "")
    rows = session.execute(sa.select(models.Article.id, models.Article.file_path)
                           .where(models.Article.file_path.startswith(prefix, autoescape=True))
                           .order_by(models.Article.file_path, models.Article.id)).all()
    gone: dict[str, bool] = {}
    for _, path in rows:
        if path not in gone:
            gone[path] = not os.path.exists(path)
    return [(r.id, r.file_path) for r in rows if gone[r.file_path]]


def remove_missing(session: orm.Session, folder: str | pathlib.Path) -> list[str]:
    """Delete the articles of `missing_files`; the file paths removed, each once."""
    found = missing_files(session, folder)
    if found:
        delete_articles(session, [article_id for article_id, _ in found])
        entity_store.relink(session)
    return list(dict.fromkeys(path for _, path in found))
