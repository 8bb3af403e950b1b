"""Importing a folder of every format, every kind of bad file and a duplicate, through the CLI."""
from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
import shutil

import pytest
import sqlalchemy as sa

from desktop_app.app import cli
from desktop_app.core import reading
from desktop_app.db import article_queries, session as db_session
from tests.e2e.helpers import article_by_file

pytestmark = pytest.mark.spacy

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "import_mix"
MAX_SIZE_MB = "0.02"  # about 20 KB: oversized.txt (24 KB) is over it, every good file well under

# file name prefix → (title, published, published_how, outlet)
IMPORTED = {
    "bridge-closure.html": ("Old Mill Bridge to close for six months of repairs", "2026-03-04",
                            "metadata", "Riverton Daily"),
    "cafe-reopens.txt": ("Café on the pier reopens after the winter storms", None, "none", "Coastal Wire"),
    "council-cycle-lanes.pdf": ("Westbrook council backs new cycle lanes", "2026-03-09", "dateline", ""),
    "feed.jsonl#1": ("Eastport marathon route moves to the seafront", "2026-03-20", "metadata",
                     "Eastport Herald"),
    "feed.jsonl#2": ("Night buses return to Eastport after two years", "2026-03-22", "url",
                     "eastportherald.example"),
    "ferry-strike.txt": ("Ferry crews walk out over night-shift rota", "2026-02-17", "url",
                         "Lakeford Courier"),
    "harbour-dredging.md": ("Harbour dredging to start after the spring tides", "2026-01-08", "metadata",
                            "Portvale Gazette"),
    "saved-page.txt": ("Allotment waiting list reaches five years", "2026-02-25", "url",
                       "hillcrestpost.example"),
    "scraper-export.json": ("Libraries in North Bay to open on Sundays", "2026-02-02", "metadata",
                            "northbaytimes.example"),
}

# file name → what its report line must say
REJECTED = {
    "binary.txt": "binary file (not text)",
    "broken.json": "malformed JSON: ",
    "empty.pdf": "empty file",
    "empty.txt": "empty file",
    "no-text.html": "no article text found in the web page",
    "oversized.txt": "file too large (24 KB; the limit is 20 KB)",
    "scanned.pdf": "no text layer (scanned?)",
    "truncated.pdf": "malformed PDF: ",
    "undecodable.txt": "cannot decode text",
    "unknown-shape.json": "unknown JSON shape: no article text (fields found: id, score, summary_html, tags;",
    "gone.txt": "cannot read: broken symbolic link",
    "loop-a.txt": "cannot read: symbolic link loop",
    "loop-b.txt": "cannot read: symbolic link loop",
    "again": "cannot read: symbolic link loop",
    "n" * 300 + ".txt": "cannot read: path too long for the file system",
}


def run_cli(*argv: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(list(argv))
    return code, out.getvalue().splitlines()


def report_reason(lines: list[str], status: str, name: str) -> str:
    """The reason on the one report line for a file with this name."""
    (found,) = [line for line in lines if line.startswith(status + "  ")
                and pathlib.Path(line.split("  ", 1)[1].split(": ", 1)[0]).name == name]
    return found.split(": ", 1)[1]


def mix_folder(tmp: pathlib.Path) -> pathlib.Path:
    folder = tmp / "mix"
    shutil.copytree(FIXTURES, folder)
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "copies" / "again").symlink_to(folder, target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("import_mix")
    folder = mix_folder(tmp)
    db = f"sqlite:///{tmp / 'mix.timeline'}"
    too_long = str(folder / ("n" * 300 + ".txt"))
    code, lines = run_cli("ingest", str(folder), too_long, "--db", db, "--max-size", MAX_SIZE_MB)
    out = tmp / "export.json"
    assert run_cli("export-json", str(out), "--db", db)[0] == 0
    return code, lines, json.loads(out.read_text(encoding="utf-8")), db, folder


def test_report_counts_and_exit_code(imported):
    code, lines, _, _, _ = imported
    assert code == 1  # some files were rejected
    assert lines[-1] == f"{len(IMPORTED)} imported, 1 already present, {len(REJECTED)} rejected"


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_every_bad_file_has_one_report_line_with_its_reason(imported, name):
    _, lines, _, _, _ = imported
    assert report_reason(lines, "rejected", name).startswith(REJECTED[name])


def test_duplicate_is_reported_with_the_original_path(imported):
    _, lines, _, _, folder = imported
    assert report_reason(lines, "duplicate", "ferry-strike (1).txt") == \
        f"duplicate of {folder / 'ferry-strike.txt'}"


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_each_article_has_title_date_how_and_outlet(imported, name):
    _, _, export, _, _ = imported
    article = article_by_file(export, name)
    title, published, how, outlet = IMPORTED[name]
    assert (article["title"], article["published"], article["published_how"], article["outlet"]) == \
        (title, published, how, outlet)


def test_only_the_good_files_are_imported(imported):
    _, _, export, db, _ = imported
    names = sorted(pathlib.Path(a["path"]).name for a in export["articles"])
    assert names == sorted(IMPORTED)
    factory = db_session.open_database(db)
    with factory() as s:
        assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
        assert article_queries.outlets(s) == sorted({o for *_, o in IMPORTED.values() if o},
                                                    key=str.casefold)


def test_web_page_text_is_the_body_without_menus_sidebar_or_comments(imported):
    _, _, export, _, _ = imported
    text = article_by_file(export, "bridge-closure.html")["text"]
    for body in ("will close to traffic on April 13 for six months of structural repairs",
                 "Engineers found corrosion in two of the bridge's steel girders",
                 "The bridge was built in 1931 and last rebuilt in 1988."):
        assert body in text
    for furniture in ("Most Popular", "Rowing club wins the spring regatta", "Family bakery opens",
                      "Six months is far too long", "Harlow Road cannot take all that traffic",
                      "Leave a Reply", "Your email address", "Please enter your comment",
                      "Sign up for our daily newsletter", "Advertisement", "Spring sale",
                      "All rights reserved", "Privacy policy", "Weather", "Share on Facebook"):
        assert furniture not in text


def test_txt_header_lines_are_metadata_not_text(imported):
    _, _, export, _, _ = imported
    ferry = article_by_file(export, "ferry-strike.txt")
    mentioned = {m["text"] for m in export["mentions"] if m["article"] == ferry["id"]}
    assert "Jane Doe" not in mentioned and "Lakeford Courier" not in mentioned
    assert ferry["text"].startswith("Ferry crews walk out over night-shift rota\nBy Jane Doe\n")


def test_reimport_skips_unchanged_files_unread_and_replaces_changed_ones(tmp_path, monkeypatch):
    folder = tmp_path / "some"
    folder.mkdir()
    for name in ("ferry-strike.txt", "harbour-dredging.md", "feed.jsonl"):
        shutil.copy2(FIXTURES / name, folder / name)
    db = f"sqlite:///{tmp_path / 'again.timeline'}"
    assert run_cli("ingest", str(folder), "--db", db)[1][-1] == "4 imported, 0 already present, 0 rejected"

    read: list[str] = []
    real = reading.read_articles
    monkeypatch.setattr(reading, "read_articles", lambda path, *a, **k: read.append(path) or real(path, *a, **k))
    code, lines = run_cli("ingest", str(folder), "--db", db)
    assert (code, lines[-1], read) == (0, "0 imported, 4 already present, 0 rejected", [])

    md = folder / "harbour-dredging.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nThe dredger will work only in daylight hours.\n",
                  encoding="utf-8")
    os.utime(folder / "ferry-strike.txt")  # touched, same text: read once, not re-imported
    code, lines = run_cli("ingest", str(folder), "--db", db)
    assert lines[-1] == "1 imported, 3 already present, 0 rejected"
    assert sorted(pathlib.Path(p).name for p in read) == ["ferry-strike.txt", "harbour-dredging.md"]
    factory = db_session.open_database(db)
    with factory() as s:
        texts = s.execute(sa.text("SELECT original_text FROM articles WHERE file_path = :p"),
                          {"p": str(md)}).scalars().all()
    assert len(texts) == 1 and "only in daylight hours" in texts[0]  # the old version is gone
    read.clear()
    assert run_cli("ingest", str(folder), "--db", db)[1][-1] == "0 imported, 4 already present, 0 rejected"
    assert read == []
