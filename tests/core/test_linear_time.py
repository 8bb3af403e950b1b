"""Promise 1 of docs/reliability.md: pathological inputs take linear time, not quadratic or worse.

Each input is timed at size n and 4n in the same test; linear work grows about 4x, quadratic 16x.
The bound (10x) is a ratio measured side by side, so a slow or busy machine does not fail it.
"""
from __future__ import annotations

import time

import pytest

from desktop_app.core import reading, timex

RATIO = 10.0


def seconds(fn, arg) -> float:
    best = float("inf")
    for _ in range(2):  # best of two: noise from other processes only ever adds time
        start = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - start)
    return best


def growth(make, fn, n: int) -> float:
    small, large = make(n), make(4 * n)
    return seconds(fn, large) / max(seconds(fn, small), 1e-4)


def read_as(name: str):
    def read(data: bytes):
        try:
            reading.parse_bytes(data, name)
        except reading.Rejected:
            pass
    return read


REPEATS = {
    "modal May": "May ",
    "the": "the ",
    "years": "2025 ",
    "dashes": "- ",
    "weekdays": "Tuesday night ",
    "numbers": "1,864-mile ",
    "ranges": "from 2019 to 2021 and ",
    "open quotes": '"« ',
    "capitals": "Prime Minister Donald ",
}


@pytest.mark.parametrize("token", REPEATS.values(), ids=REPEATS.keys())
def test_tagger_is_linear_in_repeated_tokens(token):
    assert growth(lambda n: token * n, lambda text: timex.tag(text, None), 4_000) < RATIO


def test_deeply_nested_json_is_rejected_with_a_reason():
    with pytest.raises(reading.Rejected, match="nested too deeply"):
        reading.parse_bytes(b"[" * 100_000 + b"]" * 100_000, "deep.json")


@pytest.mark.parametrize("token", REPEATS.values(), ids=REPEATS.keys())
def test_text_reader_is_linear_on_one_long_line(token):
    make = (lambda n: ("Title\n\n" + token * n).encode())
    assert growth(make, read_as("long.txt"), 25_000) < RATIO


@pytest.mark.parametrize("name,unit", [
    ("menu lines", "Home\nPolitics\nShare\n"),
    ("comment forms", "Please enter your comment!\nName:*\n"),
    ("markdown", "* [link](http://x)\n# heading\n"),
    ("front matter", "---\ntitle: x\n"),
])
def test_text_reader_is_linear_in_repeated_lines(name, unit):
    make = (lambda n: ("Title\n\n" + unit * n).encode())
    assert growth(make, read_as(name + ".md"), 5_000) < RATIO


def test_html_reader_is_linear_in_nesting_depth():
    def make(n: int) -> bytes:
        body = "<div>" * n + "<p>The council met on Tuesday.</p>" + "</div>" * n
        return f"<html><head><title>t</title></head><body>{body}</body></html>".encode()
    assert growth(make, read_as("deep.html"), 1_500) < RATIO


def test_json_reader_is_linear_in_nesting_depth():
    make = (lambda n: ("[" * n + "]" * n).encode())
    assert growth(make, read_as("deep.json"), 20_000) < RATIO
