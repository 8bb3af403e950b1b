"""event_keys (migration 0009) mirrors the events through every change, and filters read from it
find exactly what the plain query over the wide events table finds."""
from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import event_groups, filters, graph_queries, intervals, models, queries
from desktop_app.db import session as db_session, timeline_index
from desktop_app.db.filters import Filters

D = dt.date(2026, 3, 1)


def _expected_keys(s) -> dict[int, tuple]:
    e = models.Event
    out = {}
    for r in s.execute(sa.select(e.id, e.lead_id, e.begin, e.end_date, e.article_id, e.start, e.end)):
        day = r.begin.toordinal() if r.begin else None
        end = r.end_date.toordinal() if r.end_date else None
        span = intervals.span_class(end - day) if day is not None and end is not None else None
        out[r.id] = (r.lead_id if r.lead_id is not None else r.id, day, end, r.article_id, r.start, r.end, span)
    return out


def _kept_keys(s) -> dict[int, tuple]:
    k = models.EventKey
    return {r[0]: tuple(r[1:]) for r in s.execute(sa.select(
        k.id, k.lead_id, k.day, k.end_day, k.article_id, k.start, k.end, k.span_class))}


def _reference(s, f: Filters) -> list[int]:
    """The timeline events passing `f` by the plain query on events (no event_keys)."""
    e, member = models.Event, orm.aliased(models.Event)
    conditions = filters._event_conditions(f, member)
    if conditions:
        where = [e.begin.is_not(None), e.id.in_(sa.select(sa.func.coalesce(member.lead_id, member.id))
                                                 .where(*conditions))]
    else:
        where = [e.begin.is_not(None), sa.func.coalesce(e.lead_id, e.id) == e.id]
    return list(s.scalars(sa.select(e.id).where(*where)
                          .order_by(e.begin, e.end_date, e.article_id, e.start, e.id)))


def _add_events(s, rng: random.Random, n: int) -> list[int]:
    articles = list(s.scalars(sa.select(models.Article.id)))
    events = []
    for i in range(n):
        begin = D + dt.timedelta(days=rng.randint(-800, 800))
        length = rng.choice([1, 1, 2, 7, 8, 31, 32, 93, 366, 400, 4000])
        dated = rng.random() > 0.15
        start = rng.randint(0, 120)
        events.append(models.Event(
            article_id=rng.choice(articles), start=start, end=start + rng.randint(5, 60),
            text=rng.choice(["harbour plan", "council vote", "the harbour trust", "a review", "year"]),
            begin=begin if dated else None, end_date=begin + dt.timedelta(days=length) if dated else None,
            flags=rng.choice(["", "", "dated_by_publication", "planned"])))
    s.add_all(events)
    s.flush()
    # Groups of two or three, their lead the first (as event_groups writes lead_id).
    ids = [ev.id for ev in events]
    rng.shuffle(ids)
    for a in range(0, len(ids) - 3, 7):
        group = ids[a:a + rng.randint(2, 3)]
        s.execute(sa.update(models.Event).where(models.Event.id.in_(group)).values(lead_id=group[0]))
    return [ev.id for ev in events]


def test_event_keys_follow_inserts_updates_regroups_and_deletes(story_db):
    rng = random.Random(3)
    with story_db.begin() as s:
        assert _kept_keys(s) == _expected_keys(s) and _kept_keys(s)
        ids = _add_events(s, rng, 60)
        assert _kept_keys(s) == _expected_keys(s)
        e = models.Event
        s.execute(sa.update(e).where(e.id.in_(ids[:10])).values(
            begin=D, end_date=D + dt.timedelta(days=40), start=e.start + 1, end=e.end + 3))
        s.execute(sa.update(e).where(e.id.in_(ids[10:15])).values(begin=None, end_date=None))
        s.execute(sa.update(e).where(e.id.in_(ids[15:20])).values(lead_id=None))
        s.execute(sa.update(e).where(e.id == ids[20]).values(text="only the text changed"))
        assert _kept_keys(s) == _expected_keys(s)
        event_groups.regroup(s)
        assert _kept_keys(s) == _expected_keys(s)
        s.execute(sa.delete(e).where(e.id.in_(ids[::3])))
        assert _kept_keys(s) == _expected_keys(s)
        s.execute(sa.delete(models.Article).where(models.Article.id == s.scalar(sa.select(sa.func.min(
            models.Article.id)))))  # cascades to its events
        assert _kept_keys(s) == _expected_keys(s)


def test_merge_and_split_decisions_keep_the_keys(story_db):
    with story_db.begin() as s:
        first, second = s.scalars(sa.select(models.Event.id).where(*queries.timeline_conditions(Filters()))
                                  .order_by(models.Event.id).limit(2))
        event_groups.merge(s, first, second)
        event_groups.regroup(s)
        assert _kept_keys(s) == _expected_keys(s)
        assert len({s.get(models.EventKey, i).lead_id for i in (first, second)}) == 1
        event_groups.split(s, first)
        event_groups.regroup(s)
        assert _kept_keys(s) == _expected_keys(s)


def _cases(s) -> list[Filters]:
    entities = list(s.scalars(sa.select(models.Entity.id).order_by(models.Entity.id)))
    articles = list(s.scalars(sa.select(models.Article.id).order_by(models.Article.id)))
    outlets = [o for o in s.scalars(sa.select(models.Article.outlet).distinct()) if o]
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    cases = [Filters(query="harbour"), Filters(query="harb"), Filters(query='"harbour trust"'),
             Filters(query="year"), Filters(query="nothingmatchesthis"),
             Filters(date_from=year[0], date_to=year[1]), Filters(date_from=D),
             Filters(date_to=D), Filters(date_from=D, date_to=D + dt.timedelta(days=30)),
             Filters(query="harbour", date_from=year[0], date_to=year[1]),
             Filters(hide_publication_dated=True), Filters(hide_possible=True),
             Filters(hide_year_only=True), Filters(query="council", hide_possible=True),
             Filters(article_ids=tuple(articles[:2])), Filters(entity_types=("PERSON",)),
             Filters(entity_types=("ORG", "GPE"), date_from=year[0])]
    cases += [Filters(entity_ids=(i,)) for i in entities]
    cases += [Filters(entity_ids=tuple(entities[:2])), Filters(entity_ids=tuple(entities[:3]), entity_mode="any"),
              Filters(entity_ids=tuple(entities[:1]), date_from=year[0], date_to=year[1])]
    cases += [Filters(outlets=tuple(outlets[:1]))] if outlets else []
    return cases


def test_matching_equals_the_plain_query(story_db):
    rng = random.Random(11)
    with story_db.begin() as s:
        _add_events(s, rng, 150)
        event_groups.regroup(s)
        # Some members of dated groups undated, some leads not their own lead: odd data too.
        e = models.Event
        s.execute(sa.update(e).where(e.id.in_(sa.select(e.id).where(e.lead_id != e.id).limit(5)))
                  .values(begin=None, end_date=None))
    with story_db() as s:
        for f in _cases(s):
            want = _reference(s, f)
            ids, days = timeline_index.matching(s, f)
            assert list(ids) == want, f
            assert days.total == len(want)
            begins = [s.get(models.Event, i).begin for i in want]
            assert [dt.date.fromordinal(d) for d in days.days] == sorted(set(begins)), f
            if want:
                last = max(s.get(models.Event, i).end_date for i in want)
                assert days.end == last
            listed = list(s.scalars(sa.select(e.id).where(*queries.timeline_conditions(f))
                                    .order_by(e.begin, e.end_date, e.article_id, e.start, e.id)))
            assert listed == want, f


def test_repeated_members_are_listed_once(story_db):
    with story_db.begin() as s:
        article = s.scalar(sa.select(models.Article.id).limit(1))
        events = [models.Event(article_id=article, start=n, end=n + 1, text="zebra crossing", begin=D,
                               end_date=D + dt.timedelta(days=1)) for n in range(4)]
        s.add_all(events)
        s.flush()
        s.execute(sa.update(models.Event).where(models.Event.id.in_([ev.id for ev in events]))
                  .values(lead_id=events[0].id))
    with story_db() as s:
        ids, days = timeline_index.matching(s, Filters(query="zebra"))
        assert list(ids) == [events[0].id] and days.counts == (1,)


@pytest.mark.parametrize("probed", [graph_queries.PROBED_WINDOW, 0])
def test_graph_window_agrees_with_the_list(story_db, monkeypatch, probed):
    monkeypatch.setattr(graph_queries, "PROBED_WINDOW", probed)  # 0: the list of passing leads
    with story_db.begin() as s:
        _add_events(s, random.Random(8), 100)
        event_groups.regroup(s)
    windows = [(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), (D - dt.timedelta(days=200), D + dt.timedelta(days=30)),
               (D, D + dt.timedelta(days=1))]
    with story_db() as s:
        e = models.Event
        spans = {r.id: (r.begin, r.end_date) for r in s.execute(sa.select(e.id, e.begin, e.end_date))}
        for f in _cases(s):
            want = _reference(s, f)
            for lo, hi in windows:
                inside = [i for i in want if spans[i][0] < hi and spans[i][1] > lo]
                window = graph_queries.events_in_window(s, f, lo, hi)
                assert [ev.id for ev in window.events] == inside and window.total == len(inside), (f, lo)
                capped = graph_queries.events_in_window(s, f, lo, hi, limit=3)
                assert [ev.id for ev in capped.events] == inside[:3] and capped.total == len(inside)


def test_downgrade_removes_the_keys_and_upgrade_rebuilds_them(tmp_path):
    from alembic import command

    from tests import factories

    factory = db_session.open_database(f"sqlite:///{tmp_path / 'k.timeline'}")
    factories.build_story(factory)
    engine = factory.kw["bind"]
    config = db_session._config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0008")
        assert not conn.execute(sa.text("SELECT name FROM sqlite_master WHERE name LIKE 'event_keys%'")).all()
        command.upgrade(config, "0009")
    with factory() as s:
        assert _kept_keys(s) == _expected_keys(s) and _kept_keys(s)
    engine.dispose()


def test_day_counts_matching_equals_the_counts_of_matching(story_db):
    rng = random.Random(5)
    with story_db.begin() as s:
        _add_events(s, rng, 120)
        event_groups.regroup(s)
    with story_db() as s:
        for f in _cases(s):
            assert timeline_index.day_counts_matching(s, f) == timeline_index.matching(s, f)[1], f
