"""Checks on an SQLite database file before it is opened, so a damaged or foreign file is
reported and left untouched instead of being written to (WAL switch, migrations)."""
from __future__ import annotations

import os
import pathlib
import struct

MAGIC = b"SQLite format 3\x00"
HEADER = 100


def problem(path: pathlib.Path) -> str | None:
    """Why the file at `path` cannot be a healthy SQLite database, or None (absent and empty
    files are new databases). Reads only the 100-byte header: cheap at any size."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None
        with open(path, "rb") as fh:
            head = fh.read(HEADER)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if len(head) < HEADER:
        return f"is too short to be a database ({size} bytes)"
    if not head.startswith(MAGIC):
        return "is not a database file (it does not start with the SQLite header)"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "has a damaged header (impossible page size)"
    change_counter, pages, valid_for = (struct.unpack(">I", head[i:i + 4])[0] for i in (24, 28, 92))
    if pages and valid_for == change_counter and size < pages * page_size:
        # A checkpoint writes page 1 (with the new size) first: killed there, the file is short
        # but the WAL beside it still holds the other pages, and opening completes it.
        have = size // page_size
        if not set(range(have + 1, pages + 1)) <= wal_pages(path, page_size):
            return f"is truncated ({size:,} bytes of {pages * page_size:,})"
    return None


WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_HEADER, FRAME_HEADER = 32, 24


def wal_pages(path: pathlib.Path, page_size: int) -> set[int]:
    """Numbers of the pages in the valid frames of the database's -wal file (empty without one).

    Frames of an older WAL generation (other salts) do not count: SQLite ignores them."""
    try:
        with open(path.with_name(path.name + "-wal"), "rb") as fh:
            head = fh.read(WAL_HEADER)
            if len(head) < WAL_HEADER:
                return set()
            magic, _version, wal_page_size = struct.unpack(">III", head[:12])
            if magic not in WAL_MAGIC or wal_page_size != page_size:
                return set()
            salts, found, offset = head[16:24], set(), WAL_HEADER
            while len(frame := fh.read(FRAME_HEADER)) == FRAME_HEADER:
                if frame[8:16] != salts:
                    break
                found.add(struct.unpack(">I", frame[:4])[0])
                offset += FRAME_HEADER + page_size
                fh.seek(offset)
            return found
    except OSError:
        return set()


def looks_like_sqlite(path: pathlib.Path) -> bool:
    """Does the file start with the SQLite header (an empty file is a new database too)?"""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(MAGIC))
    except OSError:
        return False
    return head in (MAGIC, b"")


def writable(path: pathlib.Path) -> bool:
    """Can the app write the file and, for WAL's -wal and -shm files, its folder?"""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK)
