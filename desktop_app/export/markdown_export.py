"""The `export-markdown` format: a readable chronology with numbered citations and a source list.

Headings by year and month as in the PDF report; each event a list item with its date at its
true precision, entity names in bold and citations as reference links to the source anchors.
Everything taken from articles is escaped, so it renders literally (checked with Python-Markdown).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import re
from collections.abc import Callable

from sqlalchemy import orm

from desktop_app.db import queries
from desktop_app.export import event_records, files, report_html

DEFAULT_TITLE = "Timeline Reader chronology"

# Backslash escapes Python-Markdown and CommonMark both honour: the characters that start
# markup in the middle of a line (`#` also ends a heading's text; `(` only matters after `]`).
_ESCAPE = re.compile(r"([\\`*_\[\]{}#>])")
_LIST_START = re.compile(r"^(\s*\d*)([.)+-])(?=\s|$)")
# "&copy;" in an article must not become "©"; a bare "&" is left alone for readability.
_ENTITY = re.compile(r"&(?=#?\w+;)")


@dataclasses.dataclass(frozen=True)
class MarkdownResult:
    path: pathlib.Path
    events: int
    sources: int


def escape(text: str, line_start: bool = False) -> str:
    """`text` on one line with all Markdown and HTML markup escaped; `line_start` also guards
    a leading "1. " or "- " (our text never starts a line, but callers might)."""
    text = re.sub(r"\s+", " ", text)
    text = _ESCAPE.sub(r"\\\1", text)
    if line_start:
        text = _LIST_START.sub(r"\1\\\2", text)
    # `<` is not backslash-escapable in Python-Markdown; an entity works in every dialect.
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;")


def _sentence(record: event_records.Record) -> str:
    """The event's sentence, escaped, with the entity names it contains in bold."""
    text, out, pos = record.row.text, [], 0
    for start, end in record.name_spans:
        out.append(escape(text[pos:start]))
        out.append(f"**{escape(text[start:end])}**")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out).strip()


class _Citations:
    """Source numbers in order of first citation, one per article."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}

    def cite(self, article_id: int) -> str:
        number = self.numbers.setdefault(article_id, len(self.numbers) + 1)
        return rf"[\[{number}\]][s{number}]"


def _event_line(record: event_records.Record, citations: _Citations) -> str:
    cited = dict.fromkeys(s.article_id for s in record.sources)
    line = f"- **{escape(record.date_label)}** — {_sentence(record)}"
    if cited:
        line += " " + "".join(citations.cite(a) for a in cited)
    if record.row.flags:
        line += f" *({escape(', '.join(record.flag_words))})*"
    return line


def _heading(lines: list[str], text: str) -> None:
    """Add a heading with one blank line around it (Markdown needs them to end a list)."""
    lines.extend([text, ""] if lines and lines[-1] == "" else ["", text, ""])


def _sections(records: list[event_records.Record], citations: _Citations) -> list[str]:
    """Year and month headings (as in the PDF report) with the events under them."""
    lines: list[str] = []
    year: int | None = None
    section: tuple | None = None
    seen: set = set()
    for record in records:
        row = record.row
        row_year = report_html.year_of(row)
        key, heading = report_html.section_of(row)
        if row_year is None:
            # Decades and centuries sit beside the years, not under one of them.
            if key != section:
                again = " (continued)" if key in seen else ""
                _heading(lines, f"## {escape(heading)}{again}")
                seen.add(key)
            year, section = None, key
        else:
            if row_year != year:
                again = " (continued)" if row_year in seen else ""
                _heading(lines, f"## {row_year}{again}")
                seen.add(row_year)
                year, section = row_year, None
            if key != section:
                # A coarser event can split a month in two; say so rather than repeat it bare.
                again = " (continued)" if key in seen else ""
                _heading(lines, f"### {escape(heading)}{again}")
                seen.add(key)
                section = key
        lines.append(_event_line(record, citations))
    return lines


def build(session: orm.Session, filters: queries.Filters = queries.Filters(),
          title: str | None = None, generated: dt.date | None = None,
          progress: Callable[[int, int], None] | None = None) -> tuple[str, int, int]:
    """The Markdown text, the number of events and the number of sources cited."""
    timeline = event_records.gather(session, filters, progress)
    title = title.strip() if title and title.strip() else DEFAULT_TITLE
    generated = generated or dt.date.today()
    count = len(timeline.records)
    lines = [f"# {escape(title)}", "",
             f"Filters: {escape(queries.describe_filters(session, filters))}", "",
             f"{count} event{'s' if count != 1 else ''} · generated "
             f"{event_records.format_day(generated)}"]
    if not timeline.records:
        lines += ["", "*No events match these filters.*"]
    citations = _Citations()
    lines += _sections(timeline.records, citations)
    if citations.numbers:
        lines += ["", "## Sources", ""]
        for article_id, number in citations.numbers.items():
            article = timeline.articles[article_id]
            # Raw HTML anchors: plain Markdown has no heading or list ids to link to.
            first, *rest = [escape(part).strip() for part in event_records.source_parts(article)]
            lines.append(f'{number}. <a id="source-{number}"></a>*{first}* · ' + " · ".join(rest))
        lines.append("")
        lines += [f"[s{n}]: #source-{n}" for n in citations.numbers.values()]
    return "\n".join(lines) + "\n", count, len(citations.numbers)


def write(session_factory: orm.sessionmaker, filters: queries.Filters, out_path,
          title: str | None = None, progress: Callable[[int, int], None] | None = None
          ) -> MarkdownResult:
    """Write the chronology to `out_path` atomically."""
    with session_factory() as session:
        text, count, sources = build(session, filters, title, progress=progress)
    path = files.write_atomically(out_path, text.encode("utf-8"))
    return MarkdownResult(path, count, sources)
