"""Timeline and entity models: lazy block reads, SQL filtering, QAbstractItemModelTester."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from desktop_app.db import queries
from desktop_app.ui import entity_model, timeline_model

FAIL = QAbstractItemModelTester.FailureReportingMode.Warning


@pytest.fixture
def timeline(qapp, story_db):
    model = timeline_model.TimelineModel(story_db)
    model.block = 3
    return model


def test_timeline_model_passes_model_tester(timeline):
    tester = QAbstractItemModelTester(timeline, FAIL)
    timeline.set_filters(queries.Filters())
    timeline.set_filters(queries.Filters(query="harbour"))
    timeline.refresh()
    assert tester is not None and timeline.rowCount() > 0


def test_timeline_reads_rows_in_blocks_as_they_are_shown(timeline):
    timeline.set_filters(queries.Filters())
    assert timeline.total == 7 and timeline.rowCount() == 7  # a row for every event at once
    assert not timeline._blocks  # none read until asked for
    assert timeline.index(4, timeline_model.EVENT).data()
    assert list(timeline._blocks) == [1]  # rows 3-5
    with timeline._session_factory() as session:
        expected = [queries.events_by_ids(session, [i])[0].text for i in queries.event_ids(session)]
    assert [timeline.event_at(r).text for r in range(7)] == expected
    assert timeline.event_at(7) is None


def test_timeline_keeps_a_bounded_cache(timeline):
    from desktop_app.db import event_groups

    with timeline._session_factory.begin() as session:  # a merged event in the first block
        first, second = queries.event_ids(session)[:2]
        event_groups.merge(session, second, first)
    timeline.block, timeline.cached_blocks = 2, 2  # six rows: three blocks, two kept
    timeline.set_filters(queries.Filters())
    assert timeline.event_at(0).sources == 2 and timeline._sources
    for row in range(6):
        timeline.event_at(row)
    assert list(timeline._blocks) == [1, 2] and not timeline._sources  # gone with block 0
    assert timeline.event_at(0) is not None and list(timeline._blocks) == [2, 0]
    cached = {r.id for rows in timeline._blocks.values() for r in rows if r is not None}
    assert set(timeline._sources) <= cached  # merged events' sources go with their block


@pytest.mark.parametrize("filters", [queries.Filters(), queries.Filters(query="harbour")])
def test_timeline_row_of_finds_the_event(timeline, filters):
    timeline.set_filters(filters)
    with timeline._session_factory() as session:
        ids = queries.event_ids(session, filters)
    assert [timeline.row_of(i) for i in ids] == list(range(len(ids)))
    assert timeline.row_of(-5) == -1


def test_timeline_counts_follow_changes_to_the_data(timeline):
    from desktop_app.db import models
    import sqlalchemy as sa

    timeline.set_filters(queries.Filters())
    with timeline._session_factory.begin() as session:
        session.execute(sa.delete(models.Event).where(models.Event.id == timeline.event_at(0).id))
    timeline.set_filters(queries.Filters())
    assert timeline.total == 6


def test_timeline_bad_query_leaves_model_unchanged(timeline):
    timeline.set_filters(queries.Filters(query="lind"))
    before = timeline.total
    with pytest.raises(queries.QueryError):
        timeline.set_filters(queries.Filters(query="%%%"))
    assert timeline.total == before and timeline.filters.query == "lind"


def test_timeline_data_roles(timeline):
    timeline.set_filters(queries.Filters(query="founded"))
    index = timeline.index(0, timeline_model.EVENT)
    assert index.data() == "The trust was founded in 2019 by Oskar Berg."
    assert timeline.index(0, timeline_model.DATE).data() == "2019"
    assert isinstance(index.data(timeline_model.EVENT_ID_ROLE), int)
    assert timeline.headerData(0, Qt.Orientation.Horizontal) == "Date"


def test_timeline_shows_flags_and_open_intervals(qapp, session_factory):
    from tests.db import test_event_flags

    test_event_flags.store(session_factory)
    model = timeline_model.TimelineModel(session_factory)
    model.set_filters(queries.Filters())
    rows = {" ".join(model.index(r, timeline_model.EVENT).data().split()[:3]): r
            for r in range(model.rowCount())}
    planned = rows["The board will"]
    assert model.index(planned, timeline_model.DATE).data(timeline_model.FLAGS_ROLE) == ("planned",)
    assert model.index(planned, timeline_model.DATE).data(Qt.ItemDataRole.ToolTipRole).endswith(
        "\nPlanned")
    since = rows["The trust has"]
    assert model.index(since, timeline_model.DATE).data() == "since Apr 2025"
    tip = model.index(since, timeline_model.DATE).data(Qt.ItemDataRole.ToolTipRole)
    assert "(2025-04-01 to 2026-01-15)" in tip and "still going on" in tip
    undated = rows["Mayor Ana Lind"]
    tip = model.index(undated, timeline_model.DATE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("dated by the article's publication day")
    model.set_filters(queries.Filters(hide_possible=True, hide_publication_dated=True))
    assert model.total == len(rows) - 3


def test_entity_model_passes_model_tester_and_sorts(qapp, story_db):
    model = entity_model.EntityModel(story_db)
    proxy = entity_model.EntitySortModel(model)
    testers = [QAbstractItemModelTester(model, FAIL), QAbstractItemModelTester(proxy, FAIL)]
    model.refresh()
    proxy.sort(entity_model.MENTIONS, Qt.SortOrder.DescendingOrder)
    counts = [proxy.index(r, entity_model.MENTIONS).data() for r in range(proxy.rowCount())]
    assert counts == sorted(counts, reverse=True) and len(counts) >= 4
    proxy.sort(entity_model.NAME, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, entity_model.NAME).data() for r in range(proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)
    model.refresh()
    assert testers and len(set(names)) == len(names)


def test_source_column_counts_sources_and_paints_the_badge_apart(qapp, session_factory):
    from tests.db.test_event_groups import A, B, store

    store(session_factory, A, B)
    model = timeline_model.TimelineModel(session_factory)
    model.set_filters(queries.Filters())
    single, merged = (model.index(r, timeline_model.SOURCE) for r in range(2))
    assert (single.data(), merged.data()) == ("Port talks", "Port talks  +1")
    assert (single.data(timeline_model.BADGE_ROLE), merged.data(timeline_model.BADGE_ROLE)) == ("", "  +1")
    assert [s.title for s in model.sources_of(merged.data(timeline_model.EVENT_ID_ROLE))] \
        == ["Port talks", "Ferry pay"]
    # The delegate's one call: the title, the badge it never elides, no alignment of its own.
    assert model.painted_cell(merged) == ("Port talks", "  +1", None)
    assert model.painted_cell(single) == ("Port talks", "", None)
    date = model.index(0, timeline_model.DATE)
    assert model.painted_cell(date) == (date.data(), "", date.data(Qt.ItemDataRole.TextAlignmentRole))
