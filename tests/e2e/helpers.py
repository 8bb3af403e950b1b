"""Run the CLI as a user would: ingest a folder into a fresh database, then export it."""
from __future__ import annotations

import json
import pathlib

from desktop_app.app import cli


def ingest_and_export(folder: pathlib.Path, tmp: pathlib.Path) -> dict:
    """`ingest FOLDER` (expecting exit 0) then `export-json`; returns the parsed export."""
    db = f"sqlite:///{tmp / 'corpus.timeline'}"
    assert cli.main(["ingest", str(folder), "--db", db]) == 0
    out = tmp / "export.json"
    assert cli.main(["export-json", str(out), "--db", db]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def article_by_file(export: dict, prefix: str) -> dict:
    """The one exported article whose file name starts with `prefix`."""
    (found,) = [a for a in export["articles"] if pathlib.Path(a["path"]).name.startswith(prefix)]
    return found


def reported_in(event: dict, article_id: int, phrase: str = "") -> bool:
    """Whether one of the event's sources is a sentence of `article_id` containing `phrase`."""
    return any(s["article"] == article_id and phrase in s["text"] for s in event["sources"])
