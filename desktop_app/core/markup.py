"""Readable sentence text from Markdown source: the markup a reader should not see."""
from __future__ import annotations

import re

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
