from __future__ import annotations

import pytest

from desktop_app.core import markup


@pytest.mark.parametrize("source,expected", [
    ("- **Site:** 46 hectares, closed in 2019", "Site: 46 hectares, closed in 2019"),
    ("## The vote on *March 3*", "The vote on March 3"),
    ("1. See [the ruling](https://example.org/r \"title\") of May 29.", "See the ruling of May 29."),
    ("> A quote with `code` and __bold__.", "A quote with code and bold."),
    ("Revenue rose 5 * 3 percent", "Revenue rose 5 * 3 percent"),
    ("snake_case_name stays", "snake_case_name stays"),
    ("***both*** at once", "both at once"),
])
def test_plain(source, expected):
    assert markup.plain(source) == expected


def test_is_markdown():
    assert markup.is_markdown("a/B.MD") and markup.is_markdown("x.markdown")
    assert not markup.is_markdown("x.txt")
