"""`kill -9` trials, many of them: `python -m bench.crash_trials [--trials 50]`.

Import (the `ingest` command killed after a random number of articles, then run again to the
end), curation (a renaming loop) and export (CSV and PDF loops), each killed at a random moment;
prints how many trials held every promise of docs/reliability.md (3) and what they committed.
"""
from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
import pathlib

from tests import crash_harness
from tests.e2e import test_crash_import as imports


def import_trials(tmp: pathlib.Path, trials: int) -> tuple[int, list[int]]:
    from desktop_app.core import nlp
    from desktop_app.db import ingest, session

    folder = tmp / "articles"
    imports.write_folder(folder)
    clean_db = tmp / "clean.timeline"
    ingest.ingest(session.open_database(str(clean_db)), [folder], pipeline=nlp.rule_pipeline(), processes=1)
    clean = imports.snapshot(clean_db)
    held, stored = 0, []
    for run in range(trials):
        db = tmp / f"import-{run}.timeline"
        code = imports.kill_mid_import(folder, db, random.Random(5000 + run))
        if code != -signal.SIGKILL:
            continue  # finished before the kill: not a crash trial
        partial = imports.snapshot(db) if db.exists() else {}
        assert partial == {h: clean[h] for h in partial}, f"import trial {run}: a partial article"
        stored.append(len(partial))
        done = subprocess.run(imports.command(folder, db), capture_output=True, text=True, timeout=600)
        assert done.returncode == 0 and imports.snapshot(db) == clean, f"import trial {run}: not completed"
        held += 1
    return held, stored


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crash_trials")
    parser.add_argument("--trials", type=int, default=50, help="trials of each kind")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        tmp = pathlib.Path(name)
        held, stored = import_trials(tmp, args.trials)
        print(f"import:   {held} killed runs, all consistent and completed by the next import "
              f"(articles in when killed: {min(stored, default=0)}-{max(stored, default=0)})", flush=True)

        db = tmp / "story.timeline"
        entity_id = crash_harness.build(db)
        commits = [crash_harness.curation_trial(db, entity_id, random.Random(run)) for run in range(args.trials)]
        print(f"curation: {len(commits)} killed runs, every committed rename present "
              f"({sum(commits)} renames committed in all)", flush=True)

        from desktop_app.db import queries, session
        from desktop_app.export import csv_export

        factory = session.open_database(str(db))
        csv_export.write(factory, queries.Filters(), tmp / "reference.csv")
        factory.kw["bind"].dispose()
        reference = (tmp / "reference.csv").read_bytes()
        for kind, trials in (("csv", args.trials), ("pdf", max(1, args.trials // 5))):
            written = [crash_harness.export_trial(db, tmp / f"out.{kind}", kind, reference,
                                                  random.Random(run)) for run in range(trials)]
            print(f"export {kind}: {len(written)} killed runs, database untouched and no partial "
                  f"file in place ({sum(written)} exports finished before the kills)", flush=True)
    print(f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
