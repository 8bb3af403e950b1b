"""The graph's frame kept as pixmaps while only the selection changes, so a key step's repaint
copies most of its region instead of drawing the axis, lanes and some twenty marks again."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

from desktop_app.ui import graph_paint as gp


class FrameCache:
    """Two pixmaps of one layout: the background alone and the whole frame with no selection.

    A repaint copies the frame; within the selected marks' bounds (`gp.bounds`) it then copies
    the background and draws the marks there again, the selected ones last."""

    def __init__(self):
        self._background_key: tuple | None = None
        self._frame_key: tuple | None = None
        self._items: list[gp.Item] | None = None  # held: its identity is part of the key
        self._background: QPixmap | None = None
        self._frame: QPixmap | None = None
        self.frames_drawn = 0  # how often the frame was drawn anew (for tests)

    def paint(self, widget: QWidget, items: list[gp.Item], lanes: list[tuple[QRectF, str]],
              selected_id: int | None, start: float, span: float, empty_text: str,
              region: QRegion) -> None:
        """What `gp.paint` draws, pixel for pixel, for a paint event's `region`."""
        self._ensure(widget, items, lanes, start, span, empty_text)
        hot = QRegion()
        if selected_id is not None:
            for item in items:
                if item.event is not None and item.event.id == selected_id:
                    hot += QRegion(gp.bounds(item, widget))
        inside = region & hot
        p = QPainter(widget)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        _blit(p, self._frame, region)
        if not inside.isEmpty():
            # Where a selected mark reaches: its bold look replaces the plain one, and marks
            # drawn under it are drawn again (the frame has the plain one in their place).
            _blit(p, self._background, inside)
            p.setClipRegion(inside)
            drawn = [i for i in items if inside.intersects(gp.bounds(i, widget))]
            gp.marks(p, widget, drawn, selected_id, inside)
            p.setClipping(False)
        gp.focus(p, widget)
        p.end()

    def _ensure(self, widget: QWidget, items: list[gp.Item], lanes: list[tuple[QRectF, str]],
                start: float, span: float, empty_text: str) -> None:
        dpr = widget.devicePixelRatioF()
        base = (widget.width(), widget.height(), dpr, start, span, widget.font().key(),
                widget.palette().cacheKey(), tuple((r.getRect(), t) for r, t in lanes))
        if base != self._background_key or self._background is None:
            # Drawn over the last pixmaps when the size allows: a zoom draws every frame anew.
            self._background = _canvas(self._background, widget, dpr)
            p = _painter(self._background, widget)
            gp.background(p, widget, lanes, start, span)
            p.end()
            self._background_key, self._frame_key = base, None
        if (base, empty_text) != self._frame_key or items is not self._items:
            self._frame = _canvas(self._frame, widget, dpr)
            p = _painter(self._frame, widget)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            p.drawPixmap(0, 0, self._background)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            gp.marks(p, widget, items, None)
            if not items:
                gp.empty(p, widget, empty_text)
            p.end()
            self._frame_key, self._items = (base, empty_text), items
            self.frames_drawn += 1


def _canvas(pixmap: QPixmap | None, widget: QWidget, dpr: float) -> QPixmap:
    """`pixmap` when it has the widget's size in device pixels, else a new one."""
    size = QSize(max(round(widget.width() * dpr), 1), max(round(widget.height() * dpr), 1))
    if pixmap is None or pixmap.size() != size:
        pixmap = QPixmap(size)
    pixmap.setDevicePixelRatio(dpr)
    return pixmap


def _painter(pixmap: QPixmap, widget: QWidget) -> QPainter:
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setFont(widget.font())
    return p


def _blit(p: QPainter, pixmap: QPixmap, region: QRegion) -> None:
    """Copy `region` (logical pixels) of `pixmap` onto the same place of `p`'s device."""
    dpr = pixmap.devicePixelRatio()
    for rect in region:
        target = QRectF(rect)
        p.drawPixmap(target, pixmap, QRectF(target.x() * dpr, target.y() * dpr,
                                            target.width() * dpr, target.height() * dpr))
