"""Migration 0004 adds article metadata and file stamps to a 0003 database holding articles."""
from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from desktop_app.db import article_queries, ingest, models, session as db_session
from tests import factories


def _config(conn) -> Config:
    config = Config()
    config.set_main_option("script_location", str(db_session.MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def test_upgrade_from_0003_keeps_articles_and_records_their_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.timeline'}"
    engine = db_session.make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0003")
        conn.execute(sa.text(
            "INSERT INTO articles (id, path, title, original_text, clean_text, published, "
            "published_how, content_hash, encoding, imported_at) VALUES (1, '/n/a.txt', 'A', "
            "'Pier opens.', 'Pier opens.', '2026-01-15', 'dateline', 'h1', 'utf-8', :now)"),
            {"now": dt.datetime(2026, 1, 1)})
    engine.dispose()

    factory = db_session.open_database(url)  # upgrades to head
    with factory() as s:
        row = s.get(models.Article, 1)
        assert (row.file_path, row.file_size, row.file_mtime_ns) == ("/n/a.txt", None, None)
        assert (row.outlet, row.url, row.author) == ("", "", "")
        indexes = {i["name"] for i in sa.inspect(s.connection()).get_indexes("articles")}
        assert {"ix_articles_outlet", "ix_articles_file_path"} <= indexes
    with factory.kw["bind"].begin() as conn:
        command.downgrade(_config(conn), "0003")
        columns = {c["name"] for c in sa.inspect(conn).get_columns("articles")}
        assert "outlet" not in columns and "file_path" not in columns
        assert conn.execute(sa.text("SELECT title FROM articles")).scalar() == "A"
    factory.kw["bind"].dispose()


def test_outlets_lists_each_named_outlet_once(session_factory):
    with session_factory.begin() as s:
        for i, outlet in enumerate(["valley echo", "Coast Wire", "", "Coast Wire", "Bay Times"]):
            article, found = factories.make_article(f"T{i}", "Body.", None, f"{i}.txt", [], [])
            ingest.store_article(s, dataclasses.replace(article, outlet=outlet), found)
    with session_factory() as s:
        assert article_queries.outlets(s) == ["Bay Times", "Coast Wire", "valley echo"]
