"""Plain text and Markdown: title, dateline, byline, outlet and URL lines, front matter, debris."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pathlib
import re
import unicodedata

from desktop_app.core import debris as debris_mod
from desktop_app.core import header_lines
from desktop_app.core.datelines import parse_date_line, parse_date_value, place_dateline, url_date
from desktop_app.core.model import ParsedArticle

MARKDOWN_SUFFIXES = (".md", ".markdown")
# Datelines sit in the page header; later date-only lines are body (e.g. a chronology).
DATELINE_LINES = 5
# Bylines, outlet and URL lines sit among the first lines too (a URL line also at the very end).
HEADER_LINES = 8
FOOTER_LINES = 2
MAX_TITLE_CHARS = 200


@dataclasses.dataclass(frozen=True)
class Metadata:
    """What a file says about its article outside the text (front matter, meta tags, JSON fields)."""

    title: str = ""
    published: dt.date | None = None
    outlet: str = ""
    url: str = ""
    author: str = ""


def content_hash(text: str) -> str:
    """sha256 of the text normalised (NFC, LF, no trailing spaces or edge blank lines)."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------- front matter

_FRONT_MATTER_KEYS = {"title": "title", "date": "date", "published": "date", "pubdate": "date",
                      "published_at": "date", "date_publish": "date", "source": "source",
                      "outlet": "source", "site": "source", "site_name": "source",
                      "publication": "source", "url": "url", "link": "url",
                      "canonical_url": "url", "author": "author", "authors": "author",
                      "byline": "author"}


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value.startswith("[") and value.endswith("]"):  # a flow list: authors: [Jane Doe, Tom Roe]
        return ", ".join(_unquote(v) for v in value[1:-1].split(",") if v.strip())
    return value


def parse_front_matter(text: str) -> tuple[dict[str, str], int]:
    """Simple `key: value` front matter between `---` lines at the top: (fields, end offset) or ({}, 0).

    Enough YAML for article metadata: scalars, quoted scalars, `[a, b]` and `- item` lists."""
    lines = debris_mod.iter_lines(text)
    first = next(lines, None)
    if first is None or first[2].lstrip("\ufeff").rstrip() != "---":
        return {}, 0
    fields: dict[str, str] = {}
    list_key = None  # the known key whose `- item` lines follow
    for count, (start, end, line) in enumerate(lines):
        if count > 200:  # metadata blocks are short; a lone rule atop a long file is not one
            break
        if line.rstrip() in ("---", "..."):
            return fields, end
        item = re.match(r"^\s+-\s+(.+)$", line)
        if item and list_key:
            value = _unquote(item[1])
            fields[list_key] = f"{fields[list_key]}, {value}" if fields.get(list_key) else value
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        list_key = None
        if sep and key in _FRONT_MATTER_KEYS and _FRONT_MATTER_KEYS[key] not in fields:
            value = _unquote(value)
            if value:
                fields[_FRONT_MATTER_KEYS[key]] = value
            else:
                list_key = _FRONT_MATTER_KEYS[key]
    return {}, 0  # never closed: not front matter, just text that starts with a rule


# ---------------------------------------------------------------------------- parsing

_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_MD_EMPHASIS = "*_`"


def _md_clean(line: str) -> str:
    m = _MD_HEADING.match(line)
    if m:
        line = m.group(2)
    return line.strip().strip(_MD_EMPHASIS).strip()


def _tidy_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) > MAX_TITLE_CHARS:  # a file without a headline: its first paragraph, cut short
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return title


def _header_line(line: str, first: bool) -> header_lines.HeaderLine | None:
    # The first line is the headline, whatever it starts with ("By royal appointment: …").
    return ((None if first else header_lines.byline(line)) or header_lines.url_line(line)
            or header_lines.outlet_line(line))


def parse_text(text: str, path: str = "", encoding: str = "utf-8", markdown: bool | None = None,
               metadata: Metadata | None = None) -> ParsedArticle:
    """Find title, publication date, metadata lines and debris in decoded text (left unchanged).

    `metadata` (from HTML meta tags or JSON fields) wins over what the text's own lines say."""
    if markdown is None:
        markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
    meta_spans: list[tuple[int, int]] = []
    fields, body_start = parse_front_matter(text)
    if body_start:
        meta_spans.append((0, body_start))
    given = metadata or Metadata()
    published = given.published or (parse_date_value(fields["date"]) if "date" in fields else None)
    how = "metadata" if published else "none"
    found = {"outlet": given.outlet or fields.get("source", ""), "url": given.url or fields.get("url", ""),
             "author": given.author or fields.get("author", "")}
    in_text: dict[str, str] = {}

    debris = debris_mod.find_debris(text, body_start)
    debris_starts = {start for start, _ in debris}
    lines = [(s, e, line) for s, e, line in debris_mod.iter_lines(text, body_start)
             if line.strip() and s not in debris_starts]

    meta_lines = set()  # starts of whole lines that are metadata, never the title
    datelines_seen = 0
    footer = len(lines) - FOOTER_LINES
    for i, (start, end, line) in enumerate(lines):
        if HEADER_LINES <= i < footer:
            continue
        clean = _md_clean(line) if markdown else line
        header = _header_line(clean, i == 0) if i < HEADER_LINES else header_lines.url_line(clean)
        day = None
        if header is None and i < HEADER_LINES and datelines_seen < DATELINE_LINES:
            datelines_seen += 1
            if (day := parse_date_line(clean)):
                meta_spans.append((start, end))
                meta_lines.add(start)
            elif (placed := place_dateline(line)):
                day, d_start, d_end = placed
                meta_spans.append((start + d_start, start + d_end))
            header = header_lines.place_outlet(line)
        if header is not None:
            if header.span == (0, len(clean)):
                meta_spans.append((start, end))
                meta_lines.add(start)
            else:
                meta_spans.append((start + header.span[0], start + header.span[1]))
            day = day or header.published
            for key in found:  # the first line that says it counts
                in_text[key] = in_text.get(key) or getattr(header, key)
        if day and published is None:
            published, how = day, "dateline"

    for key, value in in_text.items():
        found[key] = found[key] or value
    if published is None and found["url"] and (day := url_date(found["url"])):
        published, how = day, "url"
    # A name the outlet wrote beats a host name guessed from its URL.
    outlet = found["outlet"] or header_lines.url_host(found["url"])

    title = given.title or fields.get("title", "")
    if markdown and not title:
        title = next((_md_clean(line) for s, _, line in lines
                      if s not in meta_lines and re.match(r" {0,3}#[ \t]", line)), "")
    if not title:
        title = next((_md_clean(line) if markdown else line.strip()
                      for start, _, line in lines if start not in meta_lines), "")
    if not title:
        title = pathlib.Path(path).stem if path else "Untitled"

    return ParsedArticle(
        path=path, title=_tidy_title(title), text=text, published=published, published_how=how,
        content_hash=content_hash(text), encoding=encoding,
        debris=tuple(debris), meta_spans=tuple(sorted(meta_spans)),
        outlet=outlet, url=found["url"], author=found["author"])
