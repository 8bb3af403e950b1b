"""Turn raw NER spans into clean `Mention`s: map labels, trim articles/titles/possessives, drop debris."""
from __future__ import annotations

import re

from desktop_app.core.model import Mention

# spaCy label -> user-facing entity type; labels not listed here are dropped.
LABEL_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "MONEY": "AMOUNT",
    "PERCENT": "AMOUNT",
    "QUANTITY": "AMOUNT",
}

# Frequent non-name false positives of the small English model (compared case-insensitively).
STOPLIST = frozenset({"ai", "a.i.", "covid", "covid-19", "sars-cov-2", "coronavirus"})

_QUOTES = "\"'“”‘’«»„`´"
_EDGE_JUNK = _QUOTES + " \t\r\n\u00a0,;:()[]{}<>|*•·–—-"

_ARTICLE = re.compile(r"(?:the|The|THE)\s+(?!Hague\b)(?=\S)")  # "The Hague" is the whole name
# Trailing possessive: "Trump's", "Trump’s", "Jones’".
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")

# Titles and roles that precede a name. Longer forms first so "Prime Minister" beats "Minister".
# Royal/religious titles stay: "Prince Harry" or "Pope Leo" without them name nobody.
_TITLES = (
    r"Prime\s+Minister|Premier|Vice\s+President|President|Secretary(?:\s+of\s+[A-Z][a-z]+)?"
    r"|Ambassador|Director|Minister|Chancellor|Governor|Senator|Congressman|Congresswoman"
    r"|Representative|Rep\.|Sen\.|Gov\.|Mayor|Judge|Gen\."
    r"|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sir|Dame"
)
# A title phrase for PERSON spans: up to three qualifiers ("US Treasury", "Canadian", "British
# Columbia", "Deputy") then the title, then whitespace. Qualifiers must be capitalised words.
_PERSON_TITLE = re.compile(
    rf"(?:(?:U\.S\.|U\.K\.|[A-Z][\w.’'-]*)\s+){{0,3}}?(?:{_TITLES})\s+(?=[A-Z])"
)
# Spans labelled ORG/GPE get only unambiguous honorifics stripped: "Premier League" and
# "Governor General" are real organisations, "President Trump" is not.
_OTHER_TITLE = re.compile(
    r"(?:(?:U\.S\.|US)\s+)?(?:President|Prime\s+Minister|Senator|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+(?=[A-Z])"
)
# Amount hedges that do not change the quantity itself ("only 19%").
_AMOUNT_HEDGE = re.compile(r"(?:only|just|some|a\s+mere)\s+(?=\S)", re.IGNORECASE)

# Run-together breadcrumb/navigation tokens: "HomePolitics", "SocietyA".
_BREADCRUMB = re.compile(r"^Home[A-Z]|[a-z]{3,}[A-Z]$")
_MENU_SEPARATORS = frozenset("|»›>/\\")


def clean_mention(text: str, start: int, label: str, sentence_text: str | None = None) -> Mention | None:
    """Clean one raw entity span (`text` at offset `start`); None when it is not a usable name.

    `sentence_text` (the sentence the span sits in) lets all-caps debris lines be recognised.
    """
    etype = LABEL_TYPES.get(label)
    if etype is None:
        return None
    lo, hi = _trim_edges(text, 0, len(text))
    if etype == "AMOUNT":
        lo = _skip(_AMOUNT_HEDGE, text, lo, hi)
    else:
        lo = _skip(_ARTICLE, text, lo, hi)
        # Possessive may sit inside closing quotes/brackets, so trim again afterwards.
        m = _POSSESSIVE.search(text, lo, hi)
        if m and m.start() > lo:
            hi = m.start()
        lo, hi = _trim_edges(text, lo, hi)
        lo = _skip(_PERSON_TITLE if label == "PERSON" else _OTHER_TITLE, text, lo, hi)
        lo = _skip(_ARTICLE, text, lo, hi)
    lo, hi = _trim_edges(text, lo, hi)
    span = text[lo:hi]
    name = " ".join(span.split())
    if not _is_name(name, etype, label, sentence_text):
        return None
    return Mention(start=start + lo, end=start + hi, text=span, label=label, type=etype, name=name)


def _trim_edges(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Shrink [lo, hi) past surrounding whitespace, quotes and punctuation (keep a final '.')."""
    while lo < hi and text[lo] in _EDGE_JUNK:
        lo += 1
    while hi > lo and text[hi - 1] in _EDGE_JUNK:
        hi -= 1
    return lo, hi


def _skip(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int:
    """Advance `lo` past a match of `pattern` anchored at `lo` that leaves something behind."""
    m = pattern.match(text, lo, hi)
    return m.end() if m and m.end() < hi else lo


def _is_name(name: str, etype: str, label: str, sentence_text: str | None) -> bool:
    """False for debris, stoplisted words, and spans that cannot be names."""
    if len(name) < 2:
        return False
    if etype == "AMOUNT":
        # "$500 billion", "19%", "half a million": digits or number words, not bare symbols.
        return any(ch.isalnum() for ch in name)
    if not any(ch.isalpha() for ch in name):
        return False
    if name.casefold() in STOPLIST:
        return False
    if any(ch in _MENU_SEPARATORS for ch in name):
        return False
    words = name.split()
    if any(_BREADCRUMB.search(w) for w in words):
        return False
    # All-caps phrases that are not acronyms: "RELATED ARTICLES", "LEAVE A REPLY".
    if len(words) > 1 and not any(ch.islower() for ch in name) and any(
        sum(ch.isalpha() for ch in w) >= 5 for w in words
    ):
        return False
    # A span inside a shouting line ("LEAVE A REPLY" -> "REPLY") is navigation, not prose.
    if sentence_text is not None and _is_caps_line(sentence_text):
        return False
    # Names do not contain digits ("Martin F-35" from "Lockheed Martin F-35").
    if label == "PERSON" and any(ch.isdigit() for ch in name):
        return False
    return True


def _is_caps_line(sentence: str) -> bool:
    """True for lines of two or more words without a single lowercase letter."""
    return len(sentence.split()) >= 2 and any(ch.isalpha() for ch in sentence) and not any(
        ch.islower() for ch in sentence
    )
