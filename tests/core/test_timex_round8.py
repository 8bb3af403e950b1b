"""Round 8 of the temporal tagger: the error classes listed in docs/timex.md (round 8).

All sentences are written for these tests.
"""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.timex import tag

D = dt.date
AUG = D(2026, 8, 14)   # a Friday in mid-August
OCT = D(2026, 10, 30)  # a Friday at the end of October


def found(text: str, dct: dt.date | None = AUG) -> dict[str, tuple]:
    return {t.text: (t.type, t.value, t.mod, t.begin, t.end_date) for t in tag(text, dct)}


# ---- yearless days and months: the window, and reported speech about next month ----------------
def test_past_sentence_keeps_a_yearless_day_within_nine_months_back():
    got = found("In the fiscal year that ended Jan. 31, the chain reported sales of $60 million.", OCT)
    assert got["Jan. 31"][1] == "2026-01-31"


def test_past_sentence_still_reaches_a_payment_date_weeks_ahead():
    got = found("The board declared a dividend payable Jan. 2 to holders of record.", OCT)
    assert got["Jan. 2"][1] == "2027-01-02"


def test_reported_speech_about_next_month_is_the_coming_month():
    got = found("The ministry told refiners of a 10 percent cut in supplies in September.")
    assert got["September"][1:] == ("2026-09", None, D(2026, 9, 1), D(2026, 10, 1))


def test_a_plain_past_verb_keeps_next_months_name_a_year_back():
    assert found("The September poll found little change.")["September"][1] == "2025-09"


def test_last_month_name_is_still_strictly_before():
    assert found("The ministry said supplies fell last September.")["last September"][1] == "2025-09"


# ---- midnight ends its day -----------------------------------------------------------------------
def test_midnight_weekday_is_the_end_of_that_day():
    got = found("The offer expires at midnight Friday.", D(2026, 8, 12))
    assert got["midnight Friday"][:2] == ("TIME", "2026-08-14T24:00")
    assert got["midnight Friday"][3] == D(2026, 8, 14)


# ---- quarters as a duration unit (TimeML's Q) ----------------------------------------------------
@pytest.mark.parametrize("text,expr,type_,value", [
    ("Margins shrank in the past two quarters.", "the past two quarters", "DURATION", "P2Q"),
    ("The unit lost money for several quarters.", "several quarters", "DURATION", "PXQ"),
    ("The fund rebalances every quarter.", "every quarter", "SET", "P1Q"),
    ("Sales rose 4% in the past quarter.", "the past quarter", "DURATION", "P1Q"),
])
def test_quarter_durations(text, expr, type_, value):
    assert found(text)[expr][:2] == (type_, value)


def test_fractions_in_quarters_are_no_durations():
    got = found("Three-quarters of members voted yes, and three quarters of the seats changed hands.")
    assert not any(v[1].endswith("Q") for v in got.values())


# ---- vague and singular "-long" durations; pre-/post- years; "April 24 and 25" --------------------
@pytest.mark.parametrize("text,expr,value", [
    ("Negotiators ended a day-long session without a deal.", "day-long", "P1D"),
    ("A year-long inquiry found no fault.", "year-long", "P1Y"),
    ("The region has been contested for decades.", "decades", "PXY"),
])
def test_unit_long_durations(text, expr, value):
    assert found(text)[expr][:2] == ("DURATION", value)


def test_pre_and_post_years_carry_before_and_after():
    got = found("Post-1989 reforms undid pre-1980 rules.")
    assert got["Post-1989"][:3] == ("DATE", "1989", "AFTER")
    assert got["pre-1980"][:3] == ("DATE", "1980", "BEFORE")
    assert "F-1989" not in found("The F-1989 prototype flew.")


def test_second_day_after_and_takes_the_first_days_month():
    got = found("Leaders meet in Rome on April 24 and 25, officials said.", D(2026, 2, 10))
    assert got["April 24"][1] == "2026-04-24"
    assert got["25"][1:] == ("2026-04-25", None, D(2026, 4, 25), D(2026, 4, 26))


@pytest.mark.parametrize("text", [
    "Polls opened on May 3 and 40 people queued.",
    "The deadline was June 30 and 31 bids arrived.",
    "Talks ran until June 30 and 31 delegates left.",
])
def test_a_number_after_and_that_counts_is_no_day(text):
    assert all(not t.text.isdigit() for t in tag(text, D(2026, 2, 10)))


def test_second_day_stays_unresolved_without_a_date():
    got = found("The fair runs on March 3 and 4.", None)
    assert got["4"][1] == "XXXX-03-04"


def test_a_year_after_the_second_day_belongs_to_both():
    got = found("Bombs fell on the two cities on August 6 and 9, 1945, the agency recalled.")
    assert (got["August 6"][1], got["9"][1], got["1945"][1]) == ("1945-08-06", "1945-08-09", "1945")
