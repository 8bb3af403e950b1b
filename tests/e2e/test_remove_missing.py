"""Files deleted since their import: listed after a re-import, removed on request (CLI and use case)."""
from __future__ import annotations

import pytest

from desktop_app.app import cli
from desktop_app.core import nlp
from desktop_app.db import ingest, queries, session as db_session


def write(folder, names) -> None:
    folder.mkdir(exist_ok=True)
    for n, name in enumerate(names):
        (folder / name).write_text(f"Harbour vote {n}\nMarch {n + 1}, 2026\n\nThe Portvale Harbour "
                                   f"Trust approved plan {n} on Monday.\n", encoding="utf-8")


@pytest.fixture
def imported(tmp_path):
    folder = tmp_path / "news"
    write(folder, ["a.txt", "b.txt", "c.txt"])
    factory = db_session.open_database(str(tmp_path / "db.timeline"))
    ingest.ingest(factory, [folder], pipeline=nlp.rule_pipeline())
    return folder, factory


def test_missing_files_are_listed_and_removed(imported):
    folder, factory = imported
    (folder / "b.txt").unlink()
    report = ingest.ingest(factory, [folder], pipeline=nlp.rule_pipeline())
    assert report.missing == (str(folder / "b.txt"),)
    assert f"missing  {folder / 'b.txt'}: imported earlier, no longer there" in report.lines()
    with factory.begin() as session:
        assert ingest.remove_missing(session, folder) == [str(folder / "b.txt")]
    with factory() as session:
        assert queries.corpus_summary(session).articles == 2
        assert ingest.missing_files(session, folder) == []


def test_a_vanished_folder_offers_nothing(imported, tmp_path):
    folder, factory = imported
    moved = tmp_path / "elsewhere"
    folder.rename(moved)  # an unplugged drive looks like this: nothing is known to be deleted
    with factory.begin() as session:
        assert ingest.remove_missing(session, folder) == []
        assert queries.corpus_summary(session).articles == 3


def test_other_folders_are_left_alone(imported, tmp_path):
    folder, factory = imported
    other = tmp_path / "news2"  # shares a name prefix with the imported folder
    write(other, ["x.txt"])
    (folder / "a.txt").unlink()
    with factory.begin() as session:
        assert ingest.missing_files(session, other) == []
        assert [path for _, path in ingest.missing_files(session, folder)] == [str(folder / "a.txt")]


def test_cli_remove_missing_flag(tmp_path, capsys):
    folder = tmp_path / "news"
    write(folder, ["a.txt", "b.txt"])
    db = str(tmp_path / "cli.timeline")
    args = ["ingest", str(folder), "--db", db, "--pipeline", "rules"]
    assert cli.main(args) == 0
    (folder / "a.txt").unlink()
    capsys.readouterr()
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert f"missing  {folder / 'a.txt'}" in out and "--remove-missing" in out
    assert cli.main([*args, "--remove-missing"]) == 0
    out = capsys.readouterr().out
    assert f"removed  {folder / 'a.txt'}" in out and "1 missing file(s) removed" in out
    with db_session.open_database(db)() as session:
        assert queries.corpus_summary(session).articles == 1
    assert cli.main([*args, "--remove-missing"]) == 0
    assert "missing" not in capsys.readouterr().out
