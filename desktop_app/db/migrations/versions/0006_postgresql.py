"""PostgreSQL only: full-text search on events (tsvector + GIN, FTS5's counterpart) and
"database changed" notifications for other clients. Nothing changes on SQLite.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Written out, not imported, so this revision stays as it was run: the search (db.dialects)
# and the listener (db.change_feed) must match these two.
_TSVECTOR = "to_tsvector('simple'::regconfig, regexp_replace(\"text\", '[[:punct:]]+', ' ', 'g'))"
_CHANNEL = "timeline_changed"
# Tables whose changes other clients must see: imports, entity and event curation, re-dating.
_WATCHED = ("articles", "events", "entities", "curation")


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgresql():
        return
    # A stored generated column: kept in step by PostgreSQL itself, no trigger to forget.
    op.execute(f"ALTER TABLE events ADD COLUMN text_tsv tsvector "
               f"GENERATED ALWAYS AS ({_TSVECTOR}) STORED")
    op.execute("CREATE INDEX ix_events_text_tsv ON events USING gin (text_tsv)")
    # Statement-level: one notification per statement, and PostgreSQL folds equal ones
    # within a transaction, so a bulk insert costs one NOTIFY, not one per row.
    op.execute(f"""
        CREATE FUNCTION timeline_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{_CHANNEL}',
                              TG_TABLE_NAME || ' ' || current_setting('application_name'));
            RETURN NULL;
        END $$""")
    for table in _WATCHED:
        op.execute(f"CREATE TRIGGER {table}_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                   f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION timeline_notify_change()")


def downgrade() -> None:
    if not _postgresql():
        return
    for table in _WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_notify_change ON {table}")
    op.execute("DROP FUNCTION IF EXISTS timeline_notify_change()")
    op.execute("DROP INDEX IF EXISTS ix_events_text_tsv")
    op.execute("ALTER TABLE events DROP COLUMN IF EXISTS text_tsv")
