"""Turn raw NER spans into clean `Mention`s: map labels, trim articles/titles/possessives, drop debris."""
from __future__ import annotations

import dataclasses
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
    "PRODUCT": "PRODUCT",
}

# Frequent non-name false positives of the small English model (compared case-insensitively).
STOPLIST = frozenset({"ai", "a.i.", "covid", "covid-19", "sars-cov-2", "coronavirus"})

_QUOTES = "\"'“”‘’«»„`´"
_EDGE_JUNK = _QUOTES + " \t\r\n\u00a0,;:()[]{}<>|*•·–—-"

_THE_BEFORE = re.compile(r"(?<![\w-])[Tt]he\s+$")
_PLURAL_END = re.compile(r"[a-z]s$")  # "Beatles", not "Jones's" or "Hughes" + possessive
_ARTICLE = re.compile(r"(?:the|The|THE)\s+(?!Hague\b)(?=\S)")  # "The Hague" is the whole name
# Trailing possessive: "Trump's", "Trump’s", "Jones’".
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")

_SPACED_DASH = re.compile(r"\s[-–—]\s+")

# Titles and roles that precede a name. Longer forms first so "Prime Minister" beats "Minister".
# Royal/religious titles stay: "Prince Harry" or "Pope Leo" without them name nobody.
_TITLES = (
    r"Prime\s+Minister|Premier|Vice\s+President|President|Secretary(?:\s+of\s+[A-Z][a-z]+)?"
    r"|Ambassador|Director|Minister|Chancellor|Governor|Senator|Congressman|Congresswoman"
    r"|Representative|Rep\.|Sen\.|Gov\.|Mayor|Judge|Gen\.|Attorney\s+General|Chief\s+Executive"
    r"|CEO|Chairman|Chairwoman|Spokesman|Spokeswoman|Commissioner"
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
    r"(?:(?:U\.S\.|US)\s+)?(?:President|Prime\s+Minister|Senator|Spokesman|Spokeswoman|Spokesperson"
    r"|Chairman|Chairwoman|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+(?=[A-Z])"
)
# Amount hedges that do not change the quantity itself ("only 19%").
_AMOUNT_HEDGE = re.compile(r"(?:only|just|some|a\s+mere)\s+(?=\S)", re.IGNORECASE)

# A standalone number inside a name span: a score or table figure ("Leeds 2 Hull 1").
_NUMBER = re.compile(r"(?<!\S)[-+]?\d[\d.,:/-]*(?!\S)")
# Last words that make a span an organisation or a place whatever spaCy's label.
_ORG_SUFFIXES = frozenset(
    "Inc Corp Corporation Co Ltd Plc PLC LLC AG SA NV GmbH Group Holdings Party Union Council Court "
    "Board Agency Bank Ministry Department Association Committee Commission Institute University "
    "Airlines Airways Federation League Club Exchange Aircraft Motors Systems Industries "
    "Technologies Communications Networks Pharmaceuticals Studios Records Partners".split()
)
_PLACE_SUFFIXES = frozenset(
    "Street Avenue Road River Lake Mountains Island Islands Province County Valley Bay Sea Ocean "
    "Peninsula Strait Airport Center Centre".split()
)

# Run-together breadcrumb/navigation tokens: "HomePolitics", "SocietyA".
_BREADCRUMB = re.compile(r"^Home[A-Z]|[a-z]{3,}[A-Z]$")
_MENU_SEPARATORS = frozenset("|»›>/\\")


def clean_mention(text: str, start: int, label: str, sentence_text: str | None = None,
                  before: str = "") -> Mention | None:
    """Clean one raw entity span (`text` at offset `start`); None when it is not a usable name.

    `sentence_text` (the sentence the span sits in) lets all-caps debris lines be recognised;
    `before` (the text just before the span) lets a preceding title become the PERSON's role.
    """
    etype = LABEL_TYPES.get(label)
    if etype is None and label == "NORP" and _CAMEL_PRODUCT.fullmatch(text.strip()):
        etype = "PRODUCT"  # "iTunes" is no nationality
    if etype is None:
        return None
    lo, hi = _trim_edges(text, 0, len(text))
    role = ""
    if etype == "AMOUNT":
        lo = _skip(_AMOUNT_HEDGE, text, lo, hi)
    else:
        article_at = lo
        lo = _skip(_ARTICLE, text, lo, hi)
        # Possessive may sit inside closing quotes/brackets, so trim again afterwards.
        m = _POSSESSIVE.search(text, lo, hi)
        if m and m.start() > lo:
            hi = m.start()
        lo, hi = _trim_edges(text, lo, hi)
        had_article, title_at = lo > article_at, lo
        lo = _skip(_PERSON_TITLE if label == "PERSON" else _OTHER_TITLE, text, lo, hi)
        if lo > title_at and label != "PERSON":
            label, etype = "PERSON", "PERSON"  # "Spokeswoman Jane Doe" labelled ORG is a person
        elif label == "PERSON" and lo == title_at and (had_article or (
                _THE_BEFORE.search(before) and _PLURAL_END.search(text, lo, hi))):
            etype = "ORG"  # a person's name takes no article: "the Beatles" is a group
        if label == "PERSON":
            role = role_of(text[title_at:lo]) if lo > title_at else preceding_role(before)
        lo = _skip(_ARTICLE, text, lo, hi)
    lo, hi = _trim_edges(text, lo, hi)
    span = text[lo:hi]
    name = " ".join(span.split())
    if not _is_name(name, etype, label, sentence_text):
        return None
    etype = _retype(name, etype)
    return Mention(start=start + lo, end=start + hi, text=span, label=label, type=etype, name=name,
                   role=role)


def clean_spans(text: str, start: int, label: str, sentence_text: str | None = None,
                before: str = "") -> list[Mention]:
    """Like `clean_mention`, but a name span run across scores ("Leeds 2 Hull 1") or across a
    spaced dash after a multi-word name ("San Jose - Cisco") is split first."""
    dash = _SPACED_DASH.search(text) if label in LABEL_TYPES else None
    if dash and len(text[:dash.start()].split()) >= 2 and text[dash.end():dash.end() + 1].isupper():
        return (clean_spans(text[:dash.start()], start, label, sentence_text, before)
                + clean_spans(text[dash.end():], start + dash.end(), label, sentence_text))
    if LABEL_TYPES.get(label) in (None, "AMOUNT", "PRODUCT") or not _NUMBER.search(text):
        m = clean_mention(text, start, label, sentence_text, before)
        return [m] if m else []
    pieces, pos = [], 0
    for num in _NUMBER.finditer(text):
        pieces.append((pos, num.start()))
        pos = num.end()
    pieces.append((pos, len(text)))
    pieces = [(a, b) for a, b in pieces if any(ch.isalpha() for ch in text[a:b])]
    tabular = sentence_text is not None and len(_NUMBER.findall(sentence_text)) >= 3
    if len(pieces) < 2 and not tabular:
        m = clean_mention(text, start, label, sentence_text, before)
        return [m] if m else []
    found = [clean_mention(text[a:b], start + a, label, sentence_text, before if a == 0 else "")
             for a, b in pieces]
    return [m for m in found if m]


def _retype(name: str, etype: str) -> str:
    """Correct the type from a telling last word: "... Corp" is an ORG, "... River" a PLACE;
    an organisation name with a model number after it ("Airbus A380") is a product."""
    words = name.split()
    last = words[-1].rstrip(".")
    if etype == "ORG" and len(words) > 1 and any(
            is_model_token(w) and not _NOT_MODEL_BEFORE.fullmatch(words[k]) for k, w in enumerate(words[1:])):
        return "PRODUCT"
    if etype in ("PERSON", "PLACE") and last in _ORG_SUFFIXES and " " in name:
        return "ORG"
    if etype in ("PERSON", "ORG") and last in _PLACE_SUFFIXES and " " in name:
        return "PLACE"
    return etype


# A model designation: "A380", "787", "737s", "737-800", "777-200LR", "A400M" (3+ digits). Round
# numbers ("S&P 500", "FTSE 100") and four-digit years are indices and dates, not models.
_MODEL = re.compile(r"(?:[A-Z]{1,2}-?)?\d{3,4}[A-Z]{0,3}(?:-\d{1,4}[A-Z]{0,3})?s?")
# Numbers after these words are flights, routes and the like, not models.
_NOT_MODEL_BEFORE = re.compile(r"(?i:flight|route|highway|interstate|no\.?|number|channel|room|gate|"
                               r"building|platform|bus|train|line|chapter|section|article|resolution)")
_MODEL_AFTER = re.compile(r"(\s*['’]\s?s)?\s+(\S+)")
_NOT_MODEL_NEXT = re.compile(r"\s*(?:%|percent\b|per\s*cent\b|million\b|billion\b|thousand\b)",
                             re.IGNORECASE)
# A product-like word: "iPod", "iTunes" (lowercase start, then a capital).
_CAMEL_PRODUCT = re.compile(r"[a-z]{1,2}[A-Z][A-Za-z]+")


def model_key(word: str) -> str | None:
    """The model designation a word is ("737s" -> "737"), or None."""
    w = word.rstrip(".,;:")
    if not _MODEL.fullmatch(w):
        return None
    core = w[:-1] if w.endswith("s") and w[-2:-1].isdigit() else w
    if core.isdigit() and (core.endswith("00") or len(core) == 4):
        return None
    return core.casefold()


def is_model_token(word: str) -> bool:
    return model_key(word) is not None


def merge_products(text: str, mentions: list[Mention]) -> list[Mention]:
    """A company name followed by a model ("Airbus A380") is one PRODUCT mention; after a
    possessive ("Boeing 's 787") the company stays and the model becomes a PRODUCT of its own."""
    out = sorted(mentions, key=lambda m: m.start)
    for k, m in enumerate(out):
        if m.type not in ("PERSON", "ORG", "PRODUCT", "PLACE") or not m.name[:1].isupper():
            continue
        before = _MODEL_BEFORE.search(text, max(0, m.start - 20), m.start)
        if before and model_key(before.group(1)) and (k == 0 or out[k - 1].end <= before.start()):
            if m.type == "PLACE" and m.label == "GPE":
                continue
            out[k] = Mention(before.start(), m.end, text[before.start():m.end], "PRODUCT", "PRODUCT",
                             f"{before.group(1)} {m.name}")  # "787 Dreamliner"
        elif m.type == "PLACE" and m.label == "GPE" and _AIR_BEFORE.search(text, max(0, m.start - 8), m.start):
            start = m.start - len(_AIR_BEFORE.search(text, max(0, m.start - 8), m.start).group())
            if k == 0 or out[k - 1].end <= start:  # "Air China", "Air France": airlines
                out[k] = Mention(start, m.end, text[start:m.end], "ORG", "ORG",
                                 " ".join(text[start:m.end].split()))
    k = 0
    while k + 1 < len(out):  # "iTunes" + "Music Store": one name split by spaCy
        a, b = out[k], out[k + 1]
        if (a.type == "PRODUCT" and " " not in a.name and _CAMEL_PRODUCT.fullmatch(a.name)
                and b.start == a.end + 1 and text[a.end] == " " and b.name[:1].isupper()
                and b.type in ("PERSON", "ORG", "PRODUCT")):
            out[k:k + 2] = [Mention(a.start, b.end, text[a.start:b.end], "PRODUCT", "PRODUCT",
                                    f"{a.name} {b.name}")]
        k += 1
    i = 0
    while i < len(out):
        org = out[i]
        hit = _MODEL_AFTER.match(text, org.end) if org.label == "ORG" == org.type else None
        token = re.match(r"[\w-]+", hit.group(2)) if hit else None
        token_end = hit.start(2) + len(token.group()) if token else 0
        if (token is None or not model_key(token.group()) or _NOT_MODEL_NEXT.match(text, token_end)
                or text[token_end:token_end + 1] not in _MODEL_END):
            i += 1
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        end = token_end
        if nxt is not None and nxt.start <= token_end < nxt.end and nxt.type in ("PRODUCT", "PERSON", "ORG"):
            end = nxt.end  # "787 Dreamliner"
        j = i + 1
        while j < len(out) and out[j].start < end:
            j += 1
        tail = " ".join(text[hit.start(2):end].split())
        if hit.group(1):  # possessive: "Boeing 's 787" names Boeing and its 787
            product = Mention(hit.start(2), end, text[hit.start(2):end], "PRODUCT", "PRODUCT", tail)
            out[i + 1:j] = [product]
        else:
            out[i:j] = [Mention(org.start, end, text[org.start:end], "PRODUCT", "PRODUCT",
                                f"{org.name} {tail}")]
        i += 1
    return out


_MODEL_BEFORE = re.compile(r"(?<![\w.,-])([A-Z]{0,2}\d[\w-]*)\s+$")
_AIR_BEFORE = re.compile(r"(?<![\w-])Air\s+$")
_MODEL_END = frozenset(("", " ", "\n", "\t", ",", ".", ";", ":", ")", "'", "’", '"', "!", "?"))


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


# Words before a title that belong to the role ("Treasury Secretary"), unlike places or
# nationalities ("Canadian", "Ontario"), which are dropped from it.
_PORTFOLIOS = frozenset(
    "treasury commerce defence defense foreign finance trade home health interior energy justice "
    "transport transportation education agriculture labor labour environment economy industry "
    "deputy vice chief assistant acting junior senior executive state".split()
)
_ABBREVIATIONS = {"rep.": "Representative", "sen.": "Senator", "gov.": "Governor", "gen.": "General"}
_HONORIFICS = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sir|Dame)\.?$", re.IGNORECASE)
_TITLE_WORDS = re.compile(rf"(?:{_TITLES})$")
# A title (any capitalisation) right before a name: "Canadian Prime Minister ", "prime minister ".
_PRECEDING_TITLE = re.compile(
    rf"(?<![\w.’'-])(?:(?:U\.S\.|U\.K\.|[A-Z][\w.’'-]*)\s+){{0,3}}?(?i:{_TITLES})\s+$"
)


def role_of(phrase: str) -> str:
    """The role in a title phrase cut from a name: "US Treasury Secretary" -> "Treasury Secretary"."""
    words = phrase.split()
    for i in range(len(words)):
        title = " ".join(words[i:])
        if _TITLE_WORDS.match(title) or _TITLE_WORDS.match(title.title()):
            break
    else:
        return ""
    if _HONORIFICS.match(title):
        return ""
    while i > 0 and words[i - 1].casefold() in _PORTFOLIOS:
        i -= 1
    out = [_ABBREVIATIONS.get(w.casefold(), w if w.isupper() and len(w) > 1 else w.capitalize())
           for w in words[i:]]
    return " ".join(w.lower() if w.casefold() in ("of", "the", "for") else w for w in out)


def preceding_role(before: str) -> str:
    """The role written right before a name ("... Prime Minister "), or ""."""
    m = _PRECEDING_TITLE.search(before[-80:])
    return role_of(m.group()) if m else ""


# Sports tables: "Leeds 4 2 1 1 7 5 7" (standings) and "Leeds 2 Hull City 1" (results).
_TEAM = r"[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|\(\s*[A-Z]\s*\)|'s|of|de))*"
_STANDING = re.compile(rf"(?:\d+\.\s+)?({_TEAM})(?:\s+[-\d./]+){{3,}}")
_RESULT = re.compile(rf"({_TEAM})\s+\d+\s+({_TEAM})\s+\d+(?:\s*\(.*\))?")


def table_teams(line: str, offset: int, mentions: list[Mention]) -> list[Mention]:
    """`mentions` of one line, with the team names of a score-table line typed ORG (and added)."""
    m = _STANDING.fullmatch(line) or _RESULT.fullmatch(line)
    if m is None:
        return mentions
    out = [x for x in mentions if not any(
        x.start < offset + m.end(g) and offset + m.start(g) < x.end for g in range(1, m.lastindex + 1))]
    for g in range(1, m.lastindex + 1):
        start, end = offset + m.start(g), offset + m.end(g)
        same = next((x for x in mentions if (x.start, x.end) == (start, end)), None)
        if same is not None and same.label in ("GPE", "LOC"):
            out.append(same)  # a country's national side stays a place
        else:
            name = " ".join(m.group(g).split())
            out.append(Mention(start, end, m.group(g), "ORG", "ORG", name))
    return sorted(out, key=lambda x: x.start)


# Common nouns naming an organisation's kind, written just before its name: "German magazine Der
# Spiegel", "electronics retailer Best Buy". A PERSON-labelled name right after one is the ORG.
_ORG_KIND_BEFORE = re.compile(
    r"(?<![\w-])(?:magazine|newspaper|paper|daily|weekly|tabloid|broadcaster|network|channel|website|"
    r"blog|retailer|retailers|chain|company|firm|carrier|airline|manufacturer|maker|supplier|bank|"
    r"lender|insurer|brokerage|publisher|studio|label|band|group|agency|operator|conglomerate|"
    r"distributor|startup|developer)\s*,?\s+(?:including\s+)?$")
# After a single-word PERSON: ", Country" or "in Country" makes it a place ("Toulouse , France").
_PLACE_AFTER = re.compile(r"\s*(?:,|\bin\b)\s*((?:U\.S\.|[A-Z][\w.]*)(?:\s+[A-Z][\w.]*){0,2})")
# Before a single-word PERSON: a place preposition ("from Toulouse", "in Toulouse").
_PLACE_PREPOSITION = re.compile(r"(?<![\w-])(?:in|at|from|near)\s+$")
# A sentence's first word; an airline's name words. A country name opening the sentence after one
# opened by "<country> Airways" is the airline's short form.
_SENTENCE_START = re.compile(r"(?:^|\n|[.!?]['’\"”]?\s+)\s*$")
_SENTENCE_END = re.compile(r"[.!?]['’\"”]?\s+(?=\S)|\n+")
_CARRIER_WORDS = frozenset({"Airways", "Airlines", "Airline", "Air"})
# An "<airline> Flight 574": the airline is the name, the flight number is not part of it.
_FLIGHT = re.compile(r"\s+Flight\s+\d{1,5}[A-Z]?$")
# A version word after a camel-case product name: a number with optional capitals ("4", "3G",
# "3GS") or a product-tier word ("nano", "Pro"), perhaps plural ("iPhone 4s"). Not a figure
# ("iPhone 3 million", "iOS 2.0").
_VERSION_WORD = (r"(?:\d{1,2}[A-Z]{0,3}|(?i:mini|nano|micro|pro|max|plus|air|lite|ultra|classic|touch))s?"
                 r"(?![\w%’'-]|[.,]\d|\s*(?:%|percent\b|per\s*cent\b|million\b|billion\b|thousand\b))")
_VERSION = re.compile(rf"\s+({_VERSION_WORD})")
# A version written before the product: "the 3G iPhone" (not "30GB", "3D", "5th").
_VERSION_BEFORE = re.compile(r"(?<![\w.,$£€’'-])(\d{1,2}([A-Z]{1,3}))\s+$")
_NOT_VERSION_LETTERS = frozenset({"GB", "MB", "TB", "KB", "B", "K", "M", "D", "AM", "PM", "HZ", "MP", "X"})
# A camel-case product word ("iPhone", "iOS"), with a version after it ("iPhone 4").
_CAMEL_WORD = re.compile(rf"(?<![\w.’'-])[a-z]{{1,2}}[A-Z][A-Za-z]+(?:\s+{_VERSION_WORD})?(?![\w-])")


def version_of(name: str) -> tuple[str, str] | None:
    """(base, version) of a camel-case product name with a version ("iPhone 3GS"), or None."""
    words = name.split()
    if len(words) == 2 and _CAMEL_PRODUCT.fullmatch(words[0]) and re.fullmatch(_VERSION_WORD, words[1]):
        return words[0], words[1]
    return None


def _version_name(base: str, version: str) -> str:
    if version[-1:] == "s" and len(version) > 1 and (version[-2].isdigit() or version[-2].isupper()
                                                       or version[:-1].casefold() in _TIERS):
        version = version[:-1]  # "iPhone 4s" are iPhone 4 phones
    return f"{base} {version}"


_TIERS = frozenset("mini nano micro pro max plus air lite ultra classic touch".split())


def widen_versions(text: str, mentions: list[Mention]) -> list[Mention]:
    """A camel-case product name takes the version written next to it: "iPhone" + " 3GS",
    "3G " + "iPhone" (named "iPhone 3G"), "iPod" + " nano". The widened mention is a PRODUCT."""
    out = sorted(mentions, key=lambda m: m.start)
    for k, m in enumerate(out):
        if m.type not in ("PRODUCT", "ORG", "PERSON") or " " in m.name or not _CAMEL_PRODUCT.fullmatch(m.name) \
                or m.text.strip() != m.name:
            continue
        nxt = out[k + 1] if k + 1 < len(out) else None
        prev = out[k - 1] if k > 0 else None
        after = _VERSION.match(text, m.end)
        if after and (nxt is None or nxt.start >= after.end()
                      or (nxt.start >= after.start(1) and nxt.end <= after.end())):
            out[k] = Mention(m.start, after.end(), text[m.start:after.end()], "PRODUCT", "PRODUCT",
                             _version_name(m.name, after.group(1)))
            continue
        before = _VERSION_BEFORE.search(text, max(0, m.start - 12), m.start)
        if (before and before.group(2).upper() not in _NOT_VERSION_LETTERS
                and (prev is None or prev.end <= before.start()
                     or (prev.start >= before.start() and prev.end <= before.end(1)))):
            out[k] = Mention(before.start(), m.end, text[before.start():m.end], "PRODUCT", "PRODUCT",
                             f"{m.name} {before.group(1)}")
    # a mention wholly inside a widened one (the version word itself) is gone
    kept = [m for m in out if not any(o is not m and o.start <= m.start and m.end <= o.end
                                      and (o.start, o.end) != (m.start, m.end) for o in out)]
    return kept


def context_types(text: str, mentions: list[Mention]) -> list[Mention]:
    """Types and spans from the document around names spaCy typed by their look alone.

    A PERSON name right after an organisation noun is that ORG; a single-word PERSON followed by
    ", <country or state>" or "in <country or state>" is a place, and so is one after "in", "at",
    "from" when the document never writes it after a first name. The evidence holds for the whole
    document: every PERSON mention of that name takes the new type. "<X> Flight 574" names the
    airline X, and camel-case product words ("iPhone 4") are found wherever they are written.
    """
    from desktop_app.core import aliases

    out = sorted(mentions, key=lambda m: m.start)
    surnames = {m.name.split()[-1] for m in out if m.type == "PERSON" and " " in m.name}
    retyped: dict[str, str] = {}
    for k, m in enumerate(out):
        flight = _FLIGHT.search(m.text) if m.type in ("ORG", "PRODUCT", "PLACE", "PERSON") else None
        if flight and flight.start() > 0:
            head = m.text[:flight.start()]
            out[k] = m = Mention(m.start, m.start + len(head), head, "ORG", "ORG", " ".join(head.split()))
        if m.label != "PERSON" or m.type != "PERSON" or m.name in surnames:
            continue
        before = text[max(0, m.start - 40):m.start]
        if _ORG_KIND_BEFORE.search(before):
            retyped[m.name] = "ORG"
            continue
        if " " in m.name:
            continue
        after = _PLACE_AFTER.match(text, m.end)
        words = after.group(1).split() if after else []
        if any(aliases.is_known_place(aliases.normalise(" ".join(words[:n])))
               for n in range(len(words), 0, -1)):
            retyped[m.name] = "PLACE"
        elif _PLACE_PREPOSITION.search(before):
            retyped.setdefault(m.name, "PLACE")
    for k, m in enumerate(out):
        new = retyped.get(m.name)
        if new and m.type == "PERSON" and m.label == "PERSON":
            out[k] = dataclasses.replace(m, label="GPE" if new == "PLACE" else "ORG", type=new)
    for k, m in enumerate(out):  # "Qatria Airways ordered ... . Qatria has ...": the airline
        if m.type != "PLACE" or m.label != "GPE" or " " in m.name or not _SENTENCE_START.search(text[:m.start]):
            continue
        # the previous sentence's subject: the nearest mention before that opens a sentence
        org = next((o for o in reversed(out[:k]) if _SENTENCE_START.search(text[:o.start])), None)
        words = org.name.split() if org and org.type == "ORG" else []
        if (len(words) == 2 and words[0] == m.name and words[1] in _CARRIER_WORDS
                and len(_SENTENCE_END.findall(text, org.end, m.start)) == 1):
            out[k] = dataclasses.replace(m, label="ORG", type="ORG", name=org.name)
    out = widen_versions(text, out)
    taken = [(m.start, m.end) for m in out]
    added = []
    for hit in _CAMEL_WORD.finditer(text):
        a, b = hit.span()
        if any(s < b and a < e for s, e in taken):
            continue
        words = hit.group().split()
        name = _version_name(*words) if len(words) == 2 else words[0]
        added.append(Mention(a, b, hit.group(), "PRODUCT", "PRODUCT", name))
    out = sorted([*out, *added], key=lambda m: m.start) if added else out
    return widen_versions(text, out)
