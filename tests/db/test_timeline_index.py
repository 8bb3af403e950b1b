"""Migration 0007's per-day counts and interval classes: exact under every kind of change."""
from __future__ import annotations

import datetime as dt
import importlib.util
import random

import pytest
import sqlalchemy as sa

from desktop_app.db import graph_queries, intervals, models, queries, timeline_index
from desktop_app.db import session as db_session
from desktop_app.db.filters import Filters

D = dt.date(2026, 3, 1)


def _counted(s) -> dict[dt.date, int]:
    e = models.Event
    rows = s.execute(sa.select(e.begin, sa.func.count()).where(*queries.timeline_conditions(Filters()))
                     .group_by(e.begin)).all()
    return dict(rows)


def _kept(s) -> dict[dt.date, int]:
    return dict(s.execute(sa.select(models.EventDay.day, models.EventDay.events)).all())


def test_event_days_follow_inserts_deletes_regroups_and_redating(story_db):
    with story_db.begin() as s:
        assert _kept(s) == _counted(s) and _kept(s)
        article = s.scalar(sa.select(models.Article.id).limit(1))
        for n in range(5):
            s.add(models.Event(article_id=article, start=n, end=n + 1, text=f"e{n}", begin=D,
                               end_date=D + dt.timedelta(days=1)))
        s.flush()
        assert _kept(s) == _counted(s)
        ids = list(s.scalars(sa.select(models.Event.id).where(models.Event.begin == D)))
        s.execute(sa.update(models.Event).where(models.Event.id.in_(ids[1:3])).values(lead_id=ids[0]))
        assert _kept(s)[D] == 3 and _kept(s) == _counted(s)
        s.execute(sa.update(models.Event).where(models.Event.id == ids[4])
                  .values(begin=D + dt.timedelta(days=9), end_date=D + dt.timedelta(days=10)))
        assert _kept(s) == _counted(s)
        s.execute(sa.delete(models.Event).where(models.Event.id.in_(ids)))
        assert _kept(s) == _counted(s) and D not in _kept(s)
        s.execute(sa.delete(models.Article))  # cascades to every event
        assert _kept(s) == {}


@pytest.mark.parametrize("script", ["0007_timeline_scale", "0009_event_keys"])
def test_span_bounds_agree_with_the_migrations(script):
    path = db_session.MIGRATIONS / "versions" / f"{script}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{script}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module._BOUNDS == intervals.SPAN_BOUNDS


def test_overlaps_matches_the_plain_condition(story_db):
    rng = random.Random(7)
    with story_db.begin() as s:
        article = s.scalar(sa.select(models.Article.id).limit(1))
        for n in range(300):
            begin = D + dt.timedelta(days=rng.randint(-4000, 4000))
            length = rng.choice([1, 1, 2, 7, 8, 30, 31, 32, 92, 93, 365, 366, 400, 3660, 4000, 40000])
            s.add(models.Event(article_id=article, start=n, end=n + 1, text="x", begin=begin,
                               end_date=begin + dt.timedelta(days=length)))
        s.flush()
        classes = s.execute(sa.select(models.Event.begin, models.Event.end_date, models.Event.span_class)
                            .where(models.Event.begin.is_not(None))).all()
        assert all(c == intervals.span_class((b2 - b1).days) for b1, b2, c in classes)
        e = models.Event
        for _ in range(40):
            lo = D + dt.timedelta(days=rng.randint(-5000, 5000))
            hi = lo + dt.timedelta(days=rng.choice([1, 3, 40, 400, 4000]))
            for a, b in ((lo, hi), (lo, None), (None, hi)):
                plain = [c for c in (e.end_date > a if a else None, e.begin < b if b else None)
                         if c is not None]
                want = set(s.scalars(sa.select(e.id).where(e.begin.is_not(None), *plain)))
                got = set(s.scalars(sa.select(e.id).where(intervals.overlaps(e, a, b))))
                assert got == want


def test_day_counts_locate_rows_and_bin_by_month(story_db):
    with story_db() as s:
        counts = timeline_index.day_counts(s)
        ids = queries.event_ids(s)
        assert counts.total == len(ids)
        assert timeline_index.day_counts_version(s) == timeline_index.day_counts_version(s)
        for row, event_id in enumerate(ids):
            i, place = counts.locate(row)
            day = dt.date.fromordinal(counts.days[i])
            assert timeline_index.ids_on_days(s, [day])[place] == event_id
        bins = counts.bins("month")
        assert sum(b.count for b in bins) == len(ids)
        assert all(b.start.day == 1 for b in bins)
        matched, filtered = timeline_index.matching(s, Filters(query="harbour"))
        assert list(matched) == queries.event_ids(s, Filters(query="harbour")) and filtered.total == len(matched)


def test_periods_are_the_bins_as_ordinals_and_reach_date_max():
    days = [dt.date(1, 1, 1), dt.date(1999, 12, 31), dt.date(2000, 1, 1), dt.date(2000, 1, 20),
            dt.date(9999, 12, 30), dt.date.max]
    counts = timeline_index.DayCounts(tuple(d.toordinal() for d in days), (1, 2, 3, 4, 5, 6),
                                      (0, 1, 3, 6, 10, 15), None)
    for bucket in ("day", "month", "year"):
        for lo, hi in ((None, None), (dt.date(1999, 12, 31), dt.date(2000, 1, 20))):
            assert [(b.start.toordinal(), min(b.end.toordinal(), dt.date.max.toordinal()), b.count)
                    for b in counts.bins(bucket, lo, hi)] == [
                (s, min(e, dt.date.max.toordinal()), n) for s, e, n in counts.periods(bucket, lo, hi)]
        periods = counts.periods(bucket)
        assert sum(n for _s, _e, n in periods) == counts.total  # nothing lost, no endless loop
        assert periods[-1][1] == dt.date.max.toordinal() + 1  # the last period holds date.max
    assert counts.periods("year") == [
        (dt.date(1, 1, 1).toordinal(), dt.date(2, 1, 1).toordinal(), 1),
        (dt.date(1999, 1, 1).toordinal(), dt.date(2000, 1, 1).toordinal(), 2),
        (dt.date(2000, 1, 1).toordinal(), dt.date(2001, 1, 1).toordinal(), 7),
        (dt.date(9999, 1, 1).toordinal(), dt.date.max.toordinal() + 1, 11)]
    assert counts.bins("day")[-1] == graph_queries.DensityBin(dt.date.max, dt.date.max, 6)
