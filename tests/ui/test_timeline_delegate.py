"""The timeline list's QPainter delegate: eliding with the badge, selection, alignment, focus."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (QColor, QFontMetrics, QImage, QPainter, QPalette, QStandardItem,
                           QStandardItemModel)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.db import queries
from desktop_app.ui import timeline_model, views
from desktop_app.ui.graph_paint import TextMetrics
from desktop_app.ui.timeline_delegate import TimelineDelegate, elide_with_badge
from tests.ui import helpers

CELL = QRect(0, 0, 300, 30)


@pytest.fixture
def metrics(qapp):
    from PySide6.QtWidgets import QApplication

    return TextMetrics(QApplication.font())


def test_a_long_title_gives_way_and_the_badge_stays_whole(metrics):
    title = "A very long article title that cannot possibly fit in the source column"
    room = metrics.width("Port talks  +12")
    drawn = elide_with_badge(metrics, title, "  +12", room)
    assert drawn.endswith("…  +12") and metrics.width(drawn) <= room
    assert elide_with_badge(metrics, "Port", "  +12", 400) == "Port  +12"  # fits: untouched
    assert elide_with_badge(metrics, title, "", room).endswith("…")
    # Too narrow for the badge itself: the whole line is elided rather than overflow the cell.
    assert metrics.width(elide_with_badge(metrics, title, "  +12", 10)) <= 10


@pytest.fixture
def merged_view(qtbot, session_factory):
    """The real timeline view over two events, the second reported by two articles."""
    from tests.db.test_event_groups import A, B, store

    store(session_factory, A, B)
    model = timeline_model.TimelineModel(session_factory)
    model.set_filters(queries.Filters())
    return helpers.shown(qtbot, views.timeline_view(model), 600, 200)


def drawn_strings(view) -> list[str]:
    """Every string the view's delegate draws in one repaint of the list."""
    delegate = view.itemDelegate()
    drawn: list[str] = []
    view.viewport().grab()  # lays out the font's metrics
    metrics = delegate._metrics
    static = metrics.static
    metrics.static = lambda text: (drawn.append(text), static(text))[1]
    try:
        view.viewport().grab()
    finally:
        del metrics.static
    return drawn


def test_the_view_paints_every_column_with_the_delegate_and_keeps_the_source_badge(merged_view):
    assert all(isinstance(merged_view.itemDelegateForIndex(merged_view.model().index(0, c)),
                          TimelineDelegate) for c in range(3))
    drawn = drawn_strings(merged_view)
    assert "Port talks  +1" in drawn and "Port talks" in drawn
    merged_view.setColumnWidth(timeline_model.SOURCE, merged_view.fontMetrics().horizontalAdvance("Port  +1"))
    narrow = [s for s in drawn_strings(merged_view) if s.endswith("+1")]
    assert len(narrow) == 1 and narrow[0].endswith("…  +1")  # the title gave way, the count stayed


def paint_cell(model, index, state=QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Active,
               palette: QPalette | None = None) -> QImage:
    """One cell painted by the delegate alone (no view drawing a row background) on white."""
    from PySide6.QtWidgets import QApplication

    delegate = TimelineDelegate()
    option = QStyleOptionViewItem()
    option.rect, option.state = CELL, state
    option.palette = palette or QApplication.palette()
    option.font = QApplication.font()
    option.fontMetrics = QFontMetrics(option.font)
    image = QImage(CELL.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(option.font)
    delegate.paint(painter, option, model.index(index[0], index[1]))
    painter.end()
    return image


def colours(image: QImage) -> set[int]:
    return {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}


def test_a_selected_cell_is_filled_with_highlight_and_written_in_highlighted_text(qapp):
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem("Harbour talks resume"))
    palette = QPalette()
    palette.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight, QColor("#123456"))
    palette.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText, QColor("#fedcba"))
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, QColor("#654321"))
    active = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Active
    selected = paint_cell(model, (0, 0), active | QStyle.StateFlag.State_Selected, palette)
    assert selected.pixel(CELL.width() - 2, 1) == QColor("#123456").rgb()
    assert QColor("#fedcba").rgb() in colours(selected)
    inactive = paint_cell(model, (0, 0), QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Selected,
                          palette)
    assert inactive.pixel(CELL.width() - 2, 1) == QColor("#654321").rgb()
    plain = paint_cell(model, (0, 0), active, palette)
    assert plain.pixel(CELL.width() - 2, 1) == QColor("white").rgb()
    assert QColor("#fedcba").rgb() not in colours(plain)


def ink_columns(image: QImage) -> list[int]:
    white = QColor("white").rgb()
    return [x for x in range(image.width()) if any(image.pixel(x, y) != white for y in range(image.height()))]


def test_text_follows_the_alignment_role_and_is_centred_vertically(qapp):
    model = QStandardItemModel(1, 2)
    for column, alignment in enumerate((Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight)):
        item = QStandardItem("7 Nov 2009")
        item.setData(alignment | Qt.AlignmentFlag.AlignVCenter, Qt.ItemDataRole.TextAlignmentRole)
        model.setItem(0, column, item)
    left, right = (ink_columns(paint_cell(model, (0, c))) for c in range(2))
    assert left[0] < 10 and right[-1] > CELL.width() - 10
    assert right[0] > CELL.width() // 2
    image = paint_cell(model, (0, 0))
    white = QColor("white").rgb()
    rows = [y for y in range(image.height()) if any(image.pixel(x, y) != white for x in range(image.width()))]
    assert abs(rows[0] - (image.height() - 1 - rows[-1])) <= 3


def test_markup_in_a_title_is_drawn_as_plain_text(qapp):
    model = QStandardItemModel(1, 2)
    model.setItem(0, 0, QStandardItem("<b>Port</b> &amp; ferry"))
    model.setItem(0, 1, QStandardItem("Port & ferry"))
    tagged, plain = (ink_columns(paint_cell(model, (0, c))) for c in range(2))
    assert tagged[-1] - plain[-1] > QFontMetrics(qapp.font()).horizontalAdvance("<b></b>amp;") // 2


def test_the_current_cell_shows_the_focus_frame(qapp):
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem("Harbour talks resume"))
    active = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Active
    plain = paint_cell(model, (0, 0), active)
    focused = paint_cell(model, (0, 0), active | QStyle.StateFlag.State_HasFocus)
    assert plain != focused


def test_cells_look_as_the_style_draws_them(merged_view):
    """Same pixels as QStyledItemDelegate for a plain row, a selected one and the focus frame."""
    view = merged_view
    view.setFocus()
    view.selectRow(1)
    view.setColumnWidth(timeline_model.SOURCE, 400)  # the badge's eliding rule is tested above
    ours = view.viewport().grab().toImage()
    group = QPalette.ColorGroup.Active if view.isActiveWindow() else QPalette.ColorGroup.Inactive
    x = view.columnViewportPosition(timeline_model.EVENT) + view.columnWidth(timeline_model.EVENT) - 2
    highlight = view.palette().color(group, QPalette.ColorRole.Highlight)
    assert ours.pixel(x, view.rowViewportPosition(1) + 1) == highlight.rgb()
    assert ours.pixel(x, view.rowViewportPosition(0) + 1) != ours.pixel(x, view.rowViewportPosition(1) + 1)
    view.setItemDelegate(QStyledItemDelegate(view))
    theirs = view.viewport().grab().toImage()
    assert ours == theirs
