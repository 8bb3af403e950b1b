"""Large databases for the scale benchmark: the news corpus imported once, then copied in SQL.

    python -m bench.scale_db --events 1000000 --out /tmp/scale/1m.timeline

The first copy goes through the real import (cached in bench/.cache/ as a seed database); each
further copy k repeats every article with dates k*364 days later (same weekdays), its own content
hash and path, and a share of its entities renamed, so the total lands near one entity per five
timeline events (the 1M : 200k shape) as far as the corpus allows. Row i of a table becomes
row i + k * (the seed's largest id) in copy k, so every reference stays inside its copy.
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import pathlib
import shutil
import sys
import time

import sqlalchemy as sa

from desktop_app.core import nlp, reading
from desktop_app.db import ingest, models, session

ROOT = pathlib.Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "news-corpus"
DAYS = 364  # 52 weeks: a copy's dates fall on the same weekdays
ENTITY_RATIO = 5  # timeline events per entity at 1M (1,000,000 : 200,000)
# A timeline event: dated, and the lead of its group (see db.event_groups).
TIMELINE = "begin IS NOT NULL AND coalesce(lead_id, id) = id"
say = functools.partial(print, flush=True)  # progress shows up in a log file as it happens


def code_hash() -> str:
    """Digest of the code that shapes a seed: the migrations and the extraction (core)."""
    digest = hashlib.sha256()
    files = sorted((ROOT / "desktop_app" / "db" / "migrations" / "versions").glob("*.py"))
    for path in files + sorted((ROOT / "desktop_app" / "core").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def source_files(source: pathlib.Path, articles: int | None) -> list[pathlib.Path]:
    """The files the import reads: the folder itself, or its first `articles` files by name."""
    if articles is None:
        return [source]
    files, _ = reading.find_article_files([source])
    return sorted(files)[:articles]


def seed_path(source: pathlib.Path, articles: int | None, pipeline: str) -> pathlib.Path:
    """The cached seed for this corpus, article count, pipeline and code."""
    key = f"{source.resolve()}|{articles}|{pipeline}|{code_hash()}"
    name = hashlib.sha256(key.encode()).hexdigest()[:16]
    return CACHE / f"seed-{pipeline}-{articles or 'all'}-{name}.timeline"


def make_seed(source: pathlib.Path, articles: int | None = None, pipeline: str = "spacy",
              processes: int = 2) -> tuple[pathlib.Path, float]:
    """The seed database (the real import of `source`), built unless cached; and import seconds."""
    path = seed_path(source, articles, pipeline)
    if path.exists():
        return path, 0.0
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    _remove(partial)
    factory = session.open_database(f"sqlite:///{partial}")
    start = time.perf_counter()
    # The app's default is the spaCy pipeline (None); "rules" is the fast one the tests use.
    report = ingest.ingest(factory, source_files(source, articles), processes=processes,
                           pipeline=nlp.rule_pipeline() if pipeline == "rules" else None)
    seconds = time.perf_counter() - start
    if not report.count("imported"):
        raise SystemExit(f"nothing imported from {source}: {report.summary()}")
    _close(factory)
    partial.rename(path)  # only a finished import becomes the cached seed
    return path, seconds


def _close(factory) -> None:
    """Fold the WAL into the file and close, so the file alone is the whole database."""
    engine = factory.kw["bind"]
    if engine.dialect.name == "sqlite":
        with engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def _remove(path: pathlib.Path) -> None:
    for p in (path, pathlib.Path(f"{path}-wal"), pathlib.Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


# Every copied column is named: a column added later (generated, or filled by a trigger) is left
# to its default rather than written.
ARTICLE_COLUMNS = ("title", "original_text", "clean_text", "published_how", "encoding", "imported_at",
                   "outlet", "url", "author", "file_size", "file_mtime_ns")
TIMEX_COLUMNS = ("start", '"end"', "text", "type", "value", "mod", "granularity")
MENTION_COLUMNS = ("start", '"end"', "text", "label", "role")
EVENT_COLUMNS = ("start", '"end"', "text", "flags", "open_start", "open_end")


def _copy_sql(dialect: str) -> list[str]:
    """The statements that add copy :k of the seed's articles with id <= :cut."""
    if dialect == "postgresql":
        def shift(col: str) -> str:
            return f"{col} + CAST(:days AS integer)"
    else:
        def shift(col: str) -> str:
            return f"date({col}, '+' || :days || ' days')"
    # The same choice in both statements, spread evenly over entity ids: (919 is prime to 1000.)
    renamed = "(({col} * 919 + :k * 729) % 1000) < :permille"
    suffix = "' ' || CAST(:k AS varchar)"
    a, t, m, e = (", ".join(c) for c in (ARTICLE_COLUMNS, TIMEX_COLUMNS, MENTION_COLUMNS, EVENT_COLUMNS))
    return [
        # content_hash is String(64) (a SHA-256): the copy's suffix replaces its tail.
        f"INSERT INTO articles (id, path, file_path, content_hash, published, {a}) "
        f"SELECT id + :ao, path || '#copy' || CAST(:k AS varchar), file_path || '#copy' || CAST(:k AS varchar), "
        f"substr(content_hash, 1, 56) || '-' || CAST(:k AS varchar), {shift('published')}, {a} "
        f"FROM articles WHERE id <= :cut ORDER BY id",
        f"INSERT INTO timexes (id, article_id, begin, end_date, {t}) "
        f"SELECT id + :to, article_id + :ao, {shift('begin')}, {shift('end_date')}, {t} "
        f"FROM timexes WHERE id <= :tmax AND article_id <= :cut ORDER BY id",
        f"INSERT INTO entities (id, key, name, type, hidden) "
        f"SELECT id + :eo, key || {suffix}, name || {suffix}, type, hidden FROM entities "
        f"WHERE id <= :emax AND {renamed.format(col='id')} "
        f"AND id IN (SELECT entity_id FROM mentions WHERE id <= :mmax AND article_id <= :cut) ORDER BY id",
        f"INSERT INTO mentions (id, article_id, entity_id, name, {m}) "
        f"SELECT id + :mo, article_id + :ao, "
        f"CASE WHEN {renamed.format(col='entity_id')} THEN entity_id + :eo ELSE entity_id END, "
        f"CASE WHEN {renamed.format(col='entity_id')} THEN name || {suffix} ELSE name END, {m} "
        f"FROM mentions WHERE id <= :mmax AND article_id <= :cut ORDER BY id",
        f"INSERT INTO events (id, article_id, timex_id, begin, end_date, lead_id, {e}) "
        f"SELECT ev.id + :vo, ev.article_id + :ao, ev.timex_id + :to, {shift('ev.begin')}, "
        f"{shift('ev.end_date')}, l.lead + :vo, {', '.join('ev.' + c for c in EVENT_COLUMNS)} "
        f"FROM events ev JOIN scale_leads l ON l.id = ev.id ORDER BY ev.id",
    ]


class Seed:
    """What the copies need to know of the seed: id ranges, counts, and its event groups."""

    def __init__(self, conn: sa.Connection):
        def one(sql: str) -> int:
            return conn.exec_driver_sql(sql).scalar() or 0
        self.max = {t: one(f"SELECT max(id) FROM {t}") for t in ("articles", "timexes", "entities",
                                                                  "mentions", "events")}
        self.entities = one("SELECT count(*) FROM entities")
        self.timeline = one(f"SELECT count(*) FROM events WHERE {TIMELINE}")
        e = sa.table("events", sa.column("id"), sa.column("article_id"), sa.column("lead_id"),
                     sa.column("begin", sa.Date), sa.column("end_date", sa.Date))
        a = sa.table("articles", sa.column("id"), sa.column("imported_at", sa.DateTime))
        self.events = conn.execute(sa.select(e.c.id, e.c.article_id, sa.func.coalesce(e.c.lead_id, e.c.id),
                                             e.c.begin, e.c.end_date, a.c.imported_at)
                                   .join(a, a.c.id == e.c.article_id).order_by(e.c.id)).all()
        # A group is on the timeline once one of its dated members is copied (dated leads first).
        first_dated: dict[int, int] = {}
        for r in self.events:
            if r.begin is not None:
                first_dated[r[2]] = min(first_dated.get(r[2], r.article_id), r.article_id)
        self.cumulative = sorted(first_dated.values())  # article id at which each group appears

    def cut_for(self, wanted: int) -> int:
        """The last article id to copy so that the copy adds about `wanted` timeline events."""
        if wanted >= len(self.cumulative):
            return self.max["articles"]
        return self.cumulative[max(wanted - 1, 0)]

    def leads(self, cut: int) -> list[dict]:
        """Each copied event's lead within the articles up to `cut`, ranked as
        event_groups._lead_rank does (dated, narrowest, earliest import, lowest id)."""
        rows = [r for r in self.events if r.article_id <= cut]
        best: dict[int, tuple] = {}
        for r in rows:
            rank = ((1, 0) if r.begin is None else (0, (r.end_date - r.begin).days)) + (r.imported_at, r.id)
            if r[2] not in best or rank < best[r[2]]:
                best[r[2]] = rank
        kept = {r.id for r in rows}
        return [{"id": r.id, "lead": r[2] if r[2] in kept else best[r[2]][-1]} for r in rows]


def _permille(seed: Seed, events: int) -> int:
    """Share of entities (per thousand) each copy renames, for about events/ENTITY_RATIO in all."""
    copies = events / max(seed.timeline, 1) - 1  # beyond the seed
    if copies <= 0:
        return 0
    share = (events / ENTITY_RATIO - seed.entities) / (copies * max(seed.entities, 1))
    return round(1000 * min(max(share, 0.0), 1.0))


def _fts_triggers(conn: sa.Connection) -> list[tuple[str, str]]:
    """The name and exact SQL of each events_fts_* trigger, to recreate them as they were."""
    return [tuple(r) for r in conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'events\\_fts\\_%' "
        "ESCAPE '\\' ORDER BY name")]


def copy_up_to(conn: sa.Connection, events: int, log=say) -> int:
    """Add copies of the seed in `conn`'s database (which holds only the seed) until it has about
    `events` timeline events; returns the number of copies (the last one maybe partial)."""
    dialect = conn.dialect.name
    seed = Seed(conn)
    permille = _permille(seed, events)
    statements = [sa.text(s) for s in _copy_sql(dialect)]
    total, k = seed.timeline, 0
    temp = "TEMPORARY" if dialect == "sqlite" else "TEMP"
    conn.exec_driver_sql(f"CREATE {temp} TABLE scale_leads (id INTEGER PRIMARY KEY, lead INTEGER NOT NULL)")
    last_cut = None
    triggers = _fts_triggers(conn) if dialect == "sqlite" else []
    # The full-text index is rebuilt once at the end rather than row by row (only its own
    # triggers are dropped: any other trigger on events keeps firing for every copied row).
    for name, _ in triggers:
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        while total < events:
            k += 1
            cut = seed.cut_for(events - total)
            if cut != last_cut:
                conn.exec_driver_sql("DELETE FROM scale_leads")
                conn.execute(sa.text("INSERT INTO scale_leads (id, lead) VALUES (:id, :lead)"), seed.leads(cut))
                last_cut = cut
            params = {"k": k, "days": k * DAYS, "cut": cut, "permille": permille,
                      "ao": k * seed.max["articles"], "to": k * seed.max["timexes"],
                      "eo": k * seed.max["entities"], "mo": k * seed.max["mentions"],
                      "vo": k * seed.max["events"], "tmax": seed.max["timexes"],
                      "emax": seed.max["entities"], "mmax": seed.max["mentions"]}
            for statement in statements:
                conn.execute(statement, params)
            total = conn.execute(sa.text(f"SELECT count(*) FROM events WHERE {TIMELINE} AND id > :vo"),
                                 params).scalar() + total
            conn.commit()
            log(f"copy {k}: {total:,} timeline events")
    finally:
        for _, sql in triggers:
            conn.exec_driver_sql(sql)
        if triggers:
            conn.exec_driver_sql("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")
        conn.exec_driver_sql("DROP TABLE scale_leads")
        conn.commit()
    if dialect == "postgresql":  # explicit ids leave the sequences behind
        for table in ("articles", "timexes", "entities", "mentions", "events"):
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT max(id) FROM {table}))")
        conn.commit()
    return k


def _sqlite_url(url: str) -> pathlib.Path | None:
    parsed = sa.make_url(session.normalise_url(url))
    return pathlib.Path(parsed.database) if parsed.get_backend_name() == "sqlite" else None


def _load_seed(seed: pathlib.Path, url: str) -> None:
    """Put the seed's rows into the empty database at `url` (another server), ids kept."""
    source = sa.create_engine(f"sqlite:///{seed}")
    target = session.open_database(url).kw["bind"]
    try:
        with source.connect() as src, target.begin() as dst:
            for name, copied in (("articles", ("id", "path", "file_path", "content_hash", "published")
                                  + ARTICLE_COLUMNS),
                                 ("entities", ("id", "key", "name", "type", "hidden")),
                                 ("timexes", ("id", "article_id", "begin", "end_date") + TIMEX_COLUMNS),
                                 ("mentions", ("id", "article_id", "entity_id", "name") + MENTION_COLUMNS),
                                 ("events", ("id", "article_id", "timex_id", "begin", "end_date", "lead_id")
                                  + EVENT_COLUMNS)):
                model = models.Base.metadata.tables[name]  # for the column types only
                table = sa.table(name, *(sa.column(c, model.c[c].type) for c in
                                         (c.strip('"') for c in copied)))
                rows = [dict(r) for r in src.execute(sa.select(table)).mappings()]
                for start in range(0, len(rows), 1000):
                    dst.execute(sa.insert(table), rows[start:start + 1000])
    finally:
        source.dispose()
        target.dispose()


def counts(conn: sa.Connection) -> dict:
    """The database's shape: rows per table and timeline events."""
    one = lambda sql: conn.exec_driver_sql(sql).scalar()  # noqa: E731
    return {"articles": one("SELECT count(*) FROM articles"),
            "events": one(f"SELECT count(*) FROM events WHERE {TIMELINE}"),
            "event_rows": one("SELECT count(*) FROM events"),
            "entities": one("SELECT count(*) FROM entities"),
            "mentions": one("SELECT count(*) FROM mentions")}


def build(url: str, events: int, source: pathlib.Path, pipeline: str = "spacy",
          articles: int | None = None, processes: int = 2, log=say) -> dict:
    """A database at `url` with about `events` timeline events: `source` imported (cached),
    then copied in SQL. An existing SQLite file at `url` is replaced. Returns its figures."""
    seed, import_s = make_seed(pathlib.Path(source), articles, pipeline, processes)
    log(f"seed {seed.name}: " + (f"imported in {import_s:.0f} s" if import_s else "cached"))
    path = _sqlite_url(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove(path)
        shutil.copyfile(seed, path)
    else:
        _load_seed(seed, url)
    factory = session.open_database(url)  # migrates a seed made before a newer migration
    engine = factory.kw["bind"]
    start = time.perf_counter()
    with engine.connect() as conn:
        if path is not None:  # a rebuildable file: no syncing, a big cache (reset on close)
            conn.exec_driver_sql("PRAGMA synchronous = OFF")
            conn.exec_driver_sql("PRAGMA cache_size = -1000000")
        copies = copy_up_to(conn, events, log)
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
        stats = counts(conn)
    copy_s = time.perf_counter() - start
    _close(factory)
    stats.update(copies=copies, import_s=round(import_s, 1), copy_s=round(copy_s, 1),
                 bytes=path.stat().st_size if path is not None else None)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale_db", description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, required=True, help="timeline events wanted (e.g. 1000000)")
    parser.add_argument("--out", type=pathlib.Path, help="SQLite file to write (replaced)")
    parser.add_argument("--db-url", help="a database URL instead of --out (e.g. postgresql+psycopg://…)")
    parser.add_argument("--source", type=pathlib.Path, help=f"corpus folder (default: {DEFAULT_SOURCE})")
    parser.add_argument("--pipeline", choices=("spacy", "rules"), default="spacy")
    parser.add_argument("--articles", type=int, help="import only the first N files of the corpus")
    parser.add_argument("--processes", type=int, default=2, help="import worker processes")
    args = parser.parse_args(argv)
    if bool(args.out) == bool(args.db_url):
        parser.error("give one of --out and --db-url")
    source = args.source or DEFAULT_SOURCE
    if not source.is_dir():
        print(f"error: the corpus folder {source} is absent (give one with --source)", file=sys.stderr)
        return 2
    url = args.db_url or f"sqlite:///{args.out.absolute()}"
    stats = build(url, args.events, source, args.pipeline, args.articles, args.processes)
    size = f", {stats['bytes'] / 1e6:,.0f} MB" if stats["bytes"] else ""
    print(f"{stats['articles']:,} articles, {stats['events']:,} timeline events ({stats['event_rows']:,} "
          f"event rows), {stats['entities']:,} entities, {stats['mentions']:,} mentions{size}; "
          f"import {stats['import_s']:.0f} s, {stats['copies']} copies {stats['copy_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
