"""The report's text as Qt rich-text HTML: title page, events by year and month, sources, index."""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import pathlib
import re
from collections.abc import Callable, Sequence

from sqlalchemy import orm

from desktop_app.core import modality
from desktop_app.core.timex_calendar import MONTH_NAMES, format_day
from desktop_app.db import event_groups, queries, report_queries

DEFAULT_TITLE = "Timeline Reader report"

# Fixed English names: calendar.month_name follows the C locale, which Qt changes at start-up.

# Granularities fine enough to sit under the month their interval begins in.
WITHIN_MONTH = frozenset({"time", "day", "week", "month"})
# Granularities wider than a year get no year heading above them.
BEYOND_YEAR = frozenset({"decade", "century"})

# The event list is split into documents of about this many events, each cut before a year
# or month heading: Qt's HTML import slows down with the square of the named anchors in one
# document (10,000 events took 7 s in one, under 1 s in ten).
CHUNK_EVENTS = 800

INK, ACCENT, MUTED = "#1d1d1f", "#1f3a5f", "#6b6b70"

# Block user states (set through -qt-user-state) that tell pagination and the outline what a
# block is: headings stay with what follows, events and entries are never cut.
HEADING, EVENT, YEAR, SOURCE, PART, ENTRY = 1, 2, 3, 4, 5, 6
KEEP_WITH_NEXT = frozenset({HEADING, YEAR, PART})
KEEP_WHOLE = frozenset({EVENT, SOURCE, ENTRY})

TYPE_WORDS = {"PERSON": "person", "ORG": "organisation", "PLACE": "place", "PRODUCT": "product",
              "AMOUNT": "figure"}


@dataclasses.dataclass(frozen=True)
class IndexEntry:
    """One entity of the index and the events (in report order) that mention it."""

    name: str
    type: str
    event_ids: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class ReportContent:
    """Everything the PDF writer needs: each section's HTML and the facts behind them."""

    title: str
    title_html: str
    list_parts: tuple[str, ...]  # the event list, cut into documents of CHUNK_EVENTS events
    sources_html: str
    events: int
    generated: dt.date
    rows: tuple[queries.EventRow, ...] = ()
    index: tuple[IndexEntry, ...] = ()
    sources: int = 0  # articles cited
    filters_text: str = "none"

    @property
    def list_html(self) -> str:
        return "".join(self.list_parts)

    @property
    def html(self) -> str:
        """The title block and the event list (what the report reads as prose)."""
        return self.title_html + self.list_html


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def corpus_line(summary: queries.CorpusSummary) -> str:
    """'8 articles (1 undated), published 20 Jan 2026 – 2 Jun 2026'."""
    if summary.articles == 0:
        return "No articles"
    text = plural(summary.articles, "article")
    if summary.undated == summary.articles:
        return text + (", undated" if summary.articles == 1 else ", all undated")
    if summary.undated:
        text += f" ({summary.undated} undated)"
    if summary.first == summary.last:
        return f"{text}, published {format_day(summary.first)}"
    return f"{text}, published {format_day(summary.first)} – {format_day(summary.last)}"


def outlets_line(names: Sequence[str], shown: int = 8) -> str:
    if not names:
        return "none recorded"
    more = f", and {len(names) - shown} more" if len(names) > shown else ""
    return f"{plural(len(names), 'outlet')}: " + ", ".join(names[:shown]) + more


def section_of(row: queries.EventRow) -> tuple[tuple, str]:
    """The (key, heading) of the group an event belongs to: its month, or its own coarser label."""
    fine = row.granularity in WITHIN_MONTH or (
        row.granularity is None and (row.end_date - row.begin).days <= 31)
    if fine:
        return ("month", row.begin.year, row.begin.month), f"{MONTH_NAMES[row.begin.month - 1]} {row.begin.year}"
    label = row.date_label
    if row.granularity == "year" and label == str(row.begin.year):
        heading = f"{label} (whole year)"
    else:
        heading = label[:1].upper() + label[1:]
    return ("span", heading), heading


def year_of(row: queries.EventRow) -> int | None:
    """The year heading an event sits under; None for decades and centuries."""
    return None if row.granularity in BEYOND_YEAR else row.begin.year


def _is_word(text: str, at: int) -> bool:
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _bold_names(text: str, names: Sequence[str]) -> str:
    """Escape `text`, putting each of `names` in bold where it stands as a whole word."""
    # str.find rather than a regex per event: compiling thousands of patterns (one per name
    # set) was most of the time a large report took to build.
    taken: list[tuple[int, int]] = []
    for name in sorted({n for n in names if n.strip()}, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if (not _is_word(text, start - 1) and not _is_word(text, end)
                    and all(end <= a or start >= b for a, b in taken)):
                taken.append((start, end))
            start = text.find(name, start + 1)
    out, pos = [], 0
    for start, end in sorted(taken):
        out.append(html.escape(text[pos:start]))
        out.append(f"<b>{html.escape(text[start:end])}</b>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _block(text: str, style: str, state: int = 0) -> str:
    """A paragraph; margins in px because Qt's rich text ignores pt there (1px = 1/96 in)."""
    qt_state = f" -qt-user-state:{state};" if state else ""
    return f'<p style="{style}{qt_state}">{text}</p>'


def link(target: str, text: str) -> str:
    """An internal link; Qt's PDF engine writes it as a /Link to the named destination."""
    return f'<a href="#{target}" style="color:{ACCENT}; text-decoration:none;">{text}</a>'


def anchor(name: str) -> str:
    """A link target. Qt writes the named destination at the anchor's first character and
    splits the text there ("J un 2026" in extracted text), so the anchor holds a zero-width space."""
    return f'<a name="{name}">&#8203;</a>'


def event_anchor(event_id: int) -> str:
    return f"ev-{event_id}"


def source_anchor(number: int) -> str:
    return f"src-{number}"


def date_text(row: queries.EventRow, published_how: str) -> str:
    """The event's date at its own precision, marked when its article's date was inferred."""
    return row.date_label + (" (inferred)" if published_how == "inferred" else "")


def _event_html(row: queries.EventRow, when: str, names: Sequence[str], cites: Sequence[int]) -> str:
    flags = ", ".join(modality.WORDS.get(f, f) for f in row.flags)
    flags_html = (f'<span style="font-size:8.5pt; color:{MUTED};"> &#183; {html.escape(flags)}</span>'
                  if flags else "")
    citations = "".join(link(source_anchor(n), f"[{n}]") for n in cites)
    # One block per event (lines joined by <br>) so pagination can keep an event on one page.
    return _block(f'{anchor(event_anchor(row.id))}<span style="font-weight:700; color:{ACCENT};">'
                  f'{html.escape(when)}</span>{flags_html}<br/>'
                  f'{_bold_names(" ".join(row.text.split()), names)} {citations}',
                  "margin-top:0px; margin-bottom:10px; margin-left:0px; line-height:125%;", EVENT)


def part_html(text: str) -> str:
    """A section title ("Events", "Sources", "Index") at the top of its first page."""
    return _block(html.escape(text), f"font-size:20pt; font-weight:700; color:{INK}; "
                                     "margin-top:0px; margin-bottom:8px;", PART)


def _title_html(title: str, lines: Sequence[tuple[str, str]], summary: str) -> str:
    meta = f"margin-top:0px; margin-bottom:7px; font-size:11pt; color:{INK};"
    body = "".join(_block(f'<span style="color:{MUTED};">{label}:</span> {html.escape(value)}', meta)
                   for label, value in lines)
    return (_block(html.escape(title), f"font-size:26pt; font-weight:700; color:{INK}; "
                                       "margin-top:90px; margin-bottom:12px;")
            + _block(html.escape(summary), f"font-size:12pt; color:{MUTED}; margin-top:0px; "
                                           "margin-bottom:14px;")
            + '<hr style="margin-top:4px; margin-bottom:16px; background-color:#9a9aa0;"/>' + body)


def _year_html(text: str) -> str:
    return _block(html.escape(text), f"font-size:16pt; font-weight:700; color:{ACCENT}; "
                                     "margin-top:16px; margin-bottom:2px;", YEAR)


def _section_html(text: str) -> str:
    return _block(html.escape(text), f"font-size:11.5pt; font-weight:700; color:{INK}; "
                                     "margin-top:9px; margin-bottom:5px;", HEADING)


def source_line(article: report_queries.ReportArticle) -> str:
    """'Title · Outlet · 4 Mar 2026 · a.txt': what and where an article is, for the source list."""
    if article.published is None:
        day = "undated"
    else:
        day = format_day(article.published) + (" (inferred)" if article.published_how == "inferred" else "")
    where = article.url or pathlib.PurePath(article.file_path or article.path.split("#")[0]).name
    return " · ".join(p for p in (article.title, article.outlet, day, where) if p)


def _sources_html(numbers: dict[int, int], articles: dict[int, report_queries.ReportArticle]) -> str:
    parts = [part_html("Sources")]
    for article_id, number in sorted(numbers.items(), key=lambda item: item[1]):
        article = articles[article_id]
        rest = html.escape(source_line(article)[len(article.title):])
        parts.append(_block(f'{anchor(source_anchor(number))}<b>[{number}]</b> '
                            f'<i>{html.escape(article.title)}</i>{rest}',
                            "margin-top:0px; margin-bottom:6px; line-height:120%;", SOURCE))
    return "".join(parts)


def index_html(entries: Sequence[IndexEntry], pages: dict[int, int], linked: bool = True) -> str:
    """The entity index; `pages` maps event ids to 1-based page numbers, linked to the events
    when `linked` (the event list is in the report); with no pages, the event count instead."""
    parts = [part_html("Index")]
    for entry in entries:
        first_on_page: dict[int, int] = {}
        for event_id in entry.event_ids:
            if event_id in pages:
                first_on_page.setdefault(pages[event_id], event_id)
        refs = ", ".join(link(event_anchor(e), str(p)) if linked else str(p)
                         for p, e in sorted(first_on_page.items()))
        kind = TYPE_WORDS.get(entry.type, entry.type.lower())
        parts.append(_block(f'<b>{html.escape(entry.name)}</b> <span style="color:{MUTED};">'
                            f'({kind})</span>&#160;&#160;{refs or plural(len(entry.event_ids), "event")}',
                            "margin-top:0px; margin-bottom:3px; margin-left:14px; text-indent:-14px;",
                            ENTRY))
    return "".join(parts)


_CITATION = re.compile(r'<a href="#src-\d+"[^>]*>(\[\d+\])</a>')


def without_citation_links(list_html: str) -> str:
    """The event list with its citations as plain text, for a report without a source list."""
    return _CITATION.sub(r"\1", list_html)


def _list_html(rows, how, entities, names_of, cites, progress) -> tuple[str, ...]:
    chunks: list[str] = []
    parts = [part_html("Events")]
    in_chunk = 0
    if not rows:
        parts.append(f'<p style="color:{MUTED}; margin-top:16px;">No events match these filters.</p>')
    year: int | None = None
    section: tuple | None = None
    seen_years: set[int] = set()
    seen_sections: set[tuple] = set()
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        row_year = year_of(row)
        new_section = row_year != year or section_of(row)[0] != section
        if in_chunk >= 2 * CHUNK_EVENTS or in_chunk >= CHUNK_EVENTS and new_section:
            chunks.append("".join(parts))
            parts, in_chunk = [], 0
        in_chunk += 1
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
        names = [n for entity in entities[row.id] for n in (entity.name, *names_of.get(entity.id, ()))]
        parts.append(_event_html(row, date_text(row, how.get(row.article_id, "")), names, cites[row.id]))
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)
    return (*chunks, "".join(parts))


def build_report(session: orm.Session, filters: queries.Filters, title: str | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 generated: dt.date | None = None) -> ReportContent:
    """Read the filtered events in timeline order and render the report's sections as HTML."""
    title = title.strip() if title and title.strip() else DEFAULT_TITLE
    generated = generated or dt.date.today()
    ids = queries.event_ids(session, filters)
    rows = queries.events_by_ids(session, ids)
    if progress is not None:
        progress(0, len(rows))
    entities = report_queries.entities_of_events(session, ids)
    names_of = report_queries.surface_names(session, [x.id for found in entities.values() for x in found])
    sources = event_groups.sources(session, ids)
    articles = report_queries.articles_by_ids(
        session, {r.article_id for r in rows} | {s.article_id for found in sources.values() for s in found})
    # Sources are numbered in the order the list first cites them; one number per article.
    numbers: dict[int, int] = {}
    cites: dict[int, list[int]] = {}
    for row in rows:
        cited = [row.article_id] + [s.article_id for s in sources.get(row.id, ())]
        cites[row.id] = [numbers.setdefault(a, len(numbers) + 1) for a in dict.fromkeys(cited)]
    how = {a.id: a.published_how for a in articles.values()}
    by_entity: dict[int, list[int]] = {}
    kinds: dict[int, report_queries.NamedEntity] = {}
    for row in rows:
        for entity in entities[row.id]:
            if entity.type not in queries.FIGURE_TYPES:
                by_entity.setdefault(entity.id, []).append(row.id)
                kinds[entity.id] = entity
    index = tuple(sorted((IndexEntry(kinds[i].name, kinds[i].type, tuple(ev)) for i, ev in by_entity.items()),
                         key=lambda x: (x.name.casefold(), x.type)))
    summary = queries.corpus_summary(session, ids)
    lines = [("Corpus", corpus_line(summary)),
             ("Outlets", outlets_line(report_queries.outlets(session))),
             ("Filters", queries.describe_filters(session, filters)),
             ("Contents", f"{plural(len(rows), 'event')}, {len(index)} "
                          f"{'entity' if len(index) == 1 else 'entities'}, "
                          f"{plural(len(numbers), 'source')} cited"),
             ("Generated", format_day(generated))]
    summary_text = (f"A chronology of {plural(len(rows), 'event')} reported in "
                    f"{plural(summary.articles, 'article')}, generated {format_day(generated)} "
                    "by Timeline Reader.")
    list_parts = _list_html(rows, how, entities, names_of, cites, progress)
    return ReportContent(title, _title_html(title, lines, summary_text), list_parts,
                         _sources_html(numbers, articles), len(rows), generated, tuple(rows), index,
                         len(numbers), lines[2][1])
