"""Saved web pages: the article's main text and metadata via trafilatura (htmldate for the date)."""
from __future__ import annotations

import re

from desktop_app.core.datelines import parse_date_value
from desktop_app.core.decoding import Rejected, decode_html
from desktop_app.core.model import ParsedArticle
from desktop_app.core.read_text import Metadata, parse_text

# Browsers mark a page saved to disk with its address: <!-- saved from url=(0052)https://… -->
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div|br|meta|title)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """A page, not prose that mentions a tag: markup must open the file."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2:].lstrip()
    while head.startswith("<!--"):  # saved pages often open with a "saved from url" comment
        end = head.find("-->")
        head = head[end + 3:].lstrip() if end >= 0 else ""
    return head.startswith("<") and _TAG.match(head) is not None


def read_html(data: bytes, path: str) -> ParsedArticle:
    """The main text of a web page, without menus, ads or comments; raises Rejected."""
    text, encoding = decode_html(data)
    import trafilatura  # imported here: it is slow to load and only web pages need it

    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=True,
            # Only dates the page declares (meta tags, <time>): a date guessed from the body
            # text would be labelled "metadata" while being no better than an inference.
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # lxml and trafilatura raise many types on broken markup
        raise Rejected(f"malformed HTML: {exc}") from None
    body = (doc.text or "").strip() if doc is not None else ""
    if not body:
        raise Rejected("no article text found in the web page (malformed or empty HTML?)")
    title = " ".join((doc.title or "").split())
    # The headline is part of the article as read (it can name entities), as in a text file.
    stored = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    url = (doc.url or "").strip()
    if not url and (saved := _SAVED_FROM.search(text[:2048])):
        url = saved.group(1)
    meta = Metadata(title=title, published=parse_date_value(doc.date) if doc.date else None,
                    outlet=(doc.sitename or "").strip(), url=url,
                    author=", ".join(a.strip() for a in (doc.author or "").split(";") if a.strip()))
    return parse_text(stored, path, encoding, markdown=False, metadata=meta)
