"""The shortcuts of the filter reads (a window event answering for itself first, the list's days
counted from the joined string) find what the plain query on events finds, odd groups included."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from desktop_app.db import graph_queries, models, timeline_index
from desktop_app.db.filters import Filters
from tests.db.test_event_keys import _reference

D = dt.date(2026, 3, 1)


def _event(article: int, n: int, begin: dt.date, days: int, text: str, flags: str = "") -> models.Event:
    return models.Event(article_id=article, start=n, end=n + 1, text=text, begin=begin,
                        end_date=begin + dt.timedelta(days=days), flags=flags)


def _groups(s) -> None:
    """Groups whose members lie where their lead does not: only a member passes a date range."""
    article = s.scalar(sa.select(models.Article.id).limit(1))
    far = D - dt.timedelta(days=3000)
    lead, inside = _event(article, 500, far, 1, "quokka lead"), _event(article, 501, D, 2, "quokka member")
    # A lead outside every range with a member reporting as possible only (hide_possible).
    lead2, planned = _event(article, 502, far, 400, "quokka two"), _event(article, 503, D, 1, "quokka", "planned")
    # A lead inside the range whose other member is inside too: listed once.
    lead3, twin = _event(article, 504, D, 1, "quokka three"), _event(article, 505, D, 1, "quokka three")
    singles = [_event(article, 510 + n, D + dt.timedelta(days=n), n % 3 + 1, "quokka") for n in range(6)]
    s.add_all([lead, inside, lead2, planned, lead3, twin, *singles])
    s.flush()
    e = models.Event
    for head, member in ((lead, inside), (lead2, planned), (lead3, twin)):
        s.execute(sa.update(e).where(e.id.in_([head.id, member.id])).values(lead_id=head.id))


CASES = [Filters(date_from=D, date_to=D + dt.timedelta(days=3)), Filters(date_from=D),
         Filters(date_to=D - dt.timedelta(days=2000)), Filters(query="quokka", date_from=D),
         Filters(date_from=D, hide_possible=True), Filters(hide_possible=True), Filters(query="quokka")]


@pytest.mark.parametrize("probed", [graph_queries.PROBED_WINDOW, 0])
def test_window_events_answer_for_themselves_or_through_a_member(story_db, monkeypatch, probed):
    monkeypatch.setattr(graph_queries, "PROBED_WINDOW", probed)
    with story_db.begin() as s:
        _groups(s)
    e = models.Event
    with story_db() as s:
        spans = {r.id: (r.begin, r.end_date) for r in s.execute(sa.select(e.id, e.begin, e.end_date))}
        for f in CASES:
            want = _reference(s, f)
            for lo, hi in ((dt.date(1900, 1, 1), dt.date(2100, 1, 1)), (D, D + dt.timedelta(days=4)),
                           (D - dt.timedelta(days=3001), D - dt.timedelta(days=2999))):
                inside = [i for i in want if spans[i][0] < hi and spans[i][1] > lo]
                window = graph_queries.events_in_window(s, f, lo, hi)
                assert [ev.id for ev in window.events] == inside and window.total == len(inside), (f, lo)


def test_matching_counts_days_of_groups_listed_once(story_db):
    with story_db.begin() as s:
        _groups(s)
    with story_db() as s:
        for f in CASES:
            want = _reference(s, f)
            ids, days = timeline_index.matching(s, f)
            assert list(ids) == want, f
            begins = [s.get(models.Event, i).begin.toordinal() for i in want]
            assert days.days == tuple(sorted(set(begins))), f
            assert days.counts == tuple(begins.count(d) for d in days.days), f
            assert days.starts == tuple(begins.index(d) for d in days.days), f


def test_runs_count_each_days_rows():
    counts = timeline_index._runs(["7", "7", "12", "100", "100", "100"], D)
    assert (counts.days, counts.counts, counts.starts, counts.end) == ((7, 12, 100), (2, 1, 3), (0, 2, 3), D)
    assert timeline_index._runs([5], D).counts == (1,)


def test_day_counts_skip_empty_and_unreadable_days(story_db):
    with story_db.begin() as s:
        before = timeline_index.day_counts(s)
        d = models.EventDay
        s.execute(sa.insert(d).values(day=dt.date(1990, 1, 1), events=0))
        s.execute(sa.text("INSERT INTO event_days (day, events) VALUES ('not a day', 5)"))
        after = timeline_index.day_counts(s)
    assert after == before and before.total
