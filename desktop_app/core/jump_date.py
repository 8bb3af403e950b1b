"""Parse what a user types to jump to a date ("2025-04", "April 2025", "3 April 2025")."""
from __future__ import annotations

import calendar
import datetime as dt
import re

# Full names and three-letter abbreviations ("Sept" too), lower case.
MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?,?\s+(\d{4})")

HINT = 'Type a date such as "2025", "2025-04", "April 2025", "2025-04-03" or "3 April 2025".'


def parse_jump_date(text: str) -> dt.date:
    """The first day the text names (a year's 1 January, a month's 1st); ValueError if none."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise ValueError(f"No date given. {HINT}")
    try:
        if m := _ISO.fullmatch(cleaned):
            return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        if m := _DAY_MONTH_YEAR.fullmatch(cleaned):
            return dt.date(int(m[3]), _month(m[2]), int(m[1]))
        if m := _MONTH_DAY_YEAR.fullmatch(cleaned):
            return dt.date(int(m[3]), _month(m[1]), int(m[2]))
        if m := _MONTH_YEAR.fullmatch(cleaned):
            return dt.date(int(m[2]), _month(m[1]), 1)
    except ValueError as exc:  # a month 13, 31 April, an unknown month name
        raise ValueError(f"{text.strip()!r} is not a date ({exc}). {HINT}") from None
    raise ValueError(f"{text.strip()!r} is not a date. {HINT}")


def _month(name: str) -> int:
    try:
        return MONTHS[name]
    except KeyError:
        raise ValueError(f"no month called {name!r}") from None
