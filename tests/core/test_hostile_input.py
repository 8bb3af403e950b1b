"""Promise 1 of docs/reliability.md: no input crashes or hangs a reader or the extractor.

Hypothesis feeds random and mutated bytes of every format to `reading.parse_bytes` and random
text to the temporal tagger; each returns articles (with valid offsets) or a clean `Rejected`.
The number of examples is bounded here; `python -m fuzz` runs the long, coverage-guided version.
"""
from __future__ import annotations

import datetime as dt
import os
import pathlib
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core import reading, timex
from desktop_app.core.decoding import Rejected
from desktop_app.core.model import ParsedArticle

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "import_mix"
SEEDS = sorted(p for p in FIXTURES.iterdir() if p.is_file() and p.stat().st_size < 200_000)
SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".pdf", ".htm", ""]
# Generous on purpose: these catch a hang or a quadratic blow-up, not a slow machine.
SECONDS_BASE, SECONDS_PER_MB = 5.0, 20.0
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "150"))  # the long run sets more

common = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_article(article: ParsedArticle) -> None:
    """Every offset an article carries lies inside its text; its fields have their types."""
    n = len(article.text)
    for start, end in article.debris + article.meta_spans:
        assert 0 <= start <= end <= n, (start, end, n)
    assert isinstance(article.title, str) and article.content_hash
    assert article.published is None or isinstance(article.published, dt.date)
    assert len(article.extraction_text()) == n


def parse_within_bound(data: bytes, name: str) -> list:
    """parse_bytes returns Items or raises Rejected, within the time bound for its size."""
    start = time.perf_counter()
    try:
        items = reading.parse_bytes(data, name)
    except Rejected as exc:
        assert str(exc), "a rejection must say why"
        items = []
    seconds = time.perf_counter() - start
    assert seconds < SECONDS_BASE + SECONDS_PER_MB * len(data) / 1e6, f"{name}: {seconds:.1f} s"
    for item in items:
        if isinstance(item, ParsedArticle):
            check_article(item)
        else:
            assert isinstance(item, Rejected) and str(item)
    return items


def mutate(data: bytes, ops: list[tuple[int, int, int, bytes]]) -> bytes:
    """Apply (kind, position, length, bytes) edits: flip, insert, delete, duplicate, truncate."""
    buf = bytearray(data)
    for kind, pos, length, chunk in ops:
        if not buf:
            buf.extend(chunk)
            continue
        pos %= len(buf)
        if kind == 0:
            buf[pos] ^= (length % 255) + 1
        elif kind == 1:
            buf[pos:pos] = chunk
        elif kind == 2:
            del buf[pos:pos + length]
        elif kind == 3:
            buf[pos:pos] = buf[pos:pos + length]
        else:
            del buf[pos:]
    return bytes(buf)


edits = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 10**6), st.integers(1, 64),
                           st.binary(min_size=1, max_size=16)), min_size=1, max_size=8)


@common
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_are_read_or_rejected(data, suffix):
    parse_within_bound(data, "random" + suffix)


@common
@given(seed=st.sampled_from(SEEDS), ops=edits, suffix=st.sampled_from(SUFFIXES + [None]))
def test_mutated_article_files_are_read_or_rejected(seed, ops, suffix):
    name = seed.name if suffix is None else seed.stem + suffix
    parse_within_bound(mutate(seed.read_bytes(), ops), name)


markup = st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<!--",
                                   "-->", "<a href='javascript:x'>", "</a>", "<![CDATA[", "]]>", "&amp;",
                                   "&#0;", "\x00", "---\n", "title: x\n", "# h\n", "* ", "[x](y)",
                                   "{", "}", "[", "]", '"maintext": "', '"title": 1,', "May 5, 2024 ",
                                   "By Jane Doe\n", "\ufeff", "\r\n", "\r", "\u2028", "é", "\ud7ff"]),
                  max_size=80).map("".join)


@common
@given(text=markup, suffix=st.sampled_from([".html", ".md", ".txt", ".json", ".jsonl"]))
def test_structured_noise_is_read_or_rejected(text, suffix):
    parse_within_bound(text.encode("utf-8", "surrogatepass"), "noise" + suffix)


words = st.sampled_from(["May", "March", "Fall", "fall", "the", "last", "next", "April", "2025", "1,864",
                         "-", "to", "from", "between", "and", "Tuesday", "night", "3", "p.m.", "early",
                         "mid-", "the 1990s", "Q3", "fiscal", "week", "ago", "every", "since", "until",
                         "51st", "F-35", "45-year-old", "\n", ",", ".", "said", "will", "'s", "of"])
sentences = st.lists(words | st.text(max_size=6), max_size=60).map(" ".join)


@common
@given(text=sentences, dct=st.none() | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_tagger_spans_are_valid_for_any_text(text, dct):
    found = timex.tag(text, dct)
    last_end = 0
    for t in found:
        assert last_end <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET") and t.value
        assert (t.begin is None) == (t.end_date is None)
        if t.begin is not None:
            assert t.begin < t.end_date
        last_end = t.end
    for i, j in timex.ranges(text, found):
        assert j == i + 1


@pytest.mark.spacy
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=sentences)
def test_extraction_offsets_are_valid_for_any_text(text):
    from desktop_app.core import extract, read_text

    article = read_text.parse_text("Headline\n\n" + text, "x.txt")
    found = extract.extract(article)
    n = len(article.text)
    for span in [*found.timexes, *found.mentions]:
        assert 0 <= span.start < span.end <= n
        assert article.text[span.start:span.end] == span.text
    for event in found.events + found.floating:
        assert 0 <= event.start < event.end <= n
        assert article.text[event.start:event.end] == event.text
        assert all(0 <= i < len(found.mentions) for i in event.mention_indexes)
