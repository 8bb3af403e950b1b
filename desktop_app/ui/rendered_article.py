"""An article as the source pane keeps it, rendered as QTextDocuments with one sentence in
focus, and what is done to those documents: offsets mapped, the focus moved, the view scrolled."""
from __future__ import annotations

import dataclasses

from PySide6.QtGui import QColor, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from desktop_app.core import markup
from desktop_app.db import queries
from desktop_app.ui import highlight


@dataclasses.dataclass
class Rendered:
    """One loaded article and, once shown with an event, its rendered document."""

    source: queries.ArticleSource
    layout: markup.Layout | None
    document: QTextDocument | None = None
    # Text offset -> document position, worked out when the focus first moves; None when Qt's
    # text did not match (then every focus change renders again, as before).
    positions: highlight.Positions | None = None
    checked: bool = False  # whether `positions` was worked out for `document`
    focus: tuple[int, int] = (0, 0)  # the text range highlighted in `document`
    # Another rendering of the article, with another focus (a neighbouring event's): (focus, doc).
    spare: tuple[tuple[int, int], QTextDocument] | None = None


def plain(entry: Rendered) -> bool:
    """Offsets are positions in plain text; Markdown, CRLF and emoji need the mapping."""
    text = entry.source.text
    return entry.layout is None and "\r" not in text and text.isascii()


def positions(entry: Rendered) -> highlight.Positions | None:
    """The article's offset mapping, if Qt's text is exactly the one it describes (else
    highlights would slip)."""
    if not entry.checked:
        mapping = highlight.Positions(entry.source.text, entry.layout)
        matches = entry.document.toRawText() == mapping.shown.replace("\n", "\u2028")
        entry.positions, entry.checked = (mapping if matches else None), True
    return entry.positions


def position_of(entry: Rendered, offset: int) -> int:
    """Where article offset `offset` is in the rendered document."""
    found = None if plain(entry) else positions(entry)
    return found(offset) if found is not None else offset


def document_for(entry: Rendered, focus: tuple[int, int]) -> QTextDocument | None:
    """The article's rendering with `focus` highlighted, if there is one."""
    if entry.document is not None and entry.focus == focus:
        return entry.document
    return entry.spare[1] if entry.spare is not None and entry.spare[0] == focus else None


def move_focus(entry: Rendered, focus: tuple[int, int]) -> None:
    """Set the focus background where `render_html` would paint it, clear the old one."""
    source, offsets = entry.source, entry.positions
    cursor = QTextCursor(entry.document)
    cursor.beginEditBlock()  # one layout update for both ranges
    for start, end in highlight.focus_runs(source.text, source.spans, entry.focus, entry.layout):
        _set_background(cursor, offsets(start), offsets(end), None)
    colour = QColor(highlight.FOCUS_BACKGROUND)
    for start, end in highlight.focus_runs(source.text, source.spans, focus, entry.layout):
        _set_background(cursor, offsets(start), offsets(end), colour)
    cursor.endEditBlock()
    entry.focus = focus


def scroll_to(browser: QTextBrowser, position: int) -> None:
    """Scroll so document `position` sits a quarter down the view, its lead-in readable above."""
    document = browser.document()
    cursor = QTextCursor(document)
    cursor.setPosition(min(position, document.characterCount() - 1))
    bar = browser.verticalScrollBar()
    top = browser.cursorRect(cursor).top() + bar.value()
    bar.setValue(max(0, top - browser.viewport().height() // 4))


def _set_background(cursor: QTextCursor, start: int, end: int, colour: QColor | None) -> None:
    """Set (or with None, clear) the background of document range [start, end), keeping every
    other property of each fragment's format (entity links, underlines, tooltips)."""
    document = cursor.document()
    pieces = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            lo = max(start, fragment.position())
            hi = min(end, fragment.position() + fragment.length())
            if lo < hi:
                pieces.append((lo, hi, fragment.charFormat()))
            fragments += 1
        block = block.next()
    for lo, hi, char_format in pieces:  # after the walk: formatting splits fragments
        if colour is None:
            char_format.clearBackground()
        else:
            char_format.setBackground(colour)
        cursor.setPosition(lo)
        cursor.setPosition(hi, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(char_format)
