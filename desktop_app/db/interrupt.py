"""Stopping a long SQLite statement from another request: the newest filter or page wins."""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator

import sqlalchemy as sa
from sqlalchemy import orm

STEPS = 20_000  # SQLite VM steps between two looks at `cancelled` (well under 1 ms)


class Cancelled(Exception):
    """The statement was stopped because its result is no longer wanted."""


@contextlib.contextmanager
def cancellable(session: orm.Session, cancelled: Callable[[], bool] | None) -> Iterator[None]:
    """Statements run inside stop when `cancelled()` turns true, raising Cancelled.

    SQLite only (its progress handler); elsewhere, and without `cancelled`, they run to the end."""
    raw = session.connection().connection.driver_connection if cancelled else None
    if not isinstance(raw, sqlite3.Connection):
        yield
        return
    raw.set_progress_handler(lambda: 1 if cancelled() else 0, STEPS)
    try:
        yield
    except sa.exc.OperationalError:
        if cancelled():
            session.rollback()
            raise Cancelled() from None
        raise
    finally:
        raw.set_progress_handler(None, 0)
