"""Events: sentences anchored to the time expressions that date them."""
from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core import model

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
    """One event per distinct resolved DATE/TIME in a sentence, in text order."""
    dated = sorted((t for t in timexes if t.type in ("DATE", "TIME") and t.resolved),
                   key=lambda t: t.start)
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
        events.extend(model.Event(sentence.start, sentence.end, sentence_text, t, tuple(involved))
                      for t in dating_timexes(inside))
    return events
