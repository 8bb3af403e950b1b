"""Which addresses found in an article the app may hand to the system browser, after a click."""
from __future__ import annotations

import urllib.parse

ALLOWED = ("http", "https", "mailto")


def refusal(url: str) -> str | None:
    """Why `url` must not be opened (None: it may be, once the user confirms)."""
    text = url.strip()
    if not text:
        return "The link has no address."
    if any(ord(c) < 32 or c == "\x7f" for c in text):
        return "The address contains control characters."
    scheme = urllib.parse.urlsplit(text).scheme.lower()
    if not scheme:
        return "The address is relative to the original page, which the app does not know."
    if scheme not in ALLOWED:
        return (f"Links to '{scheme}:' addresses are never opened from an article "
                "(only web and e-mail addresses are).")
    if scheme in ("http", "https") and not urllib.parse.urlsplit(text).netloc:
        return "The web address has no host."
    return None
