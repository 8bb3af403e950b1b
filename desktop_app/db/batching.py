"""Splitting long id lists for `IN (...)` statements."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import sqlalchemy as sa

# Ids per statement: well under SQLite's bound-parameter limit (999 before 3.32).
CHUNK = 500


# The id list of a statement made once (Core) and run by `rows`: `column.in_(IDS)`.
IDS = sa.bindparam("ids", expanding=True)


def chunks(ids: Sequence, size: int = CHUNK) -> Iterator[list]:
    """`ids` in consecutive lists of at most `size`."""
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def rows(connection: sa.Connection, statement: sa.Select, ids: Sequence,
         size: int = CHUNK) -> list[sa.Row]:
    """The rows of `statement` (which takes `IDS`) for every chunk of `ids`, chunk after chunk."""
    return [row for chunk in chunks(ids, size)
            for row in connection.execute(statement, {IDS.key: chunk}).all()]
