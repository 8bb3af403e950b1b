"""Vocabulary and compiled regexes of the temporal tagger (rules and resolvers live in timex.py).

Patterns are only ever matched anchored at a token start near a trigger word (see TRIGGERS), and
they use no nested quantifiers over free text, so a failed match is cheap and tagging stays
linear in the text length.
"""
from __future__ import annotations

import re

MONTHS = {name: i + 1 for i, names in enumerate((
    "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
    "august aug", "september sep sept", "october oct", "november nov", "december dec",
)) for name in names.split()}
WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday"))}
SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
# Duration code and calendar granularity of each unit word (singular).
UNIT_GRAN = {"day": "day", "week": "week", "weekend": "week", "fortnight": "week", "month": "month",
             "quarter": "quarter", "year": "year", "decade": "decade", "century": "century"}
MOD_CODES = {"early": "START", "beginning": "START", "start": "START", "mid": "MID", "middle": "MID",
             "late": "END", "end": "END", "around": "APPROX", "circa": "APPROX", "approximately": "APPROX"}
_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = {w: 10 * (i + 2)
         for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
NUMBERS = {w: i for i, w in enumerate(_SMALL)} | _TENS | {
    "a": 1, "an": 1, "a couple of": 2, "couple of": 2, "a dozen": 12, "a hundred": 100, "one hundred": 100}
ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())} | {
    "twenty-first": 21, "twenty-second": 22, "final": 4, "latter": 2}


def unit_of(word: str) -> str:
    """Singular unit for a unit word: 'centuries' -> 'century', 'Years' -> 'year'."""
    w = word.lower()
    return "century" if w.startswith("centur") else w[:-1] if w.endswith("s") else w


def number_of(text: str) -> float | None:
    """Value of a number written in digits or words ('12', 'twenty-five', 'a'); None if unknown."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t.replace(".", "", 1).isdigit():
        return float(t) if "." in t else int(t)
    if t in NUMBERS:
        return NUMBERS[t]
    tens, _, ones = t.partition(" ")
    if tens in _TENS and ones in NUMBERS and NUMBERS[ones] < 10:
        return _TENS[tens] + NUMBERS[ones]
    return None


def ordinal_of(text: str) -> int | None:
    """Value of '3rd', 'third', 'twenty-first'."""
    t = text.lower()
    return int(t[:-2]) if t[:-2].isdigit() else ORDINALS.get(t)


# ---- fragments -----------------------------------------------------------------------------
_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WD = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NUM = ("(?i:" + "|".join(sorted(
    [w for w in NUMBERS if w not in ("a", "an")] + list(_TENS), key=len, reverse=True))
        + r")(?:-(?i:one|two|three|four|five|six|seven|eight|nine))?|\d{1,4}(?:\.\d)?|(?i:an?)")
_UNIT = r"(?i:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies))"
_UNIT_PL = r"(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries)"
_CAL_UNIT = r"(?i:day|week|weekend|month|quarter|year|decade|century)"
_POD = r"(?i:morning|afternoon|evening|night)"
_ORD = (r"\d{1,2}(?:st|nd|rd|th)|(?i:twenty-first|twenty-second|" + "|".join(sorted(
    (w for w in ORDINALS if "-" not in w), key=len, reverse=True)) + ")")
ORD = _ORD
_REL = r"(?i:this\s+past|this\s+coming|last|next|this|past|coming|previous|current)"


def _month(g: str = "mon") -> str:
    return rf"(?P<{g}>(?:{_MONTH_FULL})\b|(?:{_MONTH_ABBR})\b\.?)"


def _day(g: str = "day") -> str:
    return rf"(?P<{g}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![.,:]\d)"


def _year(g: str = "year") -> str:
    return rf"(?P<{g}>1[89]\d\d|20\d\d|2100)(?![\d%]|[.,:]\d)"


_WEEKDAY = rf"(?P<wd>{_WD})"
# early/mid/late, the beginning/middle/end of, around: an optional modifier before a date.
_MOD = (r"(?P<mod>(?i:early|late|mid)(?:-|\s+)|(?i:the\s+)?(?i:beginning|start|end|middle)\s+(?i:of)\s+"
        r"|(?i:around|circa|approximately)\s+(?![\w.]+['’]s\b))?")  # not "get around Monday's ruling"
# A day an attached clock time refers to (resolved again by the day rules).
_DAYREF = (rf"(?:{_WD}|(?i:today|yesterday|tomorrow)|(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)\s+"
           rf"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?)")
_CLOCK = (r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.|p\.m\.|a\.m|p\.m|am|pm))"
          r"(?![a-z])|(?P<nm>(?i:noon|midnight|midday))|(?<=\bat )(?P<h24>[01]\d|2[0-3]):(?P<m24>[0-5]\d)\b"
          r"|(?<=\bat )(?P<h2>1[0-2]|[1-9])(?:\s+(?i:o['’]clock))?\s+(?i:in\s+the)\s+"
          r"(?P<ipod>(?i:morning|afternoon|evening))\b)")


def _c(pattern: str) -> re.Pattern:
    return re.compile(pattern)


_YEARLESS_GUARD = r"(?<![$£€#\w.,/'’])"  # not part of a bigger number, an amount or a word
_HOLIDAY = (r"Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve)|Easter(?:\s+(?:Sunday|Monday))?"
            r"|Good\s+Friday|Black\s+Friday|Cyber\s+Monday|Thanksgiving(?:\s+Day)?|Halloween"
            r"|Valentine['’]s\s+Day|(?:Independence|Labou?r|Memorial|Canada|Boxing|Remembrance|Veterans"
            r"|Bastille)\s+Day")
# "nearly two years", "at least 30 days", "more than four decades ago": inside the span, as a mod.
_QUANT = (r"(?P<q>(?i:nearly|almost|more\s+than|less\s+than|fewer\s+than|up\s+to|at\s+least|at\s+most"
          r"|no\s+more\s+than|no\s+less\s+than|about|roughly|approximately|some|just\s+over|just\s+under)\s+)?")
QUANT_MODS = {"nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN", "less than": "LESS_THAN",
              "fewer than": "LESS_THAN", "up to": "EQUAL_OR_LESS", "at least": "EQUAL_OR_MORE",
              "at most": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "no less than": "EQUAL_OR_MORE",
              "about": "APPROX", "roughly": "APPROX", "approximately": "APPROX", "some": "APPROX",
              "just over": "MORE_THAN", "just under": "LESS_THAN"}
_OF_YEAR = r"(?P<{rel}>(?i:this|last|next|the))\s+(?i:year)"  # "of this year", "of the year"

P = {  # rule name -> compiled pattern; see RULES in timex.py for order and resolvers
    "iso": _c(r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
              r"(?:[T ](?P<hh>[0-2]\d):(?P<mi>[0-5]\d)(?::\d\d)?)?\b"),
    "slash": _c(r"(?<![\d/])(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>(?:19|20)\d\d)\b"),
    "day_range": _c(rf"{_month()}\s*{_day('d1')}\s*(?:-|–|—|(?i:to|through|until))\s*{_day('d2')}"
                    rf"(?:,?\s+{_year()})?"
                    rf"|(?<![\d,.$£€-]){_day('d3')}\s*(?:-|–|(?i:to))\s*{_day('d4')}"
                    rf"\s+{_month('mon2')}(?:,?\s+{_year('year2')})?"),
    "mdy": _c(rf"(?:{_WEEKDAY},?\s+)?{_month()}\s*{_day()}(?:,?\s+{_year()})?"),
    "dmy": _c(rf"(?:{_WEEKDAY},?\s+)?(?:(?i:the)\s+)?(?<![\d,.$£€-]){_day()}(?:\s+(?i:of))?\s+{_month()}"
              rf"(?:,?\s+{_year()})?"),
    "holiday": _c(rf"(?P<hol>{_HOLIDAY})\b(?:,?\s+{_year()})?"),
    "month_range": _c(rf"(?P<m1>{_MONTH_FULL})\s*(?:-|–|(?i:to|through|until|(?P<and>and)))\s*"
                      rf"(?P<m2>{_MONTH_FULL}),?\s+{_year()}"),
    "month_year": _c(rf"{_MOD}{_month()}(?:\s+(?i:of))?,?\s+{_year()}"),
    "month_rel": _c(rf"{_MOD}(?P<rel>{_REL})\s+(?P<mon>{_MONTH_FULL})\b(?:\s+{_day()}(?!,?\s+\d))?"
                    rf"|{_MOD.replace('mod', 'mod2')}(?P<mon2>{_MONTH_FULL})\s+(?:(?i:of)\s+)?"
                    rf"(?P<rel2>(?i:last|this|next))\s+(?i:year)\b"),
    "month": _c(rf"{_MOD}(?P<mon>{_MONTH_FULL})\b"),
    "year_range": _c(rf"{_MOD}{_YEARLESS_GUARD}{_year()}\s*[-–]\s*(?P<y2>\d{{4}}|\d\d)\b(?![.,]\d|%)"),
    "year": _c(rf"(?:(?P<pp>(?i:pre|post))-)?{_MOD}{_YEARLESS_GUARD}{_year()}(?!\w|-\d|\s*(?i:percent|per\s+cent))"),
    "decade": _c(rf"(?:(?i:the)\s+)?{_MOD}(?:(?P<dec>1\d\d0|20\d0)s|['’](?P<dec2>\d0)s|(?P<decw>(?i:"
                 r"twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)))\b"),
    "century": _c(rf"(?:(?i:the)\s+)?{_MOD}(?P<ord>{_ORD})[\s-]+(?i:century)\b"),
    "season": _c(rf"{_MOD}(?:(?P<rel>{_REL}|(?i:the|that))\s+)?"
                 rf"(?P<season>(?i:spring|summer|fall|autumn|winter))\b(?:\s+(?:(?i:of)\s+)?{_year()})?"),
    "half": _c(rf"\bH(?P<h>[12])\s+{_year()}"
               r"|(?:(?i:the)\s+)?(?P<hord>(?i:first|second|1st|2nd|latter|last))[\s-]+(?i:half)\s+(?i:of)\s+"
               rf"(?:{_year('year2')}|{_OF_YEAR.format(rel='hrel')})"),
    "rel_unit": _c(rf"{_MOD}(?P<edge>(?i:earlier|later)\s+)?(?P<rel>{_REL})\s+"
                   r"(?P<unit>(?i:week|weekend|month|quarter|year|decade|century))\b(?!-)"),
    "the_weekend": _c(r"(?i:the)\s+(?i:weekend)\b"),
    "mod_the_unit": _c(r"(?P<mod>(?i:the\s+)?(?i:beginning|start|end|middle)\s+(?i:of)\s+)(?i:the)\s+"
                       r"(?P<unit>(?i:week|month|year|decade|century))\b"),
    "anchor": _c(r"(?P<edge>(?i:earlier|later)\s+)?"
                 r"(?P<rel>(?i:the\s+(?:next|following|previous|preceding|same|prior)|that(?:\s+same)?))\s+"
                 rf"(?P<unit>{_CAL_UNIT}|{_POD}|{_WD})\b"
                 r"|(?i:the\s+day\s+)(?P<ba>(?i:before|after))(?=\s*[,.;:)]|\s*$)"),
    "ago": _c(rf"{_QUANT}(?:(?P<num>{_NUM}|(?i:several|a\s+few|a\s+couple\s+of|many|some))\s+)?(?P<unit>{_UNIT})\s+"
              r"(?P<orso>(?i:or\s+so)\s+)?(?P<dir>(?i:ago|earlier|later|from\s+now|hence))\b"),
    "duration": _c(rf"{_QUANT}(?P<the>(?i:the)\s+(?:(?i:past|last|next|coming|first|previous|following|final"
                   r"|latest|remaining|year-earlier|year-ago)\s+)?)?"
                   rf"(?<![\d,.$£€/])(?P<num>{_NUM})(?P<frac>\s+1/2|\s*½)?(?P<sep>[\s-]+)"
                   r"(?:(?i:more|additional|extra|further)\s+)?"  # "two more weeks": P2W
                   rf"(?P<unit>{_UNIT}|(?i:quarters)(?!-|\s+of\b))\b(?P<half>\s+(?i:and\s+a\s+half)\b)?"
                   r"(?P<tail>-(?i:long|old)|\s+(?i:old|of\s+age))?"),
    "duration_the": _c(rf"(?i:the)\s+(?P<rel>(?i:past|last|previous))\s+(?P<unit>{_CAL_UNIT})\b"),
    "duration_vague": _c(r"(?:(?i:several|a\s+few|a\s+couple\s+of|many|the\s+(?:past|last|next|coming)\s+"
                         r"(?:few|several))\s+"
                         rf"|(?<=\b[Ff]or\s)|(?<=\b[Ww]ithin\s))(?P<unit>{_UNIT_PL}|(?i:quarters))\b|\b(?P<unit2>{_UNIT_PL})-(?i:old|long)\b"
                         r"|\b(?P<unit3>(?i:hour|day|week|month|year))-(?i:long)\b"),  # "a day-long meeting": P1D
    # "over the years", "in the weeks before the vote": a vague duration (annotated 8 times of 8; AQUAINT,
    # 7 of them, leaves the determiner out, TimeBank's one keeps it)
    "the_units": _c(r"(?:(?<=\b[Ii]n\sthe\s)|(?<=\b[Oo]ver\sthe\s)|(?<=\b[Dd]uring\sthe\s)"
                    r"|(?<=\b[Tt]hroughout\sthe\s)|(?<=\b[Aa]round\sthe\s))"
                    r"(?P<unit>(?i:days|weeks|months|years|decades))\b"
                    r"(?![-’]|'(?!s\b)|\s+(?i:of|when|to\s+come|ahead|in\s+which|between)\b|\s+\d)"),
    "set_every": _c(rf"(?i:every|each)\s+(?P<other>(?i:other)\s+)?(?:(?P<num>{_NUM})\s+)?"
                    rf"(?P<unit>{_UNIT}|(?i:quarters?)|{_WD}|(?i:spring|summer|fall|autumn|winter)|{_POD}"
                    rf"|{_MONTH_FULL})\b"),
    "set_freq": _c(r"(?P<q>(?i:once|twice|three\s+times|four\s+times)|\d{1,2}\s+times)\s+"
                   rf"(?i:a|an|per|every|each)\s+(?P<unit>{_UNIT})\b"),
    "set_adv": _c(r"\b(?P<adv>annually|yearly|monthly|weekly|daily|nightly|hourly|quarterly|biweekly)\b"),
    "set_days": _c(rf"(?<=\b[Oo]n\s)(?P<wd>{_WD})s\b"),
    "ref_present": _c(r"\b(?:(?i:right\s+)?(?i:now)|(?i:currently|presently|nowadays)|(?i:at\s+present)"
                      r"|(?i:at\s+the\s+moment)|(?i:these\s+days))\b(?!-)"),
    "ref_past": _c(rf"\b(?:(?i:recently|lately)|(?i:recent)\s+{_UNIT_PL}|(?<=\b[Ii]n\s)(?i:the\s+past)"
                   rf"|(?:{_UNIT_PL})\s+(?i:ago)|(?i:long\s+ago))\b"),
    "ref_future": _c(r"(?<=\b[Ii]n\s)(?i:the\s+(?:near\s+|distant\s+)?future)\b"
                     r"|(?<=\b[IiOo][nf]\s)(?i:the\s+(?:near|short)[\s-]+term)\b(?!-)"
                     rf"|(?i:the\s+coming)\s+{_UNIT_PL}\b|(?i:the)\s+{_UNIT_PL}\s+(?i:ahead)\b"
                     rf"|(?:(?<=\b[Ii]n\s)|(?<=\b[Ff]or\s))(?i:coming)\s+(?:{_UNIT_PL}|(?i:quarters))\b"  # "slow in coming months"
                     r"|(?:(?<=\b[Ii]nto\s)|(?<=\b[Aa]bout\s)|(?<=\b[Tt]oward\s))(?i:the\s+future)\b(?!\s+of\b)"),
    "dayword": _c(r"(?:(?i:the\s+day\s+)(?P<ba>(?i:before|after))\s+)?"
                  rf"\b(?P<w>(?i:today|yesterday|tomorrow|tonight))\b(?:\s+(?P<pod>{_POD})\b)?"),
    "mid_pod": _c(rf"(?i:mid)[\s-]?(?P<pod>(?i:morning|afternoon))\b(?:,?\s+(?:(?i:on)\s+)?(?P<post>{_DAYREF}))?"),
    "part_of_day": _c(rf"(?P<rel>(?i:this|last|early\s+this|late\s+last))\s+(?P<pod>{_POD})\b"),
    "weekday": _c(rf"{_MOD}(?:(?P<rel>{_REL}|(?i:the\s+following|the\s+next|the\s+previous))\s+)?"
                  rf"{_WEEKDAY}(?!s\b)\b(?:\s+(?P<pod>{_POD})\b)?"),
    "time": _c(rf"(?:(?P<pre>{_DAYREF}),?\s+(?:(?i:at)\s+)?)?{_CLOCK}"
               r"(?:\s+(?P<tz>(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST)\b|(?i:local\s+time)))?"
               rf"(?:,?\s+(?:(?i:on)\s+)?(?P<post>{_DAYREF}))?"),
}

# Words that name a quantity, never a year: "177,000 signatures", "2025 people".
COUNT_NOUNS = frozenset("""people persons signatures votes voters troops soldiers jobs workers
residents cases deaths units copies members students families homes households dollars euros pounds
miles kilometres kilometers km feet meters metres tons tonnes acres barrels hectares points seats
pages words items respondents participants children men women employees patients refugees migrants
visitors tourists passengers vehicles cars guns rifles rounds missiles drones jets aircraft planes
ships companies firms businesses followers users subscribers views calls complaints incidents
arrests tests doses beds flights pieces times shares sq square yards calories hours minutes
kilograms kg pounds lbs bottles""".split())
# Words after which a number is a count ("more than 2000"), not a year.
QUANTITY_WORDS = frozenset("""than about nearly almost roughly approximately some over under just
only least most total additional another extra estimated number no. no # page room flight route
article section chapter model code lot""".split())
# Words before a bare month/season/weekday that make it a date ("since May", "this fall").
DATE_PREPS = frozenset("""in on since by until till through throughout during before after from to
between and or of early late mid last next this that past each every a an the for as around
following previous until ahead starting beginning end""".split())
# Nouns after "today's" that make it a generic present ("today's world").
GENERIC_PRESENT = frozenset("""world society economy market markets youth generation generations
politics climate environment culture standards technology kids children media age era landscape
workforce consumers young students teens business businesses families parents""".split())

# Trigger words: every rule's match contains a word of one of its categories (see RULES in
# timex.py), so rules are tried only at the few words before a trigger instead of everywhere.
_TRIGGER_WORDS = {
    "month": " ".join(MONTHS),
    "weekday": " ".join(WEEKDAYS),
    "weekdays": " ".join(d + "s" for d in WEEKDAYS),
    "season": " ".join(SEASON_CODES),
    "pod": "morning afternoon evening night",
    "dayword": "today yesterday tomorrow tonight",
    "unit": "second seconds minute minutes hour hours day days week weeks weekend weekends fortnight "
            "fortnights month months year years decade decades century centuries quarter quarters "
            "half halves",
    "ref": "now currently presently nowadays present moment recently lately recent past future ahead ago term",
    "decade_word": "twenties thirties forties fifties sixties seventies eighties nineties",
    "set_adv": "annually yearly monthly weekly daily nightly hourly quarterly biweekly",
    "holiday": "christmas new easter good black cyber thanksgiving independence labor labour memorial "
               "canada boxing remembrance veterans bastille halloween valentine",
    "clock": "noon midnight midday",
    "mid_pod": "midmorning midafternoon",
    "q": "q1 q2 q3 q4 h1 h2",
    "period": "period",
    "spelled": "nineteen eighteen thousand",
}
TRIGGERS = {w: category for category, words in _TRIGGER_WORDS.items() for w in words.split()}
# Words a match can start with besides triggers and digits (modifiers, determiners, numbers).
STARTERS = frozenset(TRIGGERS) | frozenset(NUMBERS) | frozenset(ORDINALS) | frozenset(
    """the a an early late mid beginning start end middle around circa approximately earlier later
    last next this past coming previous current that same following preceding prior every each once
    twice times several few many some couple dozen hundred right at these long recent fiscal calendar
    twenty thirty forty fifty sixty seventy eighty ninety its their latest same comparable
    corresponding full entire whole fiscal prior most nearly almost more less fewer up least most no
    about roughly just pre post""".split())
TOKEN = re.compile(r"(\w+|['’]\d\ds)")  # split() keeps the tokens
