"""db.pg_engine's one-writer-at-a-time lock: who takes it, when, and that a second writer waits."""
from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from desktop_app.db import models

HELD = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"


def test_reads_never_take_the_lock_and_writes_and_explicit_begins_do(story_db):
    with story_db() as s:
        assert s.scalar(sa.text(HELD)) == 0  # the window's reads never wait for an import
        s.execute(sa.update(models.Article).values(title="x"))
        assert s.scalar(sa.text(HELD)) == 1  # before the first write
        s.rollback()
        assert s.scalar(sa.text(HELD)) == 0  # released with the transaction
    with story_db.begin() as s:
        assert s.scalar(sa.text(HELD)) == 1  # a use case that writes: before its first read
    with story_db() as s:
        savepoint = s.begin_nested()
        s.execute(sa.update(models.Article).values(title="y"))
        savepoint.rollback()  # PostgreSQL drops a lock taken inside a rolled-back savepoint
        s.execute(sa.update(models.Article).values(title="z"))
        assert s.scalar(sa.text(HELD)) == 1  # ... so the next write takes it again
        s.rollback()


def test_a_second_writer_waits_for_the_first_and_readers_do_not(story_db):
    waited = {}

    def second_writer():
        start = time.monotonic()
        with story_db.begin() as s:
            s.execute(sa.update(models.Article).values(title="second"))
        waited["writer"] = time.monotonic() - start

    with story_db.begin() as s:
        s.execute(sa.update(models.Article).values(title="first"))
        thread = threading.Thread(target=second_writer)
        thread.start()
        start = time.monotonic()
        with story_db() as reader:
            assert reader.scalar(sa.select(sa.func.count()).select_from(models.Article)) > 0
        assert time.monotonic() - start < 1.0
        time.sleep(1.0)
        assert thread.is_alive()  # still waiting for the lock
    thread.join(10)
    assert waited["writer"] >= 1.0
    with story_db() as s:
        assert set(s.scalars(sa.select(models.Article.title))) == {"second"}
