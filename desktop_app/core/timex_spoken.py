"""Years spelled out in broadcast transcripts: "nineteen ninety-six", "January nineteen ninety-seven",
"the winter of nineteen ninety-four", "the year two thousand" (digits are handled by timex.py).

"two thousand" alone is a count ("two thousand people"), so it is a year only after "the year" or
a month name; "nineteen ninety" is a year unless a count noun follows (checked in timex.py).
"""
from __future__ import annotations

import re

from desktop_app.core.timex_patterns import MONTHS, NUMBERS, SEASON_CODES
from desktop_app.core.timex_resolve import Ctx, R, period

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_MONTH = "|".join(name for name in MONTHS if len(name) > 3 or name == "may")
_SEASON = "|".join(SEASON_CODES)

PATTERN = re.compile(
    rf"(?i:(?P<mon>{_MONTH})\s+(?:of\s+)?|(?:the\s+)?(?P<season>{_SEASON})\s+of\s+|the\s+year\s+)?"
    rf"(?P<sy>(?i:(?P<cent>nineteen|eighteen)\s+(?:(?P<tens>{_TENS})(?:[-\s](?P<unit>{_UNITS}))?"
    rf"|(?P<teen>{_TEENS}))"
    rf"|two\s+thousand(?:(?:\s+and)?[-\s]+(?P<after>{_TEENS}|{_UNITS}))?))"
    r"(?![-\w])")


def year_of(m: re.Match) -> int:
    if m["cent"]:
        y = NUMBERS[m["cent"].lower()] * 100
        if m["tens"]:
            return y + NUMBERS[m["tens"].lower()] + (NUMBERS[m["unit"].lower()] if m["unit"] else 0)
        return y + (NUMBERS[m["teen"].lower()] if m["teen"] else 0)
    return 2000 + (NUMBERS[m["after"].lower()] if m["after"] else 0)


_NEXT = re.compile(r"\s*([a-z]+)")


def ok(m: re.Match, text: str) -> bool:
    """"two thousand" needs "the year" or a month before it; "nineteen twenty" is a count before a
    plural noun ("nineteen twenty-dollar bills" aside, "nineteen ninety votes")."""
    if m["cent"]:
        nxt = _NEXT.match(text, m.end())
        return not (nxt and len(nxt[1]) > 3 and nxt[1].endswith("s") and not nxt[1].endswith("ss"))
    return bool(m["mon"] or m["season"]) or m.group().lower().startswith("the")


def res_spelled_year(m: re.Match, ctx: Ctx) -> R:
    y = year_of(m)
    if m["mon"]:
        return period("month", y * 12 + MONTHS[m["mon"].lower()] - 1)
    if m["season"]:
        return period("season", y * 4 + ("SP", "SU", "FA", "WI").index(SEASON_CODES[m["season"].lower()]))
    return period("year", y)
