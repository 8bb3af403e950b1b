"""Splitting long id lists for `IN (...)` statements."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

# Ids per statement: well under SQLite's bound-parameter limit (999 before 3.32).
CHUNK = 500


def chunks(ids: Sequence, size: int = CHUNK) -> Iterator[list]:
    """`ids` in consecutive lists of at most `size`."""
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]
