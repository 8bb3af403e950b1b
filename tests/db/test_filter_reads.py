"""A graph window made from the list's matches equals the one the window query filters anew."""
from __future__ import annotations

import array
import datetime as dt
import random

import pytest
import sqlalchemy as sa

from desktop_app.db import event_groups, filter_reads, graph_queries, models, timeline_columns
from desktop_app.db import timeline_index
from tests.db.test_event_keys import D, _add_events, _cases

WINDOWS = [(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), (D - dt.timedelta(days=200), D + dt.timedelta(days=30)),
           (D, D + dt.timedelta(days=1)), (D + dt.timedelta(days=300), D + dt.timedelta(days=700)),
           (dt.date(2300, 1, 1), dt.date(2301, 1, 1))]


@pytest.fixture
def grown(story_db):
    """The story with 150 more events, long and short, grouped."""
    with story_db.begin() as s:
        _add_events(s, random.Random(8), 150)
        event_groups.regroup(s)
    return story_db


def test_window_from_the_matches_equals_the_window_query(grown):
    with grown() as s:
        columns = timeline_columns.build(s)
        for f in [c for c in _cases(s) if c.active]:
            ids, days = timeline_index.matching(s, f)
            for lo, hi in WINDOWS:
                for limit, entities in ((3000, True), (3, False), (1, True)):
                    want = graph_queries.events_in_window(s, f, lo, hi, limit, entities)
                    got = filter_reads.events_in_window(s, ids, days, lo, hi, limit, entities)
                    assert got == want, (f, lo, hi, limit)
                    # The long events reaching in, found in memory: the same window.
                    got = filter_reads.events_in_window(s, ids, days, lo, hi, limit, entities, columns)
                    assert got == want, (f, lo, hi, limit, "columns")


def test_the_unfiltered_row_and_rows_from_columns_equal_the_sql(grown):
    with grown() as s:
        columns = timeline_columns.build(s)
        days = timeline_index.day_counts(s)
        listed = filter_reads.ids_between(s, days, 0, days.total)
        assert columns.timeline_ids(0, days.total) == listed
        assert columns.timeline_ids(7, 19) == listed[7:19]
        every = s.scalars(sa.select(models.Event.id)).all()
        rows = {i: filter_reads.unfiltered_row(s, days, i) for i in [*every, 0, 10**6]}
    assert rows == {i: columns.timeline_row(i) for i in rows}
    assert sorted(r for r in rows.values() if r >= 0) == list(range(days.total))
    assert list(rows.values()).count(-1) > 2  # merged members, undated events, no such id


@pytest.mark.parametrize("wanted", [0, 2, 3])
def test_row_in_finds_an_id_in_the_matches_array_not_a_byte_pattern_across_two(wanted):
    # Native byte order: 1 << 32 and 5 << 32 put 1's bytes across the first two items on a
    # little-endian machine; the id 1 itself is item 2.
    ids = array.array("q", [1 << 32, 5 << 32, 1, 7])
    event_id = ids[wanted]
    assert filter_reads.row_in(ids, event_id) == wanted
    assert filter_reads.row_in(ids, 1) == 2
    assert filter_reads.row_in(ids, 8) == -1 and filter_reads.row_in(ids, None) == -1
    assert filter_reads.row_in(list(ids), event_id) == wanted  # any sequence, as before
