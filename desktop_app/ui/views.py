"""The two table views, configured: the timeline and the entity list."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop_app.ui import entity_model, timeline_model


def timeline_view(model: timeline_model.TimelineModel) -> QTableView:
    """Date | Event | Source, one line per event, whole-row selection."""
    view = QTableView(objectName="timeline")
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(timeline_model.EVENT, QHeaderView.ResizeMode.Stretch)
    # Dates fit their longest loaded label ("late Apr 2025 – Jun 2025"); events take the rest.
    header.setSectionResizeMode(timeline_model.DATE, QHeaderView.ResizeMode.ResizeToContents)
    view.setColumnWidth(timeline_model.SOURCE, view.fontMetrics().horizontalAdvance("M") * 15)
    return view


def entities_view(proxy: entity_model.EntitySortModel) -> QTableView:
    """Name | Type | Mentions | Articles, sortable, most mentioned first."""
    view = QTableView(objectName="entities")
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(entity_model.MENTIONS, Qt.SortOrder.DescendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(entity_model.NAME, QHeaderView.ResizeMode.Stretch)
    for column in (entity_model.TYPE, entity_model.MENTIONS, entity_model.ARTICLES):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    view.setToolTip("Click an entity to show only the events that involve it")
    return view


def figures_view(proxy: entity_model.EntitySortModel) -> QTableView:
    """Figure | Mentions | Articles, sortable, most mentioned first."""
    view = QTableView(objectName="figures")
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(entity_model.FIGURE_MENTIONS, Qt.SortOrder.DescendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(entity_model.FIGURE, QHeaderView.ResizeMode.Stretch)
    for column in (entity_model.FIGURE_MENTIONS, entity_model.FIGURE_ARTICLES):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    view.setToolTip("Click an amount, percentage or quantity to show only the events that mention it")
    return view
