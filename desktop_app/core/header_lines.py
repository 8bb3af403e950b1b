"""Header lines copied along with an article: bylines, outlet lines and URL lines."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import urllib.parse

from desktop_app.core.datelines import parse_date_line

# A name word: capitalised, or a lower-case particle inside a name ("Ana de la Cruz").
_NAME = (r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|der|la|le|van|von|bin|al|and|&)){0,7}")
_SEPARATOR = r"\s*(?:,|\||—|–|·|/|\s-\s)\s*"
_BYLINE = re.compile(r"^\s*(?i:by|written\s+by|words\s+by|reporting\s+by|author)\s*:?\s+"
                     r"(?P<name>" + _NAME + r")(?:(?P<sep>" + _SEPARATOR + r")(?P<rest>[^.!?]{1,80}?))?\s*$")
# Job titles after a byline's comma are not outlets ("By Jane Doe, Staff Reporter").
_ROLE = re.compile(r"\b(?:reporter|correspondent|editor|writer|staff|columnist|contributor|"
                   r"photographer|special\s+to|bureau|chief|intern|freelance)\b", re.IGNORECASE)
# "Xinhua Writer Li Ming", "Sportswriter Li Ming": a role (and its outlet) before the name.
_ROLE_PREFIX = re.compile(r"^(?P<outlet>(?:[A-Z][\w&'’.-]*\s+){0,3}?)(?:staff\s+|sports?\s*)?"
                          r"(?:writers?|sportswriters?|correspondents?|reporters?|editors?|columnists?)"
                          r"\s+(?=[A-Z])", re.IGNORECASE)
# After a comma, another person's name and an outlet look alike; outlets mostly carry one of these.
_OUTLET_WORDS = re.compile(r"\b(?:news|times|post|herald|daily|courier|journal|gazette|press|wire|"
                           r"agency|tribune|echo|express|telegraph|guardian|review|weekly|magazine|"
                           r"radio|tv|television|network|media|online|chronicle|observer|standard|"
                           r"mail|star|sun|record|bulletin|reuters|afp|ap|bbc|cnn|xinhua)\b",
                           re.IGNORECASE)
_NOT_NAMES = re.compile(r"^(?:the|this|that|then|monday|tuesday|wednesday|thursday|friday|saturday|"
                        r"sunday|january|february|march|april|may|june|july|august|september|"
                        r"october|november|december|noon|midnight|now|far|late|early)\b",
                        re.IGNORECASE)
_URL = r"<?(?P<url>https?://[^\s<>\"]+?)>?"
_URL_LINE = re.compile(r"^\s*(?:(?i:url|link|permalink|source|original|originally\s+published\s+"
                       r"(?:at|on)|read\s+(?:it|this|more)\s+(?:at|on))\s*:?\s*)?" + _URL + r"\s*$")
_OUTLET_LINE = re.compile(r"^\s*(?i:source|outlet|publication|publisher|published\s+(?:by|in)|"
                          r"via|originally\s+published\s+(?:by|in))\s*:?\s+(?P<name>.+?)\s*$")
# "OTTAWA (Reuters) —": a wire service or outlet in parentheses after the place.
_PLACE_OUTLET = re.compile(r"^\s*[A-Z][A-Z .,'’-]{1,40}?\s*(?P<paren>\((?P<name>[A-Z][\w .&'’-]{1,40})\))"
                           r"\s*(?:[—–:]|--?)")
_PAIR_SPLIT = re.compile(r"\s+[|·•]\s+|\s+[—–]\s+")
MAX_OUTLET_WORDS = 6


@dataclasses.dataclass(frozen=True)
class HeaderLine:
    """What one header line says; `span` is the part of the line to keep out of extraction."""

    span: tuple[int, int]
    author: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None


def _outlet_name(text: str) -> str:
    text = text.strip().strip("*_").strip()
    words = text.split()
    if (not words or len(words) > MAX_OUTLET_WORDS or not text[0].isupper() or _ROLE.search(text)
            or text.endswith((".", "!", "?"))):
        return ""
    return text


def byline(line: str) -> HeaderLine | None:
    """ "By Jane Doe", "By Jane Doe, Lakeford Courier", "By Jane Doe | March 11, 2026"."""
    if len(line) > 120:
        return None
    m = _BYLINE.match(line)
    if not m or _NOT_NAMES.match(m["name"]):
        return None
    name, rest = m["name"].strip(), (m["rest"] or "").strip()
    outlet = ""
    if (role := _ROLE_PREFIX.match(name)):
        outlet, name = _outlet_name(role["outlet"]), name[role.end():]
    day = parse_date_line(rest) if rest else None
    if rest and not day:
        if m["sep"].strip() != "," or _OUTLET_WORDS.search(rest):
            outlet = _outlet_name(rest) or outlet
        elif not _ROLE.search(rest) and _outlet_name(rest):
            name = f"{name}, {rest}"  # "By Jane Doe, Tom Roe": two authors
    return HeaderLine((0, len(line)), author=name, outlet=outlet, published=day)


def url_line(line: str) -> HeaderLine | None:
    """A line that is only a URL, possibly labelled ("Source: https://…")."""
    m = _URL_LINE.match(line)
    if not m or len(m["url"]) > 2000:
        return None
    return HeaderLine((0, len(line)), url=m["url"].rstrip(".,;)"))


def outlet_line(line: str) -> HeaderLine | None:
    """ "Source: Lakeford Courier", "Published by …", or "Outlet | March 11, 2026" (either order)."""
    if len(line) > 120:
        return None
    m = _OUTLET_LINE.match(line)
    if m and (name := _outlet_name(m["name"])):
        return HeaderLine((0, len(line)), outlet=name)
    parts = _PAIR_SPLIT.split(line.strip())
    if len(parts) == 2:
        for date_part, name_part in (parts, parts[::-1]):
            if (day := parse_date_line(date_part)) and (name := _outlet_name(name_part)):
                return HeaderLine((0, len(line)), outlet=name, published=day)
    return None


def place_outlet(line: str) -> HeaderLine | None:
    """The "(Reuters)" of "OTTAWA (Reuters) — …"; only the parenthesis is metadata."""
    m = _PLACE_OUTLET.match(line[:120])
    if not m or not (name := _outlet_name(m["name"])):
        return None
    return HeaderLine((m.start("paren"), m.end("paren")), outlet=name)


def url_host(url: str) -> str:
    """The host of a URL without "www.", as an outlet name of last resort ("" if none)."""
    try:
        host = urllib.parse.urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
