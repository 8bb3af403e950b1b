"""The table views, configured: the timeline, the entity list and the figure list."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop_app.ui import entity_model, timeline_model


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


DATE_SAMPLE = "early Sep 2025 – Nov 2025"  # about the longest date label


def timeline_view(model: timeline_model.TimelineModel) -> QTableView:
    """Date | Event | Source, one line per event, whole-row selection."""
    view = _table("timeline", model)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
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
