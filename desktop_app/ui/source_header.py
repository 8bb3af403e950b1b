"""The source pane's header: the article's title, date and path, and its height measured ahead.

A rich-text label answers heightForWidth by parsing and laying its text out twice (at the width
asked, then back at its own): about 0.8 ms at every article change. Without it the paint lays
the text out once itself, and the step saves 0.3-0.5 ms. The pane measures the headers of the
articles it prefetches on a hidden twin of the label, in idle time; the step looks them up.
"""
from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import QLabel

from desktop_app.core import timex_calendar
from desktop_app.db import queries

HOW_LABELS = {"dateline": "dateline", "metadata": "front matter", "user": "set by you",
              "inferred": "inferred"}
SET_DATE_LINK = "set-date"  # the header link that asks for the date dialog
LIMIT = 64  # measured texts kept: the prefetched neighbours and those stepped back to


def published_label(article: queries.ArticleRow) -> str:
    """E.g. 'published 11 Mar 2026 (dateline)', or 'undated'."""
    return date_label(article.published, article.published_how)


def date_label(day: dt.date | None, how: str) -> str:
    """'published 11 Mar 2026 (set by you)' for a date and how it was obtained; or 'undated'."""
    if day is None:
        return "undated"
    label = timex_calendar.format_date(day.isoformat(), day, day + dt.timedelta(days=1), "day", None)
    how_label = HOW_LABELS.get(how)
    return f"published {label} ({how_label})" if how_label else f"published {label}"


def header_html(article: queries.ArticleRow) -> str:
    """Title, then the date with its set/change link and the path; all text escaped."""
    link = "set date…" if article.published is None else "change date…"
    return (f"<div style='font-size:13pt; font-weight:600'>{html.escape(article.title)}</div>"
            f"<div style='color:#4b5563'>{html.escape(published_label(article))}"
            f" &nbsp;<a href='{SET_DATE_LINK}'>{link}</a>"
            f" &nbsp;·&nbsp; <span style='color:#6b7280'>{html.escape(article.path)}</span></div>")


class HeaderHeights:
    """Heights of header texts at a width, measured on a twin of `header` that is never shown."""

    def __init__(self, header: QLabel):
        self.header = header
        self._twin = QLabel()  # no parent: not in the window, nor in its accessibility tree
        self._twin.setTextFormat(header.textFormat())
        self._twin.setWordWrap(header.wordWrap())
        self._twin.setContentsMargins(header.contentsMargins())
        self._twin.setTextInteractionFlags(header.textInteractionFlags())  # how it lays out
        self._heights: dict[tuple[str, int, str], int] = {}

    def measure(self, text: str, width: int) -> None:
        """Work out the header's height for `text` at `width`, unless already known."""
        font = self.header.font()
        key = (text, width, font.key())
        if key in self._heights or width <= 0:
            return
        if len(self._heights) >= LIMIT:
            self._heights.clear()
        self._twin.setFont(font)
        self._twin.setText(text)
        self._heights[key] = self._twin.heightForWidth(width)

    def height_for(self, width: int) -> int:
        """The header's heightForWidth: looked up if measured, else asked of the label."""
        found = self._heights.get((self.header.text(), width, self.header.font().key()))
        return found if found is not None else self.header.heightForWidth(width)
