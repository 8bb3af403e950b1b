"""Round 5 of the temporal tagger (issue 3): the error classes listed in docs/timex.md.

All sentences are written for these tests. WED (2026-03-11) is a Wednesday.
"""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.timex import ranges, tag

D = dt.date
WED = D(2026, 3, 11)


def found(text: str, dct: dt.date | None = WED) -> dict[str, tuple]:
    return {t.text: (t.type, t.value, t.begin, t.end_date) for t in tag(text, dct)}


# ---- durations: halves, "more", "couple of", "next few" -------------------------------------------
@pytest.mark.parametrize("text,expr,value", [
    ("The envoy spent 5 1/2 hours in the capital.", "5 1/2 hours", "PT5H30M"),
    ("They waited in the camps for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
    ("A minute and a half later, the alarm rang.", "A minute and a half", "PT1M30S"),
    ("The hearing lasted an hour and a half.", "an hour and a half", "PT1H30M"),
    ("The fleet may stay for at least 20 more years.", "at least 20 more years", "P20Y"),
    ("The loan can be extended for an additional year.", "an additional year", "P1Y"),
    ("The boy will remain here for two more weeks.", "two more weeks", "P2W"),
    ("Over the next couple of years prices will rise.", "the next couple of years", "P2Y"),
    ("The chip will lead the market for the next few years.", "the next few years", "PXY"),
    ("Troops will arrive within weeks.", "weeks", "PXW"),
])
def test_durations(text, expr, value):
    assert found(text)[expr] == ("DURATION", value, None, None)


def test_decimal_decades_are_years():
    assert found("The project took 1.5 decades.")["1.5 decades"][1] == "P15Y"


def test_share_prices_with_fractions_are_not_durations():
    assert found("The stock rose 2 1/2 to 37 3/4 on Friday.").keys() == {"Friday"}


# ---- FUTURE_REF / SET --------------------------------------------------------------------------
@pytest.mark.parametrize("text,expr", [
    ("Analysts expect rates to fall in coming weeks.", "coming weeks"),
    ("It does not bode well for coming quarters.", "coming quarters"),
    ("Air strikes could go on well into the future.", "the future"),
    ("Villagers are worried about the future.", "the future"),
])
def test_future_refs(text, expr):
    assert found(text)[expr][:2] == ("DATE", "FUTURE_REF")


def test_the_future_of_something_is_not_a_time():
    assert found("The talks matter to the future of both nations.") == {}


def test_every_quarter_and_quarterly_adjectives():
    assert found("The firm pays interest every quarter.")["every quarter"][:2] == ("SET", "P1Q")
    assert found("Rates are reset quarterly.")["quarterly"][:2] == ("SET", "P1Q")
    # a classifying adjective after a determiner is no SET (TimeBank never annotates it)
    assert found("The board raised its quarterly dividend.") == {}
    assert found("The quarterly results were weak.") == {}


# ---- times of day --------------------------------------------------------------------------------
@pytest.mark.parametrize("text,expr,value,day", [
    ("The judge will hear the case at midday Friday.", "midday Friday", "2026-03-13T12:00", D(2026, 3, 13)),
    ("By mid afternoon, the crowd had left.", "mid afternoon", "2026-03-11TAF", WED),
    ("Shares were up at mid-afternoon yesterday.", "mid-afternoon yesterday", "2026-03-10TAF", D(2026, 3, 10)),
    ("The ship will sail at 4 in the morning.", "4 in the morning", "2026-03-11T04:00", WED),
])
def test_times_of_day(text, expr, value, day):
    assert found(text)[expr] == ("TIME", value, day, day + dt.timedelta(days=1))


# ---- anchors, ranges, halves, "the past year" ------------------------------------------------------
def test_that_same_day_uses_the_anchor():
    got = found("The plant closed on Feb. 3. Its owner was arrested that same day.")
    assert got["that same day"] == ("DATE", "2026-02-03", D(2026, 2, 3), D(2026, 2, 4))


def test_weekday_closing_a_range_is_after_its_start_and_near_the_dct():
    text = "The fund bought shares from Feb. 5 to Tuesday."
    got = tag(text, WED)
    assert [(t.text, t.value) for t in got] == [("Feb. 5", "2026-02-05"), ("Tuesday", "2026-03-10")]
    assert ranges(text, got) == [(0, 1)]
    # a weekday range in a past sentence: the second end still follows the first
    got = found("The border was closed from Thursday to Monday.")
    assert got["Thursday"][1] == "2026-03-05" and got["Monday"][1] == "2026-03-09"


def test_last_half_of_a_year():
    assert found("Profit will improve in the last half of 2026.")["the last half of 2026"] == (
        "DATE", "2026-H2", D(2026, 7, 1), D(2027, 1, 1))


def test_the_past_year_is_last_year_but_not_the_last_year_of_something():
    assert found("Hate groups grew over the past year.")["the past year"] == (
        "DATE", "2025", D(2025, 1, 1), D(2026, 1, 1))
    assert found("Violence rose in the past month.")["the past month"][:2] == ("DURATION", "P1M")
    assert found("It was the last year covered by the treaty.") == {}
    assert found("In the last week of the campaign, he spoke daily.").keys() == {"daily"}


# ---- tense of bare months and weekdays ----------------------------------------------------------------
@pytest.mark.parametrize("text,expr,value", [
    # a participle after "be"/"is" is no past tense: the sentences look ahead
    ("The dividend would be paid on a still unspecified date in January.", "January", "2027-01"),
    ("The family may lose when the case is heard in May.", "May", "2026-05"),
    ("The election will be held in December.", "December", "2026-12"),
    # "has been kept" stays a past tense
    ("His arrest has been kept secret until Tuesday when police spoke.", "Tuesday", "2026-03-10"),
    # "planned a <noun> on Saturday": the nearer Saturday
    ("Exiles planned a large rally on Saturday.", "Saturday", "2026-03-14"),
    # a reporting verb after a listed clause is only a frame when a plan precedes the month
    ("The union has decided to admit Chile, Peru and Bolivia in early April, an official said.",
     "early April", "2026-04"),
])
def test_tense_of_bare_names(text, expr, value):
    assert found(text)[expr][1] == value


def test_past_participles_still_mark_the_past():
    assert found("The rally was held on Saturday.")["Saturday"][1] == "2026-03-07"
    assert found("Prices rose in January, the ministry said.")["January"][1] == "2026-01"
