"""PDFs of printed articles: the text layer, without page furniture or line-end hyphens."""
from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter

from desktop_app.core.decoding import Rejected
from desktop_app.core.model import ParsedArticle
from desktop_app.core.read_text import Metadata, parse_text

# Headers and footers sit among the first and last lines of a page.
EDGE_LINES = 3
# A line repeated at the edge of at least this share of pages is furniture, not text.
REPEAT_SHARE = 0.5
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$",
                          re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", ":", "\"", "”", "’", ")")


def _furniture_key(line: str) -> str:
    # Page numbers and dates change from page to page; the rest of a running head does not.
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines repeated at the top or bottom of most pages."""
    repeated: set[str] = set()
    if len(pages) >= 2:
        counts: Counter[str] = Counter()
        for lines in pages:
            filled = [line for line in lines if line.strip()]
            counts.update({_furniture_key(line) for line in filled[:EDGE_LINES] + filled[-EDGE_LINES:]})
        needed = max(2, math.ceil(len(pages) * REPEAT_SHARE))
        repeated = {key for key, n in counts.items() if n >= needed}
    kept_pages = []
    for lines in pages:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edges = set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])
        kept_pages.append([line for i, line in enumerate(lines)
                           if i not in edges or not (_furniture_key(line) in repeated
                                                     or _PAGE_NUMBER.match(line.strip()))])
    return kept_pages


def reflow(lines: list[str]) -> str:
    """Join wrapped lines into paragraphs (one per line), undoing line-end hyphenation."""
    lines = [" ".join(line.split()) for line in lines]
    widths = sorted(len(line) for line in lines if len(line) >= 20)
    full = widths[int(len(widths) * 0.75)] if widths else 0  # a typical full line's width
    paragraphs: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current and current.endswith("-") and current[-2:-1].isalpha() and line[:1].islower():
            current = current[:-1] + line  # "inter-" + "national" → "international"
        else:
            current = f"{current} {line}" if current else line
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        # A line well short of the column ends its paragraph (a headline, a dateline, a last line).
        short = len(line) < 0.7 * full
        ended = line.endswith(_SENTENCE_END) and nxt[:1].isupper() and len(line) < 0.9 * full
        hyphenated = line.endswith("-") and line[-2:-1].isalpha() and nxt[:1].islower()
        if not hyphenated and (not full or short or ended):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def read_pdf(data: bytes, path: str) -> ParsedArticle:
    """The text layer of a PDF as one article; raises Rejected (malformed, encrypted, scanned)."""
    import pypdf  # imported here: only PDFs need it

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notes are not the user's concern
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Rejected("encrypted PDF (needs a password)")
        pages = [(page.extract_text() or "").splitlines() for page in reader.pages]
        info = reader.metadata
        title = " ".join(str(info.title or "").split()) if info is not None else ""
        author = " ".join(str(info.author or "").split()) if info is not None else ""
    except Rejected:
        raise
    except Exception as exc:  # pypdf raises many types on a damaged file; all mean "malformed"
        raise Rejected(f"malformed PDF: {exc or type(exc).__name__}") from None
    if not pages:
        raise Rejected("malformed PDF: no pages")
    if not any(line.strip() for lines in pages for line in lines):
        raise Rejected("no text layer (scanned?)")
    # Pages are joined without a break: a paragraph often runs on to the next page.
    text = reflow([line for lines in strip_furniture(pages) for line in lines])
    # A PDF's own Title is often a file name ("Microsoft Word - draft3.docx"): trusted only
    # when the text itself opens with it.
    meta = Metadata(title=title if title and title.casefold() in text[:500].casefold() else "",
                    author=author)
    return parse_text(text, path, "pdf", markdown=False, metadata=meta)
