"""Bytes to text: encoding detection, and the rejection every reader raises."""
from __future__ import annotations

import codecs
import re


class Rejected(Exception):
    """A file that cannot be imported; `reason` is one line for the import report."""

    def __init__(self, reason: str, path: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.path = path  # set for one object of a many-article file ("feed.jsonl#3")


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


_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]{1,40})", re.IGNORECASE)


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode a web page as `decode` does, but a legacy page in its declared charset (e.g. koi8-r)."""
    text, encoding = decode(data)  # BOMs, emptiness and binary checks come first
    # Valid UTF-8 is kept even against the declaration: mislabelled UTF-8 pages are common.
    m = _META_CHARSET.search(data[:4096]) if encoding in ("cp1252", "latin-1") else None
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        try:
            if codecs.lookup(declared).name not in ("iso8859-1", "cp1252", "utf-8"):
                return _checked(data.decode(declared)), declared
        except (LookupError, UnicodeDecodeError):
            pass
    return text, encoding


def _control_share(data: bytes, extra: bytes = b"") -> float:
    controls = sum(data.count(c) for c in _CONTROL_BYTES + extra)
    return controls / max(1, len(data))


def _checked(text: str) -> str:
    if not text.strip():  # whitespace only once decoded, e.g. a UTF-16 file of spaces
        raise Rejected("empty file")
    return text
