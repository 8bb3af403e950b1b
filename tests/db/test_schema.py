"""The Alembic baseline creates exactly the schema the models describe, plus FTS5."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop_app.db import models, revisions, session


# 0007's index on coalesce(lead_id, id) is an expression, which reflection skips (with this warning).
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_match_the_models(session_factory):
    engine = session_factory.kw["bind"]
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), models.Base.metadata)
    # The FTS5 virtual table and its shadow tables are ours, not the models'.
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("events_fts"))]
    assert diff == []


def test_fts_index_follows_inserts_and_deletes(story_db):
    with story_db.begin() as s:
        hits = s.execute(sa.text("SELECT rowid FROM events_fts WHERE events_fts MATCH 'harbour'")).all()
        assert len(hits) == 3  # "harbour plan", "Harbour Trust" twice
        s.execute(sa.delete(models.Event))
    with story_db() as s:
        assert s.execute(sa.text("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'harbour'")
                         ).scalar() == 0


def test_file_database_uses_wal_and_migrates_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'x.timeline'}"
    session.open_database(url)
    factory = session.open_database(url)  # second open: already at head, no error
    with factory() as s:
        assert s.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == session.head_revision()


def test_garbage_file_gives_a_clear_error(tmp_path):
    bad = tmp_path / "bad.timeline"
    bad.write_bytes(b"this is not a database" * 100)
    try:
        session.open_database(str(bad))
    except session.DatabaseError as exc:
        assert "bad.timeline" in str(exc)
    else:
        raise AssertionError("a garbage file opened as a database")


def test_database_label():
    assert session.database_label("sqlite:////home/u/news.timeline") == "news.timeline"
    assert session.database_label("sqlite://") == "in-memory database"


def test_revisions_read_without_alembic_agree_with_alembic():
    import alembic.config
    import alembic.script

    config = alembic.config.Config()
    config.set_main_option("script_location", str(session.MIGRATIONS))
    scripts = alembic.script.ScriptDirectory.from_config(config)
    assert revisions.head() == scripts.get_current_head()
    assert revisions.known() == {r.revision for r in scripts.walk_revisions()}


def test_opening_a_database_at_the_newest_revision_does_not_import_alembic(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "story.timeline"
    session.open_database(str(path)).kw["bind"].dispose()  # created and migrated
    code = ("import sys; from desktop_app.db import session; "
            f"session.open_database({str(path)!r}); print(sorted(m for m in sys.modules if m.startswith('alembic')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
