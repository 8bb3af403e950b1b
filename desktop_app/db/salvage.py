"""Read what can still be read from a damaged database into a fresh one, leaving the original as
it is: row ids are read from each end of every table until SQLite hits a damaged page, then the
rows are copied one by one, skipping those it cannot read."""
from __future__ import annotations

import pathlib
import sqlite3
import struct

import sqlalchemy as sa

from desktop_app.db import models

def _rowids(source: sqlite3.Connection, table: str) -> list[int]:
    """Row ids readable from the front and from the back of `table`, until a damaged page."""
    found: list[int] = []
    for order in ("", " DESC"):
        cursor = source.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid{order}')
        while True:
            try:
                row = cursor.fetchone()
            except sqlite3.DatabaseError:
                break
            if row is None or row[0] in found[-1:]:
                break
            found.append(row[0])
    return sorted(set(found))


def salvage(damaged: pathlib.Path, target: pathlib.Path, engine_for) -> dict[str, int]:
    """Copy the readable rows of `damaged` into a new database at `target` (created with the
    current schema by `engine_for(path)`); returns rows copied per table."""
    engine = engine_for(target)
    engine.dispose()
    copied: dict[str, int] = {}
    readable = _padded_copy(damaged, target.with_name(target.name + ".salvaging"))
    source = sqlite3.connect(f"{readable.resolve().as_uri()}?mode=ro", uri=True)
    out = sqlite3.connect(target)
    try:
        out.execute("PRAGMA foreign_keys=OFF")
        for table in (t.name for t in models.Base.metadata.sorted_tables):  # parents first
            if table in models.TRIGGER_KEPT:  # refilled by the triggers as their sources go in
                continue
            try:
                have = [r[1] for r in source.execute(f'PRAGMA table_info("{table}")')]
            except sqlite3.DatabaseError:
                continue
            want = [c.name for c in models.Base.metadata.tables[table].columns]
            columns = [c for c in want if c in have]
            if not columns:
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})'
            seen = 0
            for rowid in _rowids(source, table):  # row by row: a row on a lost page is skipped
                try:
                    values = source.execute(f'SELECT {names} FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
                except sqlite3.DatabaseError:
                    continue
                if values is not None:
                    out.execute(insert, values)
                    seen += 1
            copied[table] = seen
        # rows whose parent was lost go too, as the schema's foreign keys require
        for table in reversed(models.Base.metadata.sorted_tables):
            for fk in table.foreign_keys:
                out.execute(f'DELETE FROM "{table.name}" WHERE "{fk.parent.name}" IS NOT NULL AND '
                            f'"{fk.parent.name}" NOT IN (SELECT "{fk.column.name}" FROM "{fk.column.table.name}")')
        out.commit()
    finally:
        out.close()
        source.close()
        readable.unlink(missing_ok=True)
    return copied


def _padded_copy(damaged: pathlib.Path, copy: pathlib.Path) -> pathlib.Path:
    """A copy of `damaged` grown with zero pages to the size its header gives: SQLite calls a
    truncated file malformed as a whole, a zeroed page only where a row needs it."""
    data = damaged.read_bytes()
    if len(data) >= 100:
        page_size = struct.unpack(">H", data[16:18])[0]
        page_size = 65536 if page_size == 1 else page_size
        pages = struct.unpack(">I", data[28:32])[0]
        if page_size >= 512 and len(data) < pages * page_size:
            data += bytes(pages * page_size - len(data))
    copy.write_bytes(data)
    return copy


def engine_for(path: pathlib.Path) -> sa.Engine:
    """A new, migrated database file (the current schema) for `salvage` to fill."""
    from desktop_app.db import session

    return session.open_database(str(path)).kw["bind"]
