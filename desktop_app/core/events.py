"""Events: sentences anchored to the time expressions that date them."""
from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core import model
from desktop_app.core import timex as timex_tagger

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
                mentions: Sequence[model.Mention]) -> list[model.Event]:
    """One event per distinct resolved DATE/TIME in a sentence, in text order.

    The two ends of a range ("from 2019 to 2021", see timex.ranges) make one event: its timex is
    the start expression, its begin/end_date span the range (start.begin .. end.end_date)."""
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
        if not inside:
            continue
        involved = []
        k = mi
        while k < len(mentions) and mentions[k].start < sentence.end:
            if mentions[k].end <= sentence.end:
                involved.append(k)
            k += 1
        sentence_text = text[sentence.start:sentence.end]
        for t in dating_timexes(inside):
            first = starts.get(id(t))
            if first is None:
                events.append(model.Event(sentence.start, sentence.end, sentence_text, t, tuple(involved)))
            else:  # a range: dated by its start expression, spanning both ends
                events.append(model.Event(sentence.start, sentence.end, sentence_text, first,
                                          tuple(involved), t.begin, t.end_date))
    return events
