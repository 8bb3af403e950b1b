"""Engines, migrations and sessions. Query functions take a Session; callers own transactions."""
from __future__ import annotations

import functools
import os
import pathlib
import shutil
import sqlite3

import platformdirs
import sqlalchemy as sa
from sqlalchemy import event, orm, pool

from desktop_app.db import backup, file_checks, holders, pg_engine, revisions

APP_NAME = "Timeline Reader"
ENV_VAR = "TIMELINE_READER_DB"
MIGRATIONS = pathlib.Path(__file__).resolve().parent / "migrations"


class DatabaseError(RuntimeError):
    """A database that cannot be opened or migrated, with a message for the user."""


def default_url() -> str:
    """The per-user SQLite database, unless TIMELINE_READER_DB names another."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    data_dir = pathlib.Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{data_dir / 'timeline.db'}"


def normalise_url(url_or_path: str) -> str:
    """Accept a plain file path as well as an SQLAlchemy URL."""
    if "://" in url_or_path:
        return url_or_path
    return f"sqlite:///{pathlib.Path(url_or_path).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_file_pragmas(dbapi_connection, _record) -> None:
    """WAL on every connection: a killed import leaves the last committed article intact.

    synchronous=NORMAL is safe in WAL mode (a power cut may lose the newest commits, never
    corrupt the file) and saves an fsync per article."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, read_only: bool = False) -> sa.Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout. A read-only SQLite
    engine opens the file with mode=ro and never switches its journal."""
    url = normalise_url(url)
    parsed = sa.make_url(url)
    if read_only and parsed.get_backend_name() == "sqlite":
        uri = pathlib.Path(parsed.database).resolve().as_uri()  # percent-encodes '?', '#', spaces
        engine = sa.create_engine(sa.URL.create("sqlite", database=uri, query={"mode": "ro", "uri": "true"}),
                                  connect_args={"check_same_thread": False, "timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs: dict = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            # One shared connection, or every session would see its own empty database.
            kwargs.update(poolclass=pool.StaticPool, connect_args={"check_same_thread": False})
        else:
            try:
                pathlib.Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"Cannot create the folder for {database}: {exc.strerror}") from exc
            kwargs.update(connect_args={"check_same_thread": False, "timeout": 5})
    elif parsed.get_backend_name() == "postgresql":
        kwargs.update(pg_engine.engine_kwargs(parsed))
    engine = sa.create_engine(url, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        pg_engine.configure(engine)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if parsed.database not in (None, "", ":memory:"):
            event.listen(engine, "connect", _sqlite_file_pragmas)
    return engine


def _config():
    # Alembic (about 0.4 s of imports) loads only to upgrade (see db.revisions).
    import alembic.config

    config = alembic.config.Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return revisions.head()


def current_revision(engine: sa.Engine) -> str | None:
    """The schema revision the database is at (None: a new, empty database)."""
    with engine.connect() as conn:
        return revisions.current(conn)


def migrate(engine: sa.Engine) -> None:
    """Bring the schema up to the newest Alembic revision; an SQLite file at an older revision
    is backed up first (db/backup.py keeps the last three), so an upgrade can be undone."""
    revision = current_revision(engine)
    if revision == head_revision():
        return  # the usual open: nothing to upgrade, so no upgrade transaction either
    path = engine.url.database
    if revision is not None and engine.url.get_backend_name() == "sqlite" \
            and path not in (None, "", ":memory:"):
        try:
            backup.backup(pathlib.Path(path), revision)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseError(f"Not upgrading {pathlib.Path(path).name}: its backup failed "
                                f"({exc}). Free some disk space and open it again.") from exc
    import alembic.command  # lazily: see _config

    config = _config()
    with engine.begin() as conn:
        if engine.url.get_backend_name() == "postgresql":
            pg_engine.lock(conn)  # two clients opening a new database: one migrates, one waits
        config.attributes["connection"] = conn
        alembic.command.upgrade(config, "head")


class DamagedDatabase(DatabaseError):
    """A file that is not a healthy Timeline Reader database; it was left untouched."""


def sqlite_file(url: str) -> pathlib.Path | None:
    """The database file of an SQLite URL or plain path (None: in memory, or another server)."""
    parsed = sa.make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return pathlib.Path(parsed.database)


def file_fingerprint(url: str) -> tuple | None:
    """Size and time of the database file and its WAL: any commit by anyone changes them."""
    path = sqlite_file(url)
    if path is None:
        return None
    parts = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            info = file.stat()
            parts.append((info.st_mtime_ns, info.st_size))
        except OSError:
            parts.append(None)
    return tuple(parts)



class DataVersion:
    """Whether anyone committed to an SQLite file since an earlier look, from PRAGMA data_version
    on a read-only connection of its own (any other connection's commit changes it)."""

    def __init__(self, url: str):
        path, self._conn = sqlite_file(url), None
        if path is not None:
            try:
                self._conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True,
                                             check_same_thread=False)
            except sqlite3.Error:  # e.g. a read-only copy's folder: `current` cannot tell then
                pass

    def current(self) -> int | None:
        """A value that differs after any commit; None when it cannot tell (not a file)."""
        if self._conn is None:
            return None
        try:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:  # the file went away: nothing to compare with
            return None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

def _check_schema(engine: sa.Engine, label: str) -> None:
    """Refuse another program's SQLite file and a schema newer than this app knows."""
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        revision = revisions.current(conn)
    if tables and revision is None:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise DamagedDatabase(f"{label} is an SQLite database of another program (tables: {shown}); "
                              "it was left as it is.")
    if revision is not None and revision not in revisions.known():
        raise DatabaseError(f"{label} was made by a newer Timeline Reader (schema {revision}). "
                            "Update the app to open it.")


def open_database(url: str, read_only: bool = False) -> orm.sessionmaker[orm.Session]:
    """Engine + migrations + a session factory for `url`. A damaged or foreign file raises
    DamagedDatabase and is not written to; a file the user cannot write opens read-only."""
    url = normalise_url(url)
    label = database_label(url)
    path = sqlite_file(url)
    if path is not None:
        if (why := file_checks.problem(path)) is not None:
            raise DamagedDatabase(f"{label} {why}. It was left as it is.")
        read_only = read_only or (path.exists() and not file_checks.writable(path))
    try:
        if path is not None and path.exists() and path.stat().st_size:
            peek = make_engine(url, read_only=True)  # look before the WAL switch writes anything
            try:
                _check_schema(peek, label)
            finally:
                peek.dispose()
        engine = make_engine(url, read_only=read_only and path is not None)
        if path is None:
            _check_schema(engine, label)
        if read_only:
            if current_revision(engine) != head_revision():
                raise DatabaseError(f"{label} is read-only and was made by an older version; "
                                    "open a writable copy to upgrade it.")
        else:
            migrate(engine)
            if path is not None:
                holders.register(path)
    except sa.exc.DatabaseError as exc:
        damaged = "malformed" in str(exc.orig) or "not a database" in str(exc.orig)
        raise (DamagedDatabase if damaged else DatabaseError)(
            f"Cannot open database {label}: {exc.orig}") from exc
    if engine.url.get_backend_name() == "postgresql":
        return orm.sessionmaker(engine, expire_on_commit=False, class_=pg_engine.WriterSession)
    return orm.sessionmaker(engine, expire_on_commit=False)


def is_read_only(factory: orm.sessionmaker) -> bool:
    """Was the database opened read-only (the app then disables every change)?"""
    return sa.make_url(factory.kw["bind"].url).query.get("mode") == "ro"


def open_copy_read_only(path: str | os.PathLike, folder: str | os.PathLike) -> orm.sessionmaker:
    """Copy a database file into `folder` and open the copy read-only, the original staying as it
    is. A healthy file is copied whole (with its WAL); a damaged one is salvaged: every row
    SQLite can still read goes into a fresh database (db/salvage.py)."""
    source = pathlib.Path(path)
    target = pathlib.Path(folder) / f"copy of {source.name}"
    if file_checks.problem(source) is None:
        shutil.copyfile(source, target)
        wal = source.with_name(source.name + "-wal")  # committed work not yet checkpointed
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
        try:
            open_database(str(target)).kw["bind"].dispose()  # replays the WAL; checks the copy
        except DatabaseError:
            target.unlink()
    if not target.exists():
        from desktop_app.db import salvage  # lazily: only a damaged file needs it

        salvage.salvage(source, target, salvage.engine_for)
    return orm.sessionmaker(make_engine(f"sqlite:///{target}", read_only=True), expire_on_commit=False)


def database_label(url: str) -> str:
    """A short human name for a database URL (the file name for SQLite)."""
    parsed = sa.make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return pathlib.Path(parsed.database).name if parsed.database else "in-memory database"
    return parsed.render_as_string(hide_password=True)


def shares_connection(factory: orm.sessionmaker) -> bool:
    """True when every session uses one connection (in-memory SQLite, StaticPool): reads from
    another thread would interleave with the GUI thread's on that connection."""
    return isinstance(factory.kw["bind"].pool, pool.StaticPool)
