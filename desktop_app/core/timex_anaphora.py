"""Anaphoric units resolved against the narrative: "in the morning", "later in the day", "for the
week", "today is the eighth day of ..." (the antecedent is the last resolved date, else the dct).
"""
from __future__ import annotations

import re

from desktop_app.core.timex_calendar import index_of
from desktop_app.core.timex_patterns import ORD, PARTS_OF_DAY
from desktop_app.core.timex_resolve import R, Ctx, day, period, with_time

_POD = r"(?i:morning|afternoon|evening|night)"
P = {
    # "earlier in the year", "later in the day", "in the morning", "for the week,", "the week's"
    "in_the": re.compile(r"(?:(?P<edge>(?i:earlier|later|early|late))\s+(?i:in)\s+)?(?i:the)\s+"
                         rf"(?P<unit>(?i:day|week|month|year)|{_POD})\b"
                         r"(?![-’]|'(?!s\b)|\s+(?i:of|before|after|when|that|which|ahead|ended|ending)\b)"),
    # "Today is the eighth day of the strike", "It's the second day of an offensive"
    "nth_day": re.compile(r"(?:(?<=\b[Ii]t['’]s\s)|(?<=\b[Ii]t\sis\s)|(?<=\b[Tt]oday\sis\s))"
                          rf"(?i:the)\s+(?:{ORD})\s+(?i:day)\b(?=\s+(?i:of)\b)"),
}
_WORD_BEFORE = re.compile(r"(\w+)\s+$")
_AFTER_CLOCK = re.compile(r"[\d)]\s+in\s+$")


def ok_in_the(m: re.Match, text: str) -> bool:
    """Only forms whose antecedent is the narrative's day/week: "earlier/later in the year", "in the
    morning" (a part of the day), "For the week, ..." and "the week's" (market reports)."""
    unit = m["unit"].lower()
    if m["edge"]:  # "earlier/later in the day": annotated once in the dev corpora, left out 3 times
        return unit != "day"
    prev = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
    prev = prev[1].lower() if prev else ""
    if unit in PARTS_OF_DAY:  # not "in the night" (mostly generic), not "10:30 (0930 GMT) in the morning"
        return prev == "in" and unit != "night" and not _AFTER_CLOCK.search(text, m.start() - 8, m.start())
    if unit == "week":
        return text.startswith(("'s", "’s"), m.end()) or prev == "for" and text[m.end():m.end() + 1] in ",."
    return False


def res_in_the(m: re.Match, ctx: Ctx) -> R | None:
    unit = m["unit"].lower()
    if unit in PARTS_OF_DAY:
        base = ctx.anchor_date("day")
        return with_time(day(base), PARTS_OF_DAY[unit]) if base else None
    base = ctx.anchor_date(unit)
    return period(unit, index_of(unit, base)) if base else None


def res_nth_day(m: re.Match, ctx: Ctx) -> R:
    """ "It's the second day of ...": present tense, so the dct."""
    return day(ctx.dct)
