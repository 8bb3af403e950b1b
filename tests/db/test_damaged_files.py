"""Promises 4 and 5 of docs/reliability.md at the database layer: a damaged, foreign or newer
database is reported and never written to; a read-only one opens read-only."""
from __future__ import annotations

import pathlib

import pytest
import sqlalchemy as sa

from desktop_app.db import file_checks, session as db_session
from tests import factories


def healthy(tmp_path: pathlib.Path, name: str = "story.timeline") -> pathlib.Path:
    path = tmp_path / name
    factory = db_session.open_database(f"sqlite:///{path}")
    factories.build_story(factory)
    with factory.kw["bind"].connect() as conn:  # fold the WAL into the file, as a closed app does
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    factory.kw["bind"].dispose()
    return path


def snapshot(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def assert_refused_untouched(path: pathlib.Path, match: str) -> None:
    before = snapshot(path.parent)
    with pytest.raises(db_session.DamagedDatabase, match=match):
        db_session.open_database(str(path))
    assert snapshot(path.parent) == before, "nothing written, no -wal or -shm file created"


@pytest.mark.parametrize("content,match", [
    (b"Dear editor, here are my notes." * 40, "not a database file"),
    (b"SQLite format 3\x00" + b"\x00" * 30, "too short"),
    (b"\x00" * 4096, "not a database file"),
])
def test_garbage_files_are_reported_and_left_alone(tmp_path, content, match):
    path = tmp_path / "notes.timeline"
    path.write_bytes(content)
    assert_refused_untouched(path, match)


def test_a_truncated_database_is_reported_and_left_alone(tmp_path):
    path = healthy(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused_untouched(path, "truncated")


def test_a_damaged_header_is_reported(tmp_path):
    path = healthy(tmp_path)
    data = bytearray(path.read_bytes())
    data[16:18] = b"\x03\x00"  # a page size that is no power of two
    path.write_bytes(bytes(data))
    assert_refused_untouched(path, "damaged header")


def test_another_programs_sqlite_file_is_not_migrated_into(tmp_path):
    path = tmp_path / "photos.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE albums (id INTEGER PRIMARY KEY, name TEXT)")
    engine.dispose()
    assert_refused_untouched(path, "another program.*albums")


def test_a_newer_schema_asks_for_an_update(tmp_path):
    path = healthy(tmp_path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(db_session.DatabaseError, match="newer Timeline Reader"):
        db_session.open_database(str(path))


def test_a_file_the_user_cannot_write_opens_read_only(tmp_path, monkeypatch):
    path = healthy(tmp_path)
    monkeypatch.setattr(file_checks, "writable", lambda _path: False)
    factory = db_session.open_database(str(path))
    assert db_session.is_read_only(factory)
    with factory() as s:
        assert s.execute(sa.text("SELECT count(*) FROM articles")).scalar() > 0
    with pytest.raises(sa.exc.OperationalError, match="readonly"), factory.begin() as s:
        s.execute(sa.text("DELETE FROM articles"))
    factory.kw["bind"].dispose()


def test_writable_reflects_file_and_folder_permissions(tmp_path):
    path = healthy(tmp_path)
    assert file_checks.writable(path)
    assert file_checks.writable(tmp_path / "new.timeline")


def test_a_copy_of_a_database_opens_read_only_and_the_original_stays(tmp_path):
    path = healthy(tmp_path)
    before = path.read_bytes()
    copies = tmp_path / "copies"
    copies.mkdir()
    factory = db_session.open_copy_read_only(path, copies)
    assert db_session.is_read_only(factory)
    with factory() as s:
        assert s.execute(sa.text("SELECT count(*) FROM events")).scalar() > 0
    factory.kw["bind"].dispose()
    assert path.read_bytes() == before


def test_a_copy_of_a_truncated_database_keeps_every_row_still_readable(tmp_path):
    """SQLite calls the truncated file malformed as a whole; the salvaged copy has every row."""
    path = healthy(tmp_path)
    with db_session.open_database(str(path))() as s:
        before = {t: s.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                  for t in ("articles", "entities", "mentions", "events")}
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 4096])  # the last page is gone
    damaged = path.read_bytes()
    copies = tmp_path / "copies"
    copies.mkdir()
    factory = db_session.open_copy_read_only(path, copies)
    with factory() as s:
        assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
        assert s.execute(sa.text("PRAGMA foreign_key_check")).fetchall() == []
        after = {t: s.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in before}
    assert after == before  # the lost page held none of these rows; SQLite alone reads none
    assert path.read_bytes() == damaged


def _cut_checkpoint(tmp_path: pathlib.Path) -> pathlib.Path:
    """A new database whose first checkpoint was killed after writing pages 1-3: the file is
    short of the size its header gives, and the WAL beside it holds every page."""
    import shutil
    import sqlite3
    import struct

    live = tmp_path / "live"
    live.mkdir()
    conn = sqlite3.connect(live / "new.timeline")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO notes (body) VALUES (?)", [("x" * 500,) for _ in range(200)])
    conn.commit()
    cut = tmp_path / "cut"
    cut.mkdir()
    for name in ("new.timeline", "new.timeline-wal"):
        shutil.copyfile(live / name, cut / name)
    conn.close()
    wal = (cut / "new.timeline-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    latest = {}
    for offset in range(32, len(wal), 24 + page_size):
        latest[struct.unpack(">I", wal[offset:offset + 4])[0]] = wal[offset + 24:offset + 24 + page_size]
    assert len(latest) > 3
    (cut / "new.timeline").write_bytes(b"".join(latest[n] for n in (1, 2, 3)))
    return cut / "new.timeline"


def test_a_checkpoint_killed_after_page_one_is_not_taken_for_truncation(tmp_path):
    # kill -9 during an import's first checkpoint left exactly this (tests/e2e/test_crash_import.py)
    path = _cut_checkpoint(tmp_path)
    assert file_checks.problem(path) is None
    import sqlite3
    with sqlite3.connect(path) as conn:  # SQLite completes it from the WAL
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (200,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_short_file_whose_wal_lacks_the_missing_pages_is_still_truncated(tmp_path):
    path = _cut_checkpoint(tmp_path)
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(wal.read_bytes()[:32])  # header only: no frames hold the missing pages
    assert "truncated" in file_checks.problem(path)
