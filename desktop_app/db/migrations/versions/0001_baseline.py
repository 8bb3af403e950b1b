"""Baseline schema: articles, entities, mentions, time expressions, events, and event FTS.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.String(4096), nullable=False),
        sa.Column("title", sa.String(1024), nullable=False),
        sa.Column("original_text", sa.Text, nullable=False),
        sa.Column("clean_text", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("published_how", sa.String(16), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("encoding", sa.String(32), nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(512), nullable=False, unique=True),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
    )
    op.create_index("ix_entities_type", "entities", ["type"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.String(512), nullable=False),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
    )
    op.create_index("ix_mentions_entity_article", "mentions", ["entity_id", "article_id", "start"])
    op.create_index("ix_mentions_article_start", "mentions", ["article_id", "start"])
    op.create_table(
        "timexes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.String(512), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("mod", sa.String(16)),
        sa.Column("begin", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("granularity", sa.String(16)),
    )
    op.create_index("ix_timexes_article_start", "timexes", ["article_id", "start"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("timex_id", sa.Integer, sa.ForeignKey("timexes.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("begin", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
    )
    op.create_index("ix_events_begin", "events", ["begin", "end_date", "article_id", "start"])
    op.create_index("ix_events_article_start", "events", ["article_id", "start"])
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 index over event sentences, kept in step by triggers.
        op.execute("CREATE VIRTUAL TABLE events_fts USING fts5("
                   "text, content='events', content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        op.execute("CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN "
                   "INSERT INTO events_fts(rowid, text) VALUES (new.id, new.text); END")
        op.execute("CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN "
                   "INSERT INTO events_fts(events_fts, rowid, text) VALUES ('delete', old.id, old.text); END")
        op.execute("CREATE TRIGGER events_fts_au AFTER UPDATE ON events BEGIN "
                   "INSERT INTO events_fts(events_fts, rowid, text) VALUES ('delete', old.id, old.text); "
                   "INSERT INTO events_fts(rowid, text) VALUES (new.id, new.text); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS events_fts")
    for table in ("events", "timexes", "mentions", "entities", "articles"):
        op.drop_table(table)
