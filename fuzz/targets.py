"""libFuzzer entry points: `python -m fuzz.targets readers|timex <libFuzzer flags> <corpus>`."""
from __future__ import annotations

import datetime as dt
import sys

import atheris

with atheris.instrument_imports(include=["desktop_app"]):
    from desktop_app.core import reading, timex
    from desktop_app.core.decoding import Rejected
    from desktop_app.core.model import ParsedArticle

SUFFIXES = (".txt", ".md", ".html", ".json", ".jsonl", ".pdf", "")


def readers(data: bytes) -> None:
    """Any bytes under any name: articles with valid offsets, or Rejected."""
    if not data:
        return
    name = "fuzz" + SUFFIXES[data[0] % len(SUFFIXES)]
    try:
        items = reading.parse_bytes(data[1:], name)
    except Rejected:
        return
    for item in items:
        if isinstance(item, ParsedArticle):
            n = len(item.text)
            for start, end in item.debris + item.meta_spans:
                if not 0 <= start <= end <= n:
                    raise AssertionError(f"span {start}-{end} outside a text of {n}")
        elif not isinstance(item, Rejected):
            raise AssertionError(f"unexpected item {item!r}")


def tagger(data: bytes) -> None:
    """Any text, with or without a publication date: valid, ordered, exact spans."""
    fdp = atheris.FuzzedDataProvider(data)
    dct = None if fdp.ConsumeBool() else dt.date.fromordinal(fdp.ConsumeIntInRange(1, 3_652_059))
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    last = 0
    for t in timex.tag(text, dct):
        if not (last <= t.start < t.end <= len(text) and text[t.start:t.end] == t.text):
            raise AssertionError(f"bad span {t}")
        last = t.end


def main() -> None:
    target = {"readers": readers, "timex": tagger}[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
