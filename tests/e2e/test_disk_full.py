"""Promise 4 of docs/reliability.md: a full disk during import or export gives a clear error,
the database stays intact and no partial export file is left behind.

A small tmpfs is the real thing (it needs the right to mount: root, as in CI); an injected
ENOSPC covers the same code paths everywhere."""
from __future__ import annotations

import contextlib
import errno
import pathlib
import shutil
import subprocess

import pytest
import sqlalchemy as sa

from desktop_app.db import errors, ingest, queries, session as db_session
from desktop_app.export import csv_export, files, pdf
from tests import factories
from tests.conftest import SAMPLE_CORPUS


@contextlib.contextmanager
def tiny_disk(tmp_path: pathlib.Path, size: str):
    """A tmpfs of `size` mounted in tmp_path; skips where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not shutil.which("mount"):
        pytest.skip("no mount command to make a small disk")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'not root'}); CI runs as root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.spacy
def test_import_onto_a_full_disk_stops_clearly_and_keeps_whole_articles(tmp_path):
    with tiny_disk(tmp_path, "700k") as disk:
        factory = db_session.open_database(str(disk / "full.timeline"))
        with pytest.raises(sa.exc.OperationalError) as caught:
            ingest.ingest(factory, [SAMPLE_CORPUS])
        assert "disk" in errors.explain(caught.value) and "full" in errors.explain(caught.value)
        with factory() as s:
            assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
            stored = s.execute(sa.text("SELECT id FROM articles")).scalars().all()
            assert 0 < len(stored) < len(list(SAMPLE_CORPUS.iterdir()))
            for article_id in stored:  # each article whole: its entities and events came with it
                for table in ("mentions", "events"):
                    count = s.execute(sa.text(f"SELECT count(*) FROM {table} WHERE article_id = :a"),
                                      {"a": article_id}).scalar()
                    assert count > 0, (table, article_id)
        factory.kw["bind"].dispose()


def test_pdf_export_onto_a_full_disk_says_so_and_leaves_no_file(tmp_path, qapp):
    factory = db_session.open_database("sqlite://")
    factories.build_story(factory)
    with tiny_disk(tmp_path, "24k") as disk:
        with pytest.raises(files.DiskFull, match="Not enough free disk space"):
            pdf.write_pdf(factory, queries.Filters(), disk / "report.pdf")
        assert list(disk.iterdir()) == []


def test_an_export_that_runs_out_of_space_leaves_no_part_file(tmp_path, monkeypatch):
    factory = db_session.open_database("sqlite://")
    factories.build_story(factory)
    real_write = pathlib.Path.write_bytes

    def half_then_full(self, data):
        real_write(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(pathlib.Path, "write_bytes", half_then_full)
    with pytest.raises(files.DiskFull) as caught:
        csv_export.write(factory, queries.Filters(), tmp_path / "timeline.csv")
    assert str(caught.value).startswith("Not enough free disk space in ")
    assert list(tmp_path.iterdir()) == []
