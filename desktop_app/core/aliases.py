"""Name knowledge for linking: normal forms, pycountry place aliases, demonyms, acronyms, company suffixes."""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

_QUOTE_MAP = str.maketrans({
    "’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})
_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.)+[^\W\d_]\b\.?")
_COMPACT_DROP = str.maketrans("", "", " -.'")


def normalise(name: str) -> str:
    """Comparison form of a name: case-folded, no diacritics, "U.S." -> "us", spaces collapsed."""
    s = name
    if not s.isascii():  # fast path: most names need no Unicode work
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).translate(_QUOTE_MAP)
    s = s.casefold()
    s = _ACRONYM.sub(lambda m: m.group().replace(".", ""), s)
    return " ".join(s.split())


def compact(norm: str) -> str:
    """A normal form without spaces, hyphens, dots or apostrophes ("Mac OSX" = "Mac OS X")."""
    return norm.translate(_COMPACT_DROP)


# --- Places -------------------------------------------------------------------------------
# Everyday names pycountry lacks (NOT from pycountry; maintained here): normal form -> alpha-2.
EVERYDAY_COUNTRY_NAMES = {
    "america": "US", "britain": "GB", "great britain": "GB", "russia": "RU", "turkey": "TR",
    "holland": "NL", "czech republic": "CZ", "ivory coast": "CI", "burma": "MM", "vatican": "VA",
    "macedonia": "MK", "cape verde": "CV", "swaziland": "SZ", "east timor": "TL", "palestine": "PS",
    "democratic republic of congo": "CD", "democratic republic of the congo": "CD", "dr congo": "CD",
}
# Everyday capitalised codes pycountry lacks (NOT from pycountry): letters -> alpha-2.
EVERYDAY_CODES = {"UK": "GB"}
# Codes trusted whatever spaCy's label; other ISO codes ("IT", "BA"...) only as GPE/LOC.
TRUSTED_CODES = frozenset({"US", "USA", "UK"})
# Display names where pycountry has no short common name (NOT from pycountry).
DISPLAY_NAMES = {"RU": "Russia", "TR": "Turkey", "PS": "Palestine", "CD": "DR Congo", "VA": "Vatican City"}
# Unions that are not countries (NOT from pycountry): normal form -> (canonical, type).
# Type decision: the EU is a geo-political union of countries, so a PLACE like them. MEANTIME
# (after ACE, where it is a GPE) annotates "EU"/"the European Union" as LOC; CoNLL-2003 says ORG.
UNIONS = {"eu": ("European Union", "PLACE"), "european union": ("European Union", "PLACE")}
# Aliases too ambiguous to trust unless spaCy called them a geopolitical entity
# ("America" also appears inside ORG names such as "Bank of America").
GPE_ONLY_ALIASES = frozenset({"america"})
_PLACE_LABELS = frozenset({"GPE", "LOC"})


@functools.cache
def _countries() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(normal name -> canonical, capital code -> canonical, alpha-2 -> canonical) from pycountry."""
    import pycountry

    by_name: dict[str, str] = {}
    by_code: dict[str, str] = {}
    canon: dict[str, str] = {}
    for c in pycountry.countries:
        display = DISPLAY_NAMES.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        canon[c.alpha_2] = display
        for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None), display):
            if n:
                by_name.setdefault(normalise(n), display)
        by_code[c.alpha_2] = by_code[c.alpha_3] = display
    for alias, code in EVERYDAY_COUNTRY_NAMES.items():
        by_name.setdefault(alias, canon[code])
    for letters, code in EVERYDAY_CODES.items():
        by_code[letters] = canon[code]
    return by_name, by_code, canon


@functools.cache
def subdivision_names() -> frozenset[str]:
    """Normal forms of pycountry's subdivision names (states, provinces, regions...)."""
    import pycountry

    return frozenset(normalise(s.name) for s in pycountry.subdivisions)


def place_alias(name: str, norm: str, label: str) -> tuple[str, str] | None:
    """(canonical name, type) of a country or union alias, or None; never for a PERSON label."""
    if label == "PERSON":
        return None
    union = UNIONS.get(norm)
    if union:
        return union
    by_name, by_code, _ = _countries()
    canonical = by_name.get(norm)
    if canonical:
        return None if norm in GPE_ONLY_ALIASES and label != "GPE" else (canonical, "PLACE")
    letters = name.replace(".", "").strip()
    if 2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper():
        canonical = by_code.get(letters)
        if canonical and (label in _PLACE_LABELS or letters in TRUSTED_CODES):
            return canonical, "PLACE"
    return None


def leading_place(norm: str) -> tuple[str, str] | None:
    """(canonical place, rest) when a multi-word name starts with a country: "us air force"."""
    by_name, _, _ = _countries()
    words = norm.split()
    for k in range(min(4, len(words) - 1), 0, -1):
        head = " ".join(words[:k])
        place = by_name.get(head) or (_TRUSTED_LOWER.get(head) if k == 1 else None)
        if place and head not in GPE_ONLY_ALIASES:
            return place, " ".join(words[k:])
    return None


_TRUSTED_LOWER = {"us": "United States", "usa": "United States", "uk": "United Kingdom"}


def is_known_place(norm: str) -> bool:
    """Whether a normal form names a country (pycountry or everyday) or a subdivision."""
    return norm in _countries()[0] or norm in UNIONS or norm in subdivision_names()


# Irregular demonyms (NOT from pycountry): normal form -> alpha-2.
_IRREGULAR_DEMONYMS = {
    "british": "GB", "english": "GB", "scottish": "GB", "welsh": "GB", "french": "FR", "dutch": "NL",
    "swiss": "CH", "greek": "GR", "irish": "IE", "spanish": "ES", "danish": "DK", "swedish": "SE",
    "finnish": "FI", "polish": "PL", "turkish": "TR", "thai": "TH", "filipino": "PH", "kiwi": "NZ",
    "israeli": "IL", "iraqi": "IQ", "pakistani": "PK", "saudi": "SA", "emirati": "AE", "afghan": "AF",
    "vietnamese": "VN", "chinese": "CN", "japanese": "JP", "portuguese": "PT", "taiwanese": "TW",
    "lebanese": "LB", "sudanese": "SD", "icelandic": "IS", "norwegian": "NO", "peruvian": "PE",
    "briton": "GB",
}
# Regular derivations from a country's one-word normal name `n`, most specific first, so that
# "Nigerian" is Nigeria's (n + "n") before it could be Niger's (n + "ian").
_DERIVATIONS = (
    lambda n: n + "n", lambda n: n[:-1] + "ian", lambda n: n + "ian", lambda n: n[:-1] + "an",
    lambda n: n + "ese", lambda n: n + "i", lambda n: n[:-1],
    lambda n: n[:-5] if n.endswith("istan") else n[:-4] if n.endswith("stan") else "",  # "Uzbek"
)


@functools.cache
def _demonyms() -> dict[str, str]:
    """Demonym -> canonical place, from irregulars plus regular suffixes of single-word names."""
    by_name, _, canon = _countries()
    out = {d: canon[c] for d, c in _IRREGULAR_DEMONYMS.items()}
    names = [(n, display) for n, display in by_name.items() if " " not in n and len(n) >= 4]
    for derive in _DERIVATIONS:
        for n, display in names:
            d = derive(n)
            if len(d) > 4 and d not in by_name:
                out.setdefault(d, display)
    return out


def demonym_place(text: str) -> str | None:
    """The country a demonym refers to ("Canadian" -> "Canada"), or None (also for place names)."""
    n = normalise(text)
    if " " in n or is_known_place(n):  # "Netherlands" is no plural of a demonym
        return None
    if n.endswith("s") and n[:-1] in _demonyms():  # "Canadians"
        n = n[:-1]
    return _demonyms().get(n)


def demonyms_of(place: str) -> frozenset[str]:
    """Normal-form demonyms of a canonical place name ("Canada" -> {"canadian"}), plurals apart."""
    return _demonyms_by_place().get(place, frozenset())


@functools.cache
def _demonyms_by_place() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for d, place in _demonyms().items():
        out.setdefault(place, set()).add(d)
    return {p: frozenset(ds) for p, ds in out.items()}


def find_demonyms(text: str, places: Iterable[str],
                  taken: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, str, str]]:
    """(start, end, place, demonym) for each capitalised demonym of `places` in `text` outside
    the `taken` spans (other names: "Canadian Pacific"): "Canadians" -> (…, "Canada", "Canadian")."""
    pattern, place_of = _demonym_pattern(frozenset(places))
    if pattern is None:
        return []
    out = []
    for hit in pattern.finditer(text):
        word = hit.group(1)
        if any(a < hit.end() and hit.start() < b for a, b in taken):
            continue
        if word[:1].isupper():  # "french fries" is no people
            form = word.lower()
            out.append((hit.start(), hit.end(), place_of[form], form[:1].upper() + form[1:]))
    return out


@functools.lru_cache(maxsize=64)
def _demonym_pattern(places: frozenset[str]) -> tuple[re.Pattern | None, dict[str, str]]:
    place_of = {d: p for p in places for d in demonyms_of(p)}
    if not place_of:
        return None, {}
    words = "|".join(sorted(map(re.escape, place_of), key=len, reverse=True))
    return re.compile(rf"(?<![\w’'-])({words})s?(?![\w’'-])", re.IGNORECASE), place_of


# --- Organisations ------------------------------------------------------------------------
# Legal-form and generic suffixes that do not change which company is meant.
COMPANY_SUFFIXES = frozenset({
    "inc", "inc.", "incorporated", "corp", "corp.", "corporation", "co", "co.", "company", "ltd",
    "ltd.", "limited", "llc", "plc", "group", "holdings", "nv", "n.v.", "ag", "sa", "s.a.", "gmbh",
    "lp", "llp", "pty", "se",
})
_SUFFIX_STRIP = ", "


def strip_company_suffix(norm: str) -> str:
    """"apple inc." -> "apple"; "aer lingus group plc" -> "aer lingus"; keeps at least one word."""
    words = norm.split()
    while len(words) > 1 and words[-1].strip(_SUFFIX_STRIP) in COMPANY_SUFFIXES:
        words.pop()
        words[-1] = words[-1].rstrip(",")
    return " ".join(words)


# Words that describe a company's trade after its name: "Delta Air Lines" is "Delta".
COMPANY_DESCRIPTORS = frozenset({
    "airlines", "airline", "airways", "computer", "computers", "systems", "system",
    "technologies", "technology", "wireless", "telecom", "telecommunications", "communications",
    "networks", "electronics", "industries", "enterprises", "international",
    "aerospace", "aviation", "motors", "motor", "automotive", "pharmaceuticals", "pharma", "energy",
    "entertainment", "media", "studios", "foods", "brands", "labs", "laboratories", "solutions",
    "services", "worldwide", "global", "corporate", "financial", "partners", "associates",
})


def spelling_variants(a: str, b: str) -> bool:
    """Same words up to one letter in long words: "defence"/"defense", "organisation"/"organization"."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or a == b:
        return a == b
    return all(x == y or (len(x) == len(y) >= 5 and sum(p != q for p, q in zip(x, y)) == 1)
               for x, y in zip(wa, wb))


def descriptor_stem(norm: str) -> str | None:
    """"apple computer" -> "apple", "delta air lines" -> "delta"; None without such a tail."""
    words = norm.split()
    cut = len(words)
    while cut > 1 and words[cut - 1] in COMPANY_DESCRIPTORS:
        cut -= 1
    return " ".join(words[:cut]) if cut < len(words) else None


_SKIP_WORDS = frozenset({"of", "and", "the", "for", "&"})
_ACRONYM_FORM = re.compile(r"(?:[A-Z]\.?){2,6}s?")


def acronym_letters(name: str) -> str | None:
    """"NORAD", "U.S.", "NGOs" -> their capital letters; None for anything else."""
    s = name.strip()
    if not _ACRONYM_FORM.fullmatch(s):
        return None
    letters = s.replace(".", "").rstrip("s")
    return letters if 2 <= len(letters) <= 6 else None


def initials(name: str) -> str:
    """Initials of a multi-word name, skipping of/and/the/for/& and company suffixes."""
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if w and not w.startswith("(")]
    while len(words) > 1 and words[-1].lower().strip(",") in COMPANY_SUFFIXES:
        words.pop()
    out = []
    for w in words:
        if w.lower() in _SKIP_WORDS:
            continue
        letters = w.replace(".", "")
        if letters.isalpha() and letters.isupper() and len(letters) <= 3:
            out.append(letters)  # "U.S. Air Force" -> "USAF"
        elif w[0].isalpha():
            out.append(w[0].upper())
    return "".join(out)


def loosely_spells(letters: str, name: str) -> bool:
    """Weaker evidence: the letters appear in order in the name, from its first ("NORAD")."""
    text = "".join(w for w in re.split(r"[\s\-]+", name.upper()) if w.lower() not in _SKIP_WORDS)
    if len(letters) < 3 or not text.startswith(letters[0]):
        return False
    pos = 0
    for ch in letters:
        pos = text.find(ch, pos) + 1
        if not pos:
            return False
    return True
