"""The source pane's next article read and turned into HTML off the GUI thread, by the list's
filter worker: a filter's first frame then only parses the HTML, with no query and no markup
work. Plain Python and SQL here, no Qt: the worker is not the GUI thread."""
from __future__ import annotations

import dataclasses

from sqlalchemy import orm

from desktop_app.core import markup
from desktop_app.db import filter_result, queries
from desktop_app.ui import highlight


@dataclasses.dataclass(frozen=True)
class Ahead:
    """An article as SourcePane caches it, and its HTML with one sentence in focus."""

    article_id: int
    source: queries.ArticleSource
    layout: markup.Layout | None
    focus: tuple[int, int]
    html: str


def layout_of(source: queries.ArticleSource) -> markup.Layout | None:
    """A Markdown article's layout; None for plain text (front matter and debris stay as is)."""
    if not markup.is_markdown(source.article.path):
        return None
    return markup.layout(source.text, [(sp.start, sp.end) for sp in source.spans if sp.kind == "DEBRIS"])


def read(session: orm.Session, request: filter_result.Request,
         result: filter_result.Result) -> Ahead | None:
    """For TimelineModel.request: the article of the event the result will select, rendered
    with that event's sentence in focus (an event's own article is its first source)."""
    event = result.row_event(request.block)
    if event is None:
        return None
    try:
        source = queries.article_source(session, event.article_id)
    except LookupError:  # deleted meanwhile: the pane reads it, and says so, as before
        return None
    layout, focus = layout_of(source), (event.start, event.end)
    return Ahead(event.article_id, source, layout, focus,
                 highlight.render_html(source.text, source.spans, focus, layout))
