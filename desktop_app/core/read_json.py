"""Scraper exports (news-please, trafilatura and the like): one article per JSON object."""
from __future__ import annotations

import json
from collections.abc import Iterator

from desktop_app.core.datelines import parse_date_value
from desktop_app.core.decoding import Rejected, decode
from desktop_app.core.model import ParsedArticle
from desktop_app.core.read_text import Metadata, parse_text

TEXT_KEYS = ("maintext", "text", "content", "body")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date_publish", "date", "published", "published_at", "pubdate", "datePublished")
URL_KEYS = ("url", "link", "canonical_url")
SITE_KEYS = ("source_domain", "site", "sitename", "site_name", "outlet", "publisher", "hostname")
AUTHOR_KEYS = ("authors", "author", "byline")
# Containers some exporters wrap their article list in.
LIST_KEYS = ("articles", "items", "results", "data", "entries", "documents")
MAX_FIELDS_NAMED = 12

Item = ParsedArticle | Rejected


def _string(obj: dict, keys: tuple[str, ...]) -> str:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, list):  # authors: ["Jane Doe", "Tom Roe"]
            value = ", ".join(str(v).strip() for v in value if isinstance(v, (str, int)) and str(v).strip())
        elif isinstance(value, dict):  # publisher: {"name": ...}
            value = value.get("name")
        if isinstance(value, (str, int, float)) and str(value).strip():
            return " ".join(str(value).split()) if key not in TEXT_KEYS else str(value).strip()
    return ""


def _objects(value) -> list:
    if isinstance(value, dict):
        for key in LIST_KEYS:
            if isinstance(value.get(key), list) and not _string(value, TEXT_KEYS):
                return value[key]
        return [value]
    if isinstance(value, list):
        return value
    raise Rejected(f"unknown JSON shape: a {type(value).__name__}, not an object or a list of objects")


def _loads(text: str) -> object:
    """json.loads, with nesting too deep for the parser's recursion reported as malformed JSON."""
    try:
        return json.loads(text)
    except RecursionError:  # "[[[[...": found by tests/core/test_linear_time.py
        raise ValueError("nested too deeply") from None


def _parse_lines(text: str) -> Iterator[tuple[int, object]]:
    """(line number, value or Rejected) for every non-blank line of JSON Lines."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield number, _loads(line)
            except ValueError as exc:
                yield number, Rejected(f"malformed JSON on line {number}: {exc}")


def _article(obj, path: str, encoding: str) -> ParsedArticle:
    if not isinstance(obj, dict):
        raise Rejected(f"unknown JSON shape: a {type(obj).__name__}, not an object", path)
    body = _string(obj, TEXT_KEYS)
    if not body:
        fields = ", ".join(sorted(obj)[:MAX_FIELDS_NAMED]) + (", …" if len(obj) > MAX_FIELDS_NAMED else "")
        raise Rejected(f"unknown JSON shape: no article text (fields found: {fields or 'none'}; "
                       f"expected one of {', '.join(TEXT_KEYS)})", path)
    title = _string(obj, TITLE_KEYS)
    date = _string(obj, DATE_KEYS)
    meta = Metadata(title=title, published=parse_date_value(date) if date else None,
                    outlet=_string(obj, SITE_KEYS), url=_string(obj, URL_KEYS),
                    author=_string(obj, AUTHOR_KEYS))
    # The headline is part of the article as read, as in a text file; the body may hold it already.
    stored = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    return parse_text(stored, path, encoding, markdown=False, metadata=meta)


def read_json(data: bytes, path: str, lines: bool | None = None) -> list[Item]:
    """Articles from a JSON or JSON Lines file; a bad object is a Rejected with its `path#N`."""
    text, encoding = decode(data)
    if lines is None:
        lines = path.lower().endswith((".jsonl", ".ndjson"))
    values: list[tuple[int, object]]
    if not lines:
        try:
            values = [(1, _loads(text))]
        except ValueError as exc:
            # A .json file of one object per line (JSON Lines under the wrong name) is still read.
            parsed = list(_parse_lines(text))
            if len(parsed) < 2 or any(isinstance(v, Rejected) for _, v in parsed):
                raise Rejected(f"malformed JSON: {exc}") from None
            values = parsed
        if len(values) == 1:
            values = list(enumerate(_objects(values[0][1]), start=1))
    else:
        values = list(_parse_lines(text))
        if values and all(isinstance(v, Rejected) for _, v in values):
            raise values[0][1]
    if not values:
        raise Rejected("no articles in the JSON file (empty list)")
    many = len(values) > 1
    items: list[Item] = []
    for number, value in values:
        item_path = f"{path}#{number}" if many else path
        try:
            if isinstance(value, Rejected):
                raise Rejected(value.reason, item_path)
            items.append(_article(value, item_path, encoding))
        except Rejected as exc:
            items.append(exc)
    if all(isinstance(item, Rejected) for item in items) and many:
        raise _summary(items)
    return items


def _summary(items: list[Item]) -> Rejected:
    """One file-level rejection when no object in the file is an article."""
    reasons = {item.reason for item in items}
    first = items[0].reason
    if len(reasons) == 1:
        return Rejected(first)
    return Rejected(f"{first} (and {len(items) - 1} more objects rejected)")
