"""`kill -9` trials for curation and export (import has its own, tests/e2e/test_crash_import.py):
a child process commits in a loop, printing each commit; it is killed at a random moment and
the database and the export are checked. Used by the suite (a few trials) and by
`python -m bench.crash_trials` (many)."""
from __future__ import annotations

import os
import pathlib
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]

CURATE = textwrap.dedent("""
    import sys
    from desktop_app.db import curation, session
    factory = session.open_database(sys.argv[1])
    entity_id, i = int(sys.argv[2]), 0
    while True:
        i += 1
        with factory.begin() as s:
            curation.rename(s, entity_id, f"Name {i}")
        print(i, flush=True)
""")

EXPORT = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from desktop_app.db import queries, session
    from desktop_app.export import csv_export, pdf
    factory = session.open_database(sys.argv[1])
    out, kind, i = sys.argv[2], sys.argv[3], 0
    while True:
        i += 1
        if kind == "pdf":
            pdf.write_pdf(factory, queries.Filters(), out)
        else:
            csv_export.write(factory, queries.Filters(), out)
        print(i, flush=True)
""")


def build(db: pathlib.Path) -> int:
    """A story database on disk; returns the id of an entity to rename."""
    from desktop_app.db import models, session
    from tests import factories

    factory = session.open_database(str(db))
    factories.build_story(factory)
    with factory() as s:
        entity_id = s.query(models.Entity.id).order_by(models.Entity.id).first()[0]
    factory.kw["bind"].dispose()
    return entity_id


def run_and_kill(script: str, args: list[str], rng: random.Random, max_seconds: float) -> int:
    """Run `script` until a random moment (after its first commit), SIGKILL it; return the last
    number it printed (what it had committed, at least)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env, start_new_session=True)
    printed: list[int] = []
    first = threading.Event()

    def read() -> None:  # whole lines only: a number cut by the kill is not a commit
        for line in proc.stdout:
            if line.endswith("\n") and line.strip().isdigit():
                printed.append(int(line))
                first.set()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while not first.wait(0.05):
            if proc.poll() is not None:
                raise AssertionError(f"the worker died before its first commit: {proc.stderr.read()[-2000:]}")
        time.sleep(rng.random() * max_seconds)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"the worker exited by itself ({proc.returncode})"
    return printed[-1]


def check_database(db: pathlib.Path) -> None:
    """SQLite's own integrity and foreign-key checks pass."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def curation_trial(db: pathlib.Path, entity_id: int, rng: random.Random, max_seconds: float = 1.5) -> int:
    """Kill a renaming loop; every rename it reported must be in the database. Returns commits."""
    last = run_and_kill(CURATE, [str(db), str(entity_id)], rng, max_seconds)
    check_database(db)
    with sqlite3.connect(db) as conn:
        names = {v for (v,) in conn.execute("SELECT value FROM curation WHERE kind = 'rename'")}
    missing = {f"Name {i}" for i in range(1, last + 1)} - names
    assert not missing, f"committed renames lost: {sorted(missing)[:5]}"
    return last


def export_trial(db: pathlib.Path, out: pathlib.Path, kind: str, reference: bytes | None,
                 rng: random.Random, max_seconds: float = 3.0) -> int:
    """Kill an export loop; the target is absent or a whole export. Returns exports written."""
    before = db.read_bytes()
    last = run_and_kill(EXPORT, [str(db), str(out), kind], rng, max_seconds)
    check_database(db)
    assert db.read_bytes() == before, "an export never writes to the database"
    if out.exists():
        data = out.read_bytes()
        if kind == "pdf":
            assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], "a partial PDF in place"
        else:
            assert data == reference, "a partial or different CSV in place"
    return last
