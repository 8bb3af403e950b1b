"""Engines, migrations and sessions. Query functions take a Session; callers own transactions."""
from __future__ import annotations

import os
import pathlib

import platformdirs
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event, orm, pool

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


def make_engine(url: str) -> sa.Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout."""
    url = normalise_url(url)
    parsed = sa.make_url(url)
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
    engine = sa.create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if parsed.database not in (None, "", ":memory:"):
            event.listen(engine, "connect", _sqlite_file_pragmas)
    return engine


def migrate(engine: sa.Engine) -> None:
    """Bring the schema up to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_database(url: str) -> orm.sessionmaker[orm.Session]:
    """Engine + migrations + a session factory for `url`."""
    try:
        engine = make_engine(url)
        migrate(engine)
    except sa.exc.DatabaseError as exc:
        raise DatabaseError(f"Cannot open database {database_label(url)}: {exc.orig}") from exc
    return orm.sessionmaker(engine, expire_on_commit=False)


def database_label(url: str) -> str:
    """A short human name for a database URL (the file name for SQLite)."""
    parsed = sa.make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return pathlib.Path(parsed.database).name if parsed.database else "in-memory database"
    return parsed.render_as_string(hide_password=True)
