"""The `export-timelinejs` format: a JSON file TimelineJS 3 loads directly, to publish on the web.

Format as published by Knight Lab: https://timeline.knightlab.com/docs/json-format.html
(source NUKnightLab/TimelineJS3, eleventy/docs/json-format.njk; examples such as
website/templates/examples/houston/timeline3.json and compiled/examples/group_sample.json).
Its rules followed here: the object holds `events` (slides) and an optional `title` slide;
a slide needs `start_date`, may have `end_date`, `text` {headline, text} (HTML allowed),
`group` (events with the same value share a row, labelled at the left), `display_date` and a
`unique_id`; a date object needs `year` (a number) and may add `month` (1-12) and `day`.
"""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import html
import json
import pathlib
from collections.abc import Callable

from sqlalchemy import orm

from desktop_app.db import queries
from desktop_app.export import event_records, files

DEFAULT_TITLE = "Timeline Reader timeline"
# TimelineJS draws one row per group; past a handful the rows get too thin to read.
MAX_GROUPS = 6
OTHER_GROUP = "Other"

# The date fields that carry an event's precision: a month-precision event leaves out the day,
# a year-precision one the month too, so TimelineJS shows "April 2025", not "April 1, 2025".
_PRECISION = {"time": "day", "day": "day", "week": "day", "month": "month", "season": "month",
              "quarter": "month", "half": "month", "year": "year", "decade": "year",
              "century": "year"}


@dataclasses.dataclass(frozen=True)
class TimelineJsResult:
    path: pathlib.Path
    events: int


def date_object(day: dt.date, precision: str) -> dict:
    """A TimelineJS date object for `day` down to `precision` ("year", "month" or "day")."""
    out = {"year": day.year}
    if precision in ("month", "day"):
        out["month"] = day.month
    if precision == "day":
        out["day"] = day.day
    return out


def dates(row: queries.EventRow) -> tuple[dict, dict | None]:
    """(start_date, end_date or None): the interval at the event's precision, end inclusive."""
    precision = _PRECISION.get(row.granularity or "", "day")
    start = date_object(row.begin, precision)
    # Our intervals are half-open; TimelineJS's end is the last period the event covers.
    end = date_object(max(row.begin, row.end_date - dt.timedelta(days=1)), precision)
    return start, (end if end != start else None)


def _groups(records: list[event_records.Record], skip: set[int]) -> dict[int, str]:
    """Each event's lane: its most reported entity among the busiest few, else "Other"."""
    # Entities the timeline is filtered on are in every event, so they separate nothing: they
    # count for nothing and name a lane only when the event has no other busy entity.
    counts: collections.Counter = collections.Counter()
    first_seen: dict[int, int] = {}
    for record in records:
        for entity in record.entities:
            counts[entity.id] += entity.id not in skip
            first_seen.setdefault(entity.id, len(first_seen))
    ranked = sorted(counts, key=lambda i: (-counts[i], first_seen[i]))
    chosen = set(ranked[:MAX_GROUPS - 1] if len(ranked) >= MAX_GROUPS else ranked)
    out: dict[int, str] = {}
    for record in records:
        inside = [e for e in record.entities if e.id in chosen]
        inside.sort(key=lambda e: (-counts[e.id], first_seen[e.id]))
        out[record.row.id] = inside[0].name if inside else OTHER_GROUP
    return out


def _sentence_html(record: event_records.Record) -> str:
    """The sentence, HTML-escaped (TimelineJS reads markup there), entity names in bold."""
    text, out, pos = record.row.text, [], 0
    for start, end in record.name_spans:
        out.append(html.escape(text[pos:start]))
        out.append(f"<b>{html.escape(text[start:end])}</b>")
        pos = end
    out.append(html.escape(text[pos:]))
    return " ".join("".join(out).split())


def _source_html(article: event_records.Article) -> str:
    title, *rest = (html.escape(p) for p in event_records.source_parts(article))
    if article.url:
        title = f'<a href="{html.escape(article.url)}">{title}</a>'
        rest = rest[:-1]  # the URL is the link
    return " · ".join([f"<i>{title}</i>", *rest])


def _body_html(record: event_records.Record, articles: dict[int, event_records.Article]) -> str:
    parts = []
    if record.flag_words:
        parts.append(f"<p><i>{html.escape(', '.join(record.flag_words).capitalize())}</i></p>")
    cited = [articles[a] for a in dict.fromkeys(s.article_id for s in record.sources) if a in articles]
    if cited:
        parts.append("<p>Sources:</p><ul>"
                     + "".join(f"<li>{_source_html(a)}</li>" for a in cited) + "</ul>")
    return "".join(parts)


def build(session: orm.Session, filters: queries.Filters = queries.Filters(),
          title: str | None = None, progress: Callable[[int, int], None] | None = None) -> dict:
    """The TimelineJS document: a title slide and one slide per event, in timeline order."""
    timeline = event_records.gather(session, filters, progress)
    title = title.strip() if title and title.strip() else DEFAULT_TITLE
    count = len(timeline.records)
    groups = _groups(timeline.records, set(filters.entity_ids))
    events = []
    for record in timeline.records:
        start, end = dates(record.row)
        slide = {"start_date": start}
        if end is not None:
            slide["end_date"] = end
        slide.update({"display_date": record.date_label,
                      "text": {"headline": _sentence_html(record),
                               "text": _body_html(record, timeline.articles)},
                      "group": groups[record.row.id],
                      "unique_id": f"event-{record.row.id}"})
        events.append(slide)
    described = html.escape(queries.describe_filters(session, filters))
    return {"title": {"text": {"headline": html.escape(title),
                               "text": f"<p>Filters: {described}</p>"
                                       f"<p>{count} event{'s' if count != 1 else ''} from "
                                       f"{len(timeline.articles)} article"
                                       f"{'s' if len(timeline.articles) != 1 else ''}</p>"}},
            "events": events}


def write(session_factory: orm.sessionmaker, filters: queries.Filters, out_path,
          title: str | None = None, progress: Callable[[int, int], None] | None = None
          ) -> TimelineJsResult:
    """Write the TimelineJS JSON to `out_path` atomically."""
    with session_factory() as session:
        data = build(session, filters, title, progress)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    path = files.write_atomically(out_path, text.encode("utf-8"))
    return TimelineJsResult(path, len(data["events"]))
