"""Backups of an SQLite database file before its schema is migrated; the newest three are kept."""
from __future__ import annotations

import datetime as dt
import pathlib
import sqlite3

KEEP = 3
SUFFIX = ".backup"


def backups_of(path: pathlib.Path) -> list[pathlib.Path]:
    """Existing backups of `path`, oldest first (names sort by time)."""
    return sorted(path.parent.glob(f"{path.name}.*{SUFFIX}"))


def backup(path: pathlib.Path, revision: str, now: dt.datetime | None = None) -> pathlib.Path:
    """Copy the database at `path` with SQLite's online backup (consistent even mid-WAL) to
    '<name>.<time>-r<revision>.backup' beside it, then drop all but the newest KEEP backups."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.{stamp}-r{revision}{SUFFIX}")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    except BaseException:
        target.unlink(missing_ok=True)  # a half-written backup (disk full) is no backup
        raise
    finally:
        source.close()
    for old in backups_of(path)[:-KEEP]:
        old.unlink(missing_ok=True)
    return target
