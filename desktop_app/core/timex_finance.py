"""Financial-news periods for the temporal tagger: quarters, "the year", "a year earlier".

Conventions (TimeML as applied to business news; tests/core/test_timex.py pins them):
- A bare "the third quarter" / "third-quarter" is the latest Q3 that has begun by the dct; in a
  future sentence it is the next Q3 unless that one ended less than ~2 months ago (results are
  reported after the quarter closes).
- The quarter last named in the text is the "reporting quarter": "the quarter", "the latest
  quarter", "the period" refer to it (to the latest completed quarter when none was named), and
  "a year earlier", "the year-ago quarter", "year-earlier" (profit) are that quarter a year before.
  Without a reporting quarter, "a year earlier" stays a year; after "the (first) nine months" it is
  the year before (a nine-month period has no quarter). "$33 million last year" in a quarterly
  report is the reporting quarter a year before; "a year ago" there compares, it is no anchor.
- "the year", "the full year", "the fiscal year" are the dct's year, except "the year ended
  Sept. 30", which names a 12-month fiscal period (DURATION P1Y).
- "year-end" / "year's end" is the last day of the dct's year ("since year-end": the previous one).
- "fiscal 1999" is the year 1999 (its span includes "fiscal").
"""
from __future__ import annotations

import datetime as dt
import re

from desktop_app.core.timex_calendar import index_of, pick
from desktop_app.core.timex_patterns import ordinal_of
from desktop_app.core.timex_resolve import R, Ctx, day, period

_QORD = r"(?i:first|second|third|fourth|final|1st|2nd|3rd|4th)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_SHIFT = {"this": 0, "last": -1, "next": 1}

P = {
    # "the third quarter", "third-quarter", "the 1988 second quarter", "this year's first quarter",
    # "the year-ago third quarter", "the fiscal first quarter", "Q3 2025", "the third quarter of 2025"
    "quarter": re.compile(
        rf"\b(?P<q>Q[1-4])(?:\s*(?P<year>{_YEAR})\b|\s*['’](?P<y2>\d\d)\b)?\b"
        r"|(?:(?i:the)\s+(?!(?:(?i:fiscal)\s+)?\w+-(?i:quarter)\b))?"
        rf"(?:(?P<qyear>{_YEAR})\s+|(?P<qrel>(?i:this|last|next))\s+(?i:year)['’]s\s+"
        r"|(?P<qago>(?i:year-ago|year-earlier|prior-year|comparable\s+year-ago))\s+"
        r"|(?P<qcur>(?i:latest|current|same|comparable|corresponding))\s+)?"
        rf"(?:(?i:fiscal)[\s-]+)?(?P<qord>{_QORD})(?:[\s-]+(?i:fiscal|calendar))?[\s-]+(?i:quarter)\b"
        rf"(?:\s+(?i:of)\s+(?:(?P<year2>{_YEAR})\b|(?P<orel>(?i:this|last|next|the))\s+(?i:year)\b))?"),
    # "the quarter", "the latest quarter", "the year-ago period", "the full year", "the year"
    "period": re.compile(
        r"(?:(?P<det>(?i:the))\s+|(?P<rel>(?i:this|last|next))\s+(?i:year)['’]s\s+)?"
        rf"(?:(?P<pyear>{_YEAR})\s+)?(?P<adj>(?:(?i:latest|current|same|comparable|corresponding|full|entire|whole|year-ago|"
        r"year-earlier|prior-year|fiscal|just-ended|just-completed|most\s+recent)[\s-]+){0,3})"
        r"(?P<unit>quarter|period|year)\b(?!-|['’](?!s\b))"
        r"(?P<ago>\s+(?i:a\s+year\s+(?:ago|earlier)|last\s+year))?"),
    # "year-earlier profit", "the year-ago results": the adjective alone
    "year_ago": re.compile(r"(?i:year-(?:ago|earlier))\b(?![-'’])"),
    "year_end": re.compile(r"(?P<mod>(?i:around)\s+)?(?i:year)(?:-|\s+|['’]s\s+)(?i:end)\b(?!-)"),
    "fiscal_year": re.compile(rf"(?i:fiscal)(?:\s+(?i:year))?\s+(?P<year>{_YEAR})\b(?![\d-])"),
}
_PERIOD_NEXT_REJECT = frozenset("before earlier after later ago of".split())


def _bare_quarter(q: int, ctx: Ctx) -> int | None:
    """Index of a yearless quarter (see the module docstring)."""
    if ctx.dct is None:
        return None
    cur = index_of("quarter", ctx.dct)
    idx = pick(cur, 4, q - 1, "past")
    if ctx.direction() == "future" and idx < cur - 1:
        idx = pick(cur, 4, q - 1, "next")
    return idx


def reporting_quarter(ctx: Ctx) -> int | None:
    """The quarter last named in the text, else the latest completed one."""
    if ctx.quarter is not None:
        return ctx.quarter
    return index_of("quarter", ctx.dct) - 1 if ctx.dct else None


def res_quarter(m: re.Match, ctx: Ctx) -> R | None:
    q = int(m["q"][1]) if m["q"] else ordinal_of(m["qord"]) or 0
    if not 1 <= q <= 4:
        return None
    year = m["year"] or m["year2"] or m["qyear"] or (str(2000 + int(m["y2"])) if m["y2"] else None)
    if year:
        idx = int(year) * 4 + q - 1
    elif (m["qrel"] or m["orel"]) and ctx.dct:
        rel = (m["qrel"] or m["orel"]).lower()
        idx = (ctx.dct.year + _SHIFT.get(rel, 0)) * 4 + q - 1
    else:
        idx = _bare_quarter(q, ctx)
    if idx is None:
        return period("quarter", None, unresolved=f"XXXX-Q{q}")
    if m["qago"]:
        return period("quarter", idx - 4)
    if ctx.dct and idx < index_of("quarter", ctx.dct) and not (m["qyear"] or m["qrel"]):
        ctx.quarter = idx  # a completed quarter: the one the report is about
    return period("quarter", idx)


def res_period(m: re.Match, ctx: Ctx) -> R | None:
    """ "the quarter", "the latest period", "the year-ago quarter", "the full year"."""
    unit, adj = m["unit"], " ".join(m["adj"].lower().replace("-", " ").split())
    ago = "year ago" in adj or "year earlier" in adj or "prior year" in adj or m["ago"]
    nxt = re.match(r"\s+(\w+)", ctx.text[m.end():m.end() + 20])
    nxt = nxt[1].lower() if nxt else ""
    if ctx.dct is None:
        return None
    if unit == "year" and (m["pyear"] or m["rel"]):
        return None
    if unit == "year":
        if ago or "latest" in adj:
            return period("year", ctx.dct.year - 1)
        if nxt in ("ended", "ending", "through", "to"):
            return R("DURATION", "P1Y")
        return period("year", ctx.dct.year)
    if unit == "period" and ctx.quarter is None and not (ago or m["pyear"] or "latest" in adj):
        return None  # "the period" outside a financial report is not a date
    if unit == "quarter" and "current" in adj:
        idx = index_of("quarter", ctx.dct)
    else:
        idx = reporting_quarter(ctx)
    year = int(m["pyear"]) if m["pyear"] else ctx.dct.year + _SHIFT[m["rel"].lower()] if m["rel"] else None
    if year is not None:  # "the 1988 period", "last year's quarter": the reporting quarter that year
        if (ctx.quarter is None or ctx.months) and unit == "period":
            return period("year", year)
        return period("quarter", year * 4 + idx % 4)
    return period("quarter", idx - 4 if ago else idx)


def res_year_ago(m: re.Match, ctx: Ctx) -> R | None:
    if ctx.dct is None:
        return R("DATE", "XXXX")
    if ctx.quarter is not None:
        return period("year", ctx.quarter // 4 - 1) if ctx.months else period("quarter", ctx.quarter - 4)
    return period("year", ctx.dct.year - 1)


def res_year_end(m: re.Match, ctx: Ctx) -> R | None:
    if ctx.dct is None:
        return R("DATE", "XXXX-12-31")
    before = ctx.before(12).lower()
    year = ctx.dct.year - 1 if re.search(r"\bsince\s+$", before) else ctx.dct.year
    r = day(dt.date(year, 12, 31))
    return r._replace(mod="APPROX") if m["mod"] else r


def res_fiscal_year(m: re.Match, ctx: Ctx) -> R:
    return period("year", int(m["year"]))


def ok_period(m: re.Match, text: str) -> bool:
    """Only "the ..." (or a year-ago adjective); not "the year before", "the period of", "the year 2000"."""
    if m["rel"]:
        return True
    if not m["det"] and not re.search(r"year-(?:ago|earlier)|prior-year", m["adj"], re.I):
        return False
    if m["unit"] == "year" and not m["det"]:
        return False
    tail = re.match(r"\s+(\S+)", text[m.end():m.end() + 20])
    nxt = tail[1].lower().rstrip(".,;") if tail else ""
    if m["ago"]:
        return True
    return nxt not in _PERIOD_NEXT_REJECT and not nxt[:1].isdigit() and nxt != "two"


def ok_year_ago(m: re.Match, text: str) -> bool:
    tail = re.match(r"\s+(\w+)", text[m.end():m.end() + 20])
    return bool(tail) and tail[1].lower() not in ("quarter", "period")
