"""A range ("from 2019 to 2021") is two TimeML expressions but one event spanning both ends."""
from __future__ import annotations

import datetime as dt

from desktop_app.core import events, model, timex
from desktop_app.db import ingest, queries


def test_range_event_is_stored_with_the_whole_interval(session_factory):
    text = "Port plan\n\nThe trust ran the port from 2019 to 2021.\n"
    found = timex.tag(text, dt.date(2026, 3, 10))
    assert [t.text for t in found] == ["2019", "2021"]
    start = text.index("The trust")
    sentences = [model.Sentence(start, text.index(".", start) + 1)]
    extraction = model.Extraction(tuple(found), (), tuple(sentences),
                                  tuple(events.find_events(text, sentences, found, [])))
    article = model.ParsedArticle(path="r.txt", title="Port plan", text=text,
                                  published=dt.date(2026, 3, 10), published_how="dateline",
                                  content_hash="range", encoding="utf-8")
    with session_factory.begin() as s:
        ingest.store_article(s, article, extraction)
    with session_factory() as s:
        (row,) = queries.events_by_ids(s, queries.event_ids(s))
    assert (row.begin, row.end_date) == (dt.date(2019, 1, 1), dt.date(2022, 1, 1))
    assert row.date_label == "2019 – 2021"
