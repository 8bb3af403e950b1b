"""The `export-csv` format: one row per timeline event, for spreadsheets.

UTF-8 with a byte-order mark (Excel otherwise guesses a legacy code page) and RFC 4180
quoting with CRLF line ends, so commas, quotes and newlines inside cells survive.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import pathlib
from collections.abc import Callable

from sqlalchemy import orm

from desktop_app.db import queries
from desktop_app.export import event_records, files

HEADER = ("date value", "begin", "end (exclusive)", "granularity", "date label", "text",
          "entities", "figures", "sources", "flags")
JOIN = "; "
# Cells a spreadsheet would run as a formula ("=HYPERLINK(…)" in an article): a leading
# apostrophe makes them text (the OWASP advice for CSV injection). Dates never start so.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclasses.dataclass(frozen=True)
class CsvResult:
    path: pathlib.Path
    events: int


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _source(source, articles: dict[int, event_records.Article]) -> str:
    article = articles.get(source.article_id)
    path = article.path if article else ""
    return f"{source.title} ({path})" if path else source.title


def rows(timeline: event_records.Timeline) -> list[list[str]]:
    """The header and one list of cells per event, in timeline order."""
    out = [list(HEADER)]
    for record in timeline.records:
        row = record.row
        # Sources can repeat an article (two sentences of one article merged): list it once.
        sources = dict.fromkeys(_source(s, timeline.articles) for s in record.sources)
        out.append([row.value, row.begin.isoformat(), row.end_date.isoformat(),
                    row.granularity or "", record.date_label, _cell(row.text),
                    _cell(JOIN.join(record.entity_names)), _cell(JOIN.join(record.figures)),
                    _cell(JOIN.join(sources)), JOIN.join(row.flags)])
    return out


def build(session: orm.Session, filters: queries.Filters = queries.Filters(),
          progress: Callable[[int, int], None] | None = None) -> tuple[str, int]:
    """The CSV text (without the BOM) and the number of events in it."""
    timeline = event_records.gather(session, filters, progress)
    return render(timeline), len(timeline.records)


def render(timeline: event_records.Timeline) -> str:
    """The CSV text of `timeline`: RFC 4180 quoting (only where needed), CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows(timeline))
    return buffer.getvalue()


def write(session_factory: orm.sessionmaker, filters: queries.Filters, out_path,
          progress: Callable[[int, int], None] | None = None) -> CsvResult:
    """Write the CSV to `out_path` atomically."""
    with session_factory() as session:
        text, count = build(session, filters, progress)
    path = files.write_atomically(out_path, text.encode("utf-8-sig"))
    return CsvResult(path, count)
