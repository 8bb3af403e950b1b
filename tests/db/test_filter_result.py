"""One read gives a filter's matches, the kept event's row, the rows around it and the strip's counts."""
from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from desktop_app.db import filter_reads, filter_result, queries, timeline_columns, timeline_index
from desktop_app.db.filters import Filters
from tests.db.test_event_keys import _cases
from tests.db.test_filter_reads import grown  # noqa: F401 - a fixture


def _rows(s, ids, days, first, last):
    return filter_reads.read_block(s, ids, days, first, last)


@pytest.mark.parametrize("with_columns", [False, True])
def test_the_result_equals_its_parts_read_one_by_one(grown, with_columns):
    with grown() as s:
        columns = timeline_columns.build(s) if with_columns else None
        for f in [c for c in _cases(s) if c.active][:25]:
            ids, days = timeline_index.matching(s, f)
            keep = ids[len(ids) // 2] if ids else None
            got = filter_result.read(s, filter_result.Request(f, keep, 10, columns))
            assert (list(got.ids), got.index) == (list(ids), days), f
            assert got.row == filter_reads.row_in(ids, keep)
            if not ids:
                assert got.blocks == ()
                continue
            number, rows, sources = got.blocks[0]
            first = number * 10
            want_rows, want_sources = _rows(s, ids, days, first, min(first + 10, days.total))
            assert rows == want_rows  # the sources may cover a neighbouring block read with it
            assert {i: sources[i] for i in want_sources} == want_sources


def test_a_row_near_a_blocks_edge_brings_its_neighbour(grown):
    with grown() as s:
        days = timeline_index.day_counts(s)
        every = filter_reads.ids_between(s, days, 0, days.total)
        assert days.total > 40
        for row, numbers in ((21, [1, 2]), (28, [2, 3]), (25, [2]), (0, [0]), (-1, [0])):
            keep = every[row] if row >= 0 else None
            got = filter_result.read(s, filter_result.Request(Filters(), keep, 10, margin=2))
            assert got.row == row and [b[0] for b in got.blocks] == numbers
            for number, rows, _sources in got.blocks:
                assert [r.id for r in rows] == every[number * 10:number * 10 + 10]


def test_the_unfiltered_counts_are_checked_only_when_someone_may_have_committed(grown):
    with grown() as s:
        counts = timeline_index.day_counts(s)
        version = timeline_index.day_counts_version(s)
        stale = (("an old version",), timeline_index.DayCounts())
        read = filter_result.read(s, filter_result.Request(Filters(), None, 10))
        assert read.unfiltered == (version, counts) and read.index == counts
        same = filter_result.read(s, filter_result.Request(Filters(), None, 10, known=(version, counts)))
        assert same.unfiltered is None and same.index is counts
        trusted = filter_result.read(s, filter_result.Request(Filters(), None, 10, known=stale, fresh=True))
        assert trusted.unfiltered is None and trusted.index is stale[1]  # nobody committed: no query
        checked = filter_result.read(s, filter_result.Request(Filters(), None, 10, known=stale))
        assert checked.unfiltered == (version, counts)


@pytest.mark.parametrize("with_columns", [False, True])
def test_the_strips_counts_come_with_it_and_share_the_lookup(grown, with_columns):
    mentions = []
    with grown() as s:
        columns = timeline_columns.build(s) if with_columns else None
        sa.event.listen(s.get_bind(), "before_cursor_execute",
                        lambda *a: mentions.append(a[2]) if "mentions" in a[2] else None)
        for f in [c for c in _cases(s) if c.date_from and c.active]:
            undated = dataclasses.replace(f, date_from=None, date_to=None)
            mentions.clear()
            got = filter_result.read(s, filter_result.Request(f, None, 10, columns, undated=undated))
            lookups = len(mentions)
            assert got.undated == timeline_index.day_counts_matching(s, undated), f
            if with_columns and f.entity_ids:
                assert lookups == 1  # one entity lookup for the list and the strip


def test_a_failing_read_ahead_leaves_the_result_whole(grown, caplog):
    def broken(session, request, result):
        raise RuntimeError("database is locked")

    with grown() as s:
        got = filter_result.read(s, filter_result.Request(
            Filters(query="harbour"), None, 10, then={"graph": broken, "rows": lambda *a: "kept"}))
        assert got.index == timeline_index.matching(s, Filters(query="harbour"))[1]
    assert got.extra == {"graph": None, "rows": "kept"} and "read ahead" in caplog.text


def test_a_database_that_cannot_be_read_is_said_in_words(grown, monkeypatch):
    def locked(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT", {}, Exception("database is locked"))
    monkeypatch.setattr(filter_reads, "read_block", locked)
    with grown() as s, pytest.raises(queries.QueryError) as error:
        filter_result.read(s, filter_result.Request(Filters(query="harbour"), None, 10))
    assert "locked" in str(error.value)
