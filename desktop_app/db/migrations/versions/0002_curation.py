"""Entity curation: the user's decisions, hidden entities, and mention roles.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (with a default): a batch copy would drop `entities`, which the
    # mentions' foreign key forbids while the database holds data.
    op.add_column("mentions", sa.Column("role", sa.String(256), nullable=False, server_default=""))
    op.add_column("entities", sa.Column("hidden", sa.Boolean, nullable=False,
                                        server_default=sa.false()))
    op.create_table(
        "curation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject_key", sa.String(512), nullable=False),
        sa.Column("target_key", sa.String(512), nullable=False, server_default=""),
        sa.Column("value", sa.String(1024), nullable=False, server_default=""),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_index("ix_curation_active", "curation", ["active", "id"])


def downgrade() -> None:
    op.drop_index("ix_curation_active", "curation")
    op.drop_table("curation")
    op.drop_column("entities", "hidden")  # SQLite 3.35+ drops columns in place
    op.drop_column("mentions", "role")
