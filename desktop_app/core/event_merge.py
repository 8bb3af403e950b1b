"""Cross-article event merging: one happening reported by several articles becomes one event.

Two events from different articles join when their dates are compatible and they share evidence:
a linked entity or a figure, plus similar wording. A group holds at most one event per article
(each source contributes its sentence), and the user's merge/split decisions always win.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

# An entity named by more events than this is too common to propose pairs on its own (the
# country a whole story happens in); pairs still need one rarer shared entity or figure.
MAX_BLOCK = 200
# Calibrated by reading the pairs scored on the seed and sample corpora: above it, nearly all
# were one happening; below 0.4, mostly related but different ones.
THRESHOLD = 0.42
# Below this share of content words two reports are about different things, whatever they share.
MIN_WORDS = 0.12
# Joining a group needs this mean score against all of its members.
CHAIN_THRESHOLD = 0.35

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset("""
a about above after again against all also am an and any are as at be been before being below
between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my no
nor not now of off on once only or other our out over own same she should so some such than that
the their them then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your said says told according
since again ago another still yet
""".split())


@dataclasses.dataclass(frozen=True)
class Candidate:
    """What merging needs to know of one event; `key` is stable across re-imports."""

    key: str
    article: int
    value: str  # the dating expression's TimeML value ("2025-04", "XXXX-04" when unresolved)
    begin: dt.date | None  # half-open interval; None when the article has no date to resolve by
    end: dt.date | None
    timex_text: str
    entities: frozenset[int] = frozenset()
    figures: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()

    @property
    def resolved(self) -> bool:
        return self.begin is not None and self.end is not None


def content_words(text: str, skip: Iterable[tuple[int, int]] = ()) -> frozenset[str]:
    """Lower-cased content-word stems of `text`, leaving out the (start, end) spans in `skip`."""
    spans = sorted(skip)
    if spans:
        tokens = [m.group() for m in _WORD.finditer(text) if not _overlaps(spans, *m.span())]
    else:
        tokens = _WORD.findall(text)
    words = set()
    stems = _STEMS
    for token in tokens:
        stem = stems.get(token)
        if stem is None:
            stem = _content_stem(token)
            if len(stems) < _MAX_STEMS:
                stems[token] = stem
        if stem:
            words.add(stem)
    return frozenset(words)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    for s, e in spans:
        if s < end and start < e:
            return True
    return False


def timex_span(event) -> list[tuple[int, int]]:
    """The span of an event's dating expression within its text (what `content_words` skips)."""
    t = event.timex
    return [] if t is None else [(t.start - event.start, t.end - event.start)]


# Token -> stem ("" for a stopword or short word): a corpus repeats its words, regrouping
# reads every event's sentence each time.
_STEMS: dict[str, str] = {}
_MAX_STEMS = 200_000


def _content_stem(token: str) -> str:
    word = token.lower().replace("’", "'").split("'")[0]
    if len(word) < 3 or word in _STOP:
        return ""
    return _stem(word)


# Irregular past forms common in news, so "met" meets "meetings" and "held" meets "hold".
_IRREGULAR = {
    "met": "meet", "held": "hold", "made": "make", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "went": "go", "gone": "go", "came": "come", "won": "win", "lost": "lose",
    "paid": "pay", "sent": "send", "found": "find", "left": "leave", "brought": "bring",
    "began": "begin", "begun": "begin", "spoke": "speak", "spoken": "speak", "wrote": "write",
    "written": "write", "led": "lead", "sold": "sell", "bought": "buy", "rose": "rise",
    "risen": "rise", "fell": "fall", "fallen": "fall", "ran": "run", "struck": "strike",
    "sought": "seek", "thought": "think", "kept": "keep", "built": "build", "spent": "spend",
    "chose": "choose", "chosen": "choose", "drew": "draw", "drawn": "draw", "grew": "grow",
    "grown": "grow", "knew": "know", "known": "know", "shown": "show", "stood": "stand",
    "meetings": "meet", "meeting": "meet",
}


def _stem(word: str) -> str:
    # Enough to meet "meetings"/"meeting", "officials"/"official"; not a linguistic stemmer.
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in ("ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def values_compatible(a: str, b: str) -> bool:
    """True when no position fixed in both TimeML values differs ("XXXX-04" fits "2025-04")."""
    if a.startswith(("P", "PRESENT", "PAST", "FUTURE")) or b.startswith(("P", "PRESENT", "PAST", "FUTURE")):
        return a == b
    return all(x == y or "X" in (x, y) for x, y in zip(a, b))


def dates_compatible(a: Candidate, b: Candidate) -> bool:
    """Overlapping intervals when both are resolved, otherwise values that do not contradict."""
    if a.resolved and b.resolved:
        return a.begin < b.end and b.begin < a.end
    return values_compatible(a.value, b.value)


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def score(a: Candidate, b: Candidate) -> float:
    """How strongly two events look like one happening; 0 when they cannot be one."""
    if a.article == b.article or not dates_compatible(a, b):
        return 0.0
    shared_entities = len(a.entities & b.entities)
    shared_figures = len(a.figures & b.figures)
    if not shared_entities and not shared_figures:
        return 0.0
    words = _jaccard(a.words, b.words)
    if words < MIN_WORDS:
        return 0.0  # two statements by one spokesperson on one day are not one happening
    same_expression = a.timex_text.lower() == b.timex_text.lower() and bool(a.timex_text)
    return (words + 0.1 * min(shared_entities, 2) + 0.25 * min(shared_figures, 2)
            + 0.15 * same_expression)


def _pairs(candidates: Sequence[Candidate]) -> set[tuple[int, int]]:
    """Index pairs sharing at least one entity or figure named by few enough events, from
    different articles, with compatible dates (no other pair can score)."""
    blocks: dict[object, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        for entity in c.entities:
            blocks[("e", entity)].append(i)
        for figure in c.figures:
            blocks[("f", figure)].append(i)
    pairs = set()
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        # Most pairs in a block lie years apart: sweep resolved intervals by start date instead
        # of trying every pair.
        resolved = sorted((i for i in members if candidates[i].resolved), key=lambda i: candidates[i].begin)
        for x, i in enumerate(resolved):
            a = candidates[i]
            for j in resolved[x + 1:]:
                b = candidates[j]
                if b.begin >= a.end:
                    break  # every later one starts later still
                if a.article != b.article and a.begin < b.end:
                    pairs.add((i, j) if i < j else (j, i))
        for i in members:
            a = candidates[i]
            if a.resolved:
                continue
            for j in members:
                b = candidates[j]
                if a.article != b.article and values_compatible(a.value, b.value):
                    pairs.add((i, j) if i < j else (j, i))
    return pairs


def group(candidates: Sequence[Candidate], merges: Iterable[tuple[str, str]] = (),
          splits: Iterable[str] = ()) -> list[list[str]]:
    """Keys grouped into happenings (singletons included), each group in input order.

    `merges` are user decisions joining two events' groups; `splits` are keys the user took out
    of a merged event, which then join nothing automatically.
    """
    index = {c.key: i for i, c in enumerate(candidates)}
    parent = list(range(len(candidates)))
    articles = [{c.article} for c in candidates]
    members = [[i] for i in range(len(candidates))]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int, forced: bool = False) -> None:
        ri, rj = find(i), find(j)
        if ri == rj:
            return
        if not forced and (articles[ri] & articles[rj] or not _coherent(members[ri], members[rj])):
            return
        parent[rj] = ri
        articles[ri] |= articles[rj]
        members[ri] += members[rj]

    def _coherent(a: list[int], b: list[int]) -> bool:
        # Average linkage: one strong pair must not chain two different happenings together
        # (a list of five countries shared by an unrelated third report).
        if len(a) + len(b) == 2:
            return True
        total = sum(score(candidates[x], candidates[y]) for x in a for y in b)
        return total / (len(a) * len(b)) >= CHAIN_THRESHOLD

    for a, b in merges:
        if a in index and b in index:
            union(index[a], index[b], forced=True)
    alone = {index[k] for k in splits if k in index}
    scored = []
    for i, j in _pairs(candidates):
        if i in alone or j in alone:
            continue
        s = score(candidates[i], candidates[j])
        if s >= THRESHOLD:
            scored.append((-s, i, j))
    for _, i, j in sorted(scored):
        union(i, j)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[find(i)].append(c.key)
    return list(groups.values())
