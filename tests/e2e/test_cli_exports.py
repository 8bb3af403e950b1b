"""`export-csv`, `export-markdown` and `export-timelinejs` as a user runs them: on a story
database file, with --db and the same filter options as export-json."""
from __future__ import annotations

import csv
import json

import markdown
import pytest

from desktop_app.app import cli
from tests import factories

SUFFIX = {"export-csv": "csv", "export-markdown": "md", "export-timelinejs": "json"}


@pytest.fixture
def db(tmp_path):
    from desktop_app.db import session

    url = f"sqlite:///{tmp_path / 'story.timeline'}"
    factories.build_story(session.open_database(url))
    return url


def run(db, command, out, *options) -> int:
    return cli.main([command, str(out), "--db", db, *options])


def csv_texts(path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def test_every_format_writes_the_whole_timeline(db, tmp_path, capsys):
    for command, suffix in SUFFIX.items():
        out = tmp_path / f"all.{suffix}"
        assert run(db, command, out) == 0
        assert f"wrote {out}: 7 events" in capsys.readouterr().out
    assert csv_texts(tmp_path / "all.csv") == factories.STORY_ORDER
    text = (tmp_path / "all.md").read_text(encoding="utf-8")
    assert all(sentence in text.replace("**", "") for sentence in factories.STORY_ORDER)
    assert "<h2>Sources</h2>" in markdown.markdown(text)
    doc = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert set(doc) == {"title", "events"} and len(doc["events"]) == 7


def test_filter_options_apply(db, tmp_path):
    assert run(db, "export-csv", tmp_path / "lind.csv", "--entity", "Ana Lind") == 0
    assert csv_texts(tmp_path / "lind.csv") == [t for t in factories.STORY_ORDER if "Lind" in t]
    assert run(db, "export-csv", tmp_path / "2026.csv", "--from", "2026-01-01",
               "--to", "2026-06-30") == 0
    assert csv_texts(tmp_path / "2026.csv") == factories.STORY_ORDER[3:6]
    assert run(db, "export-markdown", tmp_path / "q.md", "--query", "portvale",
               "--title", "Portvale file") == 0
    text = (tmp_path / "q.md").read_text(encoding="utf-8")
    assert text.startswith("# Portvale file\n") and "text contains “portvale”" in text
    assert "founded in 2019" not in text and "Critics in **Portvale**" in text
    assert run(db, "export-timelinejs", tmp_path / "a.json", "--article", "3") == 0
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert [s["start_date"]["year"] for s in doc["events"]] == [2019, 2021]


def test_unknown_entity_and_unwritable_path_fail_cleanly(db, tmp_path, capsys):
    assert run(db, "export-markdown", tmp_path / "x.md", "--entity", "Nobody") == cli.USAGE_ERROR
    assert "no entity named 'Nobody'" in capsys.readouterr().err
    assert not (tmp_path / "x.md").exists()
    assert run(db, "export-timelinejs", tmp_path / "missing" / "x.json") == 1
    assert "cannot write" in capsys.readouterr().err


def test_subcommands_are_listed_with_their_options(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    listed = capsys.readouterr().out
    assert all(command in listed for command in SUFFIX)
    with pytest.raises(SystemExit):
        cli.main(["export-csv", "--help"])
    help_text = capsys.readouterr().out
    assert all(option in help_text for option in ("--db", "--entity", "--from", "--to", "--query",
                                                  "--article"))
