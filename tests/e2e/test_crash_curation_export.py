"""Promise 3 of docs/reliability.md for curation and export: `kill -9` at a random moment leaves
`integrity_check` ok, every committed decision present, and no partial export in place.
A few trials here; `python -m bench.crash_trials` runs many."""
from __future__ import annotations

import random
import sys

import pytest

from tests import crash_harness

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    db = tmp_path_factory.mktemp("crash") / "story.timeline"
    return db, crash_harness.build(db)


@pytest.mark.parametrize("run", range(3))
def test_kill_9_during_curation_keeps_every_committed_decision(story, run):
    db, entity_id = story
    assert crash_harness.curation_trial(db, entity_id, random.Random(run)) >= 1


@pytest.mark.parametrize("run,kind", [(0, "csv"), (1, "csv"), (2, "pdf")])
def test_kill_9_during_export_leaves_the_database_and_no_partial_file(story, tmp_path, run, kind):
    db, _ = story
    from desktop_app.db import queries, session
    from desktop_app.export import csv_export

    reference = None
    if kind == "csv":
        factory = session.open_database(str(db))
        csv_export.write(factory, queries.Filters(), tmp_path / "reference.csv")
        factory.kw["bind"].dispose()
        reference = (tmp_path / "reference.csv").read_bytes()
    out = tmp_path / f"timeline.{kind}"
    assert crash_harness.export_trial(db, out, kind, reference, random.Random(run)) >= 1
