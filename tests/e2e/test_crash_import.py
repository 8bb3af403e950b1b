"""`kill -9` in the middle of `timeline-reader ingest`: the database stays consistent and the
next import completes it to exactly what a clean import gives."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from desktop_app.core import nlp
from desktop_app.db import ingest, session as db_session
from tests import crash_harness

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")

ARTICLES = 30
PLACES = ["Portvale", "Harlow Bay", "Eastmere", "North Quay", "Westbrook", "Saltmarsh"]
MONTHS = ["January", "February", "March", "April", "May", "June"]


def write_folder(folder) -> None:
    """Small articles with names, dates and events, each different so none is a duplicate."""
    folder.mkdir()
    rng = random.Random(6)
    for n in range(ARTICLES):
        place, month = PLACES[n % len(PLACES)], MONTHS[n % len(MONTHS)]
        lines = [f"Harbour vote {n} in {place}", f"{month} {n % 27 + 1}, 2026", ""]
        for k in range(rng.randint(2, 5)):
            lines.append(f"The {place} Harbour Trust approved plan {n}.{k} on Monday, said "
                         f"Mayor Ana Lind, and work will start in {MONTHS[(n + k) % 6]} 2027.")
        (folder / f"article-{n:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def command(folder, db) -> list[str]:
    return [sys.executable, "-m", "desktop_app", "ingest", str(folder), "--db", str(db),
            "--pipeline", "rules"]


def snapshot(db) -> dict[str, tuple[int, int, int]]:
    """content hash -> (mentions, time expressions, events) of every stored article."""
    crash_harness.check_database(db)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT a.content_hash, (SELECT count(*) FROM mentions m WHERE m.article_id = a.id), "
            "(SELECT count(*) FROM timexes t WHERE t.article_id = a.id), "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) FROM articles a").fetchall()
    return {h: (m, t, e) for h, m, t, e in rows}


@pytest.fixture(scope="module")
def folder_and_clean(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crash")
    folder = tmp / "articles"
    write_folder(folder)
    clean = tmp / "clean.timeline"
    report = ingest.ingest(db_session.open_database(str(clean)), [folder],
                           pipeline=nlp.rule_pipeline(), processes=1)
    assert report.count("imported") == ARTICLES
    found = snapshot(clean)
    assert all(m and t and e for m, t, e in found.values())  # every article yields something
    return folder, found


def kill_mid_import(folder, db, rng: random.Random) -> int:
    """Start the import, SIGKILL it (and its workers) after a random number of progress lines."""
    stop_after = rng.randint(1, 2 * ARTICLES - 2)  # two progress lines per article: read, stored
    proc = subprocess.Popen(command(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    seen = 0
    try:
        for line in proc.stderr:
            seen += line.startswith("[")
            if seen >= stop_after:
                time.sleep(rng.random() * 0.02)  # land anywhere inside the next transaction
                break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stderr.close()
    return proc.returncode


@pytest.mark.parametrize("run", range(5))
def test_kill_9_leaves_a_consistent_database_that_the_next_import_completes(
        tmp_path, folder_and_clean, run):
    folder, clean = folder_and_clean
    db = tmp_path / f"killed-{run}.timeline"
    returncode = kill_mid_import(folder, db, random.Random(1000 + run))
    assert returncode == -signal.SIGKILL, "the import finished before it could be killed"

    if db.exists():  # killed before the database was even created: nothing to check
        partial = snapshot(db)
        assert set(partial) <= set(clean)
        # Every article that made it in has all its mentions, time expressions and events.
        assert partial == {h: clean[h] for h in partial}
        print(f"run {run}: {len(partial)} of {ARTICLES} articles in when killed")

        with sqlite3.connect(db) as conn:  # the cut-short import is there to be resumed
            assert conn.execute("SELECT count(*) FROM import_jobs WHERE finished_at IS NULL").fetchone() == (1,)

    done = subprocess.run(command(folder, db), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert snapshot(db) == clean
    with sqlite3.connect(db) as conn:  # and the import that completed it closed it
        assert conn.execute("SELECT count(*) FROM import_jobs WHERE finished_at IS NULL").fetchone() == (0,)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
