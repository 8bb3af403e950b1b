"""A scroll bar style that draws the groove from a cached picture.

Fusion fills a scroll bar's groove and handle with gradients: about 0.5 ms each for the source
pane's bar, repainted whenever another article changes its range or position. The groove looks
the same at every position, so it is drawn once per size and state and copied after that; the
handle, arrows and everything else the style draws as usual, from the scroll bar's own option
(hover, pressed and enabled states included).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (QApplication, QProxyStyle, QScrollBar, QStyle, QStyleFactory,
                               QStyleOptionSlider)


class GrooveCacheStyle(QProxyStyle):
    """The application style, except that scroll bar grooves come from a cached pixmap."""

    def __init__(self, parent=None):
        # A fresh instance of the application's style (with none given, QProxyStyle would take
        # the desktop's, which the application may have replaced); the proxy owns it.
        super().__init__(QStyleFactory.create(QApplication.style().name()))
        if parent is not None:
            self.setParent(parent)
        self._key: tuple | None = None
        self._groove: QPixmap | None = None

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        groove = QStyle.SubControl.SC_ScrollBarGroove
        if control != QStyle.ComplexControl.CC_ScrollBar or not option.subControls & groove:
            super().drawComplexControl(control, option, painter, widget)
            return
        painter.drawPixmap(option.rect.topLeft(), self._groove_for(option, painter, widget))
        rest = QStyleOptionSlider(option)
        rest.subControls = option.subControls & ~groove
        super().drawComplexControl(control, rest, painter, widget)

    def _groove_for(self, option: QStyleOptionSlider, painter: QPainter, widget) -> QPixmap:
        """The groove as the style draws it for this size, state, palette and direction."""
        ratio = painter.device().devicePixelRatio()
        key = (option.rect.size().toTuple(), int(option.state.value), option.palette.cacheKey(),
               option.direction, option.orientation, int(option.activeSubControls.value), ratio)
        if key != self._key or self._groove is None:
            pixmap = QPixmap(option.rect.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            only = QStyleOptionSlider(option)
            only.rect = option.rect.translated(-option.rect.topLeft())
            only.subControls = QStyle.SubControl.SC_ScrollBarGroove
            with_groove = QPainter(pixmap)
            super().drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, only, with_groove, widget)
            with_groove.end()
            self._key, self._groove = key, pixmap
        return self._groove


def cache_groove(bar: QScrollBar) -> GrooveCacheStyle:
    """Give `bar` the cached-groove style (owned by the bar)."""
    style = GrooveCacheStyle(bar)
    bar.setStyle(style)
    return style
