"""Round 7 of the temporal tagger: the error classes listed in docs/timex.md.

All sentences are written for these tests. WED (2026-03-11) is a Wednesday.
"""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.timex import tag

D = dt.date
WED = D(2026, 3, 11)
NOV = D(2026, 11, 4)


def found(text: str, dct: dt.date | None = WED) -> dict[str, tuple]:
    return {t.text: (t.type, t.value, t.mod) for t in tag(text, dct)}


# ---- counted decades and centuries are ISO 8601 years ------------------------------------------
@pytest.mark.parametrize("text,expr,value,mod", [
    ("The border dispute has simmered for two decades.", "two decades", "P20Y", None),
    ("Rainfall has halved over the past decade.", "the past decade", "P10Y", None),
    ("The bridge stood for nearly three centuries.", "nearly three centuries", "P300Y", "LESS_THAN"),
    ("The dam will supply the valley for a century.", "a century", "P100Y", None),
])
def test_counted_decades_are_years(text, expr, value, mod):
    assert found(text)[expr] == ("DURATION", value, mod)


def test_vague_decades_are_years_too():
    assert found("It ended a decades-long feud.")["decades-long"][1] == "PXY"


# ---- "through <month/weekday>" is a deadline, like "until" --------------------------------------
def test_through_month_after_past_verb_is_the_nearer_month():
    t = next(t for t in tag("The bank has extended the credit line through January.", NOV)
             if t.text == "January")
    assert (t.value, t.begin, t.end_date) == ("2027-01", D(2027, 1, 1), D(2027, 2, 1))


def test_through_month_in_a_past_story_stays_in_the_past():
    assert found("The dockers' strike lasted through January.")["January"][1] == "2026-01"
