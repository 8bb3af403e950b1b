"""Calendar arithmetic for the temporal tagger: periods as integer indexes, TimeML values, display.

Every granularity maps a date to an integer period index, so "last week", "next month" or
"the following quarter" are just index +/- n, and each index has a TimeML value and a
half-open day interval [begin, end).
"""
from __future__ import annotations

import datetime as dt

from desktop_app.core.model import GRANULARITIES

# TIMEX3 duration codes of each unit. Here, not in timex_patterns, so that the list's date labels
# do not compile the tagger's patterns (a sixth of a second) at start.
UNIT_CODES = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
              "month": "M", "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q"}

SEASONS = ("SP", "SU", "FA", "WI")  # a season index counts from spring of year 0
SEASON_NAMES = {"SP": "Spring", "SU": "Summer", "FA": "Fall", "WI": "Winter"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
MONTH_ABBR = tuple(m[:3] for m in MONTH_NAMES)
MOD_WORDS = {"START": "early", "MID": "mid", "END": "late", "APPROX": "c.", "BEFORE": "before",
             "AFTER": "after", "ON_OR_BEFORE": "by", "ON_OR_AFTER": "from"}

# Period a date falls in, per granularity ("time" periods are days).
_INDEX = {
    "time": dt.date.toordinal,
    "day": dt.date.toordinal,
    "week": lambda d: (d.toordinal() - 1) // 7,  # ordinal 1 (0001-01-01) is a Monday
    "month": lambda d: d.year * 12 + d.month - 1,
    "season": lambda d: (d.year * 12 + d.month - 3) // 3,  # March starts spring; Jan-Feb stay in winter
    "quarter": lambda d: d.year * 4 + (d.month - 1) // 3,
    "half": lambda d: d.year * 2 + (d.month - 1) // 6,
    "year": lambda d: d.year,
    "decade": lambda d: d.year // 10,
    "century": lambda d: d.year // 100,  # "the 19th century" = 18 = [1800, 1900)
}


def index_of(gran: str, day: dt.date) -> int:
    """The index of the `gran` period containing `day`."""
    return _INDEX[gran](day)


def _month_start(n: int) -> dt.date:
    """First day of month index n (year * 12 + month - 1)."""
    return dt.date(n // 12, n % 12 + 1, 1)


def bounds(gran: str, idx: int) -> tuple[dt.date, dt.date]:
    """Half-open day interval of period `idx` of granularity `gran`."""
    if gran in ("day", "time"):
        first = dt.date.fromordinal(idx)
        return first, first + dt.timedelta(days=1)
    if gran == "week":
        first = dt.date.fromordinal(idx * 7 + 1)
        return first, first + dt.timedelta(days=7)
    months = {"month": (1, 0), "season": (3, 2), "quarter": (3, 0), "half": (6, 0)}
    if gran in months:
        size, offset = months[gran]
        return _month_start(idx * size + offset), _month_start((idx + 1) * size + offset)
    years = {"year": 1, "decade": 10, "century": 100}[gran]
    return dt.date(idx * years, 1, 1), dt.date((idx + 1) * years, 1, 1)  # ValueError past year 1..9999


def value_of(gran: str, idx: int) -> str:
    """TimeML value of period `idx`: 2026-03-11, 2026-W10, 2026-03, 2026-FA, 2026-Q1, 199, 18."""
    if gran in ("day", "time"):
        return dt.date.fromordinal(idx).isoformat()
    if gran == "week":
        year, week, _ = dt.date.fromordinal(idx * 7 + 1).isocalendar()
        return f"{year}-W{week:02d}"
    if gran == "month":
        return f"{idx // 12:04d}-{idx % 12 + 1:02d}"
    if gran == "season":
        return f"{idx // 4:04d}-{SEASONS[idx % 4]}"
    if gran == "quarter":
        return f"{idx // 4:04d}-Q{idx % 4 + 1}"
    if gran == "half":
        return f"{idx // 2:04d}-H{idx % 2 + 1}"
    return str(idx)  # year 2025, decade 199, century 18


def pick(cur: int, period: int, phase: int, how: str) -> int:
    """Nearest index with `idx % period == phase`: at/before cur (past), at/after (future),
    strictly before (last), strictly after (next) or the closer of past and future (nearest; past
    on a tie)."""
    if how == "nearest":
        back, ahead = pick(cur, period, phase, "past"), pick(cur, period, phase, "future")
        return back if cur - back <= ahead - cur else ahead
    if how == "last":
        cur, how = cur - 1, "past"
    elif how == "next":
        cur, how = cur + 1, "future"
    if how == "past":
        return cur - (cur - phase) % period
    return cur + (phase - cur) % period


def duration_value(n: float | None, unit: str) -> str:
    """P3Y, PT2H, P2W (a fortnight), PXM (vague), P2Q (TimeML's quarter unit)."""
    if unit == "fortnight":
        n, unit = (n * 2 if n is not None else None), "week"
    if n is not None and n != int(n) and n * 2 == int(n * 2) and unit in _HALF:
        return _HALF[unit].format(int(n))  # "2 1/2 years" = P2Y6M: the half in the next unit down
    if n is not None and unit in ("decade", "century"):  # ISO 8601 has no decade/century unit:
        n, unit = round(n * (10 if unit == "decade" else 100), 6), "year"  # "two decades" = P20Y
    if n is None and unit == "decade":  # "decades" = PXY, as "two decades" = P20Y
        unit = "year"
    amount = "X" if n is None else (str(int(n)) if n == int(n) else str(n))
    return ("PT" if unit in ("second", "minute", "hour") else "P") + amount + UNIT_CODES[unit]


_HALF = {"year": "P{}Y6M", "day": "P{}DT12H", "hour": "PT{}H30M", "minute": "PT{}M30S"}


def _easter(y: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian computus)."""
    a, (b, c) = y % 19, divmod(y, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


def _nth_weekday(y: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (n=-1: last) given weekday of a month."""
    if n > 0:
        first = dt.date(y, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(y + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


_FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                   "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
                   "valentine's day": (2, 14), "independence day": (7, 4), "canada day": (7, 1),
                   "boxing day": (12, 26), "remembrance day": (11, 11), "veterans day": (11, 11),
                   "bastille day": (7, 14)}
_MOVABLE_HOLIDAYS = {  # US dates for Thanksgiving, Labor Day and Memorial Day
    "easter": lambda y: _easter(y), "easter sunday": lambda y: _easter(y),
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1),
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1), "labour day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "black friday": lambda y: _nth_weekday(y, 11, 3, 4) + dt.timedelta(days=1),
    "cyber monday": lambda y: _nth_weekday(y, 11, 3, 4) + dt.timedelta(days=4)}


def holiday(name: str, year: int) -> dt.date | None:
    """Date of a named holiday in `year` ("Christmas", "Easter Monday", "Thanksgiving")."""
    key = " ".join(name.lower().replace("’", "'").split())
    if key in _FIXED_HOLIDAYS:
        return dt.date(year, *_FIXED_HOLIDAYS[key])
    return _MOVABLE_HOLIDAYS[key](year) if key in _MOVABLE_HOLIDAYS else None


def coarser(a: str | None, b: str | None) -> str | None:
    """The coarser of two granularities."""
    if a is None or b is None:
        return a or b
    return max(a, b, key=GRANULARITIES.index)


def format_day(d: dt.date) -> str:
    """'4 Mar 2026', independent of the process locale."""
    return f"{d.day} {MONTH_ABBR[d.month - 1]} {d.year}"


def _period_label(value: str, begin: dt.date, gran: str) -> str:
    """Display text of one period at its own precision."""
    if gran == "time":
        _, _, clock = value.partition("T")
        parts = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}
        return f"{format_day(begin)}, {parts.get(clock, clock)}" if clock else format_day(begin)
    if gran == "day":
        return format_day(begin)
    if gran == "week":
        kind = "Weekend" if value.endswith("-WE") else "Week"
        return f"{kind} of {format_day(begin)}"
    if gran == "month":
        return f"{MONTH_ABBR[begin.month - 1]} {begin.year}"
    if gran == "season":
        idx = index_of("season", begin)
        name = SEASON_NAMES[SEASONS[idx % 4]]
        year = idx // 4
        return f"{name} {year}" if idx % 4 != 3 else f"{name} {year}–{(year + 1) % 100:02d}"
    if gran == "quarter":
        return f"Q{(begin.month - 1) // 3 + 1} {begin.year}"
    if gran == "half":
        return f"H{(begin.month - 1) // 6 + 1} {begin.year}"
    if gran == "decade":
        return f"{begin.year // 10 * 10}s"
    if gran == "century":
        n = begin.year // 100 + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} century"
    return str(begin.year)


def format_date(value: str, begin: dt.date | None, end_date: dt.date | None,
                granularity: str | None, mod: str | None = None) -> str:
    """Render a timex at its real precision ("11 Mar 2026", "Fall 2026", "early Dec 2025");
    a range shows both ends; an unresolved timex shows its raw value."""
    if begin is None or end_date is None or granularity not in GRANULARITIES:
        return value
    label = _period_label(value, begin, granularity)
    natural_end = bounds(granularity, index_of(granularity, begin))[1]
    if end_date > natural_end:  # a range: label its last period too
        last = end_date - dt.timedelta(days=1)
        last_begin = bounds(granularity, index_of(granularity, last))[0]
        last_value = value_of(granularity, index_of(granularity, last))
        label = f"{label} – {_period_label(last_value, last_begin, granularity)}"
    prefix = MOD_WORDS.get(mod or "")
    return f"{prefix} {label}" if prefix else label
