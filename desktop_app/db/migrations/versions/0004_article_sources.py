"""Article metadata from richer formats (outlet, URL, author) and the file each came from.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = ("outlet", "url", "author", "file_path", "file_size", "file_mtime_ns")


def upgrade() -> None:
    # Plain ADD COLUMN with defaults: a batch copy would drop `articles`, which the foreign
    # keys of mentions, timexes and events forbid while the database holds data.
    op.add_column("articles", sa.Column("outlet", sa.String(256), nullable=False, server_default=""))
    op.add_column("articles", sa.Column("url", sa.String(2048), nullable=False, server_default=""))
    op.add_column("articles", sa.Column("author", sa.String(512), nullable=False, server_default=""))
    op.add_column("articles", sa.Column("file_path", sa.String(4096), nullable=False, server_default=""))
    op.add_column("articles", sa.Column("file_size", sa.BigInteger, nullable=True))
    op.add_column("articles", sa.Column("file_mtime_ns", sa.BigInteger, nullable=True))
    # Every earlier article came from one text file; unknown size and time make the next
    # import read it once (as a duplicate) and record them.
    op.execute("UPDATE articles SET file_path = path")
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_file_path", "articles", ["file_path"])


def downgrade() -> None:
    op.drop_index("ix_articles_file_path", "articles")
    op.drop_index("ix_articles_outlet", "articles")
    for name in reversed(_COLUMNS):
        op.drop_column("articles", name)  # SQLite 3.35+ drops columns in place
