"""Resolvers of the temporal tagger: turn one regex match into a TimeML value and a day interval.

Each resolver takes (match, ctx) and returns an `R` or None. `ctx` carries the document creation
time (dct), the last resolved date (anchor for "the next day"), and the sentence tense.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from desktop_app.core.model import GRANULARITIES, Timex
from desktop_app.core.timex_calendar import SEASONS, bounds, duration_value, holiday, index_of, pick, value_of
from desktop_app.core.timex_patterns import (
    GENERIC_PRESENT, MOD_CODES, MONTHS, QUANT_MODS, PARTS_OF_DAY, SEASON_CODES, UNIT_GRAN, WEEKDAYS,
    number_of, ordinal_of, unit_of)
from desktop_app.core.timex_tense import Tense

# Placeholder values for relative expressions that cannot be resolved (no dct, no anchor).
XVALUES = {"time": "XXXX-XX-XX", "day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX",
           "season": "XXXX-XX", "quarter": "XXXX-QX", "half": "XXXX-HX", "year": "XXXX",
           "decade": "XXX", "century": "XX"}
_SHIFT = {"last": -1, "past": -1, "previous": -1, "preceding": -1, "prior": -1, "this past": -1,
          "next": 1, "coming": 1, "following": 1, "this coming": 1, "this": 0, "current": 0,
          "same": 0, "that": 0}
_SOON_AS = re.compile(r"\bas\s+soon\s+as\b|\bahead\s+of\s+$", re.I)
_UNTIL = re.compile(r"\b(?:until|till|through|thru)\s+$", re.I)
_POSTPONE = re.compile(r"\b(?:postponed|adjourned|delayed|deferred|extended|put\s+off|pushed\s+back)\b", re.I)
_NEGATED = re.compile(r"\b(?:had|not|never)\b|n['’]t\b", re.I)
_FUTURE_PREP = re.compile(r"\b(?:before|by|until|till|ahead\s+of)\s+$", re.I)
_DURATION_PREP = re.compile(r"\b(?:over|in|within|during|for|throughout)\s+$", re.I)
_AMOUNT_BEFORE = re.compile(r"\d(?:\s+(?:million|billion|cents|a\s+share|[a-z]+s))?,?\s+$")
_AMOUNT_AFTER = re.compile(r"['’]s\s+[$#£€]?\d")
_POSSESSIVE_NOUN = re.compile(r"['’]s\s+(\w+)")


class R(NamedTuple):
    """A resolver's result (a Timex without its span)."""

    type: str
    value: str
    mod: str | None = None
    begin: dt.date | None = None
    end: dt.date | None = None
    gran: str | None = None


class Ctx:
    """Resolution context for one text: dct, running anchor, tense, and the span being resolved."""

    def __init__(self, text: str, dct: dt.date | None):
        self.text, self.dct = text, dct
        self.tense = Tense(text)
        self.anchor: Timex | None = None
        self.range_ref: dt.date | None = None  # set when resolving the second end of a range
        self.quarter: int | None = None  # the reporting quarter (timex_finance)
        self.months = False  # the last period named is "the (first) nine months": year-ago = a year
        self.start = self.end = 0

    def before(self, n: int = 24) -> str:
        """The text just before the current span."""
        return self.text[max(0, self.start - n):self.start]

    def direction(self) -> str:
        """'past', 'future' or 'nearest' (after a plan) for a bare name ("January") in the sentence."""
        if self.range_ref is not None:
            return "future"
        tense = self.tense.of(self.start, self.end)
        if tense is None:  # neutral sentence: "before May" looks ahead, otherwise news is past
            return "future" if _FUTURE_PREP.search(self.before()) else "past"
        if tense == "past" and _UNTIL.search(self.before()):  # "gave them until mid-November": a deadline
            return "nearest"
        return tense

    def weekday_how(self, phase: int) -> str:
        """Direction for a bare weekday: news mostly reports the last few days. Future after "as
        soon as"/"ahead of", after "until" unless a past verb governs it (then the nearer day,
        "postponed until" aside), and with a future marker ("will"); after a plan ("agreed to",
        "had been scheduled to"), the nearer of the two candidates; after a modal ("could",
        "would"), the past day only if it is at most two days back."""
        if self.range_ref is not None or _SOON_AS.search(self.before(40)):
            return "future"
        kind = self.tense.marker(self.start, self.end, weekday=True)
        if _UNTIL.search(self.before()) and not _NEGATED.search(self.text, *self.tense.sentence(self.start)):
            return "nearest" if kind == "past" and not _POSTPONE.search(self.before(60)) else "future"
        if kind is None:
            possessive = self.text.startswith(("'s", "’s"), self.end)
            return "future" if not possessive and _FUTURE_PREP.search(self.before()) else "past"
        if kind == "modal" and self.dct is not None:  # "could not be reached Wednesday" (yesterday),
            cur = self.dct.toordinal()                  # "said he would meet them Friday" (ahead)
            return "past" if cur - pick(cur, 7, phase, "past") <= 2 else "future"
        return {"modal": "future", "report": "past"}.get(kind, kind)

    def ref(self) -> dt.date | None:
        return self.range_ref or self.dct

    def pick(self, gran: str, period: int, phase: int, how: str | None = None) -> int | None:
        """Index of the nearest `gran` period with the given phase around the reference date."""
        ref = self.ref()
        if ref is None:
            return None
        return pick(index_of(gran, ref), period, phase, how or self.direction())

    def anchor_date(self, gran: str) -> dt.date | None:
        """Date to resolve "the next day"/"that year" against: the last resolved timex if it is
        at least as fine as `gran`, the dct when nothing was resolved yet, else None."""
        a = self.anchor
        if a is None:
            return self.dct
        if GRANULARITIES.index(a.granularity) <= GRANULARITIES.index(gran):
            return a.begin
        return None


def mod_of(text: str | None) -> str | None:
    """START/MID/END/APPROX for 'early ', 'mid-', 'the end of ', 'around '."""
    if not text:
        return None
    words = re.findall(r"[a-z]+", text.lower())
    return next((MOD_CODES[w] for w in words if w in MOD_CODES), None)


def period(gran: str, idx: int | None, mod: str | None = None, unresolved: str | None = None,
           type_: str = "DATE") -> R:
    """R for period `idx`, or an unresolved R with value `unresolved` when idx is None."""
    if idx is None:
        return R(type_, unresolved or XVALUES[gran], mod)
    begin, end = bounds(gran, idx)
    return R(type_, value_of(gran, idx), mod, begin, end, gran)


def day(d: dt.date | None, mod: str | None = None, unresolved: str = "XXXX-XX-XX") -> R:
    return period("day", d.toordinal() if d else None, mod, unresolved)


def with_time(r: R, clock: str) -> R:
    """A TIME on the day of `r`: value 2026-03-10T15:00 or 2026-03-10TMO."""
    return R("TIME", f"{r.value}T{clock}", r.mod, r.begin, r.end, "time" if r.begin else None)


def _month_no(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# ---- absolute dates --------------------------------------------------------------------------
def res_iso(m: re.Match, ctx: Ctx) -> R | None:
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    r = day(d)
    return with_time(r, f"{m['hh']}:{m['mi']}") if m["hh"] else r


def res_slash(m: re.Match, ctx: Ctx) -> R | None:
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return day(d) if d else None


def _nearest_year(on: Callable[[int], dt.date | None], ctx: Ctx, unresolved: str,
                  weekday: str | None = None) -> R | None:
    """A yearless day (a month-day, a holiday): the year whose date lies nearest a point 90 days
    before the dct in a past sentence or after it in a future one (about 9 months back / 3 ahead
    or the reverse); a named weekday ("Wednesday, March 11") picks the year where it matches."""
    ref = ctx.ref()
    if ref is None:
        return day(None, unresolved=unresolved)
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := on(y))]
    if weekday:
        options = [d for d in options if d.weekday() == WEEKDAYS[weekday.lower()]] or options
    if ctx.range_ref is not None:
        target = ref + dt.timedelta(days=150)  # second end of a range: shortly after the first
    else:
        shift = {"future": 90, "past": -90}.get(ctx.direction(), 0)
        target = ref + dt.timedelta(days=shift)
        # the window itself, not only nearness to its middle: "the fiscal year ended Jan. 31" in
        # an October article is 9 months back, not 3 months and a day ahead
        if shift:
            back, ahead = (275, 91) if shift < 0 else (91, 275)
            options = [d for d in options if -back <= (d - ref).days < ahead] or options
    return day(min(options, key=lambda d: abs(d - target))) if options else None


def month_day(mon: int, dnum: int, year: str | None, ctx: Ctx, weekday: str | None = None) -> R | None:
    """A day of a month, with or without its year."""
    if year:
        d = _safe_date(int(year), mon, dnum)
        return day(d) if d else None
    return _nearest_year(lambda y: _safe_date(y, mon, dnum), ctx, f"XXXX-{mon:02d}-{dnum:02d}", weekday)


def res_holiday(m: re.Match, ctx: Ctx) -> R | None:
    """ "Christmas", "Easter Monday 2025", "Thanksgiving" (US)."""
    if m["year"]:
        return day(holiday(m["hol"], int(m["year"])))
    return _nearest_year(lambda y: holiday(m["hol"], y), ctx, "XXXX-XX-XX")


def res_mdy(m: re.Match, ctx: Ctx) -> R | None:
    return month_day(_month_no(m["mon"]), int(m["day"]), m["year"], ctx, m["wd"])


def res_day_range(m: re.Match, ctx: Ctx) -> R | None:
    """ "March 3-5" / "3-5 March 2026": one DATE from the first to the last day."""
    mon, d1, d2, year = ((m["mon"], m["d1"], m["d2"], m["year"]) if m["mon"]
                         else (m["mon2"], m["d3"], m["d4"], m["year2"]))
    d1, d2 = int(d1), int(d2)
    first = month_day(_month_no(mon), d1, year, ctx)
    if first is None or d2 <= d1:
        return None
    if first.begin is None:
        return first
    last = _safe_date(first.begin.year, first.begin.month, d2)
    return first._replace(end=last + dt.timedelta(days=1)) if last else None


def res_month_year(m: re.Match, ctx: Ctx) -> R:
    return period("month", int(m["year"]) * 12 + _month_no(m["mon"]) - 1, mod_of(m["mod"]))


def res_month_range(m: re.Match, ctx: Ctx) -> R:
    """ "March to May 2025" / "November-February 2026": both months, the year closing the range."""
    year, m1, m2 = int(m["year"]), _month_no(m["m1"]), _month_no(m["m2"])
    first = (year - (m1 > m2)) * 12 + m1 - 1
    begin, end = bounds("month", first)[0], bounds("month", year * 12 + m2 - 1)[1]
    return R("DATE", value_of("month", first), None, begin, end, "month")


def res_month_rel(m: re.Match, ctx: Ctx) -> R:
    """ "last April" (strictly before the dct's month), "next April", "April of last year",
    "last December 17"."""
    if m["mon2"]:
        mon, mod = _month_no(m["mon2"]), mod_of(m["mod2"])
        year = ctx.dct.year + _SHIFT[m["rel2"].lower()] if ctx.dct else None
        return period("month", year * 12 + mon - 1 if year else None, mod, f"XXXX-{mon:02d}")
    mon, rel = _month_no(m["mon"]), " ".join(m["rel"].lower().split())
    shift = _SHIFT.get(rel, 0)
    how = "last" if shift < 0 else "next" if shift > 0 else None
    if how is None:  # "this April": the dct's year
        idx = ctx.dct.year * 12 + mon - 1 if ctx.dct else None
    else:
        idx = ctx.pick("month", 12, mon - 1, how) if ctx.dct else None
    if m["day"]:  # "last December 17"
        d = _safe_date(idx // 12, mon, int(m["day"])) if idx is not None else None
        return day(d, unresolved=f"XXXX-{mon:02d}-{int(m['day']):02d}") if d or idx is None else None
    return period("month", idx, mod_of(m["mod"]), f"XXXX-{mon:02d}")


def res_month(m: re.Match, ctx: Ctx) -> R:
    """A bare month: the nearest one at/before the dct month in a past sentence, at/after in future;
    reported speech about the month right after the dct's means the coming one ("told them of a
    cutback in September" in mid-August): news names the month a year back "last September"."""
    mon = _month_no(m["mon"])
    idx = ctx.pick("month", 12, mon - 1)
    if idx is not None and ctx.range_ref is None and idx + 11 == index_of("month", ctx.dct) \
            and ctx.tense.marker(ctx.start, ctx.end) == "report":
        idx += 12
    return period("month", idx, mod_of(m["mod"]), f"XXXX-{mon:02d}")


def res_year(m: re.Match, ctx: Ctx) -> R:
    """ "2025", "mid-2025", "post-1959" (mod AFTER), "pre-2008" (mod BEFORE)."""
    mod = {"pre": "BEFORE", "post": "AFTER"}[m["pp"].lower()] if m["pp"] else mod_of(m["mod"])
    return period("year", int(m["year"]), mod)


def res_year_range(m: re.Match, ctx: Ctx) -> R | None:
    y1, y2 = int(m["year"]), m["y2"]
    y2 = int(y2) if len(y2) == 4 else y1 // 100 * 100 + int(y2)
    if not y1 < y2 < y1 + 100:
        return None
    return R("DATE", str(y1), mod_of(m["mod"]), dt.date(y1, 1, 1), dt.date(y2 + 1, 1, 1), "year")


def res_decade(m: re.Match, ctx: Ctx) -> R | None:
    if m["dec"]:
        start = int(m["dec"])
    else:
        words = "twenties thirties forties fifties sixties seventies eighties nineties".split()
        two = int(m["dec2"]) if m["dec2"] else 20 + 10 * words.index(m["decw"].lower())
        # "the '20s" is the 2020s once the dct is past 2020; word decades are always 19xx
        start = 2000 + two if m["dec2"] and 2000 + two <= (ctx.dct.year if ctx.dct else 2029) else 1900 + two
    return period("decade", start // 10, mod_of(m["mod"]))


def res_century(m: re.Match, ctx: Ctx) -> R | None:
    n = ordinal_of(m["ord"])
    if not n or n > 22:
        return None
    begin, end = bounds("century", n - 1)
    return R("DATE", f"{n - 1:02d}", mod_of(m["mod"]), begin, end, "century")


def _days_apart(interval: tuple[dt.date, dt.date], d: dt.date) -> int:
    """Days from `d` to a half-open interval (0 inside it)."""
    begin, end = interval
    return max((begin - d).days, (d - end).days + 1, 0)


def res_season(m: re.Match, ctx: Ctx) -> R:
    """ "fall 2026", "this fall" (the dct's year), "that summer" (the anchor's), "last spring",
    "in the summer" (by tense)."""
    code = SEASON_CODES[m["season"].lower()]
    phase, mod = SEASONS.index(code), mod_of(m["mod"])
    rel = " ".join((m["rel"] or "").lower().split())
    unresolved = f"XXXX-{code}"
    if m["year"]:
        return period("season", int(m["year"]) * 4 + phase, mod)
    shift = _SHIFT.get(rel)
    base = ctx.anchor_date("year") if rel == "that" else ctx.dct  # "that summer": the anchor's year
    if base is None:
        return period("season", None, mod, unresolved)
    if shift == 0 and phase == 3:  # this/that winter: the nearest one (it straddles two years)
        here = index_of("season", base)
        return period("season", min(pick(here, 4, 3, "past"), pick(here, 4, 3, "future"),
                                    key=lambda i: _days_apart(bounds("season", i), base)), mod)
    if shift == 0:  # this/that spring/summer/fall: the one in the base year
        return period("season", base.year * 4 + phase, mod)
    how = "last" if shift and shift < 0 else "next" if shift else None
    return period("season", ctx.pick("season", 4, phase, how), mod, unresolved)


def res_half(m: re.Match, ctx: Ctx) -> R | None:
    h = int(m["h"]) if m["h"] else 2 if m["hord"].lower() == "last" else ordinal_of(m["hord"]) or 0
    year = m["year"] or m["year2"]
    if year:
        return period("half", int(year) * 2 + h - 1)
    if ctx.dct is None:
        return period("half", None, unresolved=f"XXXX-H{h}")
    return period("half", (ctx.dct.year + _SHIFT.get(m["hrel"].lower(), 0)) * 2 + h - 1)


# ---- relative to the dct -----------------------------------------------------------------------
def weekend(week_idx: int | None, mod: str | None = None) -> R:
    """Saturday and Sunday of an ISO week: value 2026-W04-WE, interval [Sat, Mon)."""
    if week_idx is None:
        return R("DATE", "XXXX-WXX-WE", mod)
    sat = bounds("week", week_idx)[0] + dt.timedelta(days=5)
    return R("DATE", value_of("week", week_idx) + "-WE", mod, sat, sat + dt.timedelta(days=2), "week")


def res_rel_unit(m: re.Match, ctx: Ctx) -> R:
    """ "last week", "next month", "this year", "early next year", "earlier this week"."""
    unit = m["unit"].lower()
    gran, shift = UNIT_GRAN[unit], _SHIFT[" ".join(m["rel"].lower().split())]
    idx = index_of(gran, ctx.dct) + shift if ctx.dct else None
    mod = mod_of(m["mod"])
    if gran == "year" and shift == -1 and not mod and ctx.quarter is not None and not ctx.months and (
            _AMOUNT_BEFORE.search(ctx.before(40)) or _AMOUNT_AFTER.match(ctx.text, ctx.end)):
        return period("quarter", ctx.quarter - 4)  # "$33 million last year": that quarter last year
    return weekend(idx, mod) if unit == "weekend" else period(gran, idx, mod)


def res_the_weekend(m: re.Match, ctx: Ctx) -> R:
    """ "over the weekend": the last weekend begun by the dct (past) or the coming one (future)."""
    if ctx.dct is None:
        return weekend(None)
    week = index_of("week", ctx.dct)
    saturday = bounds("week", week)[0] + dt.timedelta(days=5)
    past = ctx.direction() == "past" and ctx.dct < saturday
    return weekend(week - 1 if past else week)


def res_mod_the_unit(m: re.Match, ctx: Ctx) -> R:
    """ "the end of the year": the dct's year with mod END."""
    gran = UNIT_GRAN[m["unit"].lower()]
    return period(gran, index_of(gran, ctx.dct) if ctx.dct else None, mod_of(m["mod"]))


def _unit_shift(unit: str, n: int, base: dt.date) -> R:
    """The period n units away from `base`, at the unit's granularity ("two weeks ago" is a
    week, "a decade ago" a year)."""
    if unit == "day":
        return day(base + dt.timedelta(days=n))
    if unit in ("week", "fortnight"):
        return period("week", index_of("week", base + dt.timedelta(days=n * (7 if unit == "week" else 14))))
    if unit == "month":
        return period("month", index_of("month", base) + n)
    years = n * {"year": 1, "decade": 10, "century": 100}[unit]
    return period("year", base.year + years)


def res_ago(m: re.Match, ctx: Ctx) -> R | None:
    """ "two weeks ago" (from the dct), "three days later" (from the anchor); "nearly" etc. as mod."""
    r = _res_ago(m, ctx)
    q = m["q"] and QUANT_MODS.get(" ".join(m["q"].lower().split())) or m["orso"] and "APPROX"
    return r._replace(mod="APPROX" if r.type == "DATE" else q) if r is not None and q else r


def _res_ago(m: re.Match, ctx: Ctx) -> R | None:
    unit, direction = unit_of(m["unit"]), m["dir"].lower()
    n = number_of(m["num"]) if m["num"] else None
    if n is None or n != int(n):  # "years ago", "several months later": vague
        return R("DATE", "PAST_REF") if direction == "ago" else R("DURATION", duration_value(None, unit))
    if unit in ("second", "minute", "hour"):
        return R("DURATION", duration_value(int(n), unit))
    sign = -1 if direction in ("ago", "earlier") else 1
    if unit == "year" and n == 1 and sign < 0 and ctx.quarter is not None:  # quarterly results
        return period("year", ctx.quarter // 4 - 1) if ctx.months else period("quarter", ctx.quarter - 4)
    gran = {"fortnight": "week", "decade": "year", "century": "year"}.get(unit, unit)
    base = ctx.dct if direction in ("ago", "from now", "hence") else ctx.anchor_date(gran)
    if base is None:
        return R("DATE", XVALUES[gran])
    return _unit_shift(unit, sign * int(n), base)


def res_anchor(m: re.Match, ctx: Ctx) -> R | None:
    """ "the next day", "that week", "the following Monday", "later that night": from the anchor."""
    if m["ba"]:
        base = ctx.anchor_date("day")
        return day(base + dt.timedelta(days=1 if m["ba"].lower() == "after" else -1) if base else None)
    rel, unit = m["rel"].lower().split()[-1], m["unit"].lower()
    shift = _SHIFT[rel]
    if shift > 0 and unit in UNIT_GRAN and _DURATION_PREP.search(ctx.before()):  # "over the next month"
        return R("DURATION", {"weekend": "P1W"}.get(unit) or duration_value(1, unit))
    if unit in PARTS_OF_DAY:
        base = ctx.anchor_date("day")
        return with_time(day(base + dt.timedelta(days=shift) if base else None), PARTS_OF_DAY[unit])
    if unit in WEEKDAYS:
        base = ctx.anchor_date("day")
        phase = (WEEKDAYS[unit] + 1) % 7
        how = "next" if shift > 0 else "last" if shift < 0 else "past"
        idx = pick(base.toordinal(), 7, phase, how) if base else None
        return period("day", idx, unresolved=f"XXXX-WXX-{WEEKDAYS[unit] + 1}")
    gran = UNIT_GRAN[unit]
    base = ctx.anchor_date(gran)
    idx = index_of(gran, base) + shift if base else None
    return weekend(idx) if unit == "weekend" else period(gran, idx)


def res_dayword(m: re.Match, ctx: Ctx) -> R:
    """today / yesterday / tomorrow / tonight (+ morning...); "today's world" is PRESENT_REF."""
    w = m["w"].lower()
    possessive = _POSSESSIVE_NOUN.match(ctx.text, ctx.end)
    if w == "today" and not m["pod"] and possessive and possessive[1].lower() in GENERIC_PRESENT:
        return R("DATE", "PRESENT_REF")
    offset = {"yesterday": -1, "tomorrow": 1}.get(w, 0)
    offset += {"before": -1, "after": 1}.get((m["ba"] or "").lower(), 0)  # the day before yesterday
    r = day(ctx.dct + dt.timedelta(days=offset) if ctx.dct else None)
    pod = "night" if w == "tonight" else (m["pod"] or "").lower()
    return with_time(r, PARTS_OF_DAY[pod]) if pod else r


def res_weekday(m: re.Match, ctx: Ctx) -> R:
    """ "Tuesday": the nearest one at/before the dct in a past sentence, at/after in a future one."""
    wd = WEEKDAYS[m["wd"].lower()]
    rel = " ".join((m["rel"] or "").lower().split())
    if rel.startswith("the "):  # "the following Monday": relative to the anchor
        base = ctx.anchor_date("day")
        how = "next" if _SHIFT[rel[4:]] > 0 else "last"
        idx = pick(base.toordinal(), 7, (wd + 1) % 7, how) if base else None
    elif ctx.range_ref is not None and not rel and ctx.dct is not None:
        # "from Sept. 14 to Thursday": the Thursday the sentence means (as if alone), but after the start
        start, ctx.range_ref = ctx.range_ref, None
        idx = ctx.pick("day", 7, (wd + 1) % 7, ctx.weekday_how((wd + 1) % 7))
        ctx.range_ref = start
        if idx is not None and idx <= start.toordinal():
            idx = pick(start.toordinal(), 7, (wd + 1) % 7, "next")
    else:
        shift = _SHIFT.get(rel, 0)
        how = "last" if shift < 0 else "next" if shift > 0 else ctx.weekday_how((wd + 1) % 7)
        idx = ctx.pick("day", 7, (wd + 1) % 7, how)  # day index = ordinal; ordinal 1 is a Monday
    r = period("day", idx, mod_of(m["mod"]), f"XXXX-WXX-{wd + 1}")
    return with_time(r, PARTS_OF_DAY[m["pod"].lower()]) if m["pod"] else r
