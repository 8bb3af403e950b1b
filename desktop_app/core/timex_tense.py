"""Sentence tense heuristic for the temporal tagger: is a bare "January" or "Tuesday" past or future?

The marker (will, would, said, -ed verb, ...) nearest to the expression in its clause decides;
failing that, the nearest in its sentence; failing that, the tense is unknown (None).
"""
from __future__ import annotations

import bisect
import re

_FUTURE = (r"will|won't|shall|'ll|’ll|going\s+to|plans?\s+to|planning|expects?|expected|expecting|"
           r"hopes?|hoping|intends?\s+to|aims?\s+to|seeks?\s+to|looking\s+to|set\s+to|threat(?:ens?|ening)\s+to|"
           r"next(?!\s+to\b)|upcoming|scheduled|tomorrow|soon|"
           # a plan or agreement governs the infinitive after it: "agreed to buy it in January"
           r"(?:agreed|agreement|decided|decision|planned|voted|promised|pledged|vowed|offered|offer|"
           r"proposed|proposal|threatened|deal|bid|supposed|poised|slated)\s+to(?=\s+[a-z])|"
           r"(?:planned|scheduled|slated|set)\s+for|planned(?=\s+(?:an?|another)\s)|effective|"
           r"due\s+to(?=\s+(?:be|start|begin|open|close|end|meet|take|hold|arrive|leave|visit|return|"
           r"resume|expire|vote|sign|announce|report|finish|go|come|make|face|hear|rule|decide|release)\b)")
# A present-tense scheduling verb announces a coming event ("the trial resumes Monday", "the two
# leaders meet separately Tuesday"); base forms only after a subject, not after "to"/"did"/a modal.
_SCHEDULE = (r"(?:meets|opens|begins|starts|resumes|ends|closes|convenes|reconvenes|arrives|leaves|travels|"
             r"flies|goes|expires|kicks\s+off|wraps\s+up)"
             r"|(?<!\bto\s)(?<!not\s)(?<!n't\s)(?<!did\s)(?<!will\s)(?<!would\s)(?<!could\s)(?<!might\s)"
             r"(?<!\bmay\s)(?<!\bcan\s)(?<!should\s)(?<!must\s)(?<!\bthe\s)"
             r"(?:meet|begin|resume|convene|reconvene|arrive|gather)(?=\s+(?:\w+ly\s+)?(?:on\s+)?[A-Z])")
_MODAL = r"can|could|would|may|might"  # future for months and quarters; weak for weekdays
_REPORT = frozenset("said told says".split())
_PAST = (r"said|told|was|were|had|did|ago|yesterday|last|went|came|took|made|met|began|saw|won|lost|left|"
         r"gave|found|fell|rose|led|ran|sent|spent|became|brought|thought|chose|wrote|spoke|struck|paid|"
         r"sold|bought|kept|built|broke|drew|grew|knew|held|got|stood|sought|fought|caught|felt|heard|"
         r"meant|tore|shot|flew|drove|threw|fled|wore|woke|rode|swore|hung|ate|stole|shook|sank|forgot|froze|"
         r"[a-z]{2,}ed")
_MARKER = re.compile(rf"\b(?:(?P<fut>{_FUTURE}|{_SCHEDULE})|(?P<modal>{_MODAL})|(?P<past>{_PAST}))\b")
_PLAN = re.compile(r"(?:agreed|agreement|decided|decision|planned|voted|promised|pledged|vowed|offered|"
                   r"offer|proposed|proposal|threatened|deal|bid|supposed)\s+(?:to|for)$|planned$")
_HAVE = re.compile(r"\s+(?:not\s+)?(?:have|'ve)\s+(?:been|had|[a-z]+(?:ed|en|wn)|come|gone|done|made|got|met|"
                   r"won|lost|left|said|told|paid|sold|kept|held|brought|thought|found|run|begun)\b")
_PERFECT = re.compile(r"\b(?:had\s+(?:been\s+)?|was\s+|were\s+)$")  # a past plan: "was supposed to"
# -ed words that are rarely past-tense verbs in news.
_NOT_PAST = frozenset("""need needed based related united limited red bed seed speed feed proceed
exceed succeed indeed hundred kindred interested concerned detailed talented skilled armed so-called
alleged advanced unspecified undisclosed unidentified unnamed unexpected unprecedented unchanged
unrelated unresolved unconfirmed unsecured unsolicited unscheduled""".split())
_PASSIVE = re.compile(r"\b(?:be|been|being|is|are|am|to)\s+$")
_PRESENT_PASSIVE = re.compile(r"\b(?:be|being|is|are|am|to)\s+$")  # "has been kept" stays past
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

    def sentence(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence around `pos`."""
        return self._sentence(pos)

    def sentence_start(self, pos: int) -> int:
        return self._sentence(pos)[0]

    def _sentence_markers(self, s0: int, s1: int) -> list[tuple[int, int, str]]:
        if s0 not in self._markers:
            found = []
            for m in _MARKER.finditer(self.text, s0, s1):
                if m.group("past"):
                    word = m.group()
                    # a participle after "be"/"is"/"to" is no past tense ("would be paid", "is heard")
                    if word in _NOT_PAST or (word not in _REPORT and (
                            _PASSIVE if word.endswith("ed") else _PRESENT_PASSIVE).search(
                            self.text, max(s0, m.start() - 8), m.start())):
                        continue
                    kind = "report" if word in _REPORT else "past"
                elif m.group("fut") and (_PLAN.match(m.group()) or _PERFECT.search(
                        self.text, max(s0, m.start() - 12), m.start())):  # "had been scheduled to"
                    kind = "plan"  # "agreed to buy": future after it, past before it
                elif m.group("modal") and _HAVE.match(self.text, m.end()):
                    kind = "past"  # "could have come", "would not have"
                else:
                    kind = "future" if m.group("fut") else "modal"
                found.append((m.start(), m.end(), kind))
            self._markers[s0] = found
        return self._markers[s0]

    def of(self, start: int, end: int) -> str | None:
        """'past', 'future' or None for the expression at text[start:end]."""
        kind = self.marker(start, end)
        return {"modal": "future", "report": "past"}.get(kind, kind)

    def marker(self, start: int, end: int, weekday: bool = False) -> str | None:
        """Kind of the marker governing text[start:end]: 'past', 'future', 'modal', 'report',
        'nearest' (after a plan: "agreed to buy it in January"), None. For a weekday inside reported
        words ("... will leave Thursday, he said"), the reporting verb after it is only a frame."""
        s0, s1 = self._sentence(start)
        markers = [mk for mk in self._sentence_markers(s0, s1) if mk[1] <= start or mk[0] >= end]
        if any(mk[1] <= start and mk[2] != "report" for mk in markers):
            markers = [mk for mk in markers if mk[2] != "report" or mk[1] <= start]
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
        mk = min(before or in_clause or markers, key=distance)
        if mk[2] == "plan":  # "agreed to buy it in January": whichever January is nearer;
            return "nearest" if mk[1] <= start else "past"  # "On Friday, they planned to ...": past
        return mk[2]
