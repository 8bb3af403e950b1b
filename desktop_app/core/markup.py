"""Readable sentence text from Markdown source: the markup a reader should not see."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\s]{0,2000}(?:\s+\"[^\"\n]{0,200}\")?\)")
_EMPHASIS = re.compile(r"(\*\*|\*|`)(?=\S)([^*`\n]{1,500}?)(?<=\S)\1"
                       # Underscores inside words (snake_case) are not emphasis in Markdown.
                       r"|(?<!\w)(__|_)(?=\S)([^_\n]{1,500}?)(?<=\S)\3(?!\w)")
_BLOCK_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)")
_SPACES = re.compile(r"\s+")


def plain(markdown_text: str) -> str:
    """Drop heading, quote and list markers, emphasis and link syntax; collapse whitespace."""
    text = _BLOCK_PREFIX.sub("", markdown_text)
    text = _LINK.sub(r"\1", text)
    previous = None
    while previous != text:  # nested emphasis (***x***) unwraps one layer per pass
        previous, text = text, _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), text)
    return _SPACES.sub(" ", text).strip()


def is_markdown(path: str) -> bool:
    return path.lower().endswith((".md", ".markdown"))


@dataclasses.dataclass(frozen=True)
class Layout:
    """How to show Markdown source formatted without moving a character.

    `hidden`: (start, end, replacement) runs of markup to leave out (a list marker becomes "• ");
    `marks`: (start, end, kind, detail) formatting of visible text: h1..h6, strong, em, code,
    quote, link (detail: the URL). Offsets index the source, so highlights stay exact.
    """

    hidden: tuple[tuple[int, int, str], ...] = ()
    marks: tuple[tuple[int, int, str, str], ...] = ()


_HEADING = re.compile(r"( {0,3})(#{1,6})([ \t]+)(.*?)([ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"( {0,3})>[ \t]?")
_BULLET = re.compile(r"( {0,3})[-*+]([ \t]+)(?=\S)")
_INLINE_LINK = re.compile(r"(!?)\[([^\]\n]{0,500})\]\(([^)\s]{0,2000})(?:\s+\"[^\"\n]{0,200}\")?\)")
_INLINE_EMPHASIS = re.compile(r"(\*\*|\*|`)(?=\S)([^*`\n]{1,500}?)(?<=\S)\1"
                              r"|(?<!\w)(__|_)(?=\S)([^_\n]{1,500}?)(?<=\S)\3(?!\w)")
_EMPHASIS_KIND = {"**": "strong", "__": "strong", "*": "em", "_": "em", "`": "code"}


def layout(text: str, skip: Sequence[tuple[int, int]] = ()) -> Layout:
    """The formatting of Markdown `text`, line by line; lines overlapping `skip` (front matter,
    debris) are left as they are."""
    hidden: list[tuple[int, int, str]] = []
    marks: list[tuple[int, int, str, str]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip() or any(s < end and start < e for s, e in skip):
            continue
        body = start
        if m := _HEADING.fullmatch(line):
            hidden.append((start, start + m.end(3), ""))
            if m.group(5):
                hidden.append((start + m.start(5), start + m.end(5), ""))
            marks.append((start + m.start(4), start + m.end(4), f"h{len(m.group(2))}", ""))
            body = start + m.start(4)
        elif m := _QUOTE.match(line):
            hidden.append((start, start + m.end(), ""))
            marks.append((start + m.end(), end, "quote", ""))
            body = start + m.end()
        elif m := _BULLET.match(line):
            hidden.append((start, start + m.end(), m.group(1) + "• "))
            body = start + m.end()
        _inline(text, body, end, hidden, marks)
    return Layout(tuple(sorted(hidden)), tuple(sorted(marks)))


def _inline(text: str, start: int, end: int, hidden: list, marks: list) -> None:
    """Links, then emphasis outside links, within text[start:end]."""
    taken: list[tuple[int, int]] = []
    for m in _INLINE_LINK.finditer(text, start, end):
        label_start, label_end = m.start(2), m.end(2)
        hidden += [(m.start(), label_start, ""), (label_end, m.end(), "")]
        marks.append((label_start, label_end, "em" if m.group(1) else "link", m.group(3)))
        taken.append((m.start(), m.end()))
    for m in _INLINE_EMPHASIS.finditer(text, start, end):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        delimiter = m.group(1) or m.group(3)
        inner = 2 if m.group(1) else 4
        hidden += [(m.start(), m.start(inner), ""), (m.end(inner), m.end(), "")]
        marks.append((m.start(inner), m.end(inner), _EMPHASIS_KIND[delimiter], ""))
