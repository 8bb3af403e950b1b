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


DCT = D(2026, 1, 15)


def tagged(text, published=DCT):
    found = tagger.tag(text, published)
    return events.find_events(text, sentences(text), found, [], published)


def test_since_runs_up_to_the_publication_date():
    (event,) = tagged("The trust has leased the dock since last April.")
    assert event.timex.text == "last April" and event.timex.value == "2025-04"
    assert event.interval == (D(2025, 4, 1), D(2026, 1, 16))  # half-open: through the DCT
    assert event.open_end and not event.open_start
    (event,) = tagged("Ferries have stopped here since 2019.")
    assert event.interval == (D(2019, 1, 1), D(2026, 1, 16)) and event.open_end


def test_since_without_a_publication_date_keeps_the_timex_interval():
    (event,) = tagged("Ferries have stopped here since 2019.", None)
    assert event.interval == (D(2019, 1, 1), D(2020, 1, 1)) and not event.open_end


def test_until_a_future_date_runs_from_the_publication_date():
    (event,) = tagged("The quay stays closed until March 2027.")
    assert event.interval == (DCT, D(2027, 4, 1))
    assert event.open_start and not event.open_end
    (past,) = tagged("Berg ran the ferry line until 2019.")  # began when? not said: as dated
    assert past.interval == (D(2019, 1, 1), D(2020, 1, 1)) and not past.open_start


def test_not_until_is_a_point_at_that_date():
    (event,) = tagged("The ferry will not sail until March 2027.")
    assert event.interval == (D(2027, 3, 1), D(2027, 4, 1))
    assert not event.open_start and event.flags == ("planned",)


def test_plain_dates_are_closed_intervals():
    (event,) = tagged("The trust bought the dock in March 2025.")
    assert not event.open_start and not event.open_end
    assert (event.begin, event.end_date) == (None, None)


def test_events_carry_flags_of_their_own_clause():
    text = "A levy passed last year could pay for a new pier as early as next spring."
    levy, pier = tagged(text)
    assert (levy.timex.text, levy.flags) == ("last year", ())
    assert (pier.timex.text, pier.flags) == ("next spring", ("possible",))
    (event,) = tagged("The pier did not open in March 2025, Lind told the Courier.")
    assert event.flags == ("reported", "negated", "attributed")


def test_undated_report_is_dated_by_publication():
    text = "Mayor Ana Lind responded by urging the trust to publish its accounts."
    (event,) = tagged(text)
    assert event.timex is None and event.interval == (DCT, D(2026, 1, 16))
    assert event.flags == ("reported", "attributed", "dated_by_publication")
    assert event.text == text


def test_dating_by_publication_is_conservative():
    assert tagged("Mayor Ana Lind responded by urging the trust to publish its accounts.", None) == []
    assert tagged("Harbour Trust raises funds for new pier") == []  # a headline
    assert tagged("Residents want a review of the harbour plan.") == []  # no past verb
    # A sentence with a date of its own, even unresolved, is not dated by publication.
    text = "The board met in April to plan the works."
    april = model.Timex(text.index("April"), text.index("April") + 5, "April", "DATE", "XXXX-04")
    assert events.find_events(text, sentences(text), [april], [], DCT) == []


def test_cues_are_read_in_the_clean_text():
    text = "Mayor Lind said the pier is safe.\nLEAVE A REPLY said nobody."
    clean = text.replace("LEAVE A REPLY said nobody.", " " * len("LEAVE A REPLY said nobody."))
    found = events.find_events(text, sentences(text), [], [], DCT, clean)
    assert [e.text for e in found] == ["Mayor Lind said the pier is safe."]


def test_without_a_publication_date_events_are_as_before():
    text = "The board met on May 2, 2026.\nLind said the pier is safe."
    day = timex(text, "May 2, 2026", "2026-05-02", D(2026, 5, 2), D(2026, 5, 3), "day")
    (event,) = events.find_events(text, sentences(text), [day], [])
    assert event.timex == day and event.flags == ()
