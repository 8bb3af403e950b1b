"""`timeline-reader FILE`: a desktop passes a double-clicked .timeline file as the only argument."""
from __future__ import annotations

from desktop_app.app import cli, gui


def test_a_lone_file_argument_opens_that_database_in_the_app(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(gui, "run_gui", lambda db: opened.append(db) or 0)
    path = str(tmp_path / "story.timeline")
    assert cli.main([path]) == 0
    assert cli.main([]) == 0
    assert opened == [path, None]


def test_subcommands_and_options_are_not_taken_for_files():
    parser = cli.build_parser()
    assert cli._opened_file(parser, ["ingest"]) == ["ingest"]
    assert cli._opened_file(parser, ["--db", "x.timeline"]) == ["--db", "x.timeline"]
    assert cli._opened_file(parser, ["a.timeline"]) == ["--db", "a.timeline"]
