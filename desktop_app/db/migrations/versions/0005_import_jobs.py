"""Import jobs: what an import was asked to read, so one cut short by a crash can be resumed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("paths", sa.Text, nullable=False),  # JSON list of the files and folders given
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("host", sa.String(256), nullable=False, server_default=""),
        sa.Column("pid", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_import_jobs_open", "import_jobs", ["finished_at"])


def downgrade() -> None:
    op.drop_index("ix_import_jobs_open", "import_jobs")
    op.drop_table("import_jobs")
