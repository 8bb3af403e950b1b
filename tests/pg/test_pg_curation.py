"""Entity curation and event groups on PostgreSQL: the tests of tests/db, run against the server.

Importing them here collects them again with tests/pg/conftest.py's `session_factory` (a fresh
PostgreSQL database per test), so the same assertions hold on both databases."""
from __future__ import annotations

from tests.db.test_curation import *  # noqa: F401,F403
from tests.db.test_event_groups import *  # noqa: F401,F403
