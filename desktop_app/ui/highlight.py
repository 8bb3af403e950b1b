"""Article text to QTextBrowser HTML: entity colours and links, time underlines, focus sentence.

Pure functions, no Qt. Overlapping spans are handled by cutting the text at every span boundary
and styling each piece with everything active on it.
"""
from __future__ import annotations

import bisect
import dataclasses
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop_app.core import markup as core_markup

if TYPE_CHECKING:
    from desktop_app.db.queries import Span

# (background tint, text colour) per entity kind; tints stay readable on a light theme.
ENTITY_COLOURS: dict[str, tuple[str, str]] = {
    "PERSON": ("#dbeafe", "#1e3a8a"),
    "ORG": ("#dcfce7", "#14532d"),
    "PLACE": ("#ffedd5", "#7c2d12"),
    "AMOUNT": ("#f3e8ff", "#581c87"),
    "PRODUCT": ("#ccfbf1", "#134e4a"),  # teal
}
KIND_NAMES = {"PERSON": "person", "ORG": "organisation", "PLACE": "place", "AMOUNT": "amount",
              "PRODUCT": "product"}
FOCUS_BACKGROUND = "#fde68a"
TIMEX_COLOUR = "#92400e"
DEBRIS_COLOUR = "#9ca3af"
FOCUS_ANCHOR = "focus"
LINK_SCHEME = "link"  # href="link:<offset of the link text>"; the address stays in the article


@dataclasses.dataclass(frozen=True)
class _Style:
    """Everything that applies to one piece of text."""

    entity: "Span | None" = None
    timex: "Span | None" = None
    debris: bool = False
    focus: bool = False
    marks: tuple[tuple[str, str, int], ...] = ()  # Markdown formatting: (kind, detail, start)
    hidden: tuple[int, int, str] | None = None  # Markdown markup left out (with its replacement)


# Markdown formatting as Qt rich text understands it.
MARK_STYLES = {"h1": "font-size: x-large; font-weight: bold", "h2": "font-size: large; font-weight: bold",
               "h3": "font-size: medium; font-weight: bold", "h4": "font-weight: bold",
               "h5": "font-weight: bold", "h6": "font-weight: bold", "strong": "font-weight: bold",
               "em": "font-style: italic", "code": "font-family: monospace",
               "quote": "font-style: italic; color: #4b5563",
               "link": "color: #1d4ed8; text-decoration: underline"}


def render_html(text: str, spans: Sequence["Span"], focus: tuple[int, int] | None = None,
                markup: core_markup.Layout | None = None) -> str:
    """HTML for `text` with `spans` styled and the `focus` range highlighted and anchored.

    With a Markdown `markup` layout, markup characters are left out and the text formatted;
    every visible character keeps its offset, so highlights stay on the right characters."""
    n = len(text)
    usable = [s for s in spans if 0 <= s.start < s.end and s.start < n]
    markup = markup or core_markup.Layout()
    cuts = {0, n}
    for s in usable:
        cuts.update((s.start, min(s.end, n)))
    for start, end, *_ in (*markup.hidden, *markup.marks):
        cuts.update((min(start, n), min(end, n)))
    if focus is not None:
        f_start, f_end = max(0, focus[0]), min(n, focus[1])
        focus = (f_start, f_end) if f_start < f_end else None
    if focus is not None:
        cuts.update(focus)
    bounds = sorted(cuts)
    parts: list[str] = []
    anchored = False
    pieces: list[tuple[_Style, int, int]] = []
    for start, end in zip(bounds, bounds[1:]):
        style = _style_at(usable, focus, start, end, markup)
        if pieces and pieces[-1][0] == style:
            pieces[-1] = (style, pieces[-1][1], end)  # same styling: merge into one element
        else:
            pieces.append((style, start, end))
    for style, start, end in pieces:
        if style.hidden is not None:
            if start == style.hidden[0]:
                parts.append(html.escape(style.hidden[2], quote=False))  # "• " for a list marker
            continue
        if style.focus and not anchored:
            parts.append(f'<a name="{FOCUS_ANCHOR}"></a>')
            anchored = True
        parts.append(_formatted(_render_piece(text[start:end], style), style.marks))
    body = "".join(parts)
    # pre-wrap keeps runs of spaces and tabs exactly; newlines become explicit breaks.
    return f'<div style="white-space: pre-wrap;">{body}</div>'


def _formatted(out: str, marks: tuple[tuple[str, str, int], ...]) -> str:
    """Wrap a rendered piece in its Markdown formatting. A link shows its address as a tooltip and
    points at `link:<offset>`, never at the address itself: the source pane asks before opening."""
    for kind, detail, start in marks:
        title = f' title="{html.escape(detail, quote=True)}"' if detail else ""
        out = f'<span style="{MARK_STYLES[kind]};"{title}>{out}</span>'
        if kind == "link":
            out = f'<a href="{LINK_SCHEME}:{start}" style="text-decoration: none;">{out}</a>'
    return out


def _style_at(spans: Sequence["Span"], focus: tuple[int, int] | None, start: int, end: int,
              markup: core_markup.Layout = core_markup.Layout()) -> _Style:
    """The style of the piece [start, end), which lies wholly inside or outside each span."""
    entity = timex = None
    debris = False
    for s in spans:
        if not (s.start <= start and end <= s.end):
            continue
        if s.kind == "TIMEX":
            timex = timex or s
        elif s.kind == "DEBRIS":
            debris = True
        elif s.kind in ENTITY_COLOURS:
            # The innermost entity wins, then the earliest, then the lowest id: deterministic.
            if entity is None or _entity_key(s) < _entity_key(entity):
                entity = s
    in_focus = focus is not None and focus[0] <= start and end <= focus[1]
    hidden = next((h for h in markup.hidden if h[0] <= start and end <= h[1]), None)
    marks = tuple((kind, detail, s) for s, e, kind, detail in markup.marks if s <= start and end <= e)
    return _Style(entity, timex, debris, in_focus, marks, hidden)


def _entity_key(span: "Span") -> tuple[int, int, int]:
    return (span.end - span.start, span.start, span.entity_id or 0)


def _escape(piece: str) -> str:
    return html.escape(piece, quote=False).replace("\r\n", "<br>").replace("\n", "<br>")


def _render_piece(piece: str, style: _Style) -> str:
    """One piece of text wrapped in the elements its style needs."""
    out = _escape(piece)
    css = []
    titles = []
    if style.debris:
        css.append(f"color: {DEBRIS_COLOUR}")
    if style.timex is not None:
        css.append("text-decoration: underline")
        if style.entity is None and not style.debris:
            css.append(f"color: {TIMEX_COLOUR}")
        titles.append(f"Time: {style.timex.title}" if style.timex.title else "Time expression")
    if style.focus and style.entity is None:
        css.append(f"background-color: {FOCUS_BACKGROUND}")
    if style.entity is not None:
        bg, fg = ENTITY_COLOURS[style.entity.kind]
        css.append(f"background-color: {bg}")
        if not style.debris:
            css.append(f"color: {fg}")
        name = style.entity.title or piece
        titles.insert(0, f"{name} ({KIND_NAMES[style.entity.kind]}) — click to filter")
    if css or titles:
        title = html.escape(" · ".join(titles), quote=True)
        title_attr = f' title="{title}"' if title else ""
        out = f'<span style="{"; ".join(css)};"{title_attr}>{out}</span>'
    if style.entity is not None and style.entity.entity_id is not None:
        _, fg = ENTITY_COLOURS[style.entity.kind]
        colour = DEBRIS_COLOUR if style.debris else fg
        out = (f'<a href="entity:{style.entity.entity_id}" '
               f'style="color: {colour}; text-decoration: none;">{out}</a>')
    return out


# -- moving the focus in a rendered document -----------------------------------------------
def focus_runs(text: str, spans: Sequence["Span"], focus: tuple[int, int],
               markup: core_markup.Layout | None = None) -> list[tuple[int, int]]:
    """The parts of `focus` that `render_html` paints with FOCUS_BACKGROUND: outside entities
    (their own tint wins) and outside hidden Markdown markup."""
    n = len(text)
    start, end = max(0, focus[0]), min(n, focus[1])
    holes = [(s.start, min(s.end, n)) for s in spans
             if s.kind in ENTITY_COLOURS and 0 <= s.start < s.end and s.start < n]
    holes += [(h[0], h[1]) for h in (markup or core_markup.Layout()).hidden]
    runs = []
    for h_start, h_end in sorted(holes):
        if h_start > start:
            runs.append((start, min(h_start, end)))
        start = max(start, h_end)
        if start >= end:
            break
    if start < end:
        runs.append((start, end))
    return [(s, e) for s, e in runs if s < e]


def _utf16(piece: str) -> int:
    """Length in UTF-16 code units, as Qt counts document positions."""
    return len(piece.encode("utf-16-le")) // 2


class Positions:
    """Text offset -> position in the document `render_html` builds (markup left out, CRLF one
    break, UTF-16 units). `shown` is the document's expected plain text, to check against Qt's."""

    def __init__(self, text: str, markup: core_markup.Layout | None = None):
        self._text = text
        # (text start, text end, doc start, replacement or None for visible text), in order
        self._segments: list[tuple[int, int, int, str | None]] = []
        shown: list[str] = []
        pos = doc = 0
        for h_start, h_end, replacement in sorted((markup or core_markup.Layout()).hidden):
            if h_start < pos:  # overlapping markup: render_html has no single answer; the check fails
                shown.append("\0")
                continue
            doc = self._visible(pos, min(h_start, len(text)), doc, shown)
            self._segments.append((h_start, h_end, doc, replacement))
            shown.append(replacement)
            doc += _utf16(replacement)
            pos = h_end
        self._visible(pos, len(text), doc, shown)
        self.shown = "".join(shown)

    def _visible(self, start: int, end: int, doc: int, shown: list[str]) -> int:
        piece = self._text[start:end].replace("\r\n", "\n")
        if start < end:
            self._segments.append((start, end, doc, None))
            shown.append(piece)
        return doc + _utf16(piece)

    def __call__(self, offset: int) -> int:
        """The document position of text `offset` (the start of markup that hides it)."""
        segments = self._segments
        i = bisect.bisect_right(segments, offset, key=lambda seg: seg[0]) - 1
        if i < 0:
            return 0
        start, end, doc, replacement = segments[i]
        if replacement is not None:
            return doc if offset < end else doc + _utf16(replacement)
        offset = min(offset, end)
        return doc + _utf16(self._text[start:offset].replace("\r\n", "\n"))
