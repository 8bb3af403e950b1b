"""Migration 0002 upgrades a 0001 database that already holds data."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from desktop_app.db import curation, queries, session as db_session


def test_upgrade_from_0001_keeps_data_and_adds_columns(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.timeline'}"
    engine = db_session.make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(db_session.MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO articles (id, path, title, original_text, clean_text, published, "
            "published_how, content_hash, encoding, imported_at) VALUES (1, 'a.txt', 'A', "
            "'Ana Lind spoke.', 'Ana Lind spoke.', NULL, 'none', 'h1', 'utf-8', :now)"),
            {"now": dt.datetime(2026, 1, 1)})
        conn.execute(sa.text("INSERT INTO entities (id, key, name, type) "
                             "VALUES (1, 'PERSON:ana lind', 'Ana Lind', 'PERSON')"))
        conn.execute(sa.text("INSERT INTO mentions (id, article_id, entity_id, start, \"end\", text, "
                             "name, label) VALUES (1, 1, 1, 0, 8, 'Ana Lind', 'Ana Lind', 'PERSON')"))
        assert "role" not in {c["name"] for c in sa.inspect(conn).get_columns("mentions")}
    engine.dispose()

    factory = db_session.open_database(url)  # upgrades to head
    with factory() as s:
        assert s.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == db_session.head_revision()
        assert s.execute(sa.text("SELECT role FROM mentions")).scalar() == ""
        (row,) = queries.entities(s)
        assert (row.name, row.type, row.mention_count, row.hidden) == ("Ana Lind", "PERSON", 1, False)
        assert curation.decisions(s) == []
    with factory.begin() as s:
        curation.rename(s, row.id, "Ana M. Lind")
    with factory() as s:
        assert [e.name for e in queries.entities(s)] == ["Ana M. Lind"]
    factory.kw["bind"].dispose()


def test_downgrade_to_0001_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'round.timeline'}"
    from tests import factories

    factory = db_session.open_database(url)
    factories.build_story(factory)
    with factory() as s:
        before = queries.entities(s)
    engine = factory.kw["bind"]
    config = Config()
    config.set_main_option("script_location", str(db_session.MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    with engine.connect() as conn:
        assert "hidden" not in {c["name"] for c in sa.inspect(conn).get_columns("entities")}
        assert "curation" not in sa.inspect(conn).get_table_names()
    engine.dispose()
    factory = db_session.open_database(url)
    with factory() as s:
        assert queries.entities(s) == before
    factory.kw["bind"].dispose()
