"""export-csv: one row per timeline event that opens cleanly in spreadsheets and round-trips
through Python's csv module, on the story plus an article with awkward characters."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

from desktop_app.db import curation, entity_store, event_groups, ingest, queries
from desktop_app.export import csv_export, event_records
from tests import factories

D = dt.date
# Commas, straight and curly quotes, a semicolon (our list separator) and non-ASCII letters.
AWKWARD = 'Zoë Ødegaard said "yes, finally"; the café’s “Grand Ørsted” deal closed on Friday.'


def add_article(factory, title: str, body: str, timexes, names, path: str = "odd.txt",
                published: dt.date | None = D(2026, 4, 10)) -> int:
    """Store one more hand-made article beside the story and relink entities."""
    article, extraction = factories.make_article(title, body, published, path, timexes, names)
    with factory.begin() as session:
        article_id = ingest.store_article(session, article, extraction)
    with factory.begin() as session:
        entity_store.relink(session)
    return article_id


def add_awkward(factory) -> None:
    add_article(factory, 'Deal, "done": Ørsted', AWKWARD,
                [("on Friday", "2026-04-03", D(2026, 4, 3), D(2026, 4, 4), "day")],
                [("Zoë Ødegaard", "PERSON", "PERSON"), ("Grand Ørsted", "ORG", "ORG")])


def read_back(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets look for
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF records only
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_header_and_story_rows_in_timeline_order(story_db, tmp_path):
    result = csv_export.write(story_db, queries.Filters(), tmp_path / "t.csv")
    rows = read_back(tmp_path / "t.csv")
    assert result.events == 7 and len(rows) == 7
    assert list(rows[0]) == list(csv_export.HEADER)
    assert [r["text"] for r in rows] == factories.STORY_ORDER
    by_text = {r["text"]: r for r in rows}
    fall = by_text["Critics in Portvale want a review this fall."]
    assert (fall["date value"], fall["begin"], fall["end (exclusive)"], fall["granularity"],
            fall["date label"]) == ("2026-FA", "2026-09-01", "2026-12-01", "season", "Fall 2026")
    raised = by_text["The Harbour Trust raised $40 million in January."]
    assert (raised["entities"], raised["figures"]) == ("Harbour Trust", "$40 million")
    assert raised["sources"] == "Harbour Trust raises funds (b.txt)"
    said = by_text["Lind said the Harbour Trust had pushed for it since last April."]
    assert said["entities"] == "Ana Lind; Harbour Trust" and said["flags"] == "reported; attributed"


def test_awkward_text_round_trips(story_db, tmp_path):
    add_awkward(story_db)
    csv_export.write(story_db, queries.Filters(query="finally"), tmp_path / "odd.csv")
    (row,) = read_back(tmp_path / "odd.csv")
    assert row["text"] == AWKWARD
    assert row["entities"] == "Zoë Ødegaard; Grand Ørsted"
    assert row["sources"] == 'Deal, "done": Ørsted (odd.txt)'
    assert row["date label"] == "3 Apr 2026"


def test_newlines_quotes_and_formulas_survive_the_csv_module():
    """Cells with newlines (CRLF and LF), quotes and commas come back as written; a would-be
    formula comes back as text behind an apostrophe."""
    row = queries.EventRow(1, 'Line one, "quoted"\r\nline two\nthree — ünïcödé', 1, "T", "a.txt",
                           None, 0, 10, "2026-03", None, D(2026, 3, 1), D(2026, 4, 1), "month")
    formula = dataclasses.replace(row, id=2, text="=HYPERLINK(\"http://x\")")
    source = event_groups.Source(1, 1, "Title, with comma", None, 0, 10, row.text)
    article = event_records.Article(1, "Title, with comma", "dir/a.txt", None, "none", "", "")
    timeline = event_records.Timeline(
        [event_records.Record(row, "Mar 2026", (source,), (), ()),
         event_records.Record(formula, "Mar 2026", (), (), ())], {1: article})
    parsed = list(csv.reader(io.StringIO(csv_export.render(timeline), newline="")))
    assert parsed == csv_export.rows(timeline)
    assert parsed[1][5] == row.text
    assert parsed[1][8] == "Title, with comma (dir/a.txt)"
    assert parsed[2][5] == "'" + formula.text


def test_filters_and_curation_apply(story_db, tmp_path):
    with story_db() as s:
        (berg,) = queries.entity_ids_by_name(s, "Oskar Berg")
    csv_export.write(story_db, queries.Filters(entity_ids=(berg,)), tmp_path / "berg.csv")
    assert [r["text"] for r in read_back(tmp_path / "berg.csv")] == factories.STORY_ORDER[:2]
    with story_db.begin() as s:
        (trust,) = queries.entity_ids_by_name(s, "Harbour Trust")
        curation.hide(s, trust)
    csv_export.write(story_db, queries.Filters(), tmp_path / "hidden.csv")
    rows = read_back(tmp_path / "hidden.csv")
    assert all("Harbour Trust" not in r["entities"] for r in rows)
    said = next(r for r in rows if r["text"].startswith("Lind said"))
    assert said["entities"] == "Ana Lind"


def test_merged_events_list_every_source(story_db, tmp_path):
    with story_db.begin() as s:
        events = queries.events_by_ids(s, queries.event_ids(s))
        by_text = {e.text: e for e in events}
        event_groups.merge(s, by_text["Mayor Ana Lind will meet investors next month."].id,
                           by_text["Critics in Portvale want a review this fall."].id)
    csv_export.write(story_db, queries.Filters(), tmp_path / "m.csv")
    rows = read_back(tmp_path / "m.csv")
    assert len(rows) == 6
    (merged,) = [r for r in rows if ";" in r["sources"]]
    assert set(merged["sources"].split("; ")) == {"Council backs harbour plan (a.txt)",
                                                 "Harbour Trust raises funds (b.txt)"}
