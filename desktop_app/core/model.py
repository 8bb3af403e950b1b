"""Plain, frozen data that crosses layers: articles, time expressions, mentions, events."""
from __future__ import annotations

import dataclasses
import datetime as dt

# How an article's publication date was obtained. On import the first found wins, in the order
# metadata (front matter, HTML meta tags, JSON fields), dateline, a date in the article's URL.
PUBLISHED_HOW = ("dateline", "metadata", "url", "user", "inferred", "none")

# Entity types shown to the user; spaCy labels map onto these (see core.entities).
ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "PRODUCT", "AMOUNT")

# Granularities of a resolved date interval, finest first.
GRANULARITIES = ("time", "day", "week", "month", "season", "quarter", "half", "year", "decade", "century")


@dataclasses.dataclass(frozen=True)
class ParsedArticle:
    """An article as read from a file, before extraction.

    `text` is the decoded file text, unchanged (for HTML, JSON and PDF: the article text extracted
    from the file). `debris` and `meta_spans` are character ranges of `text` (web debris;
    dateline, byline, outlet, URL and front-matter lines) that extraction must ignore.
    """

    path: str
    title: str
    text: str
    published: dt.date | None
    published_how: str
    content_hash: str
    encoding: str
    debris: tuple[tuple[int, int], ...] = ()
    meta_spans: tuple[tuple[int, int], ...] = ()
    outlet: str = ""  # publication or site name; a URL host when nothing better is known
    url: str = ""
    author: str = ""

    def extraction_text(self) -> str:
        """The text with debris and metadata lines blanked, so offsets still index `text`."""
        return blank_ranges(self.text, self.debris + self.meta_spans)


def blank_ranges(text: str, ranges: tuple[tuple[int, int], ...]) -> str:
    """Replace every non-newline character inside `ranges` with a space."""
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        for i in range(max(0, start), min(len(chars), end)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


@dataclasses.dataclass(frozen=True)
class Timex:
    """A time expression found in a text, normalised TimeML-style.

    `begin`/`end_date` form a half-open day interval (None when unresolved or not a DATE/TIME).
    """

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # e.g. 2025-04, 2026-FA, 2026-03-11, P3Y, PRESENT_REF, XXXX-04
    mod: str | None = None  # START, MID, END, APPROX, ...
    begin: dt.date | None = None
    end_date: dt.date | None = None
    granularity: str | None = None  # one of GRANULARITIES

    @property
    def resolved(self) -> bool:
        return self.begin is not None and self.end_date is not None


@dataclasses.dataclass(frozen=True)
class Mention:
    """A named-entity mention: `text` is the exact slice, `name` its cleaned name."""

    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, FAC, MONEY, PERCENT, QUANTITY
    type: str  # one of ENTITY_TYPES
    name: str  # surface name without possessive, leading article or title
    role: str = ""  # a title or role written before the name ("Prime Minister"), if any


@dataclasses.dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class Event:
    """A sentence anchored to the time expression that dates it.

    For a range ("from 2019 to 2021": two Timex) `timex` is the start expression and
    `begin`/`end_date` span the whole range; None means "the interval of `timex`" (see `interval`).
    An event dated by its article's publication day has no timex and always sets begin/end_date.
    `flags` come from core.modality.FLAGS. `open_end`: "since April 2025", so `end_date` is the
    publication day + 1 and the happening may go on after it; `open_start`: "until March 2027",
    so `begin` is the publication day and it began at an unknown time before. The UI fades them.
    """

    start: int
    end: int
    text: str
    timex: Timex | None
    mention_indexes: tuple[int, ...]  # indexes into the article's mentions list
    begin: dt.date | None = None  # range start when the event spans a range
    end_date: dt.date | None = None  # range end (exclusive)
    flags: tuple[str, ...] = ()
    open_start: bool = False
    open_end: bool = False

    @property
    def interval(self) -> tuple[dt.date | None, dt.date | None]:
        """The event's half-open day interval: the range's if set, else its timex's."""
        if (self.begin is not None and self.end_date is not None) or self.timex is None:
            return self.begin, self.end_date
        return self.timex.begin, self.timex.end_date


@dataclasses.dataclass(frozen=True)
class Extraction:
    """Everything extraction finds in one article; offsets index ParsedArticle.text."""

    timexes: tuple[Timex, ...]
    mentions: tuple[Mention, ...]
    sentences: tuple[Sentence, ...]
    events: tuple[Event, ...]
    # Sentences dated only by an unresolved expression ("last April" in an undated article): not
    # on the timeline by themselves, but another article's report of the same happening can
    # take them as a source (see core.event_merge). Their interval is (None, None).
    floating: tuple[Event, ...] = ()
