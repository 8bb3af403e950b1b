"""The in-memory columns against the SQL matching on PostgreSQL (string_agg reads, tsquery
matches): tests/db/test_timeline_columns.py with tests/pg/conftest.py's `session_factory`."""
from __future__ import annotations

from tests.db.test_timeline_columns import *  # noqa: F401,F403
