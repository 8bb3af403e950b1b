"""The timeline list's cells painted with QPainter: the style's item drawing, run for every visible
cell on every repaint, costs several ms a frame, most of it laying the same text out again."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (QApplication, QStyle, QStyledItemDelegate, QStyleOptionFocusRect,
                               QStyleOptionViewItem)

from desktop_app.ui.graph_paint import TextMetrics
from desktop_app.ui.timeline_model import BADGE_ROLE

Index = QModelIndex | QPersistentModelIndex

# Plain ints: a Python enum flag operation costs a microsecond or two, and a cell does several.
_SELECTED = QStyle.StateFlag.State_Selected.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
_COLOUR_STATE = _SELECTED | _ENABLED | _ACTIVE
_RIGHT = Qt.AlignmentFlag.AlignRight.value
_HCENTER = Qt.AlignmentFlag.AlignHCenter.value
_GROUPS = (QPalette.ColorGroup.Normal, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)


def elide_with_badge(metrics: TextMetrics, text: str, badge: str, room: int) -> str:
    """`text` elided on the right to fit `room` pixels with `badge` after it, kept whole: the
    count of sources must stay readable (unless the badge alone does not fit)."""
    if not badge:
        return metrics.elided(text, room)
    badge_width = metrics.width(badge)
    if badge_width > room:
        return metrics.elided(text + badge, room)
    return metrics.elided(text, room - badge_width) + badge


def role_cell(index: Index) -> tuple[str, str, Any]:
    """(text less its badge, badge, TextAlignmentRole) read through the roles, for any model."""
    text = index.data(Qt.ItemDataRole.DisplayRole)
    text = "" if text is None else str(text)
    badge = index.data(BADGE_ROLE) or ""
    if badge and text.endswith(badge):
        text = text[:-len(badge)]
    return text, badge, index.data(Qt.ItemDataRole.TextAlignmentRole)


def color_group(state: int) -> QPalette.ColorGroup:
    """The palette group the style paints an item of this state (as int) in."""
    if not state & _ENABLED:
        return _GROUPS[2]
    return _GROUPS[0] if state & _ACTIVE else _GROUPS[1]


class TimelineDelegate(QStyledItemDelegate):
    """Paints a cell as the style would: selection, one line of elided text, the focus frame.

    A model with `painted_cell(index)` (TimelineModel) answers a cell in one call; any other is
    read through its roles. The view paints the row's background (alternate colours) first."""

    KEPT = 2_000  # texts laid out (~2 KB each): some 40 screens of rows

    def __init__(self, parent=None):
        super().__init__(parent)
        self._font: QFont | None = None
        self._metrics: TextMetrics | None = None
        self._height = 0  # the font's line height
        self._margin = 0  # between the cell's edges and its text, as the style leaves it
        self._colours: dict[tuple[int, int], tuple[QColor, Any]] = {}  # -> (pen, fill or None)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        cell = getattr(index.model(), "painted_cell", None)
        text, badge, alignment = cell(index) if cell is not None else role_cell(index)
        state = option.state.value
        palette = option.palette
        key = (palette.cacheKey(), state & _COLOUR_STATE)
        colours = self._colours.get(key) or self._colours_for(key, palette, state)
        rect = option.rect
        if colours[1] is not None:  # selected: styles that leave it to the item need it
            painter.fillRect(rect, colours[1])
        if text or badge:
            font = option.font
            if font != self._font:
                self._use_font(font, option.widget)
            x, y, width, height = rect.getRect()
            metrics, room = self._metrics, width - 2 * self._margin
            drawn = elide_with_badge(metrics, text, badge, room)
            left = x + self._margin
            if alignment and (flags := getattr(alignment, "value", alignment)) & (_RIGHT | _HCENTER):
                spare = room - metrics.width(drawn)
                left += spare if flags & _RIGHT else spare // 2
            if painter.font() != font:
                painter.setFont(font)  # a QStaticText is laid out again in another font
            painter.setPen(colours[0])
            painter.drawStaticText(left, y + (height - self._height) // 2, metrics.static(drawn))
        if state & _HAS_FOCUS:
            self._paint_focus(painter, option, index, state)

    def _use_font(self, font: QFont, widget) -> None:
        self._font = QFont(font)
        self._metrics = TextMetrics(font)
        self._metrics.LIMIT = self.KEPT
        self._height = self._metrics.metrics.height()
        style = widget.style() if widget is not None else QApplication.style()
        # QCommonStyle's text margin in an item view: the focus frame's, plus one.
        self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1

    def _colours_for(self, key: tuple[int, int], palette: QPalette, state: int) -> tuple[QColor, Any]:
        if len(self._colours) > 64:  # another palette (a theme switch): the old ones are done
            self._colours.clear()
        group = color_group(state)
        if state & _SELECTED:
            found = (palette.color(group, QPalette.ColorRole.HighlightedText),
                     palette.brush(group, QPalette.ColorRole.Highlight))
        else:
            found = (palette.color(group, QPalette.ColorRole.Text), None)
        self._colours[key] = found
        return found

    def _paint_focus(self, painter: QPainter, option: QStyleOptionViewItem, index: Index,
                     state: int) -> None:
        """The style's focus frame, as QStyledItemDelegate draws it: keyboard users follow it."""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)  # the frame's rect follows the text's layout
        frame = QStyleOptionFocusRect()
        frame.rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemFocusRect, item, widget)
        frame.state = (option.state | QStyle.StateFlag.State_KeyboardFocusChange
                       | QStyle.StateFlag.State_Item)
        frame.palette, frame.direction = option.palette, option.direction
        frame.fontMetrics = option.fontMetrics
        role = QPalette.ColorRole.Highlight if state & _SELECTED else QPalette.ColorRole.Window
        frame.backgroundColor = option.palette.color(color_group(state), role)
        painter.save()
        painter.setClipRect(option.rect)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, widget)
        painter.restore()
