"""docs/reliability.md's promise 2 on PostgreSQL: any search text gives events or a QueryError,
never a tsquery syntax error, and never reaches SQL as text."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.db import queries, session as db_session
from desktop_app.db.filters import Filters
from tests import factories
from tests.db.test_hostile_queries import PIECES

TSQUERY_PIECES = ["&", "|", "!", "<->", "<2>", ":*", "'", "''", "(", ")", "\\'", "a:b", "é", "ß",
                  "x_y", "1.5", "\x00", "__", "--", "\u00b2", "\u202e"]


@pytest.fixture(scope="module")
def story(pg_url):
    factory = db_session.open_database(pg_url)
    factories.build_story(factory)
    yield factory
    factory.kw["bind"].dispose()


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.sampled_from(PIECES + TSQUERY_PIECES) | st.text(max_size=4), max_size=12)
       .map("".join))
def test_any_query_gives_events_or_a_message(story, query):
    with story() as s:
        try:
            ids = queries.event_ids(s, Filters(query=query))
            queries.figures(s, Filters(query=query))
        except queries.QueryError as exc:
            assert str(exc)
        else:
            assert all(isinstance(i, int) for i in ids)
        assert s.execute(sa.text("SELECT count(*) FROM events")).scalar() > 0  # nothing dropped
