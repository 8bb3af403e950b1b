"""Resolvers for durations, sets and vague references ("three months", "every year", "recently").

None of these get a day interval (except "the past weekend", which is simply last weekend).
"""
from __future__ import annotations

import re

from desktop_app.core.timex_calendar import duration_value, index_of
from desktop_app.core.timex_patterns import (
    MONTHS, PARTS_OF_DAY, QUANT_MODS, SEASON_CODES, WEEKDAYS, number_of, unit_of)
from desktop_app.core.timex_resolve import R, Ctx, period, weekend


def quant_mod(m: re.Match) -> str | None:
    """LESS_THAN / MORE_THAN / APPROX ... for "nearly", "more than", "about" inside the span."""
    q = m.groupdict().get("q")
    return QUANT_MODS.get(" ".join(q.lower().split())) if q else None


def res_duration(m: re.Match, ctx: Ctx) -> R | None:
    n = number_of(m["num"])
    if n is None or n <= 0:
        return None
    if m["frac"] or m["half"]:  # "5 1/2 hours", "a minute and a half"
        n += 0.5
    return R("DURATION", duration_value(n, unit_of(m["unit"])), quant_mod(m))


_ORDINAL_LAST_NEXT = frozenset("of in before after to that which when where on covered".split())


def res_duration_the(m: re.Match, ctx: Ctx) -> R | None:
    """ "the past year" is last year (TimeBank, 2 of 2), "the past weekend" last weekend, "the past
    month" P1M; "the last year covered by", "the last week of" are ordinals, not expressions."""
    unit = m["unit"].lower()
    nxt = re.match(r"\s*([a-z]+)", ctx.text[ctx.end:ctx.end + 20])
    if m["rel"].lower() == "last" and nxt and (nxt[1] in _ORDINAL_LAST_NEXT or nxt[1].endswith("ed")):
        return None
    if unit == "weekend":
        return weekend(index_of("week", ctx.dct) - 1 if ctx.dct else None)
    if unit == "year":
        return period(unit, ctx.dct.year - 1 if ctx.dct else None)
    return R("DURATION", duration_value(1, unit))


def res_duration_vague(m: re.Match, ctx: Ctx) -> R:
    if m.groupdict().get("unit3"):  # "day-long": one day
        return R("DURATION", duration_value(1, m["unit3"].lower()))
    return R("DURATION", duration_value(None, unit_of(m["unit"] or m.groupdict().get("unit2"))))


def res_set_every(m: re.Match, ctx: Ctx) -> R | None:
    """ "every year" P1Y, "every other week" P2W, "each Monday" XXXX-WXX-1, "every spring" XXXX-SP,
    "each July" XXXX-07."""
    word = m["unit"].lower()
    if word in WEEKDAYS:
        return R("SET", f"XXXX-WXX-{WEEKDAYS[word] + 1}")
    if word in SEASON_CODES:
        return R("SET", f"XXXX-{SEASON_CODES[word]}")
    if word in PARTS_OF_DAY:
        return R("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[word]}")
    if word in MONTHS:  # "each July"
        return R("SET", f"XXXX-{MONTHS[word]:02d}")
    n = number_of(m["num"]) if m["num"] else 1
    if n is None:
        return None
    n *= 2 if m["other"] else 1
    return R("SET", duration_value(n, unit_of(word)))


def res_set_freq(m: re.Match, ctx: Ctx) -> R:
    return R("SET", duration_value(1, unit_of(m["unit"])))


_ADVERBS = {"annually": "P1Y", "yearly": "P1Y", "monthly": "P1M", "weekly": "P1W", "daily": "P1D",
            "nightly": "XXXX-XX-XXTNI", "hourly": "PT1H", "quarterly": "P1Q", "biweekly": "P2W"}


def res_set_adv(m: re.Match, ctx: Ctx) -> R:
    return R("SET", _ADVERBS[m["adv"]])


def res_set_days(m: re.Match, ctx: Ctx) -> R:
    return R("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}")


def res_present(m: re.Match, ctx: Ctx) -> R:
    return R("DATE", "PRESENT_REF")


def res_past(m: re.Match, ctx: Ctx) -> R:
    return R("DATE", "PAST_REF")


def res_future(m: re.Match, ctx: Ctx) -> R:
    return R("DATE", "FUTURE_REF")
