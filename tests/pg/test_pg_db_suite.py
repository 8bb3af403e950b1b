"""The query tests of tests/db (filters, graph, ranges, flags, dates, places, import jobs) on
PostgreSQL: collected again here with tests/pg/conftest.py's PostgreSQL `session_factory`."""
from __future__ import annotations

from tests.db.test_article_dates import *  # noqa: F401,F403
from tests.db.test_event_flags import *  # noqa: F401,F403
from tests.db.test_graph_queries import *  # noqa: F401,F403
from tests.db.test_import_jobs import *  # noqa: F401,F403
from tests.db.test_queries import *  # noqa: F401,F403
from tests.db.test_range_events import *  # noqa: F401,F403
from tests.db.test_related_places import *  # noqa: F401,F403

# It reads SQLite's FTS5 table directly; test_pg_migrations checks the tsvector the same way.
del test_clearing_the_date_makes_it_undated_again  # noqa: F821
