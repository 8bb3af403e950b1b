"""Cross-article event merging (pure core): evidence, date compatibility, decisions."""
from __future__ import annotations

import datetime as dt

from desktop_app.core import event_merge
from desktop_app.core.event_merge import Candidate

D = dt.date
HARBOUR_A = "The port authority has held four meetings with the ferry union since last June about a new pay deal."
HARBOUR_B = "Union leaders met port authority officials four times since last June, a spokesperson said."
OTHER_B = "The port authority published its annual accounts last June."


def cand(key, article, text, value="2025-06", begin=D(2025, 6, 1), end=D(2025, 7, 1),
         timex="last June", entities=(1,), figures=()):
    skip = [(text.find(timex), text.find(timex) + len(timex))] if timex in text else []
    return Candidate(key, article, value, begin, end, timex, frozenset(entities), frozenset(figures),
                     event_merge.content_words(text, skip))


def test_content_words_drop_stopwords_timex_and_stem_plurals():
    words = event_merge.content_words("The officials held meetings since last June.", [(34, 43)])
    assert words == {"official", "hold", "meet"}


def test_same_happening_in_two_articles_is_one_group():
    a = cand("a", 1, HARBOUR_A, entities=(1, 2))
    b = cand("b", 2, HARBOUR_B, entities=(1, 2))
    assert event_merge.group([a, b]) == [["a", "b"]]


def test_unresolved_value_that_fits_merges_with_resolved_one():
    a = cand("a", 1, HARBOUR_A, entities=(1, 2))
    b = cand("b", 2, HARBOUR_B, value="XXXX-06", begin=None, end=None, entities=(1, 2))
    assert event_merge.group([a, b]) == [["a", "b"]]


def test_contradicting_dates_never_merge():
    a = cand("a", 1, HARBOUR_A, entities=(1, 2))
    b = cand("b", 2, HARBOUR_A, value="2024-06", begin=D(2024, 6, 1), end=D(2024, 7, 1), entities=(1, 2))
    c = cand("c", 3, HARBOUR_A, value="XXXX-07", begin=None, end=None, entities=(1, 2))
    assert event_merge.score(a, b) == 0 and event_merge.score(a, c) == 0
    assert sorted(event_merge.group([a, b, c])) == [["a"], ["b"], ["c"]]


def test_shared_entity_with_different_wording_stays_apart():
    a = cand("a", 1, HARBOUR_A, entities=(1,))
    b = cand("b", 2, OTHER_B, entities=(1,))
    assert 0 < event_merge.score(a, b) < event_merge.THRESHOLD
    assert len(event_merge.group([a, b])) == 2


def test_no_shared_entity_or_figure_means_no_merge_even_with_same_words():
    a = cand("a", 1, HARBOUR_A, entities=(1,))
    b = cand("b", 2, HARBOUR_A, entities=(2,))
    assert event_merge.score(a, b) == 0


def test_a_shared_figure_is_evidence():
    text_a = "The city asked the province for a $40 million loan last June."
    text_b = "A $40 million loan request reached the province last June, officials said."
    a = cand("a", 1, text_a, entities=(), figures=("$40 million",))
    b = cand("b", 2, text_b, entities=(), figures=("$40 million",))
    assert event_merge.group([a, b]) == [["a", "b"]]


def test_one_event_per_article_the_best_match_wins():
    a = cand("a", 1, HARBOUR_A, entities=(1, 2))
    best = cand("b1", 2, "The port authority held four meetings with the ferry union since last June, "
                "a spokesperson said.", entities=(1, 2))
    weaker = cand("b2", 2, "Talks between the port authority and the union have dragged on since last June.",
                  entities=(1, 2))
    assert event_merge.THRESHOLD <= event_merge.score(a, weaker) < event_merge.score(a, best)
    groups = event_merge.group([a, best, weaker])
    assert ["a", "b1"] in groups and ["b2"] in groups


def test_overlapping_intervals_are_compatible_disjoint_ones_not():
    year = cand("y", 1, HARBOUR_A, value="2025", begin=D(2025, 1, 1), end=D(2026, 1, 1))
    day = cand("d", 2, HARBOUR_B, value="2025-06-03", begin=D(2025, 6, 3), end=D(2025, 6, 4))
    late = cand("l", 3, HARBOUR_B, value="2026-06-03", begin=D(2026, 6, 3), end=D(2026, 6, 4))
    assert event_merge.dates_compatible(year, day)
    assert not event_merge.dates_compatible(year, late)


def test_user_split_and_merge_decisions_win():
    a = cand("a", 1, HARBOUR_A, entities=(1, 2))
    b = cand("b", 2, HARBOUR_B, entities=(1, 2))
    c = cand("c", 3, OTHER_B, entities=(7,))
    assert sorted(event_merge.group([a, b, c], splits=["b"])) == [["a"], ["b"], ["c"]]
    assert sorted(event_merge.group([a, b, c], merges=[("a", "c")])) == [["a", "b", "c"]]


def test_very_common_entity_alone_does_not_propose_pairs(monkeypatch):
    monkeypatch.setattr(event_merge, "MAX_BLOCK", 1)
    a = cand("a", 1, HARBOUR_A, entities=(1,))
    b = cand("b", 2, HARBOUR_B, entities=(1,))
    assert len(event_merge.group([a, b])) == 2


def test_values_compatible_handles_durations_and_refs():
    assert event_merge.values_compatible("PRESENT_REF", "PRESENT_REF")
    assert not event_merge.values_compatible("PRESENT_REF", "2025")
    assert event_merge.values_compatible("XXXX-XX", "2025-06")


def test_statements_sharing_names_but_few_words_score_zero():
    a = cand("a", 1, "The port authority said ferries will run on time this winter, last June.",
             entities=(1, 2))
    b = cand("b", 2, "Union leaders warned of strikes over pensions last June.", entities=(1, 2))
    assert event_merge.score(a, b) == 0


def test_one_strong_pair_does_not_chain_a_third_happening_in():
    a = cand("a", 1, HARBOUR_A, entities=(1, 2))
    year = cand("b", 2, HARBOUR_B + " The ferry union also plans a strike in September.", value="2025",
                begin=D(2025, 1, 1), end=D(2026, 1, 1), timex="", entities=(1, 2))
    c = cand("c", 3, "The ferry union plans a strike in September, a spokesperson said.",
             value="2025-09", begin=D(2025, 9, 1), end=D(2025, 10, 1), timex="", entities=(1, 2))
    assert event_merge.score(a, c) == 0 < event_merge.THRESHOLD <= event_merge.score(year, c)
    assert event_merge.score(a, year) >= event_merge.THRESHOLD  # each pair alone would join
    # The strongest pair joins first; the third then scores 0 against one member and stays out.
    assert sorted(event_merge.group([a, year, c])) == [["a"], ["b", "c"]]


def test_pairs_are_exactly_the_date_compatible_ones_sharing_evidence():
    import itertools
    import random

    rng = random.Random(6)
    values = ["2025", "2025-06", "XXXX-06", "2025-07", "PRESENT_REF", "P3Y", "2024"]
    found = []
    for i in range(120):
        begin = D(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
        resolved = rng.random() < 0.8
        found.append(Candidate(str(i), rng.randint(1, 30), rng.choice(values),
                               begin if resolved else None,
                               begin + dt.timedelta(days=rng.choice([1, 30, 365])) if resolved else None,
                               "", frozenset(rng.sample(range(6), 2)), frozenset()))
    everything = {(i, j) for i, j in itertools.combinations(range(len(found)), 2)
                  if found[i].article != found[j].article and found[i].entities & found[j].entities
                  and event_merge.dates_compatible(found[i], found[j])}
    assert event_merge._pairs(found) == everything
