"""Publication dates written in an article's header lines, front matter or URL."""
from __future__ import annotations

import datetime as dt
import re

_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_FORMS = (
    _MONTH + r"\s+(?P<d>\d{1,2})" + _ORD + r",?\s+(?P<y>\d{4})",
    r"(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<y>\d{4})",
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})",
)
_LABEL = r"(?:(?:published|posted|updated|last\s+updated|date|dated)(?:\s+on)?\s*:?\s*)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?(?:\s*\(?[a-z]{2,5}\)?)?)?"
_TRAIL = r"\s*[—–-]*\s*$"
# A line that is only a date, with optional label, weekday, time and trailing dash.
_DATE_LINES = [re.compile(r"^\s*" + _LABEL + r"(?:" + _WEEKDAY + r")?(?P<date>" + form + r")"
                          + _TIME + _TRAIL, re.IGNORECASE) for form in _DATE_FORMS]
# "OTTAWA, March 11, 2026 —" or "OTTAWA, Ont., Wednesday, March 11, 2026:": only the date is meta.
_PLACE = r"[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z. ]{1,20}?)?,\s*"
_PLACE_DATELINES = [re.compile(_PLACE + r"(?i:(?:" + _WEEKDAY + r")?(?P<date>" + form + r"))"
                               + r"\s*(?:[—–]|--?|:)") for form in _DATE_FORMS[:2]]
# Dates in article URLs: /2026/03/11/, /2026-03-11-slug, /20260311/.
_URL_DATES = (re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?=[/_.-]|$)"),
              re.compile(r"[/_-](?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?=[/_.-]|$)"),
              re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/_.-]|$)"))


def _date_from_match(m: re.Match) -> dt.date | None:
    month = _MONTHS[m["mon"].lower()] if "mon" in m.re.groupindex else int(m["m"])
    try:
        day = dt.date(int(m["y"]), month, int(m["d"]))
    except ValueError:
        return None
    return day if 1800 <= day.year <= 2200 else None


def parse_date_line(line: str) -> dt.date | None:
    """The date when the whole line is a date (e.g. "Wednesday, March 11, 2026"), else None."""
    if len(line) > 120:
        return None
    for pattern in _DATE_LINES:
        m = pattern.match(line)
        if m:
            return _date_from_match(m)
    return None


def place_dateline(line: str) -> tuple[dt.date, int, int] | None:
    """(date, start, end) of the date in a "PLACE, March 11, 2026 —" line opening, else None."""
    head = line[:160]  # a place dateline opens a line; the bound keeps the match cheap
    for pattern in _PLACE_DATELINES:
        m = pattern.match(head)
        if m and (day := _date_from_match(m)):
            return day, m.start("date"), m.end("date")
    return None


def parse_date_value(value: str) -> dt.date | None:
    """A metadata date: ISO (with any time part) or a written date."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return parse_date_line(value)


def url_date(url: str) -> dt.date | None:
    """The date in an article URL's path (/2026/03/11/...), else None."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern in _URL_DATES:
        for m in pattern.finditer(path):
            if (day := _date_from_match(m)) and day.year >= 1990:
                return day
    return None
