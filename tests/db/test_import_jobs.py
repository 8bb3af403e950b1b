"""Import jobs: an import cut short by a crash is offered for resuming; a finished, dismissed or
still running one is not."""
from __future__ import annotations

import subprocess
import sys

from desktop_app.db import import_jobs, models


def test_a_finished_job_is_not_interrupted(session_factory):
    with session_factory.begin() as s:
        job = import_jobs.begin(s, ["/news/a", "/news/b.txt"])
    with session_factory.begin() as s:
        assert import_jobs.interrupted(s) == []  # this process is still running it
        import_jobs.finish(s, job)
    with session_factory() as s:
        assert import_jobs.interrupted(s) == []


def test_a_job_whose_process_died_is_offered_then_dismissed(session_factory):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    with session_factory.begin() as s:
        job_id = import_jobs.begin(s, ["/news/a", "/news/b.txt"])
        s.get(models.ImportJob, job_id).pid = int(dead)  # as if that process had crashed
    with session_factory() as s:
        [job] = import_jobs.interrupted(s)
    assert (job.id, job.paths) == (job_id, ("/news/a", "/news/b.txt"))
    assert import_jobs.describe(job).startswith("2 folders and files, started ")
    with session_factory.begin() as s:
        import_jobs.dismiss(s, [job.id])
    with session_factory() as s:
        assert import_jobs.interrupted(s) == []
