"""infer_date.propose: the latest absolute day an undated text states, with the reason in words."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core import infer_date, model, timex


def propose(text: str) -> infer_date.Proposal | None:
    return infer_date.propose(timex.tag(text, None), text)


def test_latest_absolute_day_wins_with_its_reason():
    text = ("The council voted on March 3, 2026.\n"
            "The trust had promised it on March 17, 2026, and again on 2026-03-10.\n")
    assert propose(text) == infer_date.Proposal(
        dt.date(2026, 3, 17), "latest date mentioned in the text: 17 Mar 2026 (“March 17, 2026”)")


def test_a_range_counts_up_to_its_last_day():
    proposal = propose("Hearings ran March 3-5, 2026 in Portvale.")
    assert proposal is not None and proposal.date == dt.date(2026, 3, 5)
    assert "5 Mar 2026" in proposal.reason and "“March 3-5, 2026”" in proposal.reason


def test_a_time_gives_its_day():
    proposal = propose("The vote closed on March 17, 2026 at 10 a.m. sharp.")
    assert proposal is not None and proposal.date == dt.date(2026, 3, 17)


@pytest.mark.parametrize("text", [
    "",
    "No dates at all here.",
    "The trust was founded in 2019 and grew in April 2025.",  # only month and year precision
    "The board met last week and will meet again on Tuesday.",  # relative: unresolved undated
    "Results are due March 11.",  # no year: XXXX-03-11
    "The fund lasts three years.",  # a duration
])
def test_nothing_without_an_absolute_day(text):
    assert propose(text) is None


def test_days_resolved_from_an_anchor_are_not_the_texts_own_dates():
    # "the next day" resolves from March 3 even without a publication date; it is not stated.
    proposal = propose("The council met on March 3, 2026. It voted the next day.")
    assert proposal is not None and proposal.date == dt.date(2026, 3, 3)


def test_unresolved_and_coarse_timexes_passed_in_are_ignored():
    text = "x" * 40
    timexes = [
        model.Timex(0, 4, "xxxx", "DATE", "XXXX-04-02"),
        model.Timex(5, 9, "2026", "DATE", "2026", None, dt.date(2026, 1, 1), dt.date(2027, 1, 1),
                    "year"),
        model.Timex(10, 14, "P3Y", "DURATION", "P3Y"),
    ]
    assert infer_date.propose(timexes, text) is None


def test_quote_is_the_expression_as_written_on_one_line():
    text = "It was signed on March\n17, 2026 in the end."
    proposal = propose(text)
    assert proposal is not None
    assert proposal.reason.endswith("(“March 17, 2026”)")


def test_first_of_equal_days_is_quoted():
    proposal = propose("Signed 2026-03-17. Announced on March 17, 2026.")
    assert proposal is not None and "“2026-03-17”" in proposal.reason
