"""Cross-article event groups in the database: leads, sources, merge/split decisions, re-import."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db import entity_store, event_groups, ingest, queries
from tests.factories import make_article

D = dt.date
JUNE = [("since last June", "2025-06", D(2025, 6, 1), D(2025, 7, 1), "month")]
NAMES = [("Port Authority", "ORG", "ORG"), ("Ferry Union", "ORG", "ORG"), ("$40 million", "MONEY", "AMOUNT")]
A = ("Port talks", D(2026, 2, 2), "a.txt",
     "The Port Authority has held four meetings with the Ferry Union since last June about pay.\n"
     "The Port Authority opened a new ferry dock in 2019.")
B = ("Ferry pay", D(2026, 2, 5), "b.txt",
     "Ferry Union leaders met Port Authority officials four times since last June, a spokesperson said.")
C_UNDATED = ("Background", None, "c.txt",
             "Ferry Union leaders have met the Port Authority about pay since last June.")
OTHER = ("Budget", D(2026, 3, 1), "d.txt", "The city approved a $40 million budget in 2019.")


def store(factory, *articles, timexes=None) -> list[int]:
    ids = []
    for title, published, path, body in articles:
        found = timexes or JUNE + [("in 2019", "2019", D(2019, 1, 1), D(2020, 1, 1), "year")]
        if published is None:
            found = [(p, "XXXX-06", None, None, None) for p, *_ in JUNE]
        article, extraction = make_article(title, body, published, path, found, NAMES)
        with factory.begin() as s:
            ids.append(ingest.store_article(s, article, extraction))
    with factory.begin() as s:
        entity_store.relink(s)
        event_groups.regroup(s)
    return ids


def timeline(factory) -> list[queries.EventRow]:
    with factory() as s:
        return queries.events_by_ids(s, queries.event_ids(s))


def sources_of(factory, event_id) -> list[int]:
    with factory() as s:
        return [x.article_id for x in event_groups.sources(s, [event_id])[event_id]]


def june_event(factory) -> queries.EventRow:
    (found,) = [e for e in timeline(factory) if e.begin == D(2025, 6, 1)]
    return found


def test_the_same_happening_in_two_articles_is_one_timeline_event(session_factory):
    a, b = store(session_factory, A, B)
    event = june_event(session_factory)
    assert event.sources == 2 and event.article_id == a
    assert sources_of(session_factory, event.id) == [a, b]
    assert len(timeline(session_factory)) == 2  # and the dock of 2019 stays its own event


def test_a_filter_matching_any_source_finds_the_merged_event(session_factory):
    a, b = store(session_factory, A, B)
    with session_factory() as s:
        found = queries.event_ids(s, queries.Filters(query="spokesperson"))  # only in b's sentence
        assert found == [june_event(session_factory).id]
        assert queries.event_ids(s, queries.Filters(article_ids=(b,))) == found


def test_an_undated_articles_sentence_joins_as_a_source_and_never_stands_alone(session_factory):
    a, c = store(session_factory, A, C_UNDATED)
    event = june_event(session_factory)
    assert sources_of(session_factory, event.id) == [a, c]
    with session_factory() as s:
        assert all(e.article_id != c for e in queries.events_by_ids(s, queries.event_ids(s)))


def test_split_merge_undo_and_redo(session_factory):
    a, b = store(session_factory, A, B)
    lead = june_event(session_factory)
    b_event = [i for i in _member_ids(session_factory, lead.id) if i != lead.id][0]
    with session_factory.begin() as s:
        split = event_groups.split(s, b_event)
    assert len(timeline(session_factory)) == 3 and june_event_count(session_factory) == 2
    with session_factory.begin() as s:
        event_groups.set_active(s, split, False)  # undo
    assert june_event_count(session_factory) == 1
    with session_factory.begin() as s:
        event_groups.set_active(s, split, True)  # redo
        dock = [e for e in queries.events_by_ids(s, queries.event_ids(s)) if e.begin.year == 2019][0]
        merged = event_groups.merge(s, dock.id, lead.id)
    assert sources_of(session_factory, lead.id) == [a, a]  # the user's decision wins over one-per-article
    with session_factory.begin() as s:
        event_groups.set_active(s, merged, False)
    assert sources_of(session_factory, lead.id) == [a]


def june_event_count(factory) -> int:
    return len([e for e in timeline(factory) if e.begin == D(2025, 6, 1)])


def _member_ids(factory, lead_id) -> list[int]:
    with factory() as s:
        return [x.event_id for x in event_groups.sources(s, [lead_id])[lead_id]]


def test_decisions_survive_reimporting_the_articles(session_factory):
    a, b = store(session_factory, A, B)
    lead = june_event(session_factory)
    b_event = [i for i in _member_ids(session_factory, lead.id) if i != lead.id][0]
    with session_factory.begin() as s:
        event_groups.split(s, b_event)
        ingest.delete_articles(s, [a, b])
    store(session_factory, A, B)
    assert june_event_count(session_factory) == 2  # still split, with new ids


def test_refused_requests_explain_themselves(session_factory):
    store(session_factory, A, OTHER)
    dock, budget = sorted((e for e in timeline(session_factory) if e.begin.year == 2019),
                          key=lambda e: e.article_id)
    with session_factory.begin() as s:
        with pytest.raises(event_groups.EventCurationError, match="single source"):
            event_groups.split(s, budget.id)
        event_groups.merge(s, budget.id, dock.id)
        with pytest.raises(event_groups.EventCurationError, match="already one event"):
            event_groups.merge(s, budget.id, dock.id)
        with pytest.raises(event_groups.EventCurationError, match="no event decision"):
            event_groups.set_active(s, 9999, False)


def test_lead_id_by_key_follows_reimport(session_factory):
    a, b = store(session_factory, A, B)
    lead = june_event(session_factory)
    with session_factory() as s:
        key = event_groups.event_key(f"hash-{A[2]}", lead.start, lead.timex_start)
        assert event_groups.lead_id_by_key(s, key) == lead.id


def test_candidates_take_content_words_worked_out_ahead(session_factory):
    store(session_factory, A, B)
    with session_factory() as s:
        found, rows = event_groups.candidates(s)
        ahead = {(r.content_hash, r.start, r.end, r.t_start, r.t_end): frozenset({f"w{r.id}"})
                 for r in rows.values()}
        again, _ = event_groups.candidates(s, ahead)
    assert [c.words for c in again] == [frozenset({f"w{rows[c.key].id}"}) for c in found]
