"""Importing a folder with bad files next to good ones: good ones in, bad ones reported."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from desktop_app.app import cli
from desktop_app.db import session as db_session

pytestmark = pytest.mark.spacy

GOOD = ("Harbour plan approved\nTuesday, March 3, 2026\n\n"
        "The council of Portvale approved the harbour plan on Monday.\n"
        "Mayor Ana Lind said building would start next month.\n")
CP1252 = ("Café owners welcome port deal\nMarch 5, 2026\n\n"
          "The Portvale café owners said on Wednesday that the £40 million deal was “good news”.\n")


@pytest.fixture
def messy_folder(tmp_path):
    folder = tmp_path / "articles"
    (folder / "nested").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "nested" / "windows.txt").write_bytes(CP1252.encode("cp1252"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / ".hidden.txt").write_text("not an article", encoding="utf-8")
    return folder


def test_bad_files_are_reported_and_good_ones_imported(messy_folder, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'x.timeline'}"
    assert cli.main(["ingest", str(messy_folder), "--db", db]) == 1
    out = capsys.readouterr().out
    assert "2 imported" in out and "2 rejected" in out
    assert any("empty.txt" in line and "empty" in line.split(":", 1)[1] for line in out.splitlines())
    assert any("binary.txt" in line and "binary" in line.split(":", 1)[1] for line in out.splitlines())
    assert ".hidden" not in out

    export = tmp_path / "x.json"
    assert cli.main(["export-json", str(export), "--db", db]) == 0
    data = json.loads(export.read_text(encoding="utf-8"))
    (cafe,) = [a for a in data["articles"] if a["path"].endswith("windows.txt")]
    assert "Café" in cafe["text"] and "£40 million" in cafe["text"] and "“good news”" in cafe["text"]
    assert cafe["published"] == "2026-03-05"

    factory = db_session.open_database(db)
    with factory() as s:
        assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
        assert s.execute(sa.text("PRAGMA foreign_key_check")).all() == []
        assert s.execute(sa.text("SELECT count(*) FROM articles")).scalar() == 2


def test_second_import_reports_duplicates_and_exits_zero(tmp_path, capsys):
    folder = tmp_path / "ok"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "copy.txt").write_text(GOOD.replace("\n", "\r\n"), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'y.timeline'}"
    assert cli.main(["ingest", str(folder), "--db", db]) == 0
    assert "1 imported, 1 already present, 0 rejected" in capsys.readouterr().out
    assert cli.main(["ingest", str(folder), "--db", db]) == 0
    assert "0 imported, 2 already present" in capsys.readouterr().out


def test_missing_path_is_rejected_with_reason(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'z.timeline'}"
    assert cli.main(["ingest", str(tmp_path / "nope"), "--db", db]) == 1
    assert "nope" in capsys.readouterr().out


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["ingest"])
    assert exc.value.code == 2
