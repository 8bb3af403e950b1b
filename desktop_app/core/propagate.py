"""Name propagation: find further occurrences of names already recognised in the same document."""
from __future__ import annotations

import collections
import re

from desktop_app.core import aliases, entities
from desktop_app.core.model import Mention

# Types whose names are propagated; amounts are figures, not names.
_TYPES = frozenset({"PERSON", "ORG", "PLACE", "PRODUCT"})
# Words that may open a sentence before a name without being part of it.
_OPENERS = frozenset({"The", "A", "An", "But", "And", "When", "If", "As", "So", "Then", "Yet"})
_SENTENCE_END = frozenset(".!?:;\n\"“”'‘’(")
_NEXT_WORD = re.compile(r"\s+([A-Z])")
_PREV_WORD = re.compile(r"([A-Z][\w.’'-]*)\s+$")


def propagate(text: str, mentions: list[Mention]) -> list[Mention]:
    """`mentions` plus unrecognised later occurrences of their names, with the known name's type.

    PERSON names propagate as the full name and their last token; other names exactly.
    """
    mentions = entities.context_types(text, entities.merge_products(text, drop_demonyms(mentions)))
    mentions = _add_models(text, mentions)
    forms = _forms(mentions)
    if not forms:
        return list(mentions)
    taken = sorted((m.start, m.end) for m in mentions)
    caps_lines = _caps_lines(text)
    added: list[Mention] = []
    for start, end in _occurrences(text, forms):
        if _overlaps(taken, start, end) or any(a <= start < b for a, b in caps_lines):
            continue
        if _NEXT_WORD.match(text, end) or _joined_to_previous(text, start):
            continue  # part of a longer name spaCy did not see ("Lind Street")
        form = text[start:end]
        label, etype, name = forms[form]
        added.append(Mention(start, end, form, label, etype, name))
    return sorted([*mentions, *added], key=lambda x: x.start)


def _occurrences(text: str, forms) -> list[tuple[int, int]]:
    """Whole-word occurrences of `forms`, scanned left to right, the longest form winning where
    several start, none overlapping: what one alternation regex of the forms finds, without
    compiling a new regex for every article."""
    longest: dict[int, int] = {}
    for form in forms:
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if ((at == 0 or not _is_word_before(text[at - 1]))
                    and (end == len(text) or not _is_word_after(text[end]))
                    and longest.get(at, 0) < end):
                longest[at] = end
            at = text.find(form, at + 1)
    found, reach = [], 0
    for start in sorted(longest):
        if start >= reach:
            reach = longest[start]
            found.append((start, reach))
    return found


def _is_word_before(ch: str) -> bool:  # the regex (?<![\w’'-])
    return ch.isalnum() or ch in "_’'-"


def _is_word_after(ch: str) -> bool:  # the regex (?![\w-])
    return ch.isalnum() or ch in "_-"


# A model designation as a word of its own ("A380s", "737", "777-200LR").
_MODEL_WORD = re.compile(r"(?<![\w$£€.,/-])[A-Z]{0,2}-?\d{3,4}[A-Z]{0,3}(?:-\d{1,4}[A-Z]{0,3})?s?(?![\w%-])")
_LETTERED_PLURAL = re.compile(r"[A-Z]{1,2}\d{3}s")  # "A320s": a fleet of a model, wherever it is


def _add_models(text: str, mentions: list[Mention]) -> list[Mention]:
    """Bare model words spaCy missed: those of a product the document names ("Boeing 717" ...
    "the final 717"), and lettered plurals ("24 A320s"), as PRODUCT mentions."""
    keys = {k for m in mentions if m.type == "PRODUCT" for w in m.name.split()
            if (k := entities.model_key(w))}
    taken = sorted((m.start, m.end) for m in mentions)
    added = []
    for hit in _MODEL_WORD.finditer(text):
        word = hit.group()
        key = entities.model_key(word)
        if key is None or not (key in keys or _LETTERED_PLURAL.fullmatch(word)):
            continue
        if _overlaps(taken, *hit.span()) or _not_a_model(text, hit.start(), hit.end()):
            continue
        added.append(Mention(hit.start(), hit.end(), word, "PRODUCT", "PRODUCT", word))
    return sorted([*mentions, *added], key=lambda x: x.start) if added else mentions


def _not_a_model(text: str, start: int, end: int) -> bool:
    """A number after "flight"/"route"... or before "%"/"million" is no model."""
    before = _PREV_ANY.search(text, max(0, start - 20), start)
    return bool(entities._NOT_MODEL_NEXT.match(text, end)
                or (before and entities._NOT_MODEL_BEFORE.fullmatch(before.group(1))))


_PREV_ANY = re.compile(r"(\S+)\s+$")


def drop_demonyms(mentions: list[Mention]) -> list[Mention]:
    """Drop one-word names that are demonyms ("Canadian", "Britons"): a people, not the place.

    spaCy sometimes labels them GPE, ORG or PERSON. A demonym is related to its place at query
    time instead. A surname of a full PERSON name in the document stays ("Ronnie Irani").
    """
    surnames = {m.name.rsplit(None, 1)[1] for m in mentions if m.type == "PERSON" and " " in m.name}
    return [m for m in mentions
            if m.type == "AMOUNT" or " " in m.name or m.name in surnames
            or aliases.demonym_place(m.name) is None]


def _forms(mentions: list[Mention]) -> dict[str, tuple[str, str, str]]:
    """Surface form -> (label, type, name) for forms whose type is not in dispute."""
    votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    surnames: set[str] = set()
    for m in mentions:
        if m.type not in _TYPES or not m.name[:1].isupper():
            continue
        votes[m.name][(m.label, m.type, m.name)] += 1
        words = m.name.split()
        if m.type == "PERSON" and len(words) > 1 and words[-1][:1].isupper():
            votes[words[-1]][(m.label, m.type, words[-1])] += 1
            surnames.add(words[-1])
    forms = {}
    for form, counter in votes.items():
        if len(form) < 3:
            continue
        if form in surnames:  # a full name's last token is that person, whatever else spaCy said
            forms[form] = ("PERSON", "PERSON", form)
        elif len({t for _, t, _ in counter}) == 1:
            forms[form] = counter.most_common(1)[0][0]
    return forms


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def _joined_to_previous(text: str, start: int) -> bool:
    """True when a capitalised word other than a sentence opener runs into the match."""
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    if m is None or m.end() != start or m.group(1) in _OPENERS or "\n" in m.group():
        return False
    head = text[:m.start()].rstrip(" \t")
    return bool(head) and head[-1] not in _SENTENCE_END  # a sentence's first word is no name part


def _caps_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of lines of two or more words without a lowercase letter (headlines)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if len(line.split()) >= 2 and not any(ch.islower() for ch in line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
