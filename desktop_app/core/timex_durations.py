"""Resolvers for durations, sets and vague references ("three months", "every year", "recently").

None of these get a day interval (except "the past weekend", which is simply last weekend).
"""
from __future__ import annotations

import re

from desktop_app.core.timex_calendar import duration_value, index_of
from desktop_app.core.timex_patterns import PARTS_OF_DAY, QUANT_MODS, SEASON_CODES, WEEKDAYS, number_of, unit_of
from desktop_app.core.timex_resolve import R, Ctx, weekend


def quant_mod(m: re.Match) -> str | None:
    """LESS_THAN / MORE_THAN / APPROX ... for "nearly", "more than", "about" inside the span."""
    q = m.groupdict().get("q")
    return QUANT_MODS.get(" ".join(q.lower().split())) if q else None


def res_duration(m: re.Match, ctx: Ctx) -> R | None:
    n = number_of(m["num"])
    if n is None or n <= 0:
        return None
    return R("DURATION", duration_value(n, unit_of(m["unit"])), quant_mod(m))


def res_duration_the(m: re.Match, ctx: Ctx) -> R:
    """ "the past year" -> P1Y; "the past weekend" is last weekend."""
    unit = m["unit"].lower()
    if unit == "weekend":
        return weekend(index_of("week", ctx.dct) - 1 if ctx.dct else None)
    return R("DURATION", "P3M" if unit == "quarter" else duration_value(1, unit))


def res_duration_vague(m: re.Match, ctx: Ctx) -> R:
    return R("DURATION", duration_value(None, unit_of(m["unit"] or m.groupdict().get("unit2"))))


def res_set_every(m: re.Match, ctx: Ctx) -> R | None:
    """ "every year" P1Y, "every other week" P2W, "each Monday" XXXX-WXX-1, "every spring" XXXX-SP."""
    word = m["unit"].lower()
    if word in WEEKDAYS:
        return R("SET", f"XXXX-WXX-{WEEKDAYS[word] + 1}")
    if word in SEASON_CODES:
        return R("SET", f"XXXX-{SEASON_CODES[word]}")
    if word in PARTS_OF_DAY:
        return R("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[word]}")
    n = number_of(m["num"]) if m["num"] else 1
    if n is None:
        return None
    return R("SET", duration_value(n * (2 if m["other"] else 1), unit_of(word)))


def res_set_freq(m: re.Match, ctx: Ctx) -> R:
    return R("SET", duration_value(1, unit_of(m["unit"])))


_ADVERBS = {"annually": "P1Y", "yearly": "P1Y", "monthly": "P1M", "weekly": "P1W", "daily": "P1D",
            "nightly": "XXXX-XX-XXTNI", "hourly": "PT1H", "quarterly": "P3M", "biweekly": "P2W"}


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
