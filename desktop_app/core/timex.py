"""Rule-based temporal tagger for English news: find time expressions and normalise them (TimeML).

    tag(text, dct) -> list[Timex]     sorted by start, non-overlapping, text == input[start:end]
    ranges(text, timexes) -> [(i, i + 1)]   pairs of tagged expressions that are the two ends of a range
    range_timex(first, last, text) -> Timex  one DATE spanning a pair (for events; never tagged)
    format_date(value, begin, end_date, granularity, mod) -> display string

How it works: every rule in RULES is a compiled regex (timex_patterns.P), an optional context
filter, and a resolver (timex_resolve). All matches are collected, the longest win where they
overlap, and the survivors are resolved left to right so that "the next day" can use the last
resolved date as its anchor. Two adjacent dates joined by "to"/"through"/"-" (or "between ...
and") stay two expressions (TimeML); the second is resolved forward from the first, and
`ranges` reports the pair.

Decisions (tests/core/test_timex.py pins each one):
- "the 19th century" has value "18" and interval [1800-01-01, 1900-01-01) (the 18xx years).
- A range is two DATEs, as TimeML and both dev corpora annotate it: "from 2019 to 2021" -> "2019",
  "2021"; "between March and May 2025" -> "March" (2025-03, the year closing the range) and
  "May 2025"; "2019-2021" -> "2019", "2021". The second end is resolved after the first ("from
  November to February": Feb of the next year). `ranges()` pairs them; events.py makes one event
  spanning the pair. "X to Y" needs "from"/"between" before X, "X and Y" needs "between";
  "through" and dashes do not. A compact range whose second end is a bare number ("March 3-5",
  "3-5 March 2025", "1991-97") stays one DATE (value of its start, interval to the last day/year).
  Clock times are never paired ("between 2 and 3 p.m.": only "3 p.m." is an expression).
- "ten days ago" is a day, "two weeks ago" a week (TimeML: the unit's granularity), "three months
  ago" a month, "a decade ago" a year.
- A bare weekday or month in a past sentence is the nearest at or before the dct (so "on
  Wednesday" in an article dated Wednesday is that day), in a future one at or after it;
  "last Wednesday" / "last March" are strictly before. A sentence with no tense marker counts as
  past, except after "before"/"by"/"until" ("before May" looks ahead). After a plan ("agreed to
  buy it in January", "had been scheduled for Friday") or, for weekdays, a modal ("could come
  Friday"), the nearer candidate wins. Weekdays: "until Tuesday" looks ahead unless a past verb
  governs it ("kept secret until Tuesday": nearer; "postponed until Tuesday": ahead); "as soon
  as"/"ahead of" look ahead; "..., he said" after a weekday in reported words is only a frame.
- A clock time followed by a parenthesis and a day ("10:35 a.m. (0735 GMT) Friday") is on that day.
- Spelled-out years (timex_spoken.py): "nineteen ninety-six", "the year two thousand".
- "Wednesday night", "this morning", "tonight" are TIME with a TNI/TMO/TAF/TEV value (TimeML 1.2:
  TIME is a time of day, however vague; a DATE value cannot carry a time part).
- A yearless month-day ("Sept. 30", "Christmas") lands within about 9 months before / 3 after
  the dct in a past sentence, 3 before / 9 after in a future one (tense cues are noisy).
- "this fall" is the fall of the dct's year; "this winter" is the nearest winter (the current one,
  the one just ended in spring, the coming one from July).
- "the next day", "that week", "three days later" use the last resolved date as anchor if it is
  at least as fine (else they stay unresolved), or the dct when none was resolved yet.
- Prepositions ("since", "in", "before") stay outside spans, so mods come only from words inside
  the span (early/mid/late, the beginning/end of, around); "before May" has no BEFORE mod.
- Without a dct, relative expressions stay unresolved with X placeholders (XXXX-04, XXXX-WXX-2).
- DURATION, SET and *_REF values never get an interval.
- "nearly two years", "at least 30 days", "more than four decades ago": the quantifier is inside
  the span and becomes the mod (LESS_THAN, EQUAL_OR_MORE, MORE_THAN, ...; APPROX for "ago").
- "January this year", "June last year" are one month expression.
- Financial news (timex_finance.py): a bare "third quarter" is the latest Q3 begun by the dct (the
  next one in a future sentence unless Q3 closed recently); the last completed quarter named is
  the reporting quarter that "the quarter", "the latest period", "a year earlier" and
  "year-ago" refer to; "the year" is the dct's year ("the year ended June 30" is P1Y).
- "a year earlier" compares with its anchor but never becomes the anchor itself.
- "the past year" is last year (DATE; TimeBank's convention); "the past month/week" stay durations.
- "5 1/2 hours" = PT5H30M, "two more weeks" = P2W; quarters are TimeML's Q unit ("the past two
  quarters" = P2Q, "every quarter"/"quarterly" = SET P1Q), but "its quarterly dividend" and
  "three-quarters of" are no expressions. "midday" = T12:00, "midnight Friday" = the end of
  Friday (T24:00), "mid-afternoon" = TAF (timex_clock.py).
- Vague decades are years ("decades-long" = PXY), as counted ones are ("two decades" = P20Y).
- A yearless day keeps to its window (past: 9 months back to 3 ahead); reported speech naming the
  month after the dct's ("told refiners of a cut in September", mid-August) means the coming one.
- "April 24 and 25": the second day is its own DATE in the first one's month; "post-1959" /
  "pre-2008" are the year with mod AFTER / BEFORE; "day-long" = P1D.
- A weekday closing a range ("from Sept. 14 to Thursday") is read as if alone, then moved after the start.
- A present-tense scheduling verb ("resumes Monday", "the leaders meet Friday") looks ahead; "until
  <month>" after a past verb ("gave them until November") is the nearer month.
- "in the morning", "for the week", "earlier in the year" take the last resolved date as antecedent
  (timex_anaphora.py); "over the years", "in the days before" are vague durations without "the".
- "... or so" is inside the span with mod APPROX; "each July" is SET XXXX-07.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from itertools import accumulate

from desktop_app.core import timex_anaphora as an
from desktop_app.core import timex_clock as ck
from desktop_app.core import timex_durations as du
from desktop_app.core import timex_finance as fin
from desktop_app.core import timex_resolve as rs
from desktop_app.core import timex_spoken as sp
from desktop_app.core.model import GRANULARITIES, Timex
from desktop_app.core.timex_calendar import coarser, format_date
from desktop_app.core.timex_patterns import (
    COUNT_NOUNS, DATE_PREPS, MONTHS, QUANTITY_WORDS, STARTERS, TOKEN, TRIGGERS, WEEKDAYS, P)

__all__ = ["tag", "ranges", "range_timex", "format_date"]

_WORD = re.compile(r"[\w'’.-]+")
_SENTENCE_STOP = ".!?\"“:;\n("


def _prev_raw(text: str, pos: int) -> str:
    """The word before `pos` as written; '' at a sentence start, the mark itself after punctuation."""
    i = pos
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] in _SENTENCE_STOP:
        return ""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "'’-#$"):
        j -= 1
    return text[j:i].rstrip("'’") or text[i - 1]


def _prev_word(text: str, pos: int) -> str:
    return _prev_raw(text, pos).lower()


def _next_word(text: str, pos: int) -> str:
    """The word after `pos` as written ('' if punctuation comes first)."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    m = _WORD.match(text, pos)
    return m.group().rstrip(".") if m else ""


# ---- context filters: False rejects a match before overlap resolution --------------------------
_MARCH_NOUN_NEXT = frozenset("on to for against from through across toward towards past in of".split())
_YEAR_OK_BEFORE = DATE_PREPS | frozenset("its his her their our your 's fiscal year".split())
_SEASON_PREPS = frozenset("in during by until till since through throughout over before after from "
                          "early late".split())


def _ok_month(m: re.Match, text: str) -> bool:
    """A bare month name is a month unless it is modal "May", the "March" noun, or part of a name."""
    if m["mod"]:
        return True
    name, prev = m["mon"], _prev_word(text, m.start())
    nxt = _next_word(text, m.end())
    if name == "March" and nxt.lower() in _MARCH_NOUN_NEXT and prev not in ("in", "since", "by",
                                                                             "until", "last", "next", "this"):
        return False
    if prev in DATE_PREPS:
        return True
    if _prev_raw(text, m.start())[:1].isupper():
        return False  # "Theresa May", "Women's March"
    if name == "May":  # modal unless a date-like word follows
        return text[m.end():m.end() + 1] in (",", ".", ";", ")") or nxt in ("'s", "’s")
    return not (nxt[:1].isupper() and nxt.lower() not in MONTHS and nxt.lower() not in WEEKDAYS)


def _ok_holiday(m: re.Match, text: str) -> bool:
    """"the Good Friday Agreement", "Easter Island" are names."""
    return bool(m["year"]) or not _next_word(text, m.end())[:1].isupper()


def _ok_month_range(m: re.Match, text: str) -> bool:
    """"March and May 2025" is a range only after "between"."""
    return not m["and"] or _prev_word(text, m.start()) == "between"


def _ok_year(m: re.Match, text: str) -> bool:
    """A 4-digit number is a year unless it counts something ("2025 signatures", "about 2000 people")."""
    s = m.start("year")
    if not m["mod"] and not m["pp"] and s and text[s - 1] == "-":
        return False
    prev, nxt = _prev_word(text, s), _next_word(text, m.end())
    if nxt.lower() in COUNT_NOUNS or nxt.lower() in ("million", "billion", "thousand", "percent"):
        return False
    if rs.mod_of(m["mod"]) == "APPROX" or prev in QUANTITY_WORDS:
        return not nxt[:1].isalpha()  # "around 2000." is a year, "around 2000 attended" a count
    if nxt.islower() and len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith("ss"):
        return prev == "" or prev in _YEAR_OK_BEFORE or not prev.isalpha()  # "collected 2025 petitions"
    return True


def _ok_season(m: re.Match, text: str) -> bool:
    """"fall"/"spring" need a year, a determiner (this/last/next) or a preposition ("in the fall")."""
    rel = (m["rel"] or "").lower()
    if m["year"] or (rel and rel != "the"):
        return True
    if _next_word(text, m.end()).lower() == "of":  # "the fall of Kabul"
        return False
    return _prev_word(text, m.start()) in _SEASON_PREPS or bool(m["mod"])


_WEEKDAY_PREPS = frozenset("on by until till since from to before after and or , early late".split())


def _ok_weekday(m: re.Match, text: str) -> bool:
    """Reject newspaper titles and names ("Sunday Times") when no preposition introduces them."""
    if m["rel"] or m["mod"] or m["pod"]:
        return True
    nxt = _next_word(text, m.end())
    return not (nxt[:1].isupper() and _prev_word(text, m.start()) not in _WEEKDAY_PREPS)


_A_DURATION_BEFORE = frozenset("for within over nearly almost about than around roughly in after past "
                               "another least only just half under".split())
_SOMEDAY_BEFORE = frozenset(["", ",", "and", "but", "will", "would", "could", "may", "might", "should",
                             "can"])


def _ok_duration(m: re.Match, text: str) -> bool:
    """Ages ("45-year-old", "45 years old") are not durations; "a year" needs "for"/"within"/..."""
    if m["tail"] and not m["tail"].lower().endswith("long"):
        return False
    if m["unit"].lower() == "quarters" and "-" in m["sep"]:  # "three-quarters" is a fraction
        return False
    prev = _prev_word(text, m.start())
    if m.group(0).lower() == "one day":  # "One day, ..." / "will one day be" mean "some day"
        return prev not in _SOMEDAY_BEFORE
    if m["num"].lower() in ("a", "an") and not (m["the"] or m["q"] or m["half"]):
        return "-" not in m["sep"] and prev in _A_DURATION_BEFORE
    return True


def _ok_rel_unit(m: re.Match, text: str) -> bool:
    """ABC's "This Week" (a capitalised unit right after a quote mark) is a programme title."""
    return not (m["unit"][:1].isupper() and text[m.start() - 1:m.start()] in ('"', "“", "'", "‘"))


def _ok_decade(m: re.Match, text: str) -> bool:
    return not m["decw"] or m.group(0).lower().startswith("the")


def _ok_dayword(m: re.Match, text: str) -> bool:
    return _prev_word(text, m.start()) != "the" or m["ba"] is not None  # "the Today show"


def _ok_time(m: re.Match, text: str) -> bool:
    """"noon" in "High Noon" is a title."""
    prev = _prev_raw(text, m.start())
    return not m["nm"] or not (prev[:1].isupper() or prev.lower() == "high")


_DETERMINERS = frozenset("the a an its their his her our first initial latest regular".split())


def _ok_set_adv(m: re.Match, text: str) -> bool:
    """ "its quarterly dividend", "the quarterly results" classify a payment or report, no SET
    (TimeBank never annotates them)."""
    return m["adv"] != "quarterly" or _prev_word(text, m.start()) not in _DETERMINERS


def _ok_anchor(m: re.Match, text: str) -> bool:
    return not text.startswith("-", m.end())  # "that day-to-day"


Rule = tuple[str, Callable[[re.Match, str], bool] | None, Callable, str, int]
RULES: list[Rule] = [  # (pattern, filter, resolver, trigger categories, max tokens before the trigger)
    ("iso", None, rs.res_iso, "digit", 0),
    ("slash", None, rs.res_slash, "digit", 0),
    ("time", _ok_time, ck.res_time, "digit clock weekday month dayword", 0),
    ("holiday", _ok_holiday, rs.res_holiday, "holiday", 0),
    ("day_range", None, rs.res_day_range, "month digit", 1),
    ("mdy", None, rs.res_mdy, "month", 1),
    ("dmy", None, rs.res_mdy, "digit", 2),
    ("month_range", _ok_month_range, rs.res_month_range, "month", 0),
    ("month_year", None, rs.res_month_year, "month", 3),
    ("year_range", None, rs.res_year_range, "digit", 3),
    ("half", None, rs.res_half, "q unit", 2),
    ("quarter", None, fin.res_quarter, "q unit", 6),
    ("fiscal_year", None, fin.res_fiscal_year, "digit", 2),
    ("year_end", None, fin.res_year_end, "unit", 1),
    ("decade", _ok_decade, rs.res_decade, "digit decade_word", 3),
    ("century", None, rs.res_century, "unit", 4),
    ("season", _ok_season, rs.res_season, "season", 4),
    ("mod_the_unit", None, rs.res_mod_the_unit, "unit", 4),
    ("rel_unit", _ok_rel_unit, rs.res_rel_unit, "unit", 5),
    ("month_rel", None, rs.res_month_rel, "month", 5),
    ("ago", None, rs.res_ago, "unit", 3),
    ("anchor", _ok_anchor, rs.res_anchor, "unit pod weekday", 3),
    ("in_the", an.ok_in_the, an.res_in_the, "unit pod", 3),
    ("nth_day", None, an.res_nth_day, "unit", 2),
    ("the_weekend", None, rs.res_the_weekend, "unit", 1),
    ("period", fin.ok_period, fin.res_period, "unit period", 5),
    ("year_ago", fin.ok_year_ago, fin.res_year_ago, "unit", 0),
    ("duration_the", None, du.res_duration_the, "unit", 2),
    ("duration", _ok_duration, du.res_duration, "unit", 5),
    ("duration_vague", None, du.res_duration_vague, "unit", 3),
    ("the_units", None, du.res_duration_vague, "unit", 0),
    ("set_every", None, du.res_set_every, "unit weekday season pod month", 3),
    ("set_freq", None, du.res_set_freq, "unit", 3),
    ("set_adv", _ok_set_adv, du.res_set_adv, "set_adv", 0),
    ("set_days", None, du.res_set_days, "weekdays", 0),
    ("dayword", _ok_dayword, rs.res_dayword, "dayword", 3),
    ("part_of_day", None, ck.res_part_of_day, "pod", 2),
    ("mid_pod", None, ck.res_mid_pod, "pod mid_pod", 2),
    ("weekday", _ok_weekday, rs.res_weekday, "weekday", 5),
    ("month", _ok_month, rs.res_month, "month", 3),
    ("year", _ok_year, rs.res_year, "digit", 3),
    ("spelled_year", sp.ok, sp.res_spelled_year, "spelled", 4),
    ("ref_past", None, du.res_past, "ref unit", 1),
    ("ref_future", None, du.res_future, "ref unit", 2),
    ("ref_present", None, du.res_present, "ref unit", 2),
]
# trigger category -> [(back, rule index, pattern, filter)], farthest-reaching rules first
_BY_CATEGORY: dict[str, list[tuple[int, int, re.Pattern, Callable | None]]] = {}
_PATTERNS = P | {"quarter": fin.P["quarter"], "period": fin.P["period"], "year_ago": fin.P["year_ago"],
                 "year_end": fin.P["year_end"], "fiscal_year": fin.P["fiscal_year"],
                 "spelled_year": sp.PATTERN} | an.P
for _i, (_name, _ok, _res, _cats, _back) in enumerate(RULES):
    for _cat in _cats.split():
        _BY_CATEGORY.setdefault(_cat, []).append((_back, _i, _PATTERNS[_name], _ok))
for _entries in _BY_CATEGORY.values():
    _entries.sort(key=lambda e: -e[0])


def _candidates(text: str) -> list[tuple[int, int, int, re.Match]]:
    """All accepted matches as (start, end, rule index, match), longest first.

    A rule is tried (anchored) only at the few token starts just before one of its trigger words:
    one tokenisation is far cheaper than scanning the whole text once per rule."""
    parts = TOKEN.split(text)  # [gap, token, gap, token, ..., gap]
    offsets = list(accumulate(map(len, parts), initial=0))
    tokens, starts = parts[1::2], offsets[1::2]
    lowered = list(map(str.lower, tokens))
    startable = [w in STARTERS or not w[0].isalpha() for w in lowered]
    tried: set[int] = set()  # rule index + token index * len(RULES)
    found = []
    for i, cat in enumerate(map(TRIGGERS.get, lowered)):
        if cat is None:
            if startable[i]:  # digits
                cat = "digit"
            else:
                continue
        entries = _BY_CATEGORY.get(cat, ())
        for j in range(max(0, i - entries[0][0]) if entries else i, i + 1):
            if not startable[j] and j != i:
                continue
            for back, rule, pattern, ok in entries:
                if back < i - j:
                    break
                key = rule + j * len(RULES)
                if key in tried:
                    continue
                tried.add(key)
                m = pattern.match(text, starts[j])
                if m and m.end() > m.start() and (ok is None or ok(m, text)):
                    found.append((m.start(), m.end(), rule, m))
    found.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    return found


def _select(found: list[tuple[int, int, int, re.Match]]) -> list[tuple[int, int, int, re.Match]]:
    """Greedy non-overlapping choice (longest, then rule order), returned in text order."""
    starts: list[int] = []
    ends: list[int] = []
    chosen = []
    for c in found:
        i = bisect.bisect_left(starts, c[0])
        if (i > 0 and ends[i - 1] > c[0]) or (i < len(starts) and starts[i] < c[1]):
            continue
        starts.insert(i, c[0])
        ends.insert(i, c[1])
        chosen.append(c)
    return sorted(chosen)


# "April 24 and 25": the second day of the month just named (not "April 24 and 25 people")
_AND_DAY = re.compile(r"\s+(?:and|&)\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![.,:]\d)"
                      r"(?:,?\s+(?P<y>1[89]\d\d|20\d\d)\b)?"  # "August 6 and 9, 1945": both in 1945
                      r"(?=\s*[.,;:)!?\"”']|\s*$|\s+(?:in|at|on|when|to|for|with|during|as)\b)")
_OR_SO = re.compile(r"\s+(?i:or\s+so)\b(?![-'’])")
_UNIT_END = re.compile(r"(?i:days?|weeks?|months?|years?|decades?|hours?|minutes?)$")
_MULTI_QUARTER = re.compile(r"P[69]M")
_RANGE_GAP = re.compile(r"\s*(?:-|–|—)\s*|\s+(?i:through|thru)\s+|\s+(?P<to>(?i:to|until|till))\s+"
                        r"|\s+(?P<and>(?i:and))\s+")


def _range_with(prev: Timex | None, text: str, start: int) -> bool:
    """Does the expression at `start` close a range opened by `prev` ("from X to", "between X and")?"""
    if prev is None or prev.type != "DATE" or prev.value.endswith("_REF"):
        return False
    gap = _RANGE_GAP.fullmatch(text, prev.end, start)
    if gap is None:
        return False
    opener = _prev_word(text, prev.start)
    if gap["and"]:
        return opener == "between"
    return not gap["to"] or opener in ("from", "between")


def ranges(text: str, timexes: list[Timex] | tuple[Timex, ...]) -> list[tuple[int, int]]:
    """Index pairs (i, i + 1) of `timexes` (sorted by start, as `tag` returns them) that are the two
    ends of one range: "from 2019 to 2021", "between March and May", "June 2024 through 2025",
    "2019-2021". Both ends are dated DATEs (no *_REF), joined only by "to"/"until"/"till" (after
    "from"/"between"), "and" (after "between"), "through"/"thru" or a dash, and the range runs
    forward (both resolved with the end after the start, or both unresolved)."""
    out = []
    for i in range(len(timexes) - 1):
        first, last = timexes[i], timexes[i + 1]
        if not _range_with(first, text, last.start):
            continue
        if last.type != "DATE" or last.value.endswith("_REF") or first.resolved != last.resolved:
            continue
        if first.resolved and last.end_date <= first.begin:
            continue
        out.append((i, i + 1))
    return out


def range_timex(first: Timex, last: Timex, text: str) -> Timex:
    """One DATE spanning a range pair (for the timeline; `tag` never returns it): the text from
    the start of `first` to the end of `last`, the value and mod of `first`, the interval from
    first.begin to last.end_date and the coarser granularity of the two."""
    resolved = first.resolved and last.resolved
    return Timex(first.start, last.end, text[first.start:last.end], "DATE", first.value, first.mod,
                 first.begin if resolved else None, last.end_date if resolved else None,
                 coarser(first.granularity, last.granularity) if resolved else None)


def _split(name: str, m: re.Match, r: rs.R, text: str) -> list[Timex] | None:
    """The two TimeML expressions of a one-match range whose ends are both dates on their own:
    "March to May 2025" -> "March" (2025-03) and "May 2025"; "2019-2021" -> "2019" and "2021".
    None keeps the match as one expression ("March 3-5", "1991-97": the second end is a number)."""
    if r.begin is None:
        return None
    if name == "month_range":
        m1, m2, year = rs._month_no(m["m1"]), rs._month_no(m["m2"]), int(m["year"])
        ends = [(m.start("m1"), m.end("m1"), rs.period("month", (year - (m1 > m2)) * 12 + m1 - 1)),
                (m.start("m2"), m.end(), rs.period("month", year * 12 + m2 - 1))]
    elif name == "year_range" and len(m["y2"]) == 4:
        ends = [(m.start(), m.end("year"), rs.period("year", int(m["year"]), r.mod)),
                (m.start("y2"), m.end(), rs.period("year", int(m["y2"])))]
    else:
        return None
    return [Timex(s, e, text[s:e], x.type, x.value, x.mod, x.begin, x.end, x.gran) for s, e, x in ends]


def _and_day(first: Timex, m: re.Match, text: str) -> list[Timex] | None:
    """`first` and the day after "and" in "April 24 and 25" (same month and year; a year after the
    second day belongs to both: "August 6 and 9, 1945"); None if that is no later day."""
    month, d1, d2 = int(first.value[5:7]), int(first.value[8:10]), int(m["d"])
    year = int(m["y"]) if m["y"] else first.begin.year if first.resolved else None
    if d2 <= d1:
        return None
    if year is None:
        s, e = m.span("d")
        return [first, Timex(s, e, text[s:e], "DATE", f"XXXX-{month:02d}-{d2:02d}")]
    try:
        days = dt.date(year, month, d1), dt.date(year, month, d2)
    except ValueError:
        return None
    ends = (first.start, first.end), m.span("d")  # the year stays its own expression
    return [Timex(s, e, text[s:e], "DATE", d.isoformat(), first.mod if d is days[0] else None, d,
                  d + dt.timedelta(days=1), "day") for (s, e), d in zip(ends, days)]


def tag(text: str, dct: dt.date | None) -> list[Timex]:
    """Time expressions in `text`, normalised against the publication date `dct` (None: undated)."""
    ctx = rs.Ctx(text, dct)
    out: list[Timex] = []
    for start, end, rule, m in _select(_candidates(text)):
        ctx.start, ctx.end = start, end
        prev = out[-1] if out else None
        in_range = _range_with(prev, text, start)
        ctx.range_ref = prev.begin if in_range and prev.resolved else None
        try:
            r = RULES[rule][2](m, ctx)
        except (ValueError, OverflowError):  # past the calendar's limits (year 1 or 9999)
            r = None
        ctx.range_ref = None
        if r is None:
            continue
        tail = _OR_SO.match(text, end) if r.type in ("DATE", "DURATION") else None
        if tail and _UNIT_END.search(text, start, end):  # "the next two years or so": APPROX
            end, r = tail.end(), r._replace(mod=r.mod or "APPROX")
        parts = _split(RULES[rule][0], m, r, text) or [
            Timex(start, end, text[start:end], r.type, r.value, r.mod, r.begin, r.end,
                  r.gran if r.gran in GRANULARITIES else None)]
        out.extend(parts)
        tx = parts[-1]
        if RULES[rule][0] in ("mdy", "dmy") and not m["year"] and (more := _AND_DAY.match(text, tx.end)):
            pair = _and_day(tx, more, text)
            if pair:
                out[-1:] = pair
                tx = pair[0]
        if tx.type == "DURATION" and _MULTI_QUARTER.fullmatch(tx.value) or tx.granularity == "quarter":
            ctx.months = tx.type == "DURATION"  # "the nine months ... a year earlier" is a year
        if tx.resolved and tx.type in ("DATE", "TIME") and not (
                RULES[rule][0] == "ago" and (m["dir"].lower() == "earlier" or ctx.quarter is not None)):
            # "a year earlier" (and "a year ago" in a quarterly report) compares, it does not narrate
            ctx.anchor = tx
    return out
