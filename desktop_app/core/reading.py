"""Reading article files: finding them, decoding bytes, and spotting title, date and debris lines."""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import pathlib
import re
import unicodedata
from collections.abc import Iterable

from desktop_app.core import debris as debris_mod
from desktop_app.core.model import ParsedArticle

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
MARKDOWN_SUFFIXES = (".md", ".markdown")
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db", "icon\r"})
# No news article is this large; refusing early keeps one stray dump from stalling an import.
MAX_BYTES = 20 * 1024 * 1024
# Datelines sit in the page header; later date-only lines are body (e.g. a chronology).
DATELINE_LINES = 5
MAX_TITLE_CHARS = 200


class Rejected(Exception):
    """A file that cannot be imported; `reason` is one line for the import report."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------- finding files

def _sort_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def _skipped_name(name: str) -> bool:
    return name.startswith(".") or name.casefold() in SYSTEM_FILES


def find_article_files(paths: Iterable[str | os.PathLike]
                       ) -> tuple[list[pathlib.Path], list[tuple[pathlib.Path, str]]]:
    """Files to import (given files as-is, folders walked for .txt/.md) and (path, reason) problems."""
    found: list[pathlib.Path] = []
    problems: list[tuple[pathlib.Path, str]] = []
    seen: set[str] = set()

    def add(path: pathlib.Path) -> None:
        key = os.path.normcase(os.path.realpath(path))  # one file reached twice is read once
        if key not in seen:
            seen.add(key)
            found.append(path)

    for given in paths:
        path = pathlib.Path(given).absolute()
        try:
            if path.is_dir():
                _walk(path, add, problems)
            elif path.is_file():
                if os.access(path, os.R_OK):
                    add(path)
                else:
                    problems.append((path, "cannot read: Permission denied"))
            elif path.exists():
                problems.append((path, "not a regular file"))
            else:
                problems.append((path, "not found"))
        except OSError as exc:
            problems.append((path, f"cannot read: {exc.strerror or exc}"))
    return found, problems


def _walk(root: pathlib.Path, add, problems: list[tuple[pathlib.Path, str]]) -> None:
    def on_error(exc: OSError) -> None:
        problems.append((pathlib.Path(exc.filename or root), f"cannot read: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted((d for d in dirnames if not _skipped_name(d)), key=_sort_key)
        for name in sorted(filenames, key=_sort_key):
            if not _skipped_name(name) and name.lower().endswith(ARTICLE_SUFFIXES):
                add(pathlib.Path(dirpath, name))


# ---------------------------------------------------------------------------- decoding

# C0 controls other than whitespace, plus DEL: frequent in binaries, rare in text.
_CONTROL_BYTES = bytes(c for c in range(32) if c not in b"\t\n\r\f\v\x1a") + b"\x7f"
_MAX_CONTROL_SHARE = 0.05


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes to (text, encoding): UTF-8, UTF-16/32 with BOM, cp1252, then latin-1."""
    if not data.strip():
        raise Rejected("empty file")
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        # UTF-32-LE's BOM begins with UTF-16-LE's, so the longer ones are tried first.
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return _checked(text), encoding
    if b"\x00" in data or _control_share(data) > _MAX_CONTROL_SHARE:
        raise Rejected("binary file (not text)")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError:
            raise Rejected("cannot decode text (invalid UTF-8 after a UTF-8 byte-order mark)") from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return _checked(data.decode(encoding)), encoding
        except UnicodeDecodeError:
            pass
    # cp1252 leaves five bytes undefined; latin-1 maps them to C1 controls, fine if they are rare.
    text = data.decode("latin-1")
    if _control_share(data, extra=bytes(range(0x80, 0xA0))) > 0.01:
        raise Rejected("cannot decode text")
    return _checked(text), "latin-1"


def _control_share(data: bytes, extra: bytes = b"") -> float:
    controls = sum(data.count(c) for c in _CONTROL_BYTES + extra)
    return controls / max(1, len(data))


def _checked(text: str) -> str:
    if not text.strip():  # whitespace only once decoded, e.g. a UTF-16 file of spaces
        raise Rejected("empty file")
    return text


def read_file(path: str | os.PathLike) -> ParsedArticle:
    """Read, decode and parse one article file; raises Rejected with the reason."""
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise Rejected(f"file too large ({size / 1024 / 1024:.0f} MB; the limit is "
                           f"{MAX_BYTES // 1024 // 1024} MB)")
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise Rejected(f"cannot read: {exc.strerror or exc}") from None
    text, encoding = decode(data)
    return parse_text(text, os.fspath(path), encoding)


def content_hash(text: str) -> str:
    """sha256 of the text normalised (NFC, LF, no trailing spaces or edge blank lines)."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------- dates

_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_FORMS = (
    _MONTH + r"\s+(?P<d>\d{1,2})" + _ORD + r",?\s+(?P<y>\d{4})",
    r"(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<y>\d{4})",
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})",
)
_LABEL = r"(?:(?:published|posted|updated|last\s+updated|date|dated)(?:\s+on)?\s*:?\s*)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?(?:\s*\(?[a-z]{2,5}\)?)?)?"
_TRAIL = r"\s*[—–-]*\s*$"
# A line that is only a date, with optional label, weekday, time and trailing dash.
_DATE_LINES = [re.compile(r"^\s*" + _LABEL + r"(?:" + _WEEKDAY + r")?(?P<date>" + form + r")"
                          + _TIME + _TRAIL, re.IGNORECASE) for form in _DATE_FORMS]
# "OTTAWA, March 11, 2026 —" or "OTTAWA, Ont., Wednesday, March 11, 2026:": only the date is meta.
_PLACE = r"[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z. ]{1,20}?)?,\s*"
_PLACE_DATELINES = [re.compile(_PLACE + r"(?i:(?:" + _WEEKDAY + r")?(?P<date>" + form + r"))"
                               + r"\s*(?:[—–]|--?|:)") for form in _DATE_FORMS[:2]]


def _date_from_match(m: re.Match) -> dt.date | None:
    month = _MONTHS[m["mon"].lower()] if "mon" in m.re.groupindex else int(m["m"])
    try:
        day = dt.date(int(m["y"]), month, int(m["d"]))
    except ValueError:
        return None
    return day if 1800 <= day.year <= 2200 else None


def parse_date_line(line: str) -> dt.date | None:
    """The date when the whole line is a date (e.g. "Wednesday, March 11, 2026"), else None."""
    if len(line) > 120:
        return None
    for pattern in _DATE_LINES:
        m = pattern.match(line)
        if m:
            return _date_from_match(m)
    return None


def _place_dateline(line: str) -> tuple[dt.date, int, int] | None:
    head = line[:160]  # a place dateline opens a line; the bound keeps the match cheap
    for pattern in _PLACE_DATELINES:
        m = pattern.match(head)
        if m and (day := _date_from_match(m)):
            return day, m.start("date"), m.end("date")
    return None


def _parse_date_value(value: str) -> dt.date | None:
    """A front-matter date: ISO (with any time part) or a written date."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return parse_date_line(value)


# ---------------------------------------------------------------------------- parsing

_FRONT_MATTER_KEYS = {"title": "title", "date": "date", "published": "date", "pubdate": "date",
                      "published_at": "date", "source": "source", "outlet": "source",
                      "url": "url", "link": "url", "author": "author", "authors": "author"}


def parse_front_matter(text: str) -> tuple[dict[str, str], int]:
    """Simple `key: value` front matter between `---` lines at the top: (fields, end offset) or ({}, 0)."""
    lines = debris_mod.iter_lines(text)
    first = next(lines, None)
    if first is None or first[2].lstrip("\ufeff").rstrip() != "---":
        return {}, 0
    fields: dict[str, str] = {}
    for count, (start, end, line) in enumerate(lines):
        if count > 200:  # metadata blocks are short; a lone rule atop a long file is not one
            break
        if line.rstrip() in ("---", "..."):
            return fields, end
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in _FRONT_MATTER_KEYS and _FRONT_MATTER_KEYS[key] not in fields:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            if value:
                fields[_FRONT_MATTER_KEYS[key]] = value
    return {}, 0  # never closed: not front matter, just text that starts with a rule


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


def parse_text(text: str, path: str = "", encoding: str = "utf-8",
               markdown: bool | None = None) -> ParsedArticle:
    """Find title, publication date, metadata lines and debris in decoded text (left unchanged)."""
    if markdown is None:
        markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
    meta: list[tuple[int, int]] = []
    fields: dict[str, str] = {}
    body_start = 0
    if markdown:
        fields, body_start = parse_front_matter(text)
        if body_start:
            meta.append((0, body_start))

    published = _parse_date_value(fields["date"]) if "date" in fields else None
    how = "metadata" if published else "none"

    debris = debris_mod.find_debris(text, body_start)
    debris_starts = {start for start, _ in debris}
    lines = [(s, e, line) for s, e, line in debris_mod.iter_lines(text, body_start)
             if line.strip() and s not in debris_starts]

    # Datelines: date-only lines (and a place-led date) among the first lines of the page.
    dateline_starts = set()
    for start, end, line in lines[:DATELINE_LINES]:
        day = parse_date_line(_md_clean(line) if markdown else line)
        if day:
            meta.append((start, end))
            dateline_starts.add(start)
        elif (placed := _place_dateline(line)):
            day, d_start, d_end = placed
            meta.append((start + d_start, start + d_end))
        if day and published is None:
            published, how = day, "dateline"

    title = fields.get("title", "")
    if markdown and not title:
        title = next((_md_clean(line) for _, _, line in lines if re.match(r" {0,3}#[ \t]", line)), "")
    if not title:
        title = next((_md_clean(line) if markdown else line.strip()
                      for start, _, line in lines if start not in dateline_starts), "")
    if not title:
        title = pathlib.Path(path).stem if path else "Untitled"

    return ParsedArticle(
        path=path, title=_tidy_title(title), text=text, published=published, published_how=how,
        content_hash=content_hash(text), encoding=encoding,
        debris=tuple(debris), meta_spans=tuple(sorted(meta)))
