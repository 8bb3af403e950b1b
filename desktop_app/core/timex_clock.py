"""Resolvers for times of day: clock times ("3 p.m. Tuesday", "noon"), parts of a day ("this
morning", "mid-afternoon") and the day they fall on.
"""
from __future__ import annotations

import datetime as dt
import re

from desktop_app.core.timex_patterns import PARTS_OF_DAY, P
from desktop_app.core.timex_resolve import R, Ctx, day, mod_of, res_dayword, res_mdy, res_weekday, with_time


def _dayref(text: str, ctx: Ctx) -> R | None:
    """Resolve the day phrase attached to a clock time ("Tuesday", "March 10", "yesterday")."""
    for name, res in (("weekday", res_weekday), ("dayword", res_dayword), ("mdy", res_mdy)):
        mm = P[name].fullmatch(text)
        if mm:
            return res(mm, ctx)
    return None


_DAY_AFTER = re.compile(r"\s*\([^()\n]{1,25}\)\s*,?\s*(?:on\s+)?(?P<d>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
                        r"|today|yesterday|tomorrow)\b")


def _day_of(m: re.Match, ctx: Ctx) -> R | None:
    """The day a time of day falls on: the day phrase in the match, a day named just after a
    parenthesis, else a day named earlier in the same sentence, else the dct."""
    phrase = m.groupdict().get("pre") or m["post"]
    if phrase:
        return _dayref(phrase, ctx)
    if (after := _DAY_AFTER.match(ctx.text, ctx.end)) is not None:
        # "at 10:35 a.m. (0735 GMT) Friday": the day named just after a parenthesis or time zone
        saved, (ctx.start, ctx.end) = (ctx.start, ctx.end), after.span("d")
        r = _dayref(after["d"], ctx)
        ctx.start, ctx.end = saved
        return r
    a = ctx.anchor
    same_sentence = a is not None and ctx.tense.sentence_start(ctx.start) <= a.start
    return day(a.begin if same_sentence and a.granularity in ("day", "time") else ctx.dct)


def res_time(m: re.Match, ctx: Ctx) -> R | None:
    """ "3 p.m. Tuesday", "Tuesday at 10:30 a.m.", "noon", "4 in the morning"; a bare clock time
    is on the anchor day."""
    if m["nm"]:
        # "midnight Friday" ends Friday (ISO 8601 24:00), as deadlines in news mean it
        hh, mm = (24, 0) if m["nm"].lower() == "midnight" else (12, 0)
    elif m["h24"]:
        hh, mm = int(m["h24"]), int(m["m24"])
    else:
        hh, mm = int(m["h"] or m["h2"]), int(m["mi"] or 0)
        pm = m["ap"].lower().startswith("p") if m["ap"] else m["ipod"].lower() != "morning"
        if not 1 <= hh <= 12:
            return None
        hh = hh % 12 + (12 if pm else 0)
    r = _day_of(m, ctx)
    if r is None or r.type != "DATE":
        return None
    return with_time(r, f"{hh:02d}:{mm:02d}")


def res_part_of_day(m: re.Match, ctx: Ctx) -> R:
    """ "this morning" (the dct), "last night" (the day before)."""
    rel, pod = m["rel"].lower().split()[-1], m["pod"].lower()
    r = day(ctx.dct - dt.timedelta(days=1) if rel == "last" and ctx.dct else ctx.dct, mod_of(m["rel"]))
    return with_time(r, PARTS_OF_DAY[pod])


def res_mid_pod(m: re.Match, ctx: Ctx) -> R | None:
    """ "mid-afternoon (yesterday)", "by midmorning": the part of the day named or the anchor day."""
    r = _day_of(m, ctx)
    if r is None or r.type != "DATE":
        return None
    return with_time(r, PARTS_OF_DAY[m["pod"].lower()])
