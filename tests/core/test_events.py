"""Events: one per sentence with a resolved date, dated by the most specific expression."""
from __future__ import annotations

import datetime as dt

from desktop_app.core import events, model
from desktop_app.core import timex as tagger

D = dt.date


def timex(text, phrase, value, begin, end, granularity, kind="DATE"):
    start = text.index(phrase)
    return model.Timex(start, start + len(phrase), phrase, kind, value, None, begin, end, granularity)


def sentences(text):
    out, pos = [], 0
    for part in text.split("\n"):
        out.append(model.Sentence(pos, pos + len(part)))
        pos += len(part) + 1
    return out


def test_most_specific_expression_dates_the_event():
    text = "In 2025 the board met on March 3, 2025 to vote.\nNo date here."
    year = timex(text, "2025", "2025", D(2025, 1, 1), D(2026, 1, 1), "year")
    day = timex(text, "March 3, 2025", "2025-03-03", D(2025, 3, 3), D(2025, 3, 4), "day")
    (event,) = events.find_events(text, sentences(text), [year, day], [])
    assert event.timex == day and event.text == "In 2025 the board met on March 3, 2025 to vote."


def test_unresolved_durations_and_sets_make_no_event():
    text = "It lasted three years.\nIt happens every year.\nIn April they met."
    dur = timex(text, "three years", "P3Y", None, None, None, "DURATION")
    each = timex(text, "every year", "P1Y", None, None, None, "SET")
    april = model.Timex(text.index("April"), text.index("April") + 5, "April", "DATE", "XXXX-04")
    assert events.find_events(text, sentences(text), [dur, each, april], []) == []


def test_mentions_inside_the_sentence_are_involved():
    text = "Lind met Berg.\nOn May 2, 2026 Lind met Ross in Portvale."
    day = timex(text, "May 2, 2026", "2026-05-02", D(2026, 5, 2), D(2026, 5, 3), "day")
    mentions = [model.Mention(text.index(n, 15 if i else 0), text.index(n, 15 if i else 0) + len(n),
                              n, "PERSON", "PERSON", n)
                for i, n in enumerate(["Lind", "Lind", "Ross", "Portvale"])]
    mentions.sort(key=lambda m: m.start)
    (event,) = events.find_events(text, sentences(text), [day], mentions)
    assert [mentions[i].text for i in event.mention_indexes] == ["Lind", "Ross", "Portvale"]


def test_separate_dates_in_one_sentence_make_separate_events():
    text = "A law passed last year could force a vote this fall."
    last_year = timex(text, "last year", "2025", D(2025, 1, 1), D(2026, 1, 1), "year")
    fall = timex(text, "this fall", "2026-FA", D(2026, 9, 1), D(2026, 12, 1), "season")
    found = events.find_events(text, sentences(text), [last_year, fall], [])
    assert [e.timex.value for e in found] == ["2025", "2026-FA"]
    assert {e.text for e in found} == {text}


def test_a_range_is_one_event_spanning_both_ends():
    text = "The program ran from March 2019 to 2021.\nBetween March and May 2025 it paused."
    found = tagger.tag(text, D(2026, 3, 11))
    assert [t.text for t in found] == ["March 2019", "2021", "March", "May 2025"]
    first, second = events.find_events(text, sentences(text), found, [])
    assert first.timex.text == "March 2019" and first.timex.value == "2019-03"
    assert (first.begin, first.end_date) == (D(2019, 3, 1), D(2022, 1, 1))
    assert first.interval == (D(2019, 3, 1), D(2022, 1, 1))
    assert second.timex.text == "March" and second.interval == (D(2025, 3, 1), D(2025, 6, 1))
    assert second.timex in found  # the dating timex is one of the article's expressions


def test_a_range_contained_in_a_coarser_date_stays_one_event():
    text = "In 2025 the fair ran from March 3, 2025 to March 5, 2025."
    found = tagger.tag(text, D(2026, 3, 11))
    (event,) = events.find_events(text, sentences(text), found, [])
    assert event.timex.text == "March 3, 2025" and event.interval == (D(2025, 3, 3), D(2025, 3, 6))


def test_events_without_ranges_keep_the_timex_interval():
    text = "On May 2, 2026 they met."
    day = timex(text, "May 2, 2026", "2026-05-02", D(2026, 5, 2), D(2026, 5, 3), "day")
    (event,) = events.find_events(text, sentences(text), [day], [])
    assert (event.begin, event.end_date) == (None, None) and event.interval == (day.begin, day.end_date)
