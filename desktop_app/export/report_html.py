"""The report as Qt rich-text HTML: title block, then events grouped by year and month."""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import pathlib
import re
from collections.abc import Callable, Sequence

from sqlalchemy import orm

from desktop_app.db import queries

DEFAULT_TITLE = "Timeline Reader report"

# Fixed English names: calendar.month_name follows the C locale, which Qt changes at start-up.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTHS_ABBR = tuple(m[:3] for m in MONTHS)

# Granularities fine enough to sit under the month their interval begins in.
WITHIN_MONTH = frozenset({"time", "day", "week", "month"})
# Granularities wider than a year get no year heading above them.
BEYOND_YEAR = frozenset({"decade", "century"})

FETCH_CHUNK = 500  # ids per events_by_ids call, well under SQLite's bound-parameter limit

INK, ACCENT, MUTED = "#1d1d1f", "#1f3a5f", "#6b6b70"

# Block user states (set through -qt-user-state) that tell pagination what a block is.
HEADING, EVENT = 1, 2


@dataclasses.dataclass(frozen=True)
class ReportContent:
    """Everything the PDF writer needs: the HTML body and the facts for headers and footers."""

    title: str
    html: str
    events: int
    generated: dt.date


def format_day(day: dt.date) -> str:
    """'4 Mar 2026', independent of the process locale."""
    return f"{day.day} {MONTHS_ABBR[day.month - 1]} {day.year}"


def corpus_line(summary: queries.CorpusSummary) -> str:
    """'8 articles (1 undated), published 20 Jan 2026 – 2 Jun 2026'."""
    if summary.articles == 0:
        return "No articles"
    text = f"{summary.articles} article{'s' if summary.articles != 1 else ''}"
    if summary.undated == summary.articles:
        return text + (", undated" if summary.articles == 1 else ", all undated")
    if summary.undated:
        text += f" ({summary.undated} undated)"
    if summary.first == summary.last:
        return f"{text}, published {format_day(summary.first)}"
    return f"{text}, published {format_day(summary.first)} – {format_day(summary.last)}"


def section_of(row: queries.EventRow) -> tuple[tuple, str]:
    """The (key, heading) of the group an event belongs to: its month, or its own coarser label."""
    fine = row.granularity in WITHIN_MONTH or (
        row.granularity is None and (row.end_date - row.begin).days <= 31)
    if fine:
        return ("month", row.begin.year, row.begin.month), f"{MONTHS[row.begin.month - 1]} {row.begin.year}"
    label = row.date_label
    if row.granularity == "year" and label == str(row.begin.year):
        heading = f"{label} (whole year)"
    else:
        heading = label[:1].upper() + label[1:]
    return ("span", heading), heading


def year_of(row: queries.EventRow) -> int | None:
    """The year heading an event sits under; None for decades and centuries."""
    return None if row.granularity in BEYOND_YEAR else row.begin.year


def _bold_names(text: str, names: Sequence[str]) -> str:
    """Escape `text`, putting each of `names` in bold where it stands as a whole word."""
    names = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return html.escape(text)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        out.append(f"<b>{html.escape(m.group())}</b>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _block(text: str, style: str, state: int = 0) -> str:
    """A paragraph; margins in px because Qt's rich text ignores pt there (1px = 1/96 in)."""
    qt_state = f" -qt-user-state:{state};" if state else ""
    return f'<p style="{style}{qt_state}">{text}</p>'


def _event_html(row: queries.EventRow, names: Sequence[str]) -> str:
    published = format_day(row.article_published) if row.article_published else "undated"
    source = (f"<i>{html.escape(row.article_title)}</i> &#183; {published} &#183; "
              f"{html.escape(pathlib.PurePath(row.article_path).name)}")
    # One block per event (lines joined by <br>) so pagination can keep an event on one page.
    return _block(f'<span style="font-weight:700; color:{ACCENT};">{html.escape(row.date_label)}</span><br/>'
                  f'{_bold_names(" ".join(row.text.split()), names)}<br/>'
                  f'<span style="font-size:8pt; color:{MUTED};">{source}</span>',
                  "margin-top:0px; margin-bottom:10px; margin-left:0px; line-height:125%;", EVENT)


def _title_html(title: str, corpus: str, filters_text: str, events: int, generated: dt.date) -> str:
    count = f"{events} event{'s' if events != 1 else ''}"
    meta = f"margin-top:0px; margin-bottom:3px; font-size:10pt; color:{MUTED};"
    return (_block(html.escape(title), f"font-size:22pt; font-weight:700; color:{INK}; "
                                       "margin-top:0px; margin-bottom:10px;")
            + _block(html.escape(corpus), meta)
            + _block(f"Filters: {html.escape(filters_text)}", meta)
            + _block(f"{count} &#183; generated {format_day(generated)}", meta)
            + '<hr style="margin-top:8px; margin-bottom:4px; background-color:#9a9aa0;"/>')


def _year_html(text: str) -> str:
    return _block(html.escape(text), f"font-size:16pt; font-weight:700; color:{ACCENT}; "
                                     "margin-top:16px; margin-bottom:2px;", HEADING)


def _section_html(text: str) -> str:
    return _block(html.escape(text), f"font-size:11.5pt; font-weight:700; color:{INK}; "
                                     "margin-top:9px; margin-bottom:5px;", HEADING)


def _fetch_rows(session: orm.Session, ids: Sequence[int]) -> list[queries.EventRow]:
    rows: list[queries.EventRow] = []
    for i in range(0, len(ids), FETCH_CHUNK):
        rows.extend(queries.events_by_ids(session, ids[i:i + FETCH_CHUNK]))
    return rows


def build_report(session: orm.Session, filters: queries.Filters, title: str | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 generated: dt.date | None = None) -> ReportContent:
    """Read the filtered events in timeline order and render the whole report as HTML."""
    title = title.strip() if title and title.strip() else DEFAULT_TITLE
    generated = generated or dt.date.today()
    ids = queries.event_ids(session, filters)
    rows = _fetch_rows(session, ids)
    total = len(rows)
    if progress is not None:
        progress(0, total)
    summary = queries.corpus_summary(session, ids)
    filters_text = queries.describe_filters(session, filters)
    aliases = queries.entity_aliases(session)
    parts = [_title_html(title, corpus_line(summary), filters_text, total, generated)]
    if not rows:
        parts.append(f'<p style="color:{MUTED}; margin-top:16px;">No events match these filters.</p>')
    year: int | None = None
    section: tuple | None = None
    seen_years: set[int] = set()
    seen_sections: set[tuple] = set()
    for done, row in enumerate(rows, start=1):
        row_year = year_of(row)
        if row_year != year:
            if row_year is not None:
                again = " (continued)" if row_year in seen_years else ""
                parts.append(_year_html(f"{row_year}{again}"))
                seen_years.add(row_year)
            year, section = row_year, None
        key, heading = section_of(row)
        if key != section:
            # A coarser event can split a month in two; say so rather than repeat it bare.
            again = " (continued)" if key in seen_sections else ""
            parts.append(_section_html(heading + again))
            seen_sections.add(key)
            section = key
        names = []
        for entity in queries.event_entities(session, row.id):
            names.append(entity.name)
            names.extend(aliases.get(entity.id, ()))
        parts.append(_event_html(row, names))
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)
    return ReportContent(title, "".join(parts), total, generated)
