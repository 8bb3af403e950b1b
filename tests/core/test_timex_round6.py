"""Round 6 of the temporal tagger: the error classes listed in docs/timex.md.

All sentences are written for these tests. WED (2026-03-11) is a Wednesday.
"""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.timex import tag

D = dt.date
WED = D(2026, 3, 11)
SUN = D(2026, 3, 8)


def found(text: str, dct: dt.date | None = WED) -> dict[str, tuple]:
    return {t.text: (t.type, t.value, t.mod) for t in tag(text, dct)}


# ---- present-tense scheduling verbs look ahead --------------------------------------------------
@pytest.mark.parametrize("text,expr,value", [
    ("The two foreign ministers meet separately Monday with the mediator.", "Monday", "2026-03-09"),
    ("The corruption trial resumes on Monday in the capital.", "Monday", "2026-03-09"),
    ("The climate summit, which opened last week, ends Friday.", "Friday", "2026-03-13"),
    ("The defence minister flies into the capital on Tuesday.", "Tuesday", "2026-03-10"),
    ("The new ferry route opens in April.", "April", "2026-04"),
])
def test_present_schedule_verbs_look_ahead(text, expr, value):
    assert found(text, SUN)[expr][1] == value


@pytest.mark.parametrize("text,expr,value", [
    ("Delegates did not meet Friday because of the storm.", "Friday", "2026-03-06"),
    ("The minister, who heads the largest party, spoke Thursday.", "Thursday", "2026-03-05"),
    ("The talks, which began Monday, were suspended.", "Monday", "2026-03-02"),
])
def test_past_weekdays_stay_past(text, expr, value):
    assert found(text, SUN)[expr][1] == value


# ---- "or so" ---------------------------------------------------------------------------------
def test_or_so_is_an_approximation_inside_the_span():
    f = found("A week or so ago, the army moved two brigades north.")
    assert f["A week or so ago"] == ("DATE", "2026-W10", "APPROX")
    f = found("The plant will be closed over the next two years or so.")
    assert f["the next two years or so"] == ("DURATION", "P2Y", "APPROX")


# ---- financial granularity of "a year earlier" ------------------------------------------------------
def test_year_earlier_after_nine_months_is_a_year():
    text = ("Profit rose 8% in the third quarter from $40 million a year earlier. For the nine months, "
            "profit was $150 million, compared with $130 million a year earlier.")
    values = [(t.text, t.value) for t in tag(text, D(2025, 10, 25))]
    assert values == [("the third quarter", "2025-Q3"), ("a year earlier", "2024-Q3"),
                      ("the nine months", "P9M"), ("a year earlier", "2024")]


def test_last_year_after_an_amount_is_the_reporting_quarter():
    text = ("The bank earned $310 million in the third quarter, against $290 million last year. "
            "Last year the bank also sold its insurance arm.")
    values = [(t.text, t.value) for t in tag(text, D(2025, 10, 25))]
    assert values == [("the third quarter", "2025-Q3"), ("last year", "2024-Q3"), ("Last year", "2024")]


def test_year_ago_in_a_report_does_not_anchor_the_narrative():
    text = ("Oil prices were higher than a year ago in the third quarter. "
            "Frost delayed planting earlier in the year.")
    assert found(text, D(2025, 10, 25))["earlier in the year"][1] == "2025"


# ---- anaphoric units --------------------------------------------------------------------------
def test_part_of_day_after_a_named_day():
    text = "On Tuesday the convoy left the port. In the morning, two trucks broke down."
    assert found(text)["the morning"] == ("TIME", "2026-03-10TMO", None)


def test_week_in_a_market_report():
    text = "The index fell 1.2% on Friday. For the week, it lost 3%, the week's steepest drop since May."
    f = found(text, D(2026, 3, 13))
    assert f["the week"][1] == "2026-W11"


@pytest.mark.parametrize("text", [
    "The gang strikes in the night when no patrol is around.",
    "The blast came at 10:30 (0730 GMT) in the morning.",
    "He was sworn in later in the day.",
    "We spent the week in the mountains.",
])
def test_unanchored_units_are_not_tagged(text):
    f = found(text)
    assert not any(k.startswith(("the night", "the morning", "the day", "the week")) for k in f)


def test_nth_day_of_an_operation_in_the_present():
    assert found("Today is the ninth day of the blockade.")["the ninth day"][1] == "2026-03-11"
    assert found("It's the third day of the strike.")["the third day"][1] == "2026-03-11"
    assert "the third day" not in found("Rain stopped play on the third day of the match.")


# ---- vague plurals, sets, titles, deadlines -----------------------------------------------------
@pytest.mark.parametrize("text,expr,value", [
    ("Over the years the port has changed hands many times.", "years", "PXY"),
    ("The suspect was seen near the bank in the days before the robbery.", "days", "PXD"),
])
def test_the_plural_unit_is_a_vague_duration(text, expr, value):
    assert found(text)[expr][:2] == ("DURATION", value)


@pytest.mark.parametrize("text", [
    "The contracts run in the years 2027 to 2030.",
    "Veterans remember the days of rationing.",
    "Investors worry about the months ahead.",
])
def test_the_plural_unit_not_a_duration(text):
    assert not {"years", "days", "months"} & found(text).keys()


def test_each_month_name_is_a_set():
    assert found("Pilgrims gather at the shrine each July.")["each July"][:2] == ("SET", "XXXX-07")


def test_programme_title_is_not_a_week():
    assert found('The senator spoke on the network\'s "This Week" programme.') == {}
    assert found("The senator will speak this week.")["this week"][1] == "2026-W11"


def test_until_a_month_after_a_past_verb_is_the_nearer_one():
    f = found("The regulator gave the company until mid-November to reply.", D(2025, 10, 20))
    assert f["mid-November"][1] == "2025-11"
    assert found("The agency suspended its flights until January.", D(2025, 12, 18))["January"][1] == "2026-01"
