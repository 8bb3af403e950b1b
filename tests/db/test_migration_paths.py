"""Promise 6 of docs/reliability.md: every earlier schema, with data and curation in it, upgrades
to the newest without losing anything, and the file is backed up first (newest three kept)."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from desktop_app.db import backup, curation, models, queries, session as db_session
from desktop_app.db.filters import Filters

REVISIONS = [r.revision for r in reversed(list(
    ScriptDirectory.from_config(db_session._config()).walk_revisions()))]
EARLIER = REVISIONS[:-1]

BASELINE = [  # rows every revision has, in 0001's columns
    "INSERT INTO articles (id, path, title, original_text, clean_text, published, published_how, "
    "content_hash, encoding, imported_at) VALUES (1, '/n/pier.txt', 'Pier opens', "
    "'Mayor Ada Lind opened the pier on March 3, 2026.', 'Mayor Ada Lind opened the pier on March 3, 2026.', "
    "'2026-03-04', 'dateline', 'h1', 'utf-8', '2026-03-05 10:00:00')",
    "INSERT INTO entities (id, key, name, type) VALUES (1, 'person:ada lind', 'Ada Lind', 'PERSON')",
    "INSERT INTO mentions (id, article_id, entity_id, start, \"end\", text, name, label) "
    "VALUES (1, 1, 1, 6, 14, 'Ada Lind', 'Ada Lind', 'PERSON')",
    "INSERT INTO timexes (id, article_id, start, \"end\", text, type, value, begin, end_date, granularity) "
    "VALUES (1, 1, 34, 47, 'March 3, 2026', 'DATE', '2026-03-03', '2026-03-03', '2026-03-04', 'day')",
    "INSERT INTO events (id, article_id, timex_id, start, \"end\", text, begin, end_date) VALUES "
    "(1, 1, 1, 0, 48, 'Mayor Ada Lind opened the pier on March 3, 2026.', '2026-03-03', '2026-03-04')",
]
CURATION = ("INSERT INTO curation (created_at, kind, subject_key, value, active) VALUES "
            "('2026-03-06 09:00:00', 'rename', 'person:ada lind', 'Mayor Ada Lind', 1)")


def _config(conn):
    config = db_session._config()
    config.attributes["connection"] = conn
    return config


def build_at(url: str, revision: str) -> None:
    """A database at `revision` holding an article, an entity, a mention, a time expression, an
    event and (from 0002 on, where the table exists) a curation decision."""
    engine = db_session.make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), REVISIONS[0])
        for statement in BASELINE:
            conn.execute(sa.text(statement))
        command.upgrade(_config(conn), revision)
        if "curation" in sa.inspect(conn).get_table_names():
            conn.execute(sa.text(CURATION))
    engine.dispose()


@pytest.mark.parametrize("revision", EARLIER)
def test_upgrade_from_every_earlier_revision_keeps_data_and_curation(tmp_path, revision):
    path = tmp_path / "story.timeline"
    build_at(f"sqlite:///{path}", revision)

    factory = db_session.open_database(f"sqlite:///{path}")
    engine = factory.kw["bind"]
    assert db_session.current_revision(engine) == REVISIONS[-1]
    with factory() as s:
        assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
        assert s.get(models.Article, 1).title == "Pier opens"
        assert [m.text for m in s.scalars(sa.select(models.Mention))] == ["Ada Lind"]
        event = s.get(models.Event, 1)
        assert (event.begin, event.end_date) == (dt.date(2026, 3, 3), dt.date(2026, 3, 4))
        assert queries.event_ids(s, Filters(query="pier")) == [1], "the full-text index survives"
        if revision >= "0002":
            assert [(d.kind, d.value) for d in curation.decisions(s)] == [("rename", "Mayor Ada Lind")]
    engine.dispose()

    [copy] = backup.backups_of(path)
    assert copy.name.endswith(f"-r{revision}{backup.SUFFIX}")
    with sqlite3.connect(copy) as conn:  # the backup is the old database, still at its revision
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
        assert conn.execute("SELECT title FROM articles").fetchone() == ("Pier opens",)


def test_a_current_or_new_database_is_not_backed_up(tmp_path):
    path = tmp_path / "new.timeline"
    db_session.open_database(f"sqlite:///{path}").kw["bind"].dispose()
    db_session.open_database(f"sqlite:///{path}").kw["bind"].dispose()
    assert backup.backups_of(path) == []


def test_only_the_newest_three_backups_are_kept(tmp_path):
    path = tmp_path / "story.timeline"
    build_at(f"sqlite:///{path}", REVISIONS[0])
    made = [backup.backup(path, REVISIONS[0], dt.datetime(2026, 1, day)) for day in range(1, 6)]
    assert backup.backups_of(path) == made[-3:]


def test_a_failed_backup_stops_the_upgrade_and_leaves_the_file_alone(tmp_path, monkeypatch):
    path = tmp_path / "story.timeline"
    build_at(f"sqlite:///{path}", EARLIER[0])
    before = path.read_bytes()

    def disk_full(*_args, **_kw):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(backup, "backup", disk_full)
    with pytest.raises(db_session.DatabaseError, match="backup failed.*No space left"):
        db_session.open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before
