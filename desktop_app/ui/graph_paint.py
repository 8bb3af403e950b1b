"""Painting for the graphical timeline: axis, lanes, event marks and count columns."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetrics, QLinearGradient, QPainter, QPen,
                           QRegion, QStaticText, QTransform)
from PySide6.QtWidgets import QWidget

from desktop_app.db.graph_queries import GraphEvent
# One palette and fade for the screen and the printed report, so both read alike.
from desktop_app.export.report_style import FADE, GRID, MAJOR_GRID, MARK, MUTED, TEXT
from desktop_app.ui import graph_layout as gl

AXIS_H = 34
ROW_H = 18
LABEL_MAX_PX = 200

SELECTED = QColor("#f59e0b")
SELECTED_EDGE = QColor("#b45309")
LANE_TINT = QColor("#f1f5f9")
# Coarser dates are paler: the bar's extent is the uncertainty, not a duration.
ALPHA = {"month": 150, "season": 110, "quarter": 110, "year": 80}


@dataclasses.dataclass
class Item:
    """One drawn mark: an event (point or bar) or an aggregated column."""

    rect: QRectF
    event: GraphEvent | None = None
    count: int = 0
    span: tuple[float, float] = (0.0, 0.0)  # ordinal range an aggregated column covers
    label: str = ""
    label_room: float = LABEL_MAX_PX  # free pixels right of the mark, up to the next one
    badge: str = ""  # drawn after the (elided) label: the number of sources, "+2"
    area: QRect | None = None  # what painting it may touch (see `bounds`), once known


class TextMetrics:
    """Widths and elided forms of labels in one font, remembered: every frame of a zoom or pan
    lays out and draws mostly the labels the last one did (Qt measures each anew, ~25 us)."""

    LIMIT = 20_000  # entries before starting afresh

    def __init__(self, font: QFont):
        self.font = QFont(font)
        self.metrics = QFontMetrics(font)
        self._widths: dict[str, int] = {}
        self._elided: dict[tuple[str, int], str] = {}
        self._static: dict[str, QStaticText] = {}

    def width(self, text: str) -> int:
        if (w := self._widths.get(text)) is None:
            if len(self._widths) > self.LIMIT:
                self._widths.clear()
            w = self._widths[text] = self.metrics.horizontalAdvance(text)
        return w

    def elided(self, text: str, width: int) -> str:
        key = (text, width)
        if (out := self._elided.get(key)) is None:
            if len(self._elided) > self.LIMIT:
                self._elided.clear()
            out = self._elided[key] = self.metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return out

    def static(self, text: str) -> QStaticText:
        """`text` laid out once (drawing it again is a few times cheaper than drawText)."""
        if (found := self._static.get(text)) is None:
            if len(self._static) > self.LIMIT:
                self._static.clear()
            found = self._static[text] = QStaticText(text)
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.prepare(QTransform(), self.font)
        return found


_metrics: dict[str, TextMetrics] = {}


def text_metrics(font: QFont) -> TextMetrics:
    """The shared TextMetrics of `font` (any widget, any frame)."""
    key = font.key()
    if (found := _metrics.get(key)) is None:
        found = _metrics[key] = TextMetrics(font)
    return found


def sources_badge(event: GraphEvent) -> str:
    """'  +2' for an event three articles report, '' for a single source (as the list shows it)."""
    return f"  +{event.sources - 1}" if event.sources > 1 else ""


def fade_stops(open_start: bool, open_end: bool) -> list[tuple[float, float]]:
    """Gradient stops (position 0-1 along the bar, opacity 0-1): an open side fades to nothing."""
    stops = [(0.0, 0.0), (FADE, 1.0)] if open_start else [(0.0, 1.0)]
    return stops + ([(1.0 - FADE, 1.0), (1.0, 0.0)] if open_end else [(1.0, 1.0)])


def fading(rect: QRectF, color: QColor, open_start: bool, open_end: bool) -> QBrush:
    """A brush of `color` across `rect`, fading out on its open sides (plain when closed)."""
    if not (open_start or open_end):
        return QBrush(color)
    gradient = QLinearGradient(rect.left(), 0.0, rect.right(), 0.0)
    for position, opacity in fade_stops(open_start, open_end):
        stop = QColor(color)
        stop.setAlphaF(color.alphaF() * opacity)
        gradient.setColorAt(position, stop)
    return QBrush(gradient)


def is_point(event: GraphEvent) -> bool:
    """Day-precise events are drawn as points, anything coarser as a bar."""
    return (event.end_date - event.begin).days <= 1


def bounds(item: Item, widget: QWidget) -> QRect:
    """Every pixel `_item` may paint for `item` (mark, label or count, selected or not), for
    repainting one mark alone; worked out once per layout."""
    if item.area is not None:
        return item.area
    rect = item.rect
    if item.event is None:  # a column and the count written above it
        area = rect.adjusted(-21, -15, 21, 1)
    else:
        # The label starts right of the mark and is elided to its room; a label written inside
        # a bar stays inside it. Margins cover the selected mark's wider pen; the text is
        # centred on the row (see _Style.text_dy).
        room = max(min(item.label_room, LABEL_MAX_PX), 0)
        # (+12: an ellipsis and the badge can outgrow the tightest room by a few pixels.)
        right = max(rect.right(), rect.left() + 12) + 4 + room + 12
        high = max(ROW_H, text_metrics(widget.font()).metrics.height() + 2)
        middle = rect.top() - 3 + ROW_H / 2
        area = QRectF(rect.left() - 4, middle - high / 2, right - rect.left() + 4, high)
    item.area = area.toAlignedRect() & widget.rect()
    return item.area


def paint(widget: QWidget, items: list[Item], lanes: list[tuple[QRectF, str]],
          selected_id: int | None, start: float, span: float, empty_text: str,
          region: QRegion | None = None) -> None:
    """Draw the graph onto `widget` (called from its paintEvent); with the paint event's
    `region`, only the marks that reach into it (Qt clips the rest)."""
    drawn = items
    if region is not None and not (region.rectCount() == 1
                                   and region.boundingRect().contains(widget.rect())):
        drawn = [i for i in items if region.intersects(bounds(i, widget))]
    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    # A partial repaint below the axis band needs its grid lines, not its labels.
    background(p, widget, lanes, start, span,
               region is None or region.boundingRect().top() < AXIS_H)
    marks(p, widget, drawn, selected_id, region if drawn is not items else None)
    if not items:
        empty(p, widget, empty_text)
    focus(p, widget)
    p.end()


def background(p: QPainter, widget: QWidget, lanes: list[tuple[QRectF, str]], start: float,
               span: float, labels: bool = True) -> None:
    """The base fill, lane tints, axis with its grid and the lane titles: all but the marks."""
    p.fillRect(widget.rect(), widget.palette().base())
    for n, (rect, _title) in enumerate(lanes):
        if n % 2:
            p.fillRect(rect, LANE_TINT)
    _axis(p, widget, start, span, labels)
    small = QFont(widget.font())
    small.setPointSizeF(max(small.pointSizeF() - 1, 7))
    p.setFont(small)
    p.setPen(MUTED)
    for rect, title in lanes:
        if title:
            p.drawText(rect.adjusted(6, 2, -6, 0),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                       p.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, 260))


def marks(p: QPainter, widget: QWidget, drawn: list[Item], selected_id: int | None,
          region: QRegion | None = None) -> None:
    """`drawn` marks, the selected ones last (on top, in bold); with `region` (a partial repaint
    that `drawn` was picked for) what cannot show there is skipped."""
    plain, bold = QFont(widget.font()), QFont(widget.font())
    bold.setBold(True)
    styles = {False: _Style(plain), True: _Style(bold)}
    p.setFont(plain)
    edges = QRectF(widget.rect()).adjusted(-8, -8, 8, 8)
    frame = _Frame(widget.width(), edges, None)
    if region is not None:
        frame = _Frame(widget.width(), edges & QRectF(region.boundingRect()).adjusted(-8, -8, 8, 8),
                       region)
    chosen = [i for i in drawn if i.event is not None and i.event.id == selected_id]
    for item in drawn:
        if not chosen or all(item is not c for c in chosen):
            _item(p, frame, item, styles[False], False)
    if chosen:  # on top of everything else
        p.setFont(bold)
        for item in chosen:
            _item(p, frame, item, styles[True], True)


def empty(p: QPainter, widget: QWidget, text: str) -> None:
    """What a graph without marks says instead ("No events in this period")."""
    p.setFont(widget.font())
    p.setPen(MUTED)
    p.drawText(widget.rect().adjusted(0, AXIS_H, 0, 0), Qt.AlignmentFlag.AlignCenter, text)


def focus(p: QPainter, widget: QWidget) -> None:
    """The focus frame, when `widget` has focus (focus must always be visible)."""
    if widget.hasFocus():
        p.setPen(QPen(widget.palette().highlight().color(), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(widget.rect()).adjusted(1, 1, -1, -1))


def _axis(p: QPainter, widget: QWidget, start: float, span: float, labels: bool = True) -> None:
    width, height = widget.width(), widget.height()
    ppd = width / span
    p.setPen(QPen(MAJOR_GRID))
    p.drawLine(0, AXIS_H - 1, width, AXIS_H - 1)
    bold = QFont(widget.font())
    bold.setBold(True)
    for tick in gl.ticks(start, start + span, ppd):
        x = (tick.x - start) * ppd
        p.setPen(QPen(MAJOR_GRID if tick.major else GRID, 1))
        p.drawLine(QPointF(x, AXIS_H - (12 if tick.major else 6)), QPointF(x, height))
        if not labels:
            continue
        p.setFont(bold if tick.major else widget.font())
        p.setPen(TEXT if tick.major else MUTED)
        p.drawText(QPointF(x + 3, AXIS_H - 14), tick.label)
    p.setFont(widget.font())


@dataclasses.dataclass
class _Style:
    """What every mark of one paint shares: made once per paint, not once per mark."""

    font: QFont

    def __post_init__(self):
        self.text = text_metrics(self.font)
        self.text_dy = (ROW_H - self.text.metrics.height()) / 2 - 3  # centred in the row
        self.column = QBrush(MARK.lighter(130))


_EDGE = {False: MARK.darker(130), True: SELECTED_EDGE}
_PEN = {False: QPen(_EDGE[False], 1), True: QPen(_EDGE[True], 2)}
# A pen of width 1 takes the raster engine's cosmetic stroker, which draws an antialiased curve
# pixel by pixel: fine for a point, 5-10x slower than the path stroker of a width just over 1
# for a long bar's outline (the two look the same).
_LONG_BAR_PX, _LONG_BAR_WIDTH = 24, 1.001
_LONG_PEN = QPen(_EDGE[False], _LONG_BAR_WIDTH)
_FILL: dict[tuple[bool, str], QColor] = {}


def _fill(selected: bool, granularity: str) -> QColor:
    if (found := _FILL.get((selected, granularity))) is None:
        found = _FILL[(selected, granularity)] = QColor(SELECTED if selected else MARK)
        found.setAlpha(230 if selected else ALPHA.get(granularity, 120))
    return found


@dataclasses.dataclass
class _Frame:
    """What one paint's marks are drawn within: the widget's width, the rectangle bars are cut
    to, and the region of a partial repaint (None when the whole widget is painted)."""

    width: int
    clip: QRectF
    region: QRegion | None

    def misses(self, rect: QRectF) -> bool:
        """Whether nothing drawn within `rect` (plus a pen's width) can show."""
        return self.region is not None and \
            not self.region.intersects(rect.adjusted(-3, -3, 3, 3).toAlignedRect())


def _item(p: QPainter, frame: _Frame, item: Item, style: _Style, selected: bool) -> None:
    rect = item.rect
    if item.event is None:  # aggregated column
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(style.column)
        p.drawRect(rect)
        if rect.height() > 14 and item.count > 1:
            p.setPen(TEXT)
            p.drawText(QRectF(rect.left() - 20, rect.top() - 14, rect.width() + 40, 13),
                       Qt.AlignmentFlag.AlignCenter, str(item.count))
        return
    # In a partial repaint most marks drawn reach into the region by their label only (or the
    # other way round): the part that cannot show is not drawn (Qt would clip it, at full cost).
    e = item.event
    if is_point(e):
        if not frame.misses(rect):
            p.setPen(_PEN[selected])
            p.setBrush(SELECTED if selected else MARK)
            p.drawEllipse(rect.center(), 5, 5)
        text_x = rect.right() + 4
    else:
        # Only what shows: a long bar can run thousands of pixels past the edges (or the region).
        shown = rect.intersected(frame.clip)
        if not frame.misses(shown):
            width = 2 if selected else _LONG_BAR_WIDTH if shown.width() > _LONG_BAR_PX else 1
            if e.open_start or e.open_end:
                p.setPen(QPen(fading(rect, _EDGE[selected], e.open_start, e.open_end), width))
            else:
                p.setPen(_LONG_PEN if width == _LONG_BAR_WIDTH else _PEN[selected])
            p.setBrush(fading(rect, _fill(selected, e.granularity or ""), e.open_start, e.open_end))
            p.drawRoundedRect(shown, 3, 3)
        text_x = max(rect.right(), rect.left() + 12) + 4
    room = min(item.label_room, LABEL_MAX_PX, frame.width - text_x - 4)
    inside = min(rect.right(), frame.width) - max(rect.left(), 0) - 8
    if item.label and room < 24 and inside >= 60 and rect.right() > frame.width - 24:
        # A bar running off the right edge: write the label inside its visible part.
        text_x, room = max(rect.left(), 0) + 4, inside
    if item.label and room >= 24:
        # The badge stays whole; the sentence gives way (the tooltip has all of it).
        text = style.text
        label = text.elided(item.label, int(max(room - text.width(item.badge), 0))) + item.badge
        at = QPointF(text_x, rect.top() + style.text_dy)
        if frame.misses(QRectF(at.x(), at.y(), text.width(label), text.metrics.height())):
            return
        p.setPen(TEXT)
        p.drawStaticText(at, text.static(label))


def tooltip(item: Item) -> str:
    """What hovering a mark says: the sentence and its dates, or a column's count."""
    if item.event is None:
        lo, hi = gl.to_date(item.span[0]), gl.to_date(item.span[1])
        return f"{item.count} events, {lo.isoformat()} to {hi.isoformat()}. Click to zoom in."
    e = item.event
    last = e.end_date - dt.timedelta(days=1)
    when = e.begin.isoformat() if last == e.begin else f"{e.begin.isoformat()} to {last.isoformat()}"
    text = f"{e.label}\n{when} ({e.granularity or 'date'})"
    if e.open_start:
        text += "\nbegan before this; when is not said"
    if e.open_end:
        text += "\nstill going on when the article was published"
    if e.sources > 1:
        text += f"\nreported by {e.sources} sources (N / P in the source pane step through them)"
    return text
