"""The command line against PostgreSQL: ingest, then the filtered exports match SQLite's."""
from __future__ import annotations

import json

import pytest

from desktop_app.app import cli
from tests.pg import corpus


@pytest.fixture(scope="module")
def databases(pg_url, tmp_path_factory):
    """The corpus imported by `timeline-reader ingest` into PostgreSQL and into an SQLite file."""
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write(folder)
    lite = f"sqlite:///{tmp_path_factory.mktemp('lite') / 'lite.timeline'}"
    for url in (pg_url, lite):
        assert cli.main(["ingest", str(folder), "--db", url, "--pipeline", "rules"]) == 0
    return pg_url, lite


@pytest.mark.parametrize("options", [[], ["--query", "bridge"], ["--entity", "Pavel Drozd"],
                                     ["--from", "2026-01-01", "--to", "2026-06-30"]],
                         ids=["all", "query", "entity", "dates"])
def test_csv_and_markdown_exports_match_sqlite(databases, tmp_path, options):
    outputs = []
    for url in databases:
        texts = []
        for command, name in (("export-csv", "events.csv"), ("export-markdown", "events.md")):
            out = tmp_path / f"{len(outputs)}-{name}"
            assert cli.main([command, str(out), "--db", url, *options]) == 0
            texts.append(out.read_text(encoding="utf-8"))
        outputs.append(texts)
    assert outputs[0] == outputs[1]
    assert outputs[0][0].count("\n") > 1  # a header and at least one event


def test_json_export_holds_the_same_corpus(databases, tmp_path):
    found = []
    for i, url in enumerate(databases):
        out = tmp_path / f"{i}.json"
        assert cli.main(["export-json", str(out), "--db", url]) == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        found.append({key: len(value) for key, value in data.items() if isinstance(value, list)})
    assert found[0] == found[1] and found[0]
