"""PostgreSQL engine setup: one writing transaction at a time (as SQLite has), named connections.

Several clients may import and curate at once. Extraction runs in parallel in each of them; their
short write transactions take one advisory lock in turn, so relinking never races an insert."""
from __future__ import annotations

import os
import re
import socket

import sqlalchemy as sa
from sqlalchemy import event, orm

# pg_advisory_xact_lock key shared by every Timeline Reader client of a database ("TRDR").
WRITER_LOCK = 0x54524452
_LOCK_SQL = "SELECT pg_advisory_xact_lock(%s)" % WRITER_LOCK
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP|TRUNCATE)\b", re.IGNORECASE)
_HELD = "timeline_writer_lock"
_WANTED = "timeline_writer_lock_wanted"
APP_PREFIX = "timeline-reader"


def application_name() -> str:
    """This process's connection name; notifications carry it, so a client can tell its own."""
    return f"{APP_PREFIX}:{socket.gethostname()}:{os.getpid()}"[:63]


def engine_kwargs(url: sa.URL) -> dict:
    """create_engine options for PostgreSQL: a connection name, and pings for a team server
    that may drop idle connections."""
    connect_args = {} if "application_name" in url.query else {"application_name": application_name()}
    return {"pool_pre_ping": True, "connect_args": connect_args}


def configure(engine: sa.Engine) -> None:
    """Take the writer lock before a transaction's first write (and clear it at its end)."""
    event.listen(engine, "before_cursor_execute", _lock_before_write)
    event.listen(engine, "commit", _released)
    event.listen(engine, "rollback", _released)
    # A lock first taken inside a savepoint goes when it rolls back; taking it again is harmless.
    event.listen(engine, "rollback_savepoint", lambda conn, name, context: _released(conn))


def _lock_before_write(conn, cursor, statement, parameters, context, executemany) -> None:
    if conn.info.get(_HELD) or not conn.in_transaction() or not _WRITE.match(statement):
        return
    # Same DBAPI connection and transaction as the statement about to run.
    cursor.connection.execute(_LOCK_SQL)
    conn.info[_HELD] = True


def _released(conn) -> None:
    conn.info.pop(_HELD, None)


def lock(connection: sa.Connection) -> None:
    """Take the writer lock now, for a transaction whose reads must see the latest writes."""
    if not connection.info.get(_HELD):
        connection.exec_driver_sql(_LOCK_SQL)
        connection.info[_HELD] = True


class WriterSession(orm.Session):
    """A session whose explicit `begin()` (factory.begin(): a use case that writes) takes the
    writer lock before its first read, so e.g. relinking reads the mentions it then rewrites."""

    def begin(self, nested: bool = False):
        transaction = super().begin(nested)
        if not nested:
            self.info[_WANTED] = True
        return transaction


@event.listens_for(WriterSession, "after_begin")
def _lock_at_begin(session, transaction, connection) -> None:
    if session.info.pop(_WANTED, False):
        lock(connection)


@event.listens_for(WriterSession, "after_transaction_end")
def _forget_wish(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WANTED, None)
