"""Event modality flags, open intervals, events dated by publication (no time expression),
floating events (no resolved date) and cross-article event groups (`lead_id`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TRIGGERS = {
    "events_fts_ai": "AFTER INSERT ON events BEGIN "
                     "INSERT INTO events_fts(rowid, text) VALUES (new.id, new.text); END",
    "events_fts_ad": "AFTER DELETE ON events BEGIN "
                     "INSERT INTO events_fts(events_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "events_fts_au": "AFTER UPDATE ON events BEGIN "
                     "INSERT INTO events_fts(events_fts, rowid, text) VALUES ('delete', old.id, old.text); "
                     "INSERT INTO events_fts(rowid, text) VALUES (new.id, new.text); END",
}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _drop_fts_triggers() -> None:
    # The batch copy drops and renames `events`; its FTS triggers go with the old table, so they
    # are recreated on the new one (same ids and text: the FTS index itself stays valid).
    if _sqlite():
        for name in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _create_fts_triggers() -> None:
    if _sqlite():
        for name, body in _TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")


def upgrade() -> None:
    # A batch copy is needed for the NOT NULL change; no table references `events`, so unlike
    # 0002's `entities` it can be copied while the database holds data.
    _drop_fts_triggers()
    with op.batch_alter_table("events") as batch:
        batch.alter_column("timex_id", existing_type=sa.Integer, nullable=True)
        batch.add_column(sa.Column("flags", sa.String(128), nullable=False, server_default=""))
        batch.add_column(sa.Column("open_start", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("open_end", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.alter_column("begin", existing_type=sa.Date, nullable=True)
        batch.alter_column("end_date", existing_type=sa.Date, nullable=True)
        batch.add_column(sa.Column("lead_id", sa.Integer, nullable=True))
        batch.create_index("ix_events_lead", ["lead_id"])
    _create_fts_triggers()


def downgrade() -> None:
    _drop_fts_triggers()
    # Events dated by publication have no time expression and cannot exist in 0002.
    op.execute("DELETE FROM events WHERE timex_id IS NULL OR begin IS NULL")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_lead")
        batch.drop_column("lead_id")
        batch.alter_column("begin", existing_type=sa.Date, nullable=False)
        batch.alter_column("end_date", existing_type=sa.Date, nullable=False)
        batch.drop_column("open_end")
        batch.drop_column("open_start")
        batch.drop_column("flags")
        batch.alter_column("timex_id", existing_type=sa.Integer, nullable=False)
    _create_fts_triggers()
