"""Migration 0003 upgrades a 0002 database holding events, keeping the full-text index working."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from desktop_app.db import models, queries, session as db_session


def _config(conn) -> Config:
    config = Config()
    config.set_main_option("script_location", str(db_session.MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def _fts(session, word: str) -> list[int]:
    return list(session.scalars(sa.text("SELECT rowid FROM events_fts WHERE events_fts MATCH :q")
                                .bindparams(q=word)))


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_upgrade_from_0002_keeps_events_and_adds_flags(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.timeline'}"
    engine = db_session.make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0002")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO articles (id, path, title, original_text, clean_text, published, "
            "published_how, content_hash, encoding, imported_at) VALUES (1, 'a.txt', 'A', "
            "'The pier opened in 2019.', 'The pier opened in 2019.', '2026-01-15', 'dateline', "
            "'h1', 'utf-8', :now)"), {"now": dt.datetime(2026, 1, 1)})
        conn.execute(sa.text("INSERT INTO timexes (id, article_id, start, \"end\", text, type, value, "
                             "begin, end_date, granularity) VALUES (1, 1, 16, 23, 'in 2019', 'DATE', "
                             "'2019', '2019-01-01', '2020-01-01', 'year')"))
        conn.execute(sa.text("INSERT INTO events (id, article_id, timex_id, start, \"end\", text, begin, "
                             "end_date) VALUES (1, 1, 1, 0, 24, 'The pier opened in 2019.', "
                             "'2019-01-01', '2020-01-01')"))
        columns = {c["name"]: c for c in sa.inspect(conn).get_columns("events")}
        assert "flags" not in columns and not columns["timex_id"]["nullable"]
    engine.dispose()

    factory = db_session.open_database(url)  # upgrades to head
    with factory() as s:
        assert s.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == db_session.head_revision()
        columns = {c["name"]: c for c in sa.inspect(s.connection()).get_columns("events")}
        assert columns["timex_id"]["nullable"]
        (row,) = queries.events_by_ids(s, queries.event_ids(s))
        assert (row.text, row.flags, row.open_start, row.open_end) == (
            "The pier opened in 2019.", (), False, False)
        assert row.date_label == "2019"
        assert _fts(s, "pier") == [1]  # the index survived the table copy
        indexes = {i["name"] for i in sa.inspect(s.connection()).get_indexes("events")}
        assert {"ix_events_begin", "ix_events_article_start"} <= indexes
    with factory.begin() as s:  # the triggers were recreated on the new table
        s.add(models.Event(article_id=1, timex_id=None, start=0, end=24, text="The ferry stopped.",
                           begin=dt.date(2026, 1, 15), end_date=dt.date(2026, 1, 16),
                           flags="dated_by_publication"))
    with factory() as s:
        assert len(_fts(s, "ferry")) == 1
        assert len(queries.event_ids(s, queries.Filters(hide_publication_dated=True))) == 1
    with factory.begin() as s:  # deleting a timex still cascades to its events
        s.execute(sa.delete(models.Timex))
    with factory() as s:
        assert [r.text for r in queries.events_by_ids(s, queries.event_ids(s))] == ["The ferry stopped."]
    factory.kw["bind"].dispose()


def test_downgrade_to_0002_drops_events_without_timex(tmp_path):
    url = f"sqlite:///{tmp_path / 'round.timeline'}"
    from tests import factories

    factory = db_session.open_database(url)
    factories.build_story(factory)
    with factory.begin() as s:
        s.add(models.Event(article_id=1, timex_id=None, start=0, end=5, text="Undated zeppelin.",
                           begin=dt.date(2026, 3, 4), end_date=dt.date(2026, 3, 5),
                           flags="dated_by_publication"))
    with factory() as s:
        before = queries.event_ids(s)
    engine = factory.kw["bind"]
    with engine.begin() as conn:
        command.downgrade(_config(conn), "0002")
    with engine.connect() as conn:
        columns = {c["name"]: c for c in sa.inspect(conn).get_columns("events")}
        assert "flags" not in columns and not columns["timex_id"]["nullable"]
        assert conn.execute(sa.text("SELECT count(*) FROM events")).scalar() == len(before) - 1
        assert conn.execute(sa.text("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'zeppelin'")
                            ).scalar() == 0
    engine.dispose()
    factory = db_session.open_database(url)
    with factory() as s:
        assert len(queries.event_ids(s)) == len(before) - 1
        assert len(_fts(s, "harbour")) == 3
    factory.kw["bind"].dispose()
