"""Time-axis arithmetic and lane assignment for the graphical timeline (no Qt, no SQL)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from desktop_app.core.timex_calendar import MONTH_ABBR
from desktop_app.db.graph_queries import GraphEvent

LANES = ("none", "entity", "source")
LANE_TITLES = {"none": "No lanes", "entity": "Lanes by entity", "source": "Lanes by source"}
MIN_ORDINAL, MAX_ORDINAL = dt.date(1, 1, 1).toordinal(), dt.date(9999, 12, 31).toordinal()
# Tick steps from finest to coarsest; the first whose spacing leaves room for a label wins.
STEPS = (("day", 1), ("day", 2), ("day", 7), ("day", 14), ("month", 1), ("month", 3), ("month", 6),
         ("year", 1), ("year", 2), ("year", 5), ("year", 10), ("year", 20), ("year", 50),
         ("year", 100), ("year", 500))
_STEP_DAYS = {"day": 1.0, "month": 30.44, "year": 365.25}


def to_date(x: float) -> dt.date:
    """The day containing ordinal position `x` (clamped to what datetime can hold)."""
    return dt.date.fromordinal(int(min(max(x, MIN_ORDINAL), MAX_ORDINAL)))


def ordinal(day: dt.date) -> float:
    return float(day.toordinal())


def choose_bucket(span_days: float) -> str:
    """Density bucket for a span: days up to ~2 years, months up to a century, then years."""
    if span_days <= 730:
        return "day"
    return "month" if span_days <= 36525 else "year"


@dataclasses.dataclass(frozen=True)
class Tick:
    x: float  # ordinal position (days)
    label: str
    major: bool  # a boundary of the coarser unit (month under days, year under months)


def tick_step(px_per_day: float, min_px: float = 56.0) -> tuple[str, int]:
    """The finest (unit, step) whose ticks are at least `min_px` apart."""
    for unit, step in STEPS:
        if _STEP_DAYS[unit] * step * px_per_day >= min_px:
            return unit, step
    return STEPS[-1]


def ticks(start: float, end: float, px_per_day: float) -> list[Tick]:
    """Ticks between two ordinal positions, labelled by the unit the zoom calls for."""
    unit, step = tick_step(px_per_day)
    lo, hi = to_date(start), to_date(end + 1)
    out: list[Tick] = []
    if unit == "day":
        day = lo
        while day <= hi:
            # Every month starts with a tick; a step tick too close to the next 1st is dropped.
            to_next = (dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - day).days \
                if day.year < dt.MAXYEAR or day.month < 12 else step
            if day.day == 1 or (day.day - 1) % step == 0 and to_next * 2 > step:
                major = day.day == 1
                label = f"{day.day} {MONTH_ABBR[day.month - 1]}" + (f" {day.year}" if major else "")
                out.append(Tick(ordinal(day), label, major))
            if day == dt.date.max:
                break
            day += dt.timedelta(days=1)
    elif unit == "month":
        year, month = lo.year, lo.month
        while (year, month) <= (hi.year, hi.month):
            if (month - 1) % step == 0:
                major = month == 1
                label = str(year) if major else MONTH_ABBR[month - 1]
                out.append(Tick(ordinal(dt.date(year, month, 1)), label, major))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        first = max(lo.year - lo.year % step, 1)
        for year in range(first, hi.year + 1, step):
            out.append(Tick(ordinal(dt.date(year, 1, 1)), str(year), year % (step * 5) == 0))
    return out


@dataclasses.dataclass(frozen=True)
class Lane:
    key: object  # entity id, article id, or None for "everything else"
    title: str
    event_ids: tuple[int, ...]


def lanes(events: Sequence[GraphEvent], mode: str, entity_names: dict[int, str],
          article_titles: dict[int, str], max_lanes: int) -> list[Lane]:
    """Split events into lanes; an event mentioning several lane entities shows in each.

    The busiest entities or articles get their own lane, busiest on top; the rest share "Other".
    """
    if mode == "none" or not events:
        return [Lane(None, "", tuple(e.id for e in events))]
    keys_of = ({e.id: e.entity_ids for e in events} if mode == "entity"
               else {e.id: (e.article_id,) for e in events})
    counts = Counter(k for ks in keys_of.values() for k in ks)
    # Ties go to whichever appears first on the axis, so lanes stay put while panning a little.
    first_seen = {}
    for e in events:
        for k in keys_of[e.id]:
            first_seen.setdefault(k, len(first_seen))
    ranked = sorted(counts, key=lambda k: (-counts[k], first_seen[k]))
    unkeyed = any(not keys for keys in keys_of.values())  # they need the "other" lane
    chosen = ranked if len(ranked) + unkeyed <= max_lanes else ranked[:max(max_lanes - 1, 1)]
    names = entity_names if mode == "entity" else article_titles
    out = [Lane(k, names.get(k, f"#{k}"), tuple(e.id for e in events if k in keys_of[e.id]))
           for k in chosen]
    rest = tuple(e.id for e in events if not set(keys_of[e.id]) & set(chosen))
    if rest:
        out.append(Lane(None, "Other" if mode == "source" else "No entity / other", rest))
    return out


def pack_rows(spans: Iterable[tuple[float, float]], rows: int, gap: float = 4.0,
              give_up: bool = False) -> tuple[list[int], bool]:
    """Greedy row for each (x0, x1) span, in the order given, so marks do not overlap.

    Spans that fit nowhere go to the row that frees up first; the flag says some did. With
    `give_up`, the first such span ends it (the rows so far are returned, for a caller that
    will try narrower spans anyway)."""
    ends = [float("-inf")] * max(rows, 1)
    out, overflow = [], False
    for x0, x1 in spans:
        # The earliest end decides whether any row is free: only then look for the first one.
        first = min(ends)
        if first + gap <= x0:
            for row, end in enumerate(ends):
                if end + gap <= x0:
                    break
        else:
            overflow = True
            if give_up:
                return out, True
            row = ends.index(first)
        if x1 > ends[row]:
            ends[row] = x1
        out.append(row)
    return out, overflow
