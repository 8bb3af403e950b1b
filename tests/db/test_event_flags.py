"""Events with modality flags, open intervals and publication dates: stored, read and filtered."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from desktop_app.core import events, model, timex
from desktop_app.db import ingest, models, queries

D = dt.date
DCT = D(2026, 1, 15)
BODY = ("The trust has leased the dock since last April.\n"  # open interval, up to the DCT
        "The board will vote on the pier next month.\n"  # planned
        "A storm could close the quay as early as this fall.\n"  # possible
        "The ferry line opened in 2019.\n"  # year only
        "Mayor Ana Lind responded by urging the trust to publish its accounts.\n"  # by publication
        "The trust bought the dock on March 3, 2025.\n")  # a plain day


def store(session_factory) -> dict[str, queries.EventRow]:
    """Store BODY through the real event finder; rows by the first words of their sentence."""
    text = f"Harbour notes\n\n{BODY}"
    sentences, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            sentences.append(model.Sentence(pos, pos + len(line)))
        pos += len(line) + 1
    found = timex.tag(text, DCT)
    extraction = model.Extraction(tuple(found), (), tuple(sentences),
                                  tuple(events.find_events(text, sentences, found, [], DCT)))
    article = model.ParsedArticle(path="n.txt", title="Harbour notes", text=text, published=DCT,
                                  published_how="dateline", content_hash="notes", encoding="utf-8")
    with session_factory.begin() as s:
        ingest.store_article(s, article, extraction)
    with session_factory() as s:
        rows = queries.events_by_ids(s, queries.event_ids(s))
    return {" ".join(r.text.split()[:3]): r for r in rows}


@pytest.fixture
def rows(session_factory):
    return store(session_factory)


def test_flags_and_open_intervals_are_stored(rows):
    since = rows["The trust has"]
    assert (since.begin, since.end_date, since.open_end, since.open_start) == (
        D(2025, 4, 1), D(2026, 1, 16), True, False)
    assert since.date_label == "since Apr 2025" and since.timex_text == "last April"
    assert rows["The board will"].flags == ("planned",)
    assert rows["A storm could"].flags == ("possible",)
    assert rows["The trust bought"].flags == () and not rows["The trust bought"].open_end


def test_an_event_dated_by_publication_has_no_timex(rows, session_factory):
    row = rows["Mayor Ana Lind"]
    assert row.flags == ("reported", "attributed", "dated_by_publication")
    assert (row.begin, row.end_date, row.granularity, row.value) == (DCT, D(2026, 1, 16), "day",
                                                                     "2026-01-15")
    assert (row.timex_text, row.timex_start, row.timex_end) == ("", 0, 0)
    assert row.date_label == "15 Jan 2026"
    with session_factory() as s:
        assert s.get(models.Event, row.id).timex_id is None
        assert s.get(models.Event, row.id).flags == "reported,attributed,dated_by_publication"


def texts(session_factory, **hide) -> set[str]:
    with session_factory() as s:
        return {" ".join(r.text.split()[:3])
                for r in queries.events_by_ids(s, queries.event_ids(s, queries.Filters(**hide)))}


def test_hide_filters(rows, session_factory):
    everything = set(rows)
    assert texts(session_factory) == everything
    assert texts(session_factory, hide_publication_dated=True) == everything - {"Mayor Ana Lind"}
    assert texts(session_factory, hide_possible=True) == everything - {"The board will",
                                                                        "A storm could"}
    assert texts(session_factory, hide_year_only=True) == everything - {"The ferry line"}
    assert texts(session_factory, hide_publication_dated=True, hide_possible=True,
                 hide_year_only=True) == {"The trust has", "The trust bought"}


def test_hide_filters_are_active_and_described(session_factory):
    assert queries.Filters(hide_possible=True).active
    assert not queries.Filters().active
    with session_factory() as s:
        text = queries.describe_filters(s, queries.Filters(hide_publication_dated=True,
                                                           hide_possible=True, hide_year_only=True))
    assert text == ("without events dated by publication; without planned or possible events; "
                    "without year-only dates")


def test_has_flag_matches_whole_flags_only(rows, session_factory):
    with session_factory() as s:
        ids = set(s.scalars(sa.select(models.Event.id).where(queries.has_flag("reported"))))
        assert ids == {rows["Mayor Ana Lind"].id}
        assert not list(s.scalars(sa.select(models.Event.id).where(queries.has_flag("report"))))


def test_deleting_the_article_removes_undated_events(rows, session_factory):
    with session_factory.begin() as s:
        ingest.delete_articles(s, [rows["Mayor Ana Lind"].article_id])
    with session_factory() as s:
        assert queries.event_ids(s) == []
