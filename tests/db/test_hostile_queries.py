"""Promise 2 of docs/reliability.md: a malformed or hostile search query gives a message (a
QueryError the filter bar shows), never another exception, and never reaches SQL as text."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.db import queries, session as db_session
from desktop_app.db.filters import Filters
from tests import factories

PIECES = ['"', "'", "AND", "OR", "NOT", "NEAR(", ")", "(", "*", "^", ":", "-", "+", "\x00", ";",
          "DROP TABLE events;--", "events_fts", "rank", "{", "}", "pier", "Ada", "%", "_", "\\", " "]


@pytest.fixture(scope="module")
def story():
    factory = db_session.open_database("sqlite://")
    factories.build_story(factory)
    return factory


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=12).map("".join))
def test_any_query_gives_events_or_a_message(story, query):
    with story() as s:
        try:
            ids = queries.event_ids(s, Filters(query=query))
        except queries.QueryError as exc:
            assert str(exc)
        else:
            assert all(isinstance(i, int) for i in ids)
        assert s.execute(sa.text("SELECT count(*) FROM events")).scalar() > 0  # nothing dropped
