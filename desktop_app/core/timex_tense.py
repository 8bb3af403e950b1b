"""Sentence tense heuristic for the temporal tagger: is a bare "January" or "Tuesday" past or future?

The marker (will, would, said, -ed verb, ...) nearest to the expression in its clause decides;
failing that, the nearest in its sentence; failing that, the tense is unknown (None).
"""
from __future__ import annotations

import bisect
import re

_FUTURE = (r"will|won't|shall|'ll|’ll|going\s+to|plans?\s+to|planning|expects?|expected|expecting|"
           r"hopes?|hoping|intends?\s+to|aims?\s+to|seeks?\s+to|looking\s+to|set\s+to|can|could|would|"
           r"may|might|next|upcoming|scheduled|tomorrow|soon")
_PAST = (r"said|told|was|were|had|did|ago|yesterday|last|went|came|took|made|met|began|saw|won|lost|left|"
         r"gave|found|fell|rose|led|ran|sent|spent|became|brought|thought|chose|wrote|spoke|struck|paid|"
         r"sold|bought|kept|built|broke|drew|grew|knew|held|got|stood|sought|fought|caught|felt|heard|"
         r"meant|[a-z]{2,}ed")
_MARKER = re.compile(rf"\b(?:(?P<fut>{_FUTURE})|(?P<past>{_PAST}))\b")
# -ed words that are rarely past-tense verbs in news.
_NOT_PAST = frozenset("""need needed based related united limited red bed seed speed feed proceed
exceed succeed indeed hundred kindred interested concerned detailed talented skilled armed so-called
alleged advanced""".split())
_PASSIVE = re.compile(r"\b(?:be|been|being|is|are|am|to)\s+$")
_CLAUSE_BREAK = re.compile(r"[,;:()\"“”—–]|\s-\s|\b(?:that|which|who|whom|whose|but|while|although|"
                           r"though|because|whereas|when|if|where|whether|unless)\b")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n")
_ABBREVIATIONS = frozenset("""mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt prof inc corp co ltd
no vs mt ft jan feb mar apr jun jul aug sep sept oct nov dec mo fla calif ariz ind""".split())
_WORD_BEFORE_DOT = re.compile(r"[A-Za-z.]+$")


def _abbreviation_before(text: str, dot: int) -> bool:
    """Is the "." at `dot` part of an abbreviation ("Aug. 7", "U.S. Army", "Mr. Smith")?"""
    m = _WORD_BEFORE_DOT.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group().strip(".")
    return word.lower() in _ABBREVIATIONS or all(len(part) == 1 for part in word.split("."))


class Tense:
    """Per-text tense lookup; sentence markers are computed once per sentence."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.group() == "\n"
                             or text[m.start()] != "." or not _abbreviation_before(text, m.start())]
        self._markers: dict[int, list[tuple[int, int, str]]] = {}

    def _sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return self.starts[i], end

    def sentence_start(self, pos: int) -> int:
        return self._sentence(pos)[0]

    def _sentence_markers(self, s0: int, s1: int) -> list[tuple[int, int, str]]:
        if s0 not in self._markers:
            found = []
            for m in _MARKER.finditer(self.text, s0, s1):
                if m.group("past"):
                    word = m.group()
                    if word in _NOT_PAST or (word.endswith("ed") and _PASSIVE.search(
                            self.text, max(s0, m.start() - 8), m.start())):
                        continue
                found.append((m.start(), m.end(), "future" if m.group("fut") else "past"))
            self._markers[s0] = found
        return self._markers[s0]

    def of(self, start: int, end: int) -> str | None:
        """'past', 'future' or None for the expression at text[start:end]."""
        s0, s1 = self._sentence(start)
        markers = [mk for mk in self._sentence_markers(s0, s1) if mk[1] <= start or mk[0] >= end]
        if not markers:
            return None
        c0, c1 = s0, s1  # the clause: between the nearest breaks around the expression
        for b in _CLAUSE_BREAK.finditer(self.text, s0, s1):
            if b.end() <= start:
                c0 = b.end()
            elif b.start() >= end:
                c1 = b.start()
                break
        in_clause = [mk for mk in markers if mk[0] >= c0 and mk[1] <= c1]

        def distance(mk: tuple[int, int, str]) -> int:
            return start - mk[1] if mk[1] <= start else mk[0] - end

        # The verb governing an adverbial usually precedes it ("will double by August"): prefer
        # the nearest marker before the expression in its clause, then any in the clause, then
        # the nearest in the sentence.
        before = [mk for mk in in_clause if mk[1] <= start]
        return min(before or in_clause or markers, key=distance)[2]
