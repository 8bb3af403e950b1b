"""Events: sentences anchored to the time expressions that date them, with modality flags.

Open intervals: "since X" runs from X's begin up to the publication date (end = DCT + 1 day,
`open_end`); "until/till/through X" in the future runs from the publication date to X's end
(`open_start`). A sentence without a date but with a past reporting or action verb is an event
of its publication day, flagged `dated_by_publication` (timex None).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from desktop_app.core import modality, model
from desktop_app.core import timex as timex_tagger

_DAY = dt.timedelta(days=1)
_SINCE = re.compile(r"(?i:\bsince)\s+$")
_UNTIL = re.compile(r"(?i:\b(?:until|till|through|up\s+to))\s+$")

_RANK = {g: i for i, g in enumerate(model.GRANULARITIES)}


def _specificity(timex: model.Timex) -> tuple[int, int, int]:
    """Finer granularity first, then the narrower interval, then the earlier position."""
    width = (timex.end_date - timex.begin).days if timex.resolved else 1 << 30
    return _RANK.get(timex.granularity or "", len(_RANK)), width, timex.start


def _contains(outer: model.Timex, inner: model.Timex) -> bool:
    return outer.begin <= inner.begin and inner.end_date <= outer.end_date


def dating_timexes(inside: Sequence[model.Timex]) -> list[model.Timex]:
    """The sentence's dates that are not just a coarser view of another one in it.

    "In 2025 the board met on March 3" is one happening (March 3); "a law passed last year
    could force a vote this fall" names two, each of which belongs on the timeline.
    """
    chosen: list[model.Timex] = []
    for t in sorted(inside, key=_specificity):
        if not any(_contains(t, c) for c in chosen):
            chosen.append(t)
    return sorted(chosen, key=lambda t: t.start)


def find_events(text: str, sentences: Sequence[model.Sentence], timexes: Sequence[model.Timex],
                mentions: Sequence[model.Mention], published: dt.date | None = None,
                clean: str | None = None) -> list[model.Event]:
    """One event per distinct resolved DATE/TIME in a sentence, in text order, with its flags.

    The two ends of a range ("from 2019 to 2021", see timex.ranges) make one event: its timex is
    the start expression, its begin/end_date span the range (start.begin .. end.end_date).
    `published` (the DCT) closes open intervals and dates undated reports; `clean` is the text
    with debris blanked, where cues are read (default `text`)."""
    clean = text if clean is None else clean
    spans = [(t.start, t.end) for t in timexes]
    dated = sorted((t for t in timexes if t.type in ("DATE", "TIME") and t.resolved),
                   key=lambda t: t.start)
    # a range pair counts as one expression spanning both ends; its start expression dates it
    starts: dict[int, model.Timex] = {}  # id(merged range) -> its start expression
    merged: dict[int, model.Timex] = {}  # index of a range's start -> the merged range
    for i, j in timex_tagger.ranges(text, dated):
        if i not in merged and i - 1 not in merged:  # "A to B to C": the first pair wins
            merged[i] = timex_tagger.range_timex(dated[i], dated[j], text)
            starts[id(merged[i])] = dated[i]
    dated = [merged.get(i, t) for i, t in enumerate(dated) if i - 1 not in merged]
    events: list[model.Event] = []
    ti = mi = 0
    for sentence in sorted(sentences, key=lambda s: s.start):
        # Both lists are sorted by start, so one forward pass pairs them with sentences.
        while ti < len(dated) and dated[ti].start < sentence.start:
            ti += 1
        while mi < len(mentions) and mentions[mi].start < sentence.start:
            mi += 1
        inside = []
        j = ti
        while j < len(dated) and dated[j].start < sentence.end:
            if dated[j].end <= sentence.end:
                inside.append(dated[j])
            j += 1
        involved = []
        k = mi
        while k < len(mentions) and mentions[k].start < sentence.end:
            if mentions[k].end <= sentence.end:
                involved.append(k)
            k += 1
        sentence_text = text[sentence.start:sentence.end]
        cue_text = clean[sentence.start:sentence.end]
        if not inside:
            if published is not None and not _has_date(timexes, sentence):
                verb = modality.past_report(cue_text, sentence.start, spans)
                if verb is not None:
                    flags = modality.flags(cue_text, sentence.start, verb, spans)
                    events.append(model.Event(sentence.start, sentence.end, sentence_text, None,
                                              tuple(involved), published, published + _DAY,
                                              flags + ("dated_by_publication",)))
            continue
        for t in dating_timexes(inside):
            flags = modality.flags(cue_text, sentence.start, (t.start, t.end), spans)
            first = starts.get(id(t))
            if first is None:
                event = model.Event(sentence.start, sentence.end, sentence_text, t, tuple(involved),
                                    flags=flags)
                events.append(_opened(event, clean, published))
            else:  # a range: dated by its start expression, spanning both ends
                events.append(model.Event(sentence.start, sentence.end, sentence_text, first,
                                          tuple(involved), t.begin, t.end_date, flags))
    return events


def floating_events(text: str, sentences: Sequence[model.Sentence], timexes: Sequence[model.Timex],
                    mentions: Sequence[model.Mention], clean: str | None = None) -> list[model.Event]:
    """One event per sentence whose dates are all unresolved DATEs, dated by the first of them."""
    clean = text if clean is None else clean
    spans = [(t.start, t.end) for t in timexes]
    found: list[model.Event] = []
    for sentence in sorted(sentences, key=lambda s: s.start):
        inside = [t for t in timexes if sentence.start <= t.start and t.end <= sentence.end
                  and t.type in ("DATE", "TIME")]
        if not inside or any(t.resolved for t in inside):
            continue
        t = inside[0]
        involved = tuple(i for i, m in enumerate(mentions)
                         if sentence.start <= m.start and m.end <= sentence.end)
        flags = modality.flags(clean[sentence.start:sentence.end], sentence.start, (t.start, t.end), spans)
        found.append(model.Event(sentence.start, sentence.end, text[sentence.start:sentence.end], t,
                                 involved, flags=flags))
    return found


def _has_date(timexes: Sequence[model.Timex], sentence: model.Sentence) -> bool:
    """Whether the sentence has a date of its own, resolved or not (then it is not undated)."""
    return any(t.type in ("DATE", "TIME") and sentence.start <= t.start < sentence.end
               for t in timexes)


def _opened(event: model.Event, clean: str, published: dt.date | None) -> model.Event:
    """The event as an open interval when "since"/"until" governs its time expression.

    Only the publication date can close the open side, so without one the event keeps its
    expression's interval and is not marked open."""
    t = event.timex
    before = clean[max(0, t.start - 20):t.start]
    until = _UNTIL.search(before) is not None
    if until and "negated" in event.flags:
        # "will not start until 2027" happens at X: a point, and not a negated one.
        return dataclasses.replace(event, flags=tuple(f for f in event.flags if f != "negated"))
    if published is None:
        return event
    if _SINCE.search(before) and t.begin <= published:
        # Known to hold up to the publication day (half-open: DCT + 1); maybe beyond.
        return dataclasses.replace(event, begin=t.begin, end_date=max(t.end_date, published + _DAY),
                                   open_end=True)
    if until and published < t.begin:
        # Known to hold from the publication day to X; when it began is not said.
        return dataclasses.replace(event, begin=published, end_date=t.end_date, open_start=True)
    return event
