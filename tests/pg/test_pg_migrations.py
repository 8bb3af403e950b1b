"""The Alembic chain on PostgreSQL: upgrades from every revision keep data, 0006 adds the tsvector
column, its GIN index and the change triggers, and the chain runs down and up again."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop_app.db import curation, models, queries, session as db_session
from desktop_app.db.filters import Filters
from tests.db.test_migration_paths import BASELINE, EARLIER, REVISIONS

CURATION = ("INSERT INTO curation (created_at, kind, subject_key, value, active) VALUES "
            "('2026-03-06 09:00:00', 'rename', 'person:ada lind', 'Mayor Ada Lind', true)")
# Rows inserted with explicit ids leave PostgreSQL's sequences behind; later imports need them on.
RESYNC = [f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"
          for t in ("articles", "entities", "mentions", "timexes", "events")]


def _config(conn):
    config = db_session._config()
    config.attributes["connection"] = conn
    return config


def build_at(url: str, revision: str) -> None:
    engine = db_session.make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), REVISIONS[0])
        for statement in BASELINE + RESYNC:
            conn.execute(sa.text(statement))
        command.upgrade(_config(conn), revision)
        if "curation" in sa.inspect(conn).get_table_names():
            conn.execute(sa.text(CURATION))
    engine.dispose()


def test_the_chain_ends_at_0009():
    assert REVISIONS[-1] == "0009" and "0006" in EARLIER


@pytest.mark.parametrize("revision", EARLIER)
def test_upgrade_from_every_earlier_revision_keeps_data_and_curation(fresh_pg_url, revision):
    build_at(fresh_pg_url, revision)
    factory = db_session.open_database(fresh_pg_url)
    engine = factory.kw["bind"]
    assert db_session.current_revision(engine) == REVISIONS[-1]
    with factory() as s:
        assert s.get(models.Article, 1).title == "Pier opens"
        assert [m.text for m in s.scalars(sa.select(models.Mention))] == ["Ada Lind"]
        event = s.get(models.Event, 1)
        assert (event.begin, event.end_date) == (dt.date(2026, 3, 3), dt.date(2026, 3, 4))
        assert queries.event_ids(s, Filters(query="pier")) == [1], "0006 indexes existing events"
        assert queries.event_ids(s, Filters(query='"opened the pier"')) == [1]
        if revision >= "0002":
            assert [(d.kind, d.value) for d in curation.decisions(s)] == [("rename", "Mayor Ada Lind")]
    engine.dispose()


def test_migrations_match_the_models_plus_the_search_column(session_factory):
    engine = session_factory.kw["bind"]
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), models.Base.metadata)
        columns = {c["name"]: c for c in sa.inspect(conn).get_columns("events")}
        indexes = {i["name"]: i for i in sa.inspect(conn).get_indexes("events")}
        triggers = set(conn.scalars(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))
    # The tsvector column and its index are PostgreSQL's FTS5 table: ours, not the models'. The
    # index on coalesce(lead_id, id) (0007) is an expression the models do not declare.
    diff = [d for d in diff if not (d[0] == "remove_column" and d[3].name == "text_tsv")
            and not (d[0] == "remove_index" and d[1].name in ("ix_events_text_tsv", "ix_events_group"))]
    assert diff == []
    assert str(columns["text_tsv"]["type"]) == "TSVECTOR"
    assert "ix_events_text_tsv" in indexes
    assert triggers == {f"{t}_notify_change" for t in ("articles", "events", "entities", "curation")} | {
        "event_days_sync", "entity_stats_sync", "event_keys_sync"}


def test_text_search_can_use_the_gin_index(story_db):
    with story_db() as s:
        s.execute(sa.text("SET LOCAL enable_seqscan = off"))  # a tiny table is scanned otherwise
        stmt = sa.select(models.Event.id).where(*queries.timeline_conditions(Filters(query="harb")))
        plan = "\n".join(s.scalars(sa.text("EXPLAIN " + str(stmt.compile(
            s.get_bind(), compile_kwargs={"literal_binds": True})))))
    assert "ix_events_text_tsv" in plan


def test_the_chain_runs_down_to_nothing_and_up_again(session_factory):
    engine = session_factory.kw["bind"]
    with engine.begin() as conn:
        command.downgrade(_config(conn), "base")
        assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
        assert conn.scalar(sa.text("SELECT count(*) FROM pg_proc WHERE proname = 'timeline_notify_change'")) == 0
    db_session.migrate(engine)
    assert db_session.current_revision(engine) == REVISIONS[-1]


def test_the_tsvector_follows_inserts_updates_and_deletes(story_db):
    def hits(word):
        with story_db() as s:
            return len(queries.event_ids(s, Filters(query=word)))
    assert hits("harbour") >= 1
    with story_db.begin() as s:
        s.execute(sa.update(models.Event).values(text="Renamed sentence about zeppelins"))
    assert hits("harbour") == 0 and hits("zeppelin") >= 1
    with story_db.begin() as s:
        s.execute(sa.delete(models.Event))
    assert hits("zeppelin") == 0


def test_0006_writes_out_what_the_search_and_the_listener_use():
    import importlib.util

    from desktop_app.db import change_feed, dialects

    path = db_session.MIGRATIONS / "versions" / "0006_postgresql.py"
    spec = importlib.util.spec_from_file_location("migration_0006", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module._TSVECTOR == dialects.TSVECTOR_SQL
    assert module._CHANNEL == change_feed.CHANNEL
