"""'Database changed' notifications on PostgreSQL (LISTEN/NOTIFY); Qt-free, for any front end.

Migration 0006's statement triggers NOTIFY on CHANNEL when articles, events, entities or curation
change, delivered at commit, so imports and curation from any client (GUI or CLI) reach the others.
A Listener thread holds its own connection and calls back, in that thread, after a quiet moment."""
from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import pg_engine

CHANNEL = "timeline_changed"  # migration 0006 writes the same name into its trigger function
log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Change:
    """What changed since the last callback: table names ("*": unknown, after a reconnect)."""

    tables: frozenset[str]
    own: bool  # every notification came from this process (its own import or curation)


def supported(url: str | sa.URL) -> bool:
    """Does this database send change notifications (PostgreSQL does; SQLite has no server)?"""
    if isinstance(url, str) and "://" not in url:  # a plain file path: SQLite
        return False
    return sa.make_url(url).get_backend_name() == "postgresql"


def notify(session: orm.Session, what: str = "app") -> None:
    """Announce a change the triggers do not see; sent when the session's transaction commits."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_notify(CHANNEL, f"{what} {pg_engine.application_name()}")))


def _conninfo(url: str | sa.URL) -> str:
    """A libpq URI for psycopg from an SQLAlchemy URL (postgresql+psycopg://...)."""
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Listener:
    """LISTEN on CHANNEL in a daemon thread; `callback(Change)` runs in that thread, once per
    burst of notifications (`quiet` seconds without another, at most `max_delay` after the first)."""

    def __init__(self, url: str | sa.URL, callback: Callable[[Change], None],
                 quiet: float = 0.3, max_delay: float = 2.0):
        if not supported(url):
            raise ValueError("change notifications need a PostgreSQL database")
        self._conninfo, self._callback = _conninfo(url), callback
        self._quiet, self._max_delay = quiet, max_delay
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="timeline-change-feed", daemon=True)
        self._own = pg_engine.application_name()

    def start(self, timeout: float = 10.0) -> Listener:
        """Start listening; returns once LISTEN is active (or after `timeout` seconds)."""
        self._thread.start()
        self._ready.wait(timeout)
        return self

    @property
    def listening(self) -> bool:
        return self._ready.is_set() and self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        import psycopg

        missed = False  # after a lost connection, notifications may have been missed
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True,
                                     application_name=self._own[:56] + ":listen") as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._ready.set()
                    if missed:
                        self._deliver({"*"}, False)
                    self._listen(conn)
            except psycopg.Error as exc:
                if self._stop.is_set():
                    return
                log.warning("change feed: %s; reconnecting", exc)
                missed = True
                self._stop.wait(2.0)

    def _listen(self, conn) -> None:
        tables: set[str] = set()
        own, first = True, 0.0
        while not self._stop.is_set():
            wait = self._quiet if tables else 0.5
            got = False
            for note in conn.notifies(timeout=wait, stop_after=1):
                table, _, sender = note.payload.partition(" ")
                tables.add(table)
                own = own and sender == self._own
                first = first or time.monotonic()
                got = True
            if tables and (not got or time.monotonic() - first >= self._max_delay):
                self._deliver(tables, own)
                tables, own, first = set(), True, 0.0

    def _deliver(self, tables: set[str], own: bool) -> None:
        try:
            self._callback(Change(frozenset(tables), own))
        except Exception:  # a failing refresh must not end the feed
            log.exception("change feed callback failed")
