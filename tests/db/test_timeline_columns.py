"""The in-memory columns answer every filter exactly as timeline_index.matching does in SQL."""
from __future__ import annotations

import datetime as dt
import random
import re

import pytest
import sqlalchemy as sa

from desktop_app.db import models, queries, timeline_columns, timeline_index
from desktop_app.db.filters import TENTATIVE, Filters
from tests import factories

D = dt.date(2026, 3, 1)
WORDS = ("harbour", "harbours", "dredging", "ferry", "storm", "trust", "pier", "vote", "quay")
LENGTHS = (1, 1, 2, 7, 8, 31, 32, 92, 93, 366, 367, 3660, 3661, 40000)


@pytest.fixture
def mixed_db(session_factory):
    """The story plus 300 events: long and short, undated, merged groups, flags, mentions."""
    factories.build_story(session_factory)
    rng = random.Random(11)
    with session_factory.begin() as s:
        articles = list(s.scalars(sa.select(models.Article.id).order_by(models.Article.id)))
        for n, article in enumerate(articles):
            s.execute(sa.update(models.Article).where(models.Article.id == article)
                      .values(outlet="North" if n % 2 else "South"))
        entities = list(s.scalars(sa.select(models.Entity.id).order_by(models.Entity.id)))
        s.execute(sa.update(models.Entity).where(models.Entity.id == entities[-1]).values(hidden=True))
        timexes = list(s.execute(sa.select(models.Timex.id, models.Timex.article_id)).all())
        for n in range(300):
            article = rng.choice(articles)
            begin = D + dt.timedelta(days=rng.randint(-3000, 3000)) if rng.random() > 0.1 else None
            end = begin + dt.timedelta(days=rng.choice(LENGTHS)) if begin else None
            flags = ",".join(sorted(rng.sample(("dated_by_publication", *TENTATIVE), rng.randint(0, 2))))
            own = [t for t, a in timexes if a == article]
            start = 5000 + 20 * n + rng.choice((0, 0, 0, 5))  # some groups of events share places
            s.add(models.Event(article_id=article, start=start, end=start + 15, flags=flags,
                               text=" ".join(rng.choices(WORDS, k=4)), begin=begin, end_date=end,
                               timex_id=rng.choice(own) if own and rng.random() < 0.5 else None))
            for _ in range(rng.randint(0, 2)):
                at = start + rng.randint(0, 12)
                s.add(models.Mention(article_id=article, entity_id=rng.choice(entities), start=at,
                                     end=at + 3, text="x", name="x", label="PERSON"))
        for n in range(5):  # one day, one article: ordered by place, against the id order
            s.add(models.Event(article_id=articles[0], start=4000 - 20 * n, end=4015 - 20 * n,
                               text="harbour tie", begin=D, end_date=D + dt.timedelta(days=1)))
        s.flush()
        ids = list(s.scalars(sa.select(models.Event.id).order_by(models.Event.id)))
        for member in rng.sample(ids, 80):  # merged: a member's group lead is another event
            lead = rng.choice(ids)
            if lead != member and s.get(models.Event, lead).lead_id in (None, lead):
                s.execute(sa.update(models.Event).where(models.Event.lead_id == member)
                          .values(lead_id=lead))
                s.execute(sa.update(models.Event).where(models.Event.id == member).values(lead_id=lead))
    return session_factory


def _compare(factory, filters: Filters) -> tuple:
    with factory() as s:
        columns = timeline_columns.build(s)
        want = timeline_index.matching(s, filters)
        got = columns.matching(s, filters)
    assert got[0] == want[0], filters
    assert got[1] == want[1], filters  # days, counts, starts and `end`
    return want


def _entities(factory) -> list[int]:
    with factory() as s:
        m = models.Mention
        return list(s.scalars(sa.select(m.entity_id).distinct().order_by(m.entity_id)))


def _articles(factory) -> list[int]:
    with factory() as s:
        return list(s.scalars(sa.select(models.Article.id).order_by(models.Article.id)))


@pytest.mark.parametrize("filters", [
    Filters(query="harbour"), Filters(query="harb"), Filters(query='"ferry storm"'),
    Filters(query="trust pier"), Filters(query="nothingmatchesthis"),
    Filters(date_from=D, date_to=D + dt.timedelta(days=30)), Filters(date_from=D),
    Filters(date_to=D), Filters(date_from=D - dt.timedelta(days=400), date_to=D - dt.timedelta(days=399)),
    Filters(date_from=dt.date.min, date_to=dt.date.max), Filters(date_from=dt.date(9000, 1, 1)),
    Filters(outlets=("North",)), Filters(outlets=("South", "North")), Filters(outlets=("Nowhere",)),
    Filters(entity_types=("PERSON",)), Filters(entity_types=("ORG", "PLACE")),
    Filters(hide_possible=True), Filters(hide_year_only=True, query="trust"),
    Filters(hide_publication_dated=True, date_from=D), Filters(),
    Filters(query="storm", date_from=D - dt.timedelta(days=2000), date_to=D, outlets=("North",)),
], ids=repr)
def test_each_filter_kind_matches_the_sql(mixed_db, filters):
    _compare(mixed_db, filters)


def test_entities_all_and_any_articles_and_random_combinations(mixed_db):
    entities, articles = _entities(mixed_db), _articles(mixed_db)
    rng = random.Random(5)
    seen = set()
    for _ in range(60):
        lo = D + dt.timedelta(days=rng.randint(-3500, 3500)) if rng.random() < 0.5 else None
        hi = (lo or D) + dt.timedelta(days=rng.choice((0, 3, 40, 400, 4000))) if rng.random() < 0.5 else None
        filters = Filters(
            query=rng.choice(("", "", "harbour", "dr", '"trust pier"', "ferry vote")),
            entity_ids=tuple(rng.sample(entities, rng.choice((0, 0, 1, 2)))),
            entity_mode=rng.choice(("all", "any")), date_from=lo, date_to=hi,
            article_ids=tuple(rng.sample(articles, rng.choice((0, 0, 1, 2)))),
            entity_types=rng.choice(((), (), ("PERSON",))), outlets=rng.choice(((), (), ("South",))))
        ids, _counts = _compare(mixed_db, filters)
        seen.add(bool(ids))
    assert seen == {True, False}  # both some matches and none were compared


def test_a_group_passes_through_a_member_that_is_not_its_lead(mixed_db):
    with mixed_db.begin() as s:
        lead, member = s.scalars(sa.select(models.Event.id).where(models.Event.begin.is_not(None))
                                 .order_by(models.Event.id).limit(2)).all()
        s.execute(sa.update(models.Event).where(models.Event.id == member)
                  .values(lead_id=lead, text="zeppelinword", begin=dt.date(1901, 1, 1),
                          end_date=dt.date(1901, 1, 2)))
    ids, counts = _compare(mixed_db, Filters(query="zeppelinword"))
    assert list(ids) == [lead]
    ids, counts = _compare(mixed_db, Filters(date_from=dt.date(1901, 1, 1), date_to=dt.date(1901, 1, 1)))
    assert lead in ids and member not in ids


def test_an_undated_lead_lists_nothing_even_when_a_dated_member_passes(mixed_db):
    with mixed_db.begin() as s:
        lead, member = s.scalars(sa.select(models.Event.id).where(models.Event.begin.is_not(None))
                                 .order_by(models.Event.id.desc()).limit(2)).all()
        s.execute(sa.update(models.Event).where(models.Event.id == lead).values(begin=None, end_date=None))
        s.execute(sa.update(models.Event).where(models.Event.id == member)
                  .values(lead_id=lead, text="quasarword"))
    ids, counts = _compare(mixed_db, Filters(query="quasarword"))
    assert not ids and counts.total == 0


@pytest.mark.parametrize("text", ['"unbalanced', "!!!"])
def test_a_search_the_database_cannot_run_raises_query_error_like_the_sql(mixed_db, text):
    with mixed_db() as s:
        columns = timeline_columns.build(s)
        with pytest.raises(queries.QueryError):
            timeline_index.matching(s, Filters(query=text))
        with pytest.raises(queries.QueryError):
            columns.matching(s, Filters(query=text))


def test_an_empty_database_builds_and_matches_nothing(session_factory):
    with session_factory() as s:
        columns = timeline_columns.build(s)
        assert columns.matching(s, Filters(query="harbour")) == (timeline_index.matching(
            s, Filters(query="harbour")))
        ids, counts = columns.matching(s, Filters(date_from=D))
    assert not ids and counts == timeline_index.DayCounts()


def test_the_flag_filters_are_left_to_sql(mixed_db):
    with mixed_db() as s:
        columns = timeline_columns.build(s)
    assert not columns.handles(Filters(hide_possible=True))
    assert columns.handles(Filters(query="harbour", date_from=D, outlets=("North",)))


def test_the_counts_equal_the_sql_counts_without_ids(mixed_db):
    with mixed_db() as s:
        columns = timeline_columns.build(s)
        for filters in (Filters(query="harbour"), Filters(outlets=("North",), date_to=D),
                        Filters(entity_types=("PERSON",), query="trust")):
            assert columns.matching(s, filters)[1] == timeline_index.day_counts_matching(s, filters)


def test_a_mention_inside_overlapping_sentences_passes_each_of_them(mixed_db):
    """Two events of one sentence share its span, a clause nests inside it: an entity named in
    the clause is in all three (and not in an event ending before it)."""
    with mixed_db.begin() as s:
        article = s.scalars(sa.select(models.Article.id).order_by(models.Article.id)).first()
        entity = s.scalars(sa.select(models.Entity.id).order_by(models.Entity.id)).first()
        spans = [(30000, 30100), (30000, 30100), (30050, 30060), (29990, 30020), (30120, 30130)]
        events = [models.Event(article_id=article, start=a, end=b, text="nested words", flags="",
                               begin=D, end_date=D + dt.timedelta(days=1)) for a, b in spans]
        s.add_all(events)
        s.add(models.Mention(article_id=article, entity_id=entity, start=30052, end=30057, text="x",
                             name="x", label="PERSON"))
        s.flush()
        ids = [e.id for e in events]
    with mixed_db() as s:
        columns = timeline_columns.build(s)
        members = set(timeline_columns._inside(s, columns, lambda m: m.entity_id == entity).tolist())
    assert members & set(ids) == set(ids[:3])
    _compare(mixed_db, Filters(entity_ids=(entity,)))


SEARCHES = re.compile(r"events_fts|@@")  # FTS5's table, or PostgreSQL's tsvector match


def test_a_search_asked_again_with_other_dates_is_not_looked_up_again(mixed_db):
    lookups = []
    with mixed_db() as s:
        columns = timeline_columns.build(s)
        sa.event.listen(s.get_bind(), "before_cursor_execute",
                        lambda *a: lookups.append(a[2]) if SEARCHES.search(a[2]) else None)
        first = columns.matching(s, Filters(query="harbour"))
        narrowed = columns.matching(s, Filters(query="harbour", date_from=D))
        assert len(lookups) == 1
        assert narrowed == timeline_index.matching(s, Filters(query="harbour", date_from=D))
        assert first == timeline_index.matching(s, Filters(query="harbour"))
        for word in WORDS:  # more searches than are kept: the first is asked again
            columns.matching(s, Filters(query=word))
        lookups.clear()
        columns.matching(s, Filters(query="harbour"))
    assert len(lookups) == 1 and columns.RECENT < len(WORDS)


def test_the_row_of_an_event_is_found_without_copying_the_timeline():
    """A Python int searched in the int32 `leads` made numpy copy it as int64 at each call."""
    import tracemalloc

    import numpy as np

    n = 1_000_000
    places = np.arange(n, dtype=np.int32)
    empty = np.zeros(0, dtype=np.int64)
    columns = timeline_columns.Columns(
        day=places, end_day=places, span=np.zeros(n, dtype=np.int8), article=places,
        lead_pos=places, ids=np.arange(n, dtype=np.int64), days=places, ends=places, leads=places,
        place_key=empty, place_ids=places[:0], place_end=places[:0])
    tracemalloc.start()
    try:
        row = columns.timeline_row(654_321)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert row == 654_321 and peak < n  # a copy would be 8 MB


def test_a_search_reads_the_events_table_once_at_most(mixed_db):
    """On PostgreSQL the matches come from events itself, not events joined to itself through
    event_text_match's `id IN (SELECT … FROM events …)` (a common word at 100k: 88 -> 58 ms)."""
    with mixed_db() as s:
        sql = str(timeline_columns._text_matches(s, "harbour lind").compile(s.get_bind()))
    assert len(re.findall(r"FROM events\b", sql)) <= 1, sql
