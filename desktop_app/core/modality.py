"""Modality flags of an event from lexical cues in its sentence and clause (no parser needed).

Reporting and attribution are read from the whole sentence (a speaker covers every date in it);
planned/expected/possible and negation from the clause holding the event's time expression, so
"a law passed last year could force a vote this fall" flags only the fall vote as possible.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# The vocabulary of Event.flags and of the export's "flags" list, in display order.
FLAGS = ("reported", "planned", "possible", "expected", "negated", "attributed",
         "dated_by_publication")
# Flags of things that have not happened (yet): the "hide planned/possible" filter hides them.
TENTATIVE = ("planned", "possible", "expected")
# The flags in words, for tooltips, reports and exports.
WORDS = {"reported": "reported", "planned": "planned", "possible": "possible",
         "expected": "expected", "negated": "negated", "attributed": "attributed to a speaker",
         "dated_by_publication": "dated by the article's publication day"}

Span = tuple[int, int]

# Lower-case-only cues: "May" the month and "Will" the name must not count (timex spans are
# blanked too, but a month the tagger missed still starts with a capital).
_PLANNED = re.compile(
    r"\b(?:plans?|planned|planning|hopes?|hoped|hoping|intends?|intended|intending|aims?|aimed|"
    r"aiming|seeks?|seeking|looking|vows?|vowed|pledged?|promised?)\s+to\s+[a-z]"
    r"|\b(?:scheduled|slated)\s+(?:to|for)\b"
    r"|\b(?:is|are|am|was|were)\s+going\s+to\b"
    r"|['’]ll\b|\bwon['’]t\b")
# "will" the auxiliary, not the noun ("the will of voters", "political will").
_WILL = re.compile(r"\b(?P<before>\w+)?\s*\b(?:will|shall)\b")
_WILL_NOUN_BEFORE = {"the", "a", "his", "her", "its", "our", "their", "your", "my", "free", "good",
                     "ill", "own", "political", "popular", "public", "of"}
_EXPECTED = re.compile(
    r"\b(?:expected|expects?|expecting|anticipated|likely|poised|projected|forecast|predicted)\s+to\b"
    r"|\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:expected|set\s+to)\b"
    r"|\bon\s+track\s+to\b")
_POSSIBLE = re.compile(
    r"\b(?:[Cc]ould|[Mm]ight|may|(?i:possibly|perhaps|maybe|potentially))\b"
    r"|\b[Aa]s\s+(?:early|soon)\s+as\b")
_NEGATED = re.compile(r"(?i:\b(?:not|never|cannot)\b|\bno\s+longer\b|n['’]t\b)")
_NOT_NEGATION = re.compile(r"(?i:\b(?:whether\s+or\s+not|if\s+not|not\s+only)\b)")

# Reporting verbs, lower case (a capital "Says" is rarely a verb); "according to" in any case.
_REPORT_WORDS = ("said|says|told|tells|announced|announces|reported|stated|confirmed|confirms|"
                 "claimed|claims|warned|warns|wrote|noted|explained|insisted|argued|denied|"
                 "acknowledged|admitted|revealed|disclosed|replied|testified|tweeted|responded|"
                 "urged|declined|described")
_REPORTED = re.compile(rf"\b(?:{_REPORT_WORDS})\b|\breportedly\b|\b[Aa]ccording\s+to\b")
# Who can speak: a name (capitalised word), a pronoun, or a noun for a speaker.
_SPEAKER_NOUNS = ("spokesperson|spokesman|spokeswoman|official|officials|minister|source|sources|"
                  "aide|aides|person|people|analyst|analysts|lawyer|counsel|statement|ministry|"
                  "government|company|group|police|he|she|they|we|I")
_SPEAKER = rf"(?:[A-Z][\w.’'-]*|{_SPEAKER_NOUNS})"
_ATTRIBUTED = re.compile(
    rf"\b{_SPEAKER},?\s+(?:\w+ly\s+)?(?:has\s+|have\s+)?(?:{_REPORT_WORDS})\b"
    rf"|[,”\"]\s*(?:said|says|added|wrote)\s+(?:the\s+|a\s+)?{_SPEAKER}"
    rf"|\b[Aa]ccording\s+to\s+(?:the\s+|a\s+)?(?:[A-Z]|(?:{_SPEAKER_NOUNS})\b)")
# A capitalised word that opens a sentence or phrase rather than naming a speaker.
_NOT_A_NAME = {"The", "A", "An", "This", "That", "These", "Those", "In", "On", "At", "As",
               "But", "And", "Or", "If", "When", "While", "However", "Meanwhile", "Also"}

# Clause boundaries for the scope of modals and negation: ";", dashes, relative pronouns, a
# comma before a subordinating word or an -ing participle, and "and/by + -ing" ("and suggesting").
_CLAUSE_BREAK = re.compile(
    r";|”|\s[–—]\s|\s--\s"
    r"|\b(?:which|who|whom|whose|that)\b"
    r"|,\s*(?=(?:while|whereas|although|though|but|because|following|after|before|when|where|"
    r"as|if|unless|and|or|so|yet)\b)"
    r"|(?:,|\band\b|\bby\b)\s*(?=[a-z]{2,}ing\b)")

# What may stand before a fronted time expression ("In May, the board will meet").
_FRONTED = re.compile(r"(?i:[\W_]*(?:(?:in|on|at|by|since|until|from|during|early|late|mid|the|of|"
                      r"before|after|as|for|and|but|then|so|however|meanwhile)\b[\W_]*)*)")

# Past-tense verbs that make a sentence about something that happened by the publication date.
_IRREGULAR_PAST = ("met|made|gave|took|went|came|left|won|sent|spoke|held|began|brought|bought|"
                   "sold|paid|led|ran|saw|found|became|chose|fell|flew|fought|kept|knew|rose|"
                   "stood|struck|threw|thought|sought|broke|told|said|wrote|froze|grew|drew|"
                   "withdrew|swore|shook|sank|sued")
_SUBJECT = r"(?:[A-Z][\w.’'-]*|he|she|they|we|I|it|officials|government|group|company)"
_PAST_ACTION = re.compile(
    rf"\b(?P<subject>{_SUBJECT}),?\s+(?:\w+ly\s+)?"
    rf"(?P<verb>(?:{_IRREGULAR_PAST})|agreed|freed|[a-z]{{2,}}[a-df-z]ed)\b")
_NOT_VERBS = {"hundred", "naked", "sacred", "wicked", "kindred", "rugged", "wretched"}
_PAST_REPORT = re.compile(
    r"\b(?P<verb>said|told|announced|reported|stated|confirmed|claimed|warned|wrote|noted|"
    r"explained|insisted|argued|denied|acknowledged|admitted|revealed|disclosed|replied|"
    r"testified|tweeted|responded|urged|declined|described)\b")
# A verb inside an "if"/"unless"/"whether" clause says nothing happened.
_CONDITIONAL = re.compile(r"(?i:\b(?:if|unless|whether)\b)[^,;]*$")
# Auxiliaries that make the verb after them passive, past perfect or an infinitive.
_NOT_SIMPLE_PAST = re.compile(r"\b(?:had|be|been|being|is|are|was|were|to|'d|’d)\s+(?:\w+ly\s+)?$")
# A sentence must end like prose, not like a headline or a navigation label.
_PROSE_END = re.compile(r"[.!?][”\"’')\]]*\s*$")


def blank(text: str, offset: int, spans: Iterable[Span]) -> str:
    """`text` (which starts at `offset`) with the characters inside `spans` turned into spaces."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start - offset), min(len(chars), end - offset)):
            chars[i] = " "
    return "".join(chars)


def clause(text: str, at: int) -> Span:
    """The clause of `text` around position `at`, as (start, end) within `text`."""
    start, end = 0, len(text)
    for m in _CLAUSE_BREAK.finditer(text):
        if m.end() <= at:
            start = m.start() if m.group().isalpha() else m.end()  # a pronoun opens its clause
        elif m.start() >= at:
            end = m.start()
            break
    return start, end


def clause_flags(part: str) -> set[str]:
    """Planned/expected/possible and negation cues in one clause."""
    found = set()
    if _PLANNED.search(part) or any((m.group("before") or "").lower() not in _WILL_NOUN_BEFORE
                                    for m in _WILL.finditer(part)):
        found.add("planned")
    if _EXPECTED.search(part):
        found.add("expected")
    if _POSSIBLE.search(part):
        found.add("possible")
    if _NEGATED.search(_NOT_NEGATION.sub(" ", part)):
        found.add("negated")
    return found


def sentence_flags(text: str) -> set[str]:
    """Reporting and attribution cues in a whole sentence; attributed implies reported."""
    found = set()
    if _REPORTED.search(text):
        found.add("reported")
    for m in _ATTRIBUTED.finditer(text):
        if m.group().split()[0].strip(",") not in _NOT_A_NAME:
            found |= {"reported", "attributed"}
            break
    return found


def flags(text: str, offset: int, anchor: Span, masked: Sequence[Span] = ()) -> tuple[str, ...]:
    """Flags of the event anchored at `anchor` (a timex or verb span) in sentence `text`.

    `offset` is where the sentence starts in the article; `anchor` and `masked` (time
    expressions, whose words are never cues) are article offsets.
    """
    plain = blank(text, offset, masked)
    at, until = max(0, anchor[0] - offset), max(0, anchor[1] - offset)
    start, end = clause(plain, at)
    if not _FRONTED.fullmatch(plain[start:at]):
        # A modal or "not" governing the anchor comes before it ("could force a vote this fall");
        # one after it belongs to another verb ("a poll in January found most would vote").
        end = min(end, max(until, at))
    found = sentence_flags(plain) | clause_flags(plain[start:end])
    return ordered(found)


def ordered(found: Iterable[str]) -> tuple[str, ...]:
    """Flags in the canonical order of FLAGS, unknown ones dropped."""
    wanted = set(found)
    return tuple(f for f in FLAGS if f in wanted)


def past_report(text: str, offset: int = 0, masked: Sequence[Span] = ()) -> Span | None:
    """The span (article offsets) of a past-tense reporting or action verb that makes an undated
    sentence an event of its publication day, or None. Conservative: prose sentences only."""
    plain = blank(text, offset, masked)
    if not _PROSE_END.search(plain) or len(plain.split()) < 5:
        return None
    candidates = [m.span("verb") for m in _PAST_REPORT.finditer(plain)]
    candidates += [m.span("verb") for m in _PAST_ACTION.finditer(plain)
                   if m.group("subject") not in _NOT_A_NAME and m.group("verb") not in _NOT_VERBS]
    for start, end in sorted(candidates):
        if not _NOT_SIMPLE_PAST.search(plain[:start]) and not _CONDITIONAL.search(plain[:start]):
            return offset + start, offset + end
    return None
