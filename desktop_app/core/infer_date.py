"""Propose a publication date for an undated article from the dates its own text states.

A proposal is only ever shown to the user, labelled as inferred; nothing here applies it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from desktop_app.core import timex
from desktop_app.core.model import Timex

# Day or time precision, fully specified: 2026-03-17, 2026-03-17T10:00 (no X placeholders).
_DAY_VALUE = re.compile(r"(\d{4})-\d{2}-\d{2}(?:T|$)")


@dataclasses.dataclass(frozen=True)
class Proposal:
    """An inferred publication date and, in words, why."""

    date: dt.date
    reason: str


def propose(timexes: Sequence[Timex], text: str) -> Proposal | None:
    """The latest absolute day the text mentions, or None when it names no exact day.

    `timexes` must be tagged without a publication date, so relative ones stay unresolved.
    """
    best: tuple[dt.date, Timex] | None = None
    for t in timexes:
        day = _absolute_last_day(t, text)
        # Ties keep the first mention: it is the one a reader meets first.
        if day is not None and (best is None or day > best[0]):
            best = (day, t)
    if best is None:
        return None
    day, t = best
    label = timex.format_date(day.isoformat(), day, day + dt.timedelta(days=1), "day", None)
    return Proposal(day, f"latest date mentioned in the text: {label} (“{_quote(t, text)}”)")


def _absolute_last_day(t: Timex, text: str) -> dt.date | None:
    """The last day an absolute, day-precise expression covers; None for anything else."""
    if t.type not in ("DATE", "TIME") or not t.resolved or t.granularity not in ("day", "time"):
        return None
    match = _DAY_VALUE.match(t.value)
    # An anchored expression ("the next day") resolves without a publication date too; only
    # one that writes its year out is the text's own statement of a date.
    if match is None or match.group(1) not in _quote(t, text):
        return None
    return t.end_date - dt.timedelta(days=1)  # half-open: "March 3-5" ends on the 5th


def _quote(t: Timex, text: str) -> str:
    """The expression as written, on one line."""
    return " ".join(text[t.start:t.end].split()) or t.text
