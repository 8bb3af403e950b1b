"""The table views, configured: the timeline, the entity list and the figure list."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QRect, Qt
from PySide6.QtWidgets import (QAbstractItemView, QAbstractSlider, QHeaderView, QScrollBar, QStyle,
                               QStyleOptionSlider, QTableView)

from desktop_app.ui import entity_model, timeline_model
from desktop_app.ui.timeline_delegate import TimelineDelegate


def _table(name: str, model) -> QTableView:
    """A read-only table selecting one whole row; Tab leaves it (the key router cycles panes)."""
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    return view


class SteadyScrollBar(QScrollBar):
    """A scroll bar that repaints on a value change only when it would look different.

    Over a million rows one row is far less than a pixel of the handle's travel: a key step
    that scrolls the list would otherwise repaint the whole bar (about 1 ms) to draw the same."""

    def __init__(self, orientation=Qt.Orientation.Vertical, parent=None):
        super().__init__(orientation, parent)
        self._look: tuple | None = None  # what the bar showed after its last change

    def _current_look(self) -> tuple:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option,
                                             QStyle.SubControl.SC_ScrollBarSlider, self)
        # The arrows look disabled at either end.
        return (QRect(handle), self.value() == self.minimum(), self.value() == self.maximum())

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        look, self._look = self._look, self._current_look()
        if (change == QAbstractSlider.SliderChange.SliderValueChange and look == self._look
                and not self.isSliderDown()):
            return  # the accessibility value event is sent by setValue itself, not here
        super().sliderChange(change)

    def resizeEvent(self, event) -> None:
        self._look = None  # another size: the next change repaints
        super().resizeEvent(event)


def quiet_header(view: QTableView) -> None:
    """Keep the horizontal header out of row selection: with whole-row selection every step
    marks all of its sections dirty (about 0.5 ms), though it highlights none of them."""
    header = view.horizontalHeader()
    if not header.highlightSections():
        header.setSelectionModel(QItemSelectionModel(view.model(), header))


DATE_SAMPLE = "early Sep 2025 – Nov 2025"  # about the longest date label


def timeline_view(model: timeline_model.TimelineModel) -> QTableView:
    """Date | Event | Source, one line per event, whole-row selection."""
    view = _table("timeline", model)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setItemDelegate(TimelineDelegate(view))  # QPainter, not the style: cheaper per repaint
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    quiet_header(view)
    view.setVerticalScrollBar(SteadyScrollBar(Qt.Orientation.Vertical, view))
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(timeline_model.EVENT, QHeaderView.ResizeMode.Stretch)
    # A fixed width that fits a long label ("late Apr 2025 – Jun 2025"), resizable by the user.
    # Fitting to contents measures rows, and a view not yet shown measures all of them: a
    # million reads of the model before the first paint.
    view.setColumnWidth(timeline_model.DATE, view.fontMetrics().horizontalAdvance(DATE_SAMPLE) + 16)
    view.setColumnWidth(timeline_model.SOURCE, view.fontMetrics().horizontalAdvance("M") * 15)
    return view


def _list_view(name: str, proxy: entity_model.EntitySortModel, sort_column: int,
               stretch_column: int, fit_columns: tuple[int, ...], tooltip: str) -> QTableView:
    """A sortable, single-selection list of entity-like rows, most mentioned first."""
    view = _table(name, proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(sort_column, Qt.SortOrder.DescendingOrder)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    for column in fit_columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    view.setToolTip(tooltip)
    return view


def entities_view(proxy: entity_model.EntitySortModel) -> QTableView:
    """Name | Type | Mentions | Articles."""
    return _list_view("entities", proxy, entity_model.MENTIONS, entity_model.NAME,
                      (entity_model.TYPE, entity_model.MENTIONS, entity_model.ARTICLES),
                      "Click an entity to show only the events that involve it")


def figures_view(proxy: entity_model.EntitySortModel) -> QTableView:
    """Figure | Mentions | Articles."""
    return _list_view("figures", proxy, entity_model.FIGURE_MENTIONS, entity_model.FIGURE,
                      (entity_model.FIGURE_MENTIONS, entity_model.FIGURE_ARTICLES),
                      "Click an amount, percentage or quantity to show only the events that "
                      "mention it")
