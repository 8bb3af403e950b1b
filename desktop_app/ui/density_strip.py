"""A thin strip of the whole corpus' event density, with a draggable date range.

The range is the date filter: dragging emits `rangeChanged(first, last)` (inclusive days, or
None, None once cleared). The strip also outlines the part the graph shows.
"""
from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.db.graph_queries import DensityBin, bucket_end, bucket_start
from desktop_app.db.timeline_index import DayCounts
from desktop_app.ui import graph_layout as gl

BAR = QColor("#60a5fa")
RANGE = QColor(245, 158, 11, 70)
RANGE_EDGE = QColor("#b45309")
WINDOW_EDGE = QColor("#1f2937")
LABEL = QColor("#6b7280")
HANDLE_PX = 5  # how near an edge a press grabs it
LABEL_H = 13


class DensityStrip(QWidget):
    """Events per period over the whole corpus; drag to choose a date range, click to jump."""

    rangeChanged = Signal(object, object)  # first day, last day (inclusive), or None, None
    jumpRequested = Signal(object)  # a date clicked outside a drag

    def __init__(self, parent=None):
        super().__init__(parent, objectName="densityStrip")
        self._counts = DayCounts()
        self._bucket = "month"
        today = gl.ordinal(dt.date.today())
        self._extent: tuple[float, float] = (today - 365, today)  # until set_counts says otherwise
        self._range: tuple[float, float] | None = None  # ordinal [lo, hi) selected
        self._window: tuple[float, float] | None = None  # ordinal [lo, hi) the graph shows
        self._drag: tuple[str, float, tuple[float, float] | None] | None = None  # mode, x, range
        self._moved = False
        self._bars: QPixmap | None = None  # bins and ticks, drawn once: the graph's moves repaint us
        self._drawn: list[tuple] = []  # (bars, counts, bucket, extent) of the last two drawings
        self.setFixedHeight(44)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Event density and date range")
        self.setToolTip("Events per period in the whole corpus. Drag to filter a date range; "
                        "double-click or Delete clears it; click to show that date in the graph.")

    # -- state -----------------------------------------------------------------------------
    def set_counts(self, counts: DayCounts, bucket: str) -> None:
        """The per-day counts to draw per `bucket` period, over the days they span."""
        before = (self._counts, self._bucket, self._extent)
        self._counts, self._bucket = counts, bucket
        first, end = counts.first, counts.end
        if first is not None and end is not None:
            a, b = gl.ordinal(bucket_start(first, bucket)), gl.ordinal(bucket_end(
                bucket_start(end - dt.timedelta(days=1), bucket), bucket))
            self._extent = (a, max(b, a + 1))
        if before[0] is not counts or before[1:] != (self._bucket, self._extent):
            self._bars = None
            # Clearing the filters brings back the counts drawn before (the very same object):
            # at a million events their drawing takes ~5 ms to redo, so the last two are kept,
            # the one brought back first (filter, clear, another filter, clear: drawn once).
            for i, (bars, *key) in enumerate(self._drawn):
                if key[0] is counts and key[1:] == [self._bucket, self._extent]:
                    self._bars = bars
                    self._drawn.insert(0, self._drawn.pop(i))
                    break
        self.update()

    @property
    def bucket(self) -> str:
        return self._bucket

    def counts(self) -> DayCounts:
        return self._counts

    def bins(self) -> list[DensityBin]:
        """The counts per period, as drawn."""
        return self._counts.bins(self._bucket)

    def selected_range(self) -> tuple[dt.date | None, dt.date | None]:
        """The chosen first and last day (inclusive), or None, None."""
        if self._range is None:
            return None, None
        return gl.to_date(self._range[0]), gl.to_date(self._range[1] - 1)

    def set_range(self, first: dt.date | None, last: dt.date | None, emit: bool = False) -> None:
        """Show a range (inclusive days; either may be open); emit only when asked."""
        if first is None and last is None:
            self._range = None
        else:
            a = gl.ordinal(first) if first else min(self._extent[0], gl.ordinal(last))
            b = gl.ordinal(last) + 1 if last else max(self._extent[1], a + 1)
            self._range = (a, max(b, a + 1))
        self.update()
        if emit:
            self.rangeChanged.emit(*self.selected_range())

    def set_visible_window(self, lo: dt.date, hi: dt.date) -> None:
        self._window = (gl.ordinal(lo), gl.ordinal(hi))
        self.update()

    # -- geometry --------------------------------------------------------------------------
    def x_of(self, day: float | dt.date) -> float:
        """The x position of a day (an ordinal or a date)."""
        if isinstance(day, dt.date):
            day = gl.ordinal(day)
        a, b = self._extent
        return (day - a) / (b - a) * max(self.width() - 1, 1)

    def _day_at(self, x: float) -> float:
        a, b = self._extent
        return a + min(max(x, 0), self.width()) / max(self.width() - 1, 1) * (b - a)

    def _snap(self, a: float, b: float) -> tuple[float, float]:
        """Whole buckets covering [a, b]: a month range starts on the 1st and ends on the last."""
        lo, hi = sorted((a, b))
        first = bucket_start(gl.to_date(lo), self._bucket)
        last = bucket_end(bucket_start(gl.to_date(hi), self._bucket), self._bucket)
        return gl.ordinal(first), gl.ordinal(last)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        if self._bars is None or self._bars.devicePixelRatio() != ratio \
                or self._bars.deviceIndependentSize().toSize() != self.size():
            self._bars = self._draw_bars(ratio)
            self._drawn = [(self._bars, self._counts, self._bucket, self._extent), *self._drawn[:1]]
        p = QPainter(self)
        p.drawPixmap(0, 0, self._bars)
        plot_h = self.height() - LABEL_H
        if self._range is not None:
            x0, x1 = self.x_of(self._range[0]), self.x_of(self._range[1])
            p.setPen(QPen(RANGE_EDGE, 2))
            p.setBrush(RANGE)
            p.drawRect(QRectF(x0, 1, max(x1 - x0, 2), plot_h - 1))
        if self._window is not None:
            x0, x1 = self.x_of(self._window[0]), self.x_of(self._window[1])
            p.setPen(QPen(WINDOW_EDGE, 1, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(max(x0, 0), 0.5, min(x1, self.width() - 1) - max(x0, 0), plot_h))
        if self.hasFocus():
            p.setPen(QPen(self.palette().highlight().color(), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        p.end()

    def _draw_bars(self, ratio: float) -> QPixmap:
        """The bars and the date ticks: at a million events ~1,000 periods, too many to draw in
        Python every time the graph moves the window outline."""
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(self.palette().base().color())
        p = QPainter(pixmap)
        plot_h = self.height() - LABEL_H
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(BAR)
        a, b = self._extent
        heights = bar_heights(self._counts.periods(self._bucket), a,
                              max(self.width() - 1, 1) / (b - a), ratio, plot_h - 4,
                              pixmap.width())
        for first, after, h in runs(heights):
            p.drawRect(QRectF(first / ratio, plot_h - h, (after - first) / ratio, h))
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 2, 6))
        p.setFont(font)
        p.setPen(LABEL)
        for tick in gl.ticks(a, b, self.width() / max(b - a, 1)):
            p.drawText(QPointF(self.x_of(tick.x) + 2, self.height() - 2), tick.label)
        p.end()
        return pixmap

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange,
                            QEvent.Type.StyleChange):
            self._bars, self._drawn = None, []
        super().changeEvent(event)

    # -- input -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        x = event.position().x()
        mode = "new"
        if self._range is not None:
            x0, x1 = self.x_of(self._range[0]), self.x_of(self._range[1])
            if abs(x - x0) <= HANDLE_PX:
                mode = "left"
            elif abs(x - x1) <= HANDLE_PX:
                mode = "right"
            elif x0 < x < x1:
                mode = "move"
        self._drag, self._moved = (mode, x, self._range), False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        mode, x_press, before = self._drag
        x = event.position().x()
        if not self._moved and abs(x - x_press) < 3:
            return
        self._moved = True
        day, pressed = self._day_at(x), self._day_at(x_press)
        if mode == "new" or before is None:
            self._range = self._snap(pressed, day)
        elif mode == "move":
            shift = day - pressed
            self._range = self._snap(before[0] + shift, before[1] - 1 + shift)
        elif mode == "left":
            self._range = self._snap(day, before[1] - 1)
        else:
            self._range = self._snap(before[0], day)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        x_press = self._drag[1]
        self._drag = None
        if self._moved:
            self.rangeChanged.emit(*self.selected_range())
        else:
            self.jumpRequested.emit(gl.to_date(self._day_at(x_press)))

    def mouseDoubleClickEvent(self, _event: QMouseEvent) -> None:
        self._drag = None
        self.set_range(None, None, emit=True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._range is not None:
            self.set_range(None, None, emit=True)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self._range is not None:
            # Shift both ends by one whole period, keeping the range's length in periods.
            first, last = (bucket_start(d, self._bucket) for d in self.selected_range())
            if key == Qt.Key.Key_Left:
                first = bucket_start(first - dt.timedelta(days=1), self._bucket)
                last = bucket_start(last - dt.timedelta(days=1), self._bucket)
            else:
                first, last = bucket_end(first, self._bucket), bucket_end(last, self._bucket)
            self._range = self._snap(gl.ordinal(first), gl.ordinal(last))
            self.update()
            self.rangeChanged.emit(*self.selected_range())
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)


def bar_heights(periods: list[tuple[int, int, int]], first_day: float, scale: float, ratio: float,
                room: float, columns: int) -> list[float]:
    """The height of the bars over each of `columns` device pixels: the tallest period's bar
    over the pixel, as an aliased rectangle is filled. A period's bar is its days wide less half
    a pixel (one at least) and its count's square root high (a lone event still shows)."""
    heights = [0.0] * columns
    top = max((count for _start, _after, count in periods), default=1)
    floor, sqrt, device = math.floor, math.sqrt, scale * ratio
    tall: dict[int, float] = {}  # by count: most periods share a few small counts
    for start, after, count in periods:
        x0 = (start - first_day) * device
        width = (after - start) * scale - 0.5
        # The columns from the rounded left edge to the rounded right one, as Qt rounds them.
        first = floor(x0 + 0.5)
        last = min(floor(x0 + (width if width > 1.0 else 1.0) * ratio + 0.5), columns)
        h = tall.get(count)
        if h is None:
            h = tall[count] = max(2.0, room * sqrt(count / top))
        for column in range(first if first > 0 else 0, last):
            if h > heights[column]:
                heights[column] = h
    return heights


def runs(heights: list[float]) -> list[tuple[int, int, float]]:
    """(first, after, height) of each run of equal non-zero heights: one rectangle each, not one
    per period (at a million events ~100 runs for ~1,000 years)."""
    found, first, n = [], 0, len(heights)
    while first < n:
        h, after = heights[first], first + 1
        while after < n and heights[after] == h:
            after += 1
        if h:
            found.append((first, after, h))
        first = after
    return found
