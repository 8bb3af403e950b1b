"""Graph queries: events in a date window, density per period, date extent; filters in SQL."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from desktop_app.db import graph_queries as gq, models, queries
from tests import factories

D = dt.date
ORDER = factories.STORY_ORDER


def _window(session, lo, hi, filters=queries.Filters(), limit=3000):
    return gq.events_in_window(session, filters, lo, hi, limit)


def _entity_id(session, name):
    return session.scalar(sa.select(models.Entity.id).where(models.Entity.name == name))


def test_whole_window_matches_the_list_in_order(story_db):
    with story_db() as s:
        w = _window(s, D(1900, 1, 1), D(2100, 1, 1))
        assert [e.id for e in w.events] == queries.event_ids(s)
    assert [e.label for e in w.events] == ORDER
    assert w.total == 7 and not w.truncated
    first = w.events[0]
    assert (first.begin, first.end_date, first.granularity) == (D(2019, 1, 1), D(2020, 1, 1), "year")
    assert set(w.article_titles.values()) == {"Council backs harbour plan",
                                              "Harbour Trust raises funds", "Undated background piece"}
    assert w.article_titles[first.article_id] == "Undated background piece"


def test_entity_ids_are_named_visible_entities_in_the_sentence(story_db):
    with story_db() as s:
        w = _window(s, D(1900, 1, 1), D(2100, 1, 1))
        by_label = {e.label: e for e in w.events}
        names = [w.entity_names[i] for i in by_label[ORDER[3]].entity_ids]
        assert names == ["Harbour Trust"]  # "$40 million" is a figure: no lane of its own
        assert [w.entity_names[i] for i in by_label[ORDER[1]].entity_ids] == ["Oskar Berg", "Portvale"]
    with story_db.begin() as s:
        s.execute(sa.update(models.Entity).where(models.Entity.name == "Portvale").values(hidden=True))
    with story_db() as s:
        w = _window(s, D(1900, 1, 1), D(2100, 1, 1))
        assert [w.entity_names[i] for i in {e.label: e for e in w.events}[ORDER[1]].entity_ids] \
            == ["Oskar Berg"]


def test_window_is_half_open_and_keeps_overlapping_events(story_db):
    with story_db() as s:
        assert [e.label for e in _window(s, D(2019, 6, 1), D(2021, 1, 1)).events] == [ORDER[0]]
        assert [e.label for e in _window(s, D(2019, 1, 1), D(2022, 1, 1)).events] == ORDER[:2]
        assert _window(s, D(2022, 1, 1), D(2022, 6, 1)).events == ()
        assert [e.label for e in _window(s, D(2026, 11, 30), D(2027, 1, 1)).events] == [ORDER[6]]
        # Same answer as the list's date filter (inclusive days) for the same days.
        lo, hi = D(2026, 1, 15), D(2026, 6, 15)
        ids = queries.event_ids(s, queries.Filters(date_from=lo, date_to=hi - dt.timedelta(days=1)))
        assert [e.id for e in _window(s, lo, hi).events] == ids


def test_cap_reports_the_total(story_db):
    with story_db() as s:
        w = _window(s, D(1900, 1, 1), D(2100, 1, 1), limit=3)
    assert len(w.events) == 3 and w.total == 7 and w.truncated
    assert [e.label for e in w.events] == ORDER[:3]


def test_filters_apply_in_sql(story_db):
    with story_db() as s:
        berg = _entity_id(s, "Oskar Berg")
        w = _window(s, D(1900, 1, 1), D(2100, 1, 1), queries.Filters(entity_ids=(berg,)))
        assert [e.label for e in w.events] == ORDER[:2]
        w = _window(s, D(1900, 1, 1), D(2100, 1, 1), queries.Filters(query="harbour"))
        assert [e.label for e in w.events] == [ORDER[2], ORDER[3], ORDER[4]]
        with pytest.raises(queries.QueryError):
            _window(s, D(1900, 1, 1), D(2100, 1, 1), queries.Filters(query="!!!"))


def test_density_per_year_month_and_day(story_db):
    with story_db() as s:
        years = gq.density(s, queries.Filters(), "year")
        months = gq.density(s, queries.Filters(), "month")
        days = gq.density(s, queries.Filters(), "day")
    assert [(b.start, b.end, b.count) for b in years] == [
        (D(2019, 1, 1), D(2020, 1, 1), 1), (D(2021, 1, 1), D(2022, 1, 1), 1),
        (D(2025, 1, 1), D(2026, 1, 1), 1), (D(2026, 1, 1), D(2027, 1, 1), 4)]
    assert [(b.start, b.count) for b in months] == [
        (D(2019, 1, 1), 1), (D(2021, 1, 1), 1), (D(2025, 4, 1), 1), (D(2026, 1, 1), 1),
        (D(2026, 3, 1), 1), (D(2026, 6, 1), 1), (D(2026, 9, 1), 1)]
    assert months[4].end == D(2026, 4, 1)
    assert sum(b.count for b in days) == 7 and days[4].start == D(2026, 3, 3)
    assert days[4].end == D(2026, 3, 4)


def test_density_under_filters_and_window(story_db):
    with story_db() as s:
        berg = _entity_id(s, "Oskar Berg")
        assert [(b.start, b.count) for b in gq.density(s, queries.Filters(entity_ids=(berg,)), "year")] \
            == [(D(2019, 1, 1), 1), (D(2021, 1, 1), 1)]
        window = gq.density(s, queries.Filters(), "year", D(2019, 1, 1), D(2022, 1, 1))
        assert [b.count for b in window] == [1, 1]
        with pytest.raises(ValueError):
            gq.density(s, queries.Filters(), "week")


def test_date_extent(story_db, session_factory):
    with story_db() as s:
        assert gq.date_extent(s) == gq.DateExtent(D(2019, 1, 1), D(2026, 12, 1))
        berg = _entity_id(s, "Oskar Berg")
        assert gq.date_extent(s, queries.Filters(entity_ids=(berg,))) == gq.DateExtent(
            D(2019, 1, 1), D(2022, 1, 1))
        assert gq.date_extent(s, queries.Filters(query="nothingmatches")) == gq.DateExtent(None, None)


def test_empty_database(session_factory):
    with session_factory() as s:
        assert gq.date_extent(s) == gq.DateExtent(None, None)
        assert gq.density(s, queries.Filters(), "month") == []
        w = _window(s, D(2000, 1, 1), D(2001, 1, 1))
    assert w.events == () and w.total == 0 and not w.truncated


@pytest.mark.parametrize("day, bucket, start, end", [
    (D(2026, 3, 17), "day", D(2026, 3, 17), D(2026, 3, 18)),
    (D(2026, 3, 17), "month", D(2026, 3, 1), D(2026, 4, 1)),
    (D(2026, 12, 17), "month", D(2026, 12, 1), D(2027, 1, 1)),
    (D(2026, 3, 17), "year", D(2026, 1, 1), D(2027, 1, 1)),
])
def test_buckets(day, bucket, start, end):
    assert gq.bucket_start(day, bucket) == start
    assert gq.bucket_end(start, bucket) == end


def test_graph_events_carry_open_sides_and_source_counts(session_factory):
    from tests.db import test_event_flags, test_event_groups

    test_event_flags.store(session_factory)
    with session_factory() as s:
        w = _window(s, D(1900, 1, 1), D(2100, 1, 1))
    by_words = {" ".join(e.label.split()[:3]): e for e in w.events}
    since = by_words["The trust has"]  # "since last April": runs on past the article's day
    assert (since.open_start, since.open_end) == (False, True)
    assert not any(e.open_start or e.open_end for k, e in by_words.items() if k != "The trust has")
    assert all(e.sources == 1 for e in w.events)

    factory = session_factory  # merged reports of one happening: one mark, two sources
    test_event_groups.store(factory, test_event_groups.A, test_event_groups.B)
    with factory() as s:
        w = _window(s, D(2025, 6, 1), D(2025, 7, 1))
        june = next(e for e in w.events if e.begin == D(2025, 6, 1) and e.label.startswith("The Port"))
        assert june.sources == 2
        assert june.id in queries.event_ids(s)  # the lead, as the list shows it
