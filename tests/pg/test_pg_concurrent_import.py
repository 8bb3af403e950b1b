"""Two clients importing into one PostgreSQL database at once, through the command line: both
succeed, nothing is stored twice or lost, and each sees the other's articles on refresh."""
from __future__ import annotations

import pathlib
import subprocess
import sys
import threading

import sqlalchemy as sa

from desktop_app.core import nlp
from desktop_app.db import change_feed, ingest, models, queries, session
from tests.pg import corpus

ROOT = pathlib.Path(__file__).resolve().parents[2]


def start_import(folders: list[pathlib.Path], url: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "desktop_app", "ingest", *map(str, folders),
                             "--db", url, "--pipeline", "rules"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_both(first: list[pathlib.Path], second: list[pathlib.Path], url: str) -> list[str]:
    """Start two importers together; their report lines, after checking both succeeded."""
    procs = [start_import(first, url), start_import(second, url)]
    outputs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, f"importer failed:\n{out}\n{err[-3000:]}"
    return [out for out, _ in outputs]


def state(factory) -> dict:
    """What a database holds, comparable across databases (no ids)."""
    a, e, m = models.Article, models.Event, models.Mention
    with factory() as s:
        return {
            "hashes": sorted(s.scalars(sa.select(a.content_hash))),
            "files": sorted(p.rsplit("/", 1)[-1] for p in s.scalars(sa.select(a.path))),
            "mentions": s.scalar(sa.select(sa.func.count(m.id))),
            "events": sorted(s.scalars(sa.select(e.text))),
            "entities": sorted((r.name, r.mention_count) for r in queries.entities(s)),
            "timeline": len(queries.event_ids(s)),
        }


def sequential(folders: list[pathlib.Path], url: str) -> dict:
    """The same folders imported one after the other in-process: the expected result."""
    factory = session.open_database(url)
    for folder in folders:
        ingest.ingest(factory, [folder], pipeline=nlp.rule_pipeline(), processes=1)
    found = state(factory)
    factory.kw["bind"].dispose()
    return found


def test_two_importers_on_different_folders(tmp_path, pg_cluster):
    a, b = tmp_path / "a", tmp_path / "b"
    corpus.write(a, articles=corpus.many(30, "a"))
    corpus.write(b, articles=corpus.many(30, "b"))
    url = pg_cluster.create_database("concurrent_different")
    viewer = session.open_database(url)  # a third client, open before the imports
    with viewer() as s:
        assert queries.articles(s) == []
    changes: list[change_feed.Change] = []
    got = threading.Event()
    listener = change_feed.Listener(url, lambda c: (changes.append(c), got.set())).start()
    try:
        outputs = run_both([a], [b], url)
        assert all("30 imported, 0 already present, 0 rejected" in out for out in outputs), outputs
        assert got.wait(10), "no change notification from the importers"
    finally:
        listener.stop()
    assert "articles" in set().union(*(c.tables for c in changes))
    assert not any(c.own for c in changes)  # other processes imported
    with viewer() as s:  # refresh: a new transaction sees both clients' articles
        assert len(queries.articles(s)) == 60
    assert state(viewer) == sequential([a, b], pg_cluster.create_database("expected_different"))


def test_two_importers_on_overlapping_folders(tmp_path, pg_cluster):
    shared, a, b = tmp_path / "shared", tmp_path / "a", tmp_path / "b"
    corpus.write(shared, articles=corpus.many(24, "s"))
    corpus.write(a, articles=corpus.many(6, "a"))
    corpus.write(b, articles=corpus.many(6, "b"))
    corpus.write(b / "copy", articles=corpus.many(3, "a"))  # the same texts as three files of a
    url = pg_cluster.create_database("concurrent_overlap")
    outputs = run_both([shared, a], [shared, b], url)
    factory = session.open_database(url)
    found = state(factory)
    assert len(found["hashes"]) == len(set(found["hashes"])) == 24 + 6 + 6
    # Every shared file was imported by one client and reported as present by the other.
    imported = [line for out in outputs for line in out.splitlines()]
    summary = [line for line in imported if " imported, " in line]
    total = sum(int(line.split()[0]) for line in summary)
    assert total == 36, outputs
    expected = sequential([shared, a, b], pg_cluster.create_database("expected_overlap"))
    assert found == expected
    factory.kw["bind"].dispose()
