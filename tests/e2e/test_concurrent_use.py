"""Promise 7 of docs/reliability.md: two processes on one SQLite database, one importing while
the other curates, both succeed and nothing is lost."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests import crash_harness
from tests.e2e import test_crash_import as imports

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process handling")


def test_import_and_curation_at_once_both_succeed(tmp_path):
    db = tmp_path / "shared.timeline"
    entity_id = crash_harness.build(db)
    folder = tmp_path / "articles"
    imports.write_folder(folder)
    curate = subprocess.Popen([sys.executable, "-c", CURATE_N, str(db), str(entity_id), "40"],
                              cwd=crash_harness.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    imported = subprocess.run(imports.command(folder, db), capture_output=True, text=True, timeout=600,
                              cwd=crash_harness.ROOT)
    out, err = curate.communicate(timeout=600)
    assert imported.returncode == 0, imported.stderr[-2000:]
    assert curate.returncode == 0, err[-2000:]
    crash_harness.check_database(db)
    import sqlite3
    with sqlite3.connect(db) as conn:
        titles = {t for (t,) in conn.execute("SELECT title FROM articles")}
        renames = {v for (v,) in conn.execute("SELECT value FROM curation WHERE kind = 'rename'")}
        name = conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
    assert sum(t.startswith("Harbour vote") for t in titles) == imports.ARTICLES
    assert renames == {f"Name {i}" for i in range(1, 41)}
    assert out.split() == [str(i) for i in range(1, 41)]
    assert name is None or name[0].startswith("Name ")


CURATE_N = """
import sys, time
from desktop_app.db import curation, session
factory = session.open_database(sys.argv[1])
entity_id, count = int(sys.argv[2]), int(sys.argv[3])
for i in range(1, count + 1):
    with factory.begin() as s:
        curation.rename(s, entity_id, f"Name {i}")
    print(i, flush=True)
    time.sleep(float(sys.argv[4]) if len(sys.argv) > 4 else 0.05)
"""
