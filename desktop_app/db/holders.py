"""Who has a database file open, so "database is locked" can name the other program.

SQLite does not say which process holds a lock. Every process that opens a database for writing
leaves a small record in a hidden folder beside it (`.story.timeline.holders/<host>-<pid>.json`)
and removes it at exit; records of dead processes on this host are ignored and cleaned up.
"""
from __future__ import annotations

import atexit
import datetime as dt
import getpass
import json
import os
import pathlib
import socket

PROGRAM = "Timeline Reader"
_registered: dict[pathlib.Path, pathlib.Path] = {}  # database -> this process's record


def _folder(db_path: pathlib.Path) -> pathlib.Path:
    return db_path.with_name(f".{db_path.name}.holders")


def _me() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown user"


def register(db_path: pathlib.Path, doing: str = "") -> None:
    """Record that this process has `db_path` open (best effort: a read-only folder is fine)."""
    db_path = db_path.resolve()
    folder = _folder(db_path)
    record = folder / f"{_me()}.json"
    info = {"program": PROGRAM, "pid": os.getpid(), "host": socket.gethostname(), "user": _user(),
            "since": dt.datetime.now().isoformat(timespec="seconds"), "doing": doing}
    try:
        folder.mkdir(exist_ok=True)
        record.write_text(json.dumps(info), encoding="utf-8")
    except OSError:
        return
    if not _registered:
        atexit.register(unregister_all)
    _registered[db_path] = record


def unregister(db_path: pathlib.Path) -> None:
    record = _registered.pop(db_path.resolve(), None)
    if record is not None:
        record.unlink(missing_ok=True)
        try:
            record.parent.rmdir()  # only when no other process has a record in it
        except OSError:
            pass


def unregister_all() -> None:
    for db_path in list(_registered):
        unregister(db_path)


def process_alive(pid: int) -> bool:
    """Is process `pid` of this host running? (One we may not signal counts as running.)"""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _alive(info: dict) -> bool:
    if info.get("host") != socket.gethostname():
        return True  # another machine (a network folder): cannot check, so trust the record
    try:
        return process_alive(int(info["pid"]))
    except (ValueError, KeyError, TypeError):
        return True


def others(db_path: pathlib.Path) -> list[dict]:
    """Live records of other processes that have `db_path` open; stale ones are removed."""
    folder = _folder(db_path.resolve())
    found = []
    for record in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        if record.stem == _me():
            continue
        try:
            info = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if _alive(info):
            found.append(info)
        else:
            record.unlink(missing_ok=True)
    return found


def describe(info: dict) -> str:
    """'Timeline Reader (process 4242 of ana on desk-1, open since 10:02)'."""
    since = str(info.get("since", ""))[11:16]
    what = f", {info['doing']}" if info.get("doing") else ""
    return (f"{info.get('program', 'a program')} (process {info.get('pid')} of {info.get('user')} on "
            f"{info.get('host')}, open since {since}{what})")


def is_locked_error(error: BaseException) -> bool:
    return "database is locked" in str(error) or "database table is locked" in str(error)


def locked_message() -> str:
    """What to tell the user when a write waited out the busy timeout."""
    holders = [describe(info) for path in _registered for info in others(path)]
    who = ("It is in use by " + "; ".join(holders)) if holders else (
        "Another program is writing to it (not a Timeline Reader window on this computer)")
    return (f"The database stayed locked for several seconds. {who}. Nothing was changed here: "
            "try again when that program has finished.")
