"""The graphical timeline: a zoomable, pannable time axis with events drawn at their interval.

The widget holds no SQL: an injected loader returns a `graph_queries.GraphWindow` for [lo, hi).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop_app.db.graph_queries import GraphWindow
from desktop_app.ui import graph_cache, graph_layout as gl, graph_marks as gm, graph_paint as gp
from desktop_app.ui import graph_view as gv

Loader = Callable[[dt.date, dt.date], GraphWindow]

MIN_LANE_H = 30
BIN_PX = gm.BIN_PX
WHEEL_STEP = 1.25  # zoom per wheel notch; pixel deltas give fractions of it (smooth)
PAN_STEP = 0.125  # of the visible span, per arrow key
DRAG_PX = 4  # movement that turns a click into a pan
AXIS_H, ROW_H, LABEL_MAX_PX = gp.AXIS_H, gp.ROW_H, gp.LABEL_MAX_PX
_Item = gp.Item


class TimelineGraph(QWidget):
    """Custom-painted time axis; wheel, pinch, +/- zoom, drag and arrows pan, click selects."""

    eventSelected = Signal(int)
    visibleRangeChanged = Signal(object, object)  # first day shown, day after the last
    stepRequested = Signal(int)  # j/k in the graph step the list's selection
    laneModeChanged = Signal(str)

    MIN_SPAN = gv.MIN_SPAN  # days
    MAX_SPAN = gv.MAX_SPAN
    detail_px = 4  # draw aggregates once a lane has more events than its width / detail_px
    cache_frames = True  # paint from pixmaps kept while only the selection changes (graph_cache)

    def __init__(self, loader: Loader | None = None, parent=None):
        super().__init__(parent, objectName="timelineGraph")
        self._loader = loader
        self._window: GraphWindow | None = None
        self._extent: tuple[float, float] | None = None
        self._start = gl.ordinal(dt.date.today()) - 365.0
        self._span = 730.0
        self._lane_mode = "none"
        self._selected: int | None = None
        self._items: list[_Item] | None = None  # layout cache, rebuilt lazily
        self._days: tuple[GraphWindow, list[gm.Dated]] | None = None  # see gm.days
        self._lanes: list[tuple[QRectF, str]] = []
        self._aggregated = False
        self._press: QPointF | None = None
        self._press_start = 0.0
        self._dragging = False
        self._frames = graph_cache.FrameCache()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)
        # paint() fills every pixel: the panel and splitters behind need no repaint of their own.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(False)
        self.setAccessibleName("Timeline graph")
        self._describe()

    # -- data ------------------------------------------------------------------------------
    def set_loader(self, loader: Loader | None) -> None:
        self._loader = loader
        self.reload()

    def reload(self, fit: bool = False, coming: tuple[dt.date, dt.date] | None = None) -> None:
        """Load afresh (the filters or the data changed); with `fit`, at the whole extent; with
        `coming`, the dates of the event about to be selected, where `select_event` will follow.

        Moving first means one load for the new view, not one for the old view and another
        (at a million events each read takes 15-40 ms of a worker competing with the GUI)."""
        self._window = None
        view = (self._start, self._span)
        if fit:
            self._fit_view()
        to = gv.following(self._start, self._span, gv.middle(*coming)) if coming else None
        if to is not None:
            self._move(*to)
        moved = (self._start, self._span) != view
        self._ensure_loaded()
        self._invalidate()
        if moved:
            self.visibleRangeChanged.emit(*self.visible_range())

    def deliver(self, window: GraphWindow) -> None:
        """The events for a stand-in the loader gave (see `loading`), read in the background.

        Dropped unless the stand-in for the same days is still shown: the view moved on."""
        w = self._window
        if w is None or not w.loading or (w.lo, w.hi) != (window.lo, window.hi):
            return
        self._window = window
        self._ensure_loaded()  # a capped window may be too coarse for where the view is now
        self._invalidate()

    @property
    def loading(self) -> bool:
        """True while the graph draws counts per period in place of events still loading."""
        return self._window is not None and self._window.loading

    def set_extent(self, first: dt.date | None, end: dt.date | None) -> None:
        """The days the (filtered) data spans, used by `fit_all`."""
        self._extent = (gl.ordinal(first), gl.ordinal(end)) if first and end else None

    def window(self) -> GraphWindow | None:
        """The loaded window (loading it first if the view moved out of it)."""
        self._ensure_loaded()
        return self._window

    def _ensure_loaded(self) -> None:
        # Called when the data or the view changes, never from paintEvent: queries then run at
        # the moments the list runs its own (an in-memory database shares one connection).
        if self._loader is None:
            return
        lo, hi = self._start, self._start + self._span
        w = self._window
        if w is not None:
            have_lo, have_hi = gl.ordinal(w.lo), gl.ordinal(w.hi)
            covered = have_lo <= lo and hi <= have_hi
            # A capped window far wider than the view hides detail the view could now show
            # (a stand-in still loading will have every event: it is not capped).
            too_coarse = w.truncated and not w.loading and (have_hi - have_lo) > 4 * self._span
            if covered and not too_coarse:
                return
        self._window = self._loader(*gv.loaded_range(self._start, self._span))  # lo is _start
        self._items = None

    # -- view ------------------------------------------------------------------------------
    def visible_range(self) -> tuple[dt.date, dt.date]:
        """First day shown and the day after the last (half-open)."""
        return gl.to_date(self._start), gl.to_date(self._start + self._span + 1)

    @property
    def span_days(self) -> float:
        return self._span

    def view_numbers(self) -> tuple[float, float]:
        """(start, span) of the view in day ordinals (graph_view's arithmetic)."""
        return self._start, self._span

    def show_range(self, lo: dt.date | float, hi: dt.date | float, margin: float = 0.04) -> None:
        """Zoom and pan so [lo, hi) fills the view, with a small margin each side."""
        a = gl.ordinal(lo) if isinstance(lo, dt.date) else lo
        b = gl.ordinal(hi) if isinstance(hi, dt.date) else hi
        self._set_view(*gv.framing(a, b, margin))

    def fit_all(self) -> None:
        """Show every loaded-able event (the extent given by `set_extent`)."""
        if self._fit_view():
            self._ensure_loaded()
            self._invalidate()
            self.visibleRangeChanged.emit(*self.visible_range())

    def _fit_view(self) -> bool:
        """Move the view to the extent without loading; False when nothing moved."""
        if self._extent is None:
            return False
        lo, hi = self._extent
        # Labels run right of their marks: leave room for the last ones.
        return self._move(*gv.fitting(lo, hi))

    def center_on(self, day: dt.date | float) -> None:
        x = gl.ordinal(day) if isinstance(day, dt.date) else day
        self._set_view(x - self._span / 2, self._span)

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Multiply the visible span by 1/factor, keeping the day under `anchor_x` in place."""
        width = max(self.width(), 1)
        anchor_x = width / 2 if anchor_x is None else anchor_x
        at = self._start + anchor_x / width * self._span
        span = min(max(self._span / factor, self.MIN_SPAN), self.MAX_SPAN)
        self._set_view(at - anchor_x / width * span, span)

    def zoom_in(self) -> None:
        self.zoom(1.5)

    def zoom_out(self) -> None:
        self.zoom(1 / 1.5)

    def pan(self, fraction: float) -> None:
        """Move the view by a fraction of its span (negative: back in time)."""
        self._set_view(self._start + fraction * self._span, self._span)

    def _set_view(self, start: float, span: float) -> None:
        if not self._move(start, span):
            return
        self._ensure_loaded()
        self._invalidate()
        self.visibleRangeChanged.emit(*self.visible_range())

    def _move(self, start: float, span: float) -> bool:
        """Set the view (clamped) without loading or painting; False when nothing changed."""
        start, span = gv.clamp(start, span)
        if (start, span) == (self._start, self._span):
            return False
        self._start, self._span = start, span
        return True

    def _invalidate(self) -> None:
        self._items = None
        self._describe()
        self.update()

    def _describe(self) -> None:
        lo, hi = self.visible_range()
        last = hi - dt.timedelta(days=1)
        self.setAccessibleDescription(f"Showing {lo.isoformat()} to {last.isoformat()}; "
                                      f"{gl.LANE_TITLES[self._lane_mode].lower()}. Plus and minus "
                                      "zoom, arrows pan, j and k step through events.")

    # -- lanes and selection ---------------------------------------------------------------
    @property
    def lane_mode(self) -> str:
        return self._lane_mode

    def set_lane_mode(self, mode: str) -> None:
        if mode not in gl.LANES:
            raise ValueError(f"lane mode must be one of {gl.LANES}, not {mode!r}")
        if mode != self._lane_mode:
            self._lane_mode = mode
            self._invalidate()
            self.laneModeChanged.emit(mode)

    def cycle_lanes(self) -> str:
        """None -> entity -> source -> none; returns the new mode."""
        self.set_lane_mode(gl.LANES[(gl.LANES.index(self._lane_mode) + 1) % len(gl.LANES)])
        return self._lane_mode

    def lane_titles(self) -> list[str]:
        self._layout()
        return [title for _rect, title in self._lanes]

    @property
    def selected_id(self) -> int | None:
        return self._selected

    @property
    def aggregated(self) -> bool:
        """True when some lane draws counts instead of single events."""
        self._layout()
        return self._aggregated

    def select_event(self, event_id: int | None, begin: dt.date | None = None,
                     end: dt.date | None = None) -> None:
        """Highlight an event and scroll to it (its dates, when given, place it before loading)."""
        before, self._selected = self._selected, event_id
        view = (self._start, self._span)
        if event_id is not None and begin is not None and end is not None:
            to = gv.following(self._start, self._span, gv.middle(begin, end))
            if to is not None:
                self._set_view(*to)
        if (self._start, self._span) != view:
            return  # the view moved: everything was laid out and repainted anew
        if self._items is None:
            self.update()
            return
        # Only the old and the new selection look different: a key step through the list
        # repaints those two marks (and whatever overlaps them), not the whole graph.
        for item in self._items:
            if item.event is not None and item.event.id in (before, event_id):
                self.update(gp.bounds(item, self))

    def event_rect(self, event_id: int) -> QRectF | None:
        """Where the event is drawn (first lane it shows in), or None when it is not."""
        return next((QRectF(i.rect) for i in self._layout() if i.event and i.event.id == event_id),
                    None)

    def item_at(self, pos: QPointF) -> _Item | None:
        hits = [i for i in self._layout() if i.rect.adjusted(-3, -3, 3, 3).contains(pos)]
        # Points and narrow bars win over wide bars drawn under them.
        return min(hits, key=lambda i: i.rect.width()) if hits else None

    # -- layout ----------------------------------------------------------------------------
    def _layout(self) -> list[_Item]:
        if self._items is not None:
            return self._items
        self._items, self._lanes, self._aggregated = [], [], False
        w = self._window
        if w is None:
            return self._items
        lo, hi = self._start, self._start + self._span
        plot = QRectF(0, AXIS_H, self.width(), max(self.height() - AXIS_H, ROW_H))
        if w.truncated or w.loading:
            # Too many to fetch, or not fetched yet: the loader sent counts per period instead.
            title = "Loading events…" if w.loading else f"{w.total} events: counts per period"
            self._lanes = [(plot, title)]
            self._aggregated = True
            bins = ((b.start.toordinal(), b.end.toordinal(), b.count) for b in w.bins)
            self._items = self._columns(plot, [((first + end) / 2, count)
                                               for first, end, count in bins
                                               if first < hi and end > lo])
            return self._items
        if self._days is None or self._days[0] is not w:
            self._days = (w, gm.days(w.events))
        visible = [d for d in self._days[1] if d[1] < hi and d[2] > lo]
        max_lanes = max(1, int(plot.height() // MIN_LANE_H))
        lanes = gl.lanes([d[0] for d in visible], self._lane_mode, w.entity_names,
                         w.article_titles, max_lanes)
        by_id = {d[0].id: d for d in visible}
        lane_h = plot.height() / len(lanes)
        for n, lane in enumerate(lanes):
            rect = QRectF(0, plot.top() + n * lane_h, plot.width(), lane_h)
            self._lanes.append((rect, lane.title))
            events = [by_id[i] for i in lane.event_ids]
            top = rect.adjusted(0, ROW_H if lane.title else 4, 0, -2)
            if len(events) * self.detail_px > rect.width():
                self._aggregated = True
                middles = [(begin + end) / 2 for _e, begin, end in events]
                self._items += self._columns(top, [(day, 1) for day in middles])
            else:
                self._items += gm.marks(top, events, self._start, self._span, self.width(),
                                        gp.text_metrics(self.font()))
        return self._items

    def _columns(self, rect: QRectF, points: list[tuple[float, int]]) -> list[_Item]:
        """Counts per column of (day, count) points, for this view (see gm.columns)."""
        return gm.columns(rect, points, self._start, self._span, self.width())

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        items = self._layout()
        empty = "Loading events…" if self.loading else \
            "No events in this period" if self._window else "No events"
        draw = self._frames.paint if self.cache_frames else gp.paint
        draw(self, items, self._lanes, self._selected, self._start, self._span, empty, event.region())

    # -- input -----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        self._items = None
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if abs(delta.x()) > abs(delta.y()):  # sideways scrolling pans
            self.pan(-delta.x() / 120 * PAN_STEP)
        elif delta.y():
            # Fractional notches (touchpads, hi-res wheels) give proportionally small zooms.
            self.zoom(WHEEL_STEP ** (delta.y() / 120), event.position().x())
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.NativeGesture \
                and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            self.zoom(1 + event.value(), event.position().x())  # trackpad pinch
            return True
        if event.type() == QEvent.Type.ToolTip:
            item = self.item_at(QPointF(event.pos()))
            if item is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), gp.tooltip(item), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._press_start, self._dragging = event.position(), self._start, False
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            dx = event.position().x() - self._press.x()
            if self._dragging or abs(dx) >= DRAG_PX:
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self._set_view(self._press_start - dx * self._span / max(self.width(), 1), self._span)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        clicked = not self._dragging
        self._press, self._dragging = None, False
        self.unsetCursor()
        if not clicked:
            return
        item = self.item_at(event.position())
        if item is None:
            return
        if item.event is None:  # a count: zoom to the period it covers
            self.show_range(*item.span, margin=0.5)
        else:
            self.select_event(item.event.id)
            self.eventSelected.emit(item.event.id)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.item_at(event.position()) is None:
            self.zoom(2.0, event.position().x())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        fast = 4 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        if key == Qt.Key.Key_Left:
            self.pan(-PAN_STEP * fast)
        elif key == Qt.Key.Key_Right:
            self.pan(PAN_STEP * fast)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Home:
            self.fit_all()
        elif text == "j" or key == Qt.Key.Key_Down:
            self.stepRequested.emit(1)
        elif text == "k" or key == Qt.Key.Key_Up:
            self.stepRequested.emit(-1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)
