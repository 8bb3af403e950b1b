"""Promise 3 of docs/reliability.md: after a crash the window offers to resume the import."""
from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QMessageBox

from desktop_app.db import import_jobs, models


def crashed_job(factory, paths) -> int:
    """An import job left open by a process that is gone (as after kill -9)."""
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout)
    with factory.begin() as s:
        job_id = import_jobs.begin(s, paths)
        s.get(models.ImportJob, job_id).pid = dead
    return job_id


def test_no_interrupted_import_no_question(window):
    assert window.imports.offer_resume() is None


def test_yes_imports_the_same_paths_again(window, monkeypatch):
    crashed_job(window.session_factory, ["/news/folder", "/news/extra.md"])
    started = []
    monkeypatch.setattr(window.imports, "start", lambda paths: started.append(list(paths)))
    box = window.imports.offer_resume()
    assert box.objectName() == "resumeImport" and "did not finish" in box.text()
    assert box.detailedText() == "/news/folder\n/news/extra.md"
    box.button(QMessageBox.StandardButton.Yes).click()
    assert started == [["/news/folder", "/news/extra.md"]]
    with window.session_factory() as s:
        assert import_jobs.interrupted(s) == []


def test_no_forgets_the_interrupted_import(window, monkeypatch):
    crashed_job(window.session_factory, ["/news/folder"])
    monkeypatch.setattr(window.imports, "start", lambda paths: (_ for _ in ()).throw(AssertionError))
    window.imports.offer_resume().button(QMessageBox.StandardButton.No).click()
    with window.session_factory() as s:
        assert import_jobs.interrupted(s) == []
    assert window.imports.offer_resume() is None


def test_a_finished_gui_import_leaves_no_job_open(window, tmp_path, qtbot):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "pier.txt").write_text("Pier opens\n\nThe pier opened on March 3, 2026.\n", encoding="utf-8")
    from desktop_app.core import nlp

    window.imports.pipeline = nlp.rule_pipeline()
    op = window.imports.start([folder])
    qtbot.waitUntil(lambda: not window.imports.running, timeout=30_000)
    assert op is not None
    with window.session_factory() as s:
        assert import_jobs.interrupted(s) == []
        assert s.query(models.ImportJob).one().finished_at is not None
