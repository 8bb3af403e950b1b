"""Article text to QTextBrowser HTML: entity colours and links, time underlines, focus sentence.

Pure functions, no Qt. Overlapping spans are handled by cutting the text at every span boundary
and styling each piece with everything active on it.
"""
from __future__ import annotations

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
