"""The entities pane: filter box, "Show hidden", the sortable lists of entities and of figures
(amounts, percentages, quantities) as two tabs, details and right-click curation."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QSplitter,
                               QTableView, QTabWidget, QTextBrowser, QToolButton, QVBoxLayout,
                               QWidget)

from desktop_app.db import curation, entity_list, queries
from desktop_app.ui import curation_menu, entity_model, ops
from desktop_app.ui.curation_commands import Curator

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

NO_DETAILS = "<p style='color:#6b7280'>Select an entity to see its aliases, roles and articles.</p>"
LOADING_DETAILS = "<p style='color:#6b7280'>Reading its aliases, roles and articles…</p>"
ENTITIES_TAB, FIGURES_TAB = 0, 1


def details_html(d: queries.EntityDetails) -> str:
    """Canonical name, type, aliases with counts, roles, related demonyms, articles, events."""
    def names(pairs) -> str:
        return ", ".join(f"{html.escape(n)} <span style='color:#6b7280'>({k})</span>" for n, k in pairs)

    def event(row: queries.EventRow | None) -> str:
        if row is None:
            return "<span style='color:#6b7280'>none</span>"
        return f"{html.escape(row.date_label)} — {html.escape(row.text)}"

    kind = entity_model.TYPE_LABELS.get(d.type, d.type)
    hidden = " <i style='color:#6b7280'>(hidden)</i>" if d.hidden else ""
    articles = "<br>".join(f"· {html.escape(a.title)}" for a in d.articles)
    # A place's demonyms: related to it, never merged into it ("Canadian (3 mentions)").
    related = ", ".join(f"{html.escape(n)} ({k} mention{'s' if k != 1 else ''})" for n, k in d.related)
    return (f"<b>{html.escape(d.name)}</b> — {html.escape(kind)}{hidden}"
            f"<br><b>Aliases:</b> {names(d.aliases)}"
            f"<br><b>Roles:</b> {names(d.roles) if d.roles else '<span style=color:#6b7280>none</span>'}"
            + (f"<br><b>Related:</b> {related}" if related else "") +
            f"<br><b>First dated event:</b> {event(d.first_event)}"
            f"<br><b>Last dated event:</b> {event(d.last_event)}"
            f"<br><b>Articles ({len(d.articles)}):</b><br>{articles}")


class EntityPane(QWidget):
    """Wraps the entities and figures views (two tabs) with a filter box, a "Show hidden" toggle
    and a details panel. Figures are AMOUNT entities: they filter, show details and curate alike."""

    def __init__(self, view: QTableView, proxy: entity_model.EntitySortModel,
                 session_factory: orm.sessionmaker, curator: Curator,
                 figures_view: QTableView, figures_proxy: entity_model.EntitySortModel, parent=None):
        super().__init__(parent)
        self.view, self.proxy, self.curator = view, proxy, curator
        self.figures_view, self.figures_proxy = figures_view, figures_proxy
        self.model: entity_model.EntityModel = proxy.sourceModel()
        self.figures_model: entity_model.FigureModel = figures_proxy.sourceModel()
        self._session_factory = session_factory
        self.details: queries.EntityDetails | None = None
        self._details_wanted: int | None = None
        self._detail_loads = ops.Background("Reading the entity's details", self)
        self._suggest = ops.Background("Finding merge suggestions", self)
        self._suggestions_stale = False

        title = QLabel("<span style='color:#6b7280'>Click one to filter, right-click to curate</span>")
        self.filter_box = QLineEdit(objectName="entityFilter")
        self.filter_box.setPlaceholderText("Filter entities and figures")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAcceptDrops(False)
        self.filter_box.textChanged.connect(proxy.set_filter_text)
        self.filter_box.textChanged.connect(figures_proxy.set_filter_text)
        self.show_hidden = QCheckBox("Show hidden", objectName="showHidden")
        self.show_hidden.setToolTip("List hidden entities and figures too, so you can show them again")
        self.show_hidden.toggled.connect(self._toggle_hidden)
        self.suggestions: list[curation.Suggestion] = []
        self.suggestions_button = QToolButton(objectName="mergeSuggestions")
        self.suggestions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.suggestions_button.setToolTip("Merges linking was unsure of: accept or reject each")
        self.suggestions_menu = QMenu(self.suggestions_button)
        self.suggestions_button.setMenu(self.suggestions_menu)
        self.suggestions_menu.aboutToShow.connect(self._fill_suggestions)
        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 8, 4)
        top.addWidget(title, 1)
        top.addWidget(self.suggestions_button)
        top.addWidget(self.filter_box)
        top.addWidget(self.show_hidden)

        self.details_view = QTextBrowser(objectName="entityDetails")
        self.details_view.setOpenLinks(False)
        self.details_view.setAcceptDrops(False)
        self.details_view.setHtml(NO_DETAILS)
        self.tabs = QTabWidget(objectName="entityTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(view, "Entities")
        self.tabs.addTab(figures_view, "Figures")
        self.tabs.setTabToolTip(ENTITIES_TAB, "People, organisations, places and products")
        self.tabs.setTabToolTip(FIGURES_TAB, "Amounts, percentages and quantities")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(self.details_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        for v in (view, figures_view):
            # Columns fit the rows in sight, not the first 1,000 (24,000 data() calls a paint);
            # the horizontal header's precision is the one that column sizing reads.
            v.verticalHeader().setResizeContentsPrecision(0)
            v.horizontalHeader().setResizeContentsPrecision(0)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._menu_requested)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        figures_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        figures_view.customContextMenuRequested.connect(self._figure_menu_requested)
        figures_view.selectionModel().currentRowChanged.connect(self._figure_changed)
        # New rows from the database; a re-sort or re-filter only moves or resets the rows.
        self.model.loaded.connect(self._model_reset)
        self.figures_model.loaded.connect(self._figures_reset)
        self._selected: dict[QTableView, tuple[object, int]] = {}
        for v, p in ((view, proxy), (figures_view, figures_proxy)):
            p.modelAboutToBeReset.connect(lambda v=v, p=p: self._remember_selection(v, p))
            p.modelReset.connect(lambda v=v, p=p: self._restore_selection(v, p))
        self._figures_reset()

    # -- tabs --------------------------------------------------------------------------------
    def show_tab(self, view: QWidget) -> None:
        """Bring the tab holding `view` (the entities or the figures list) to the front."""
        index = self.tabs.indexOf(view)
        if index >= 0:
            self.tabs.setCurrentIndex(index)

    def _figures_reset(self) -> None:
        self.tabs.setTabText(FIGURES_TAB, f"Figures ({self.figures_model.total})")

    def _remember_selection(self, view: QTableView, proxy: entity_model.EntitySortModel) -> None:
        rows = view.selectionModel().selectedRows()
        row = proxy.entity_at(rows[0].row()) if rows else None
        if row is not None:
            self._selected[view] = (proxy.sourceModel().reloads, row.id)

    def _restore_selection(self, view: QTableView, proxy: entity_model.EntitySortModel) -> None:
        """Typing in the filter box resets the list: keep the selected row selected if shown.
        (Not after a reload: ids may then name other entities.)"""
        reloads, entity_id = self._selected.pop(view, (None, None))
        model = proxy.sourceModel()
        row = model.row_of(entity_id) if reloads == model.reloads else -1
        if row >= 0:
            view.selectionModel().setCurrentIndex(
                proxy.mapFromSource(model.index(row, 0)),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    # -- details -----------------------------------------------------------------------------
    def show_details(self, entity_id: int | None) -> None:
        """Show an entity's details: at once on a small database; on a big one they are read in
        the background (the most mentioned entity's take seconds) and shown when in."""
        self._details_wanted = entity_id
        if entity_id is None or not self.model.big:
            details = None
            if entity_id is not None:
                with self._session_factory() as session:
                    details = queries.entity_details(session, entity_id)
            self._set_details(details)
            return
        self.details_view.setHtml(LOADING_DETAILS)

        def read() -> queries.EntityDetails | None:
            with self._session_factory() as session:
                return queries.entity_details(session, entity_id)

        self._detail_loads.run(read, lambda d: self._details_wanted == entity_id and self._set_details(d))

    def _set_details(self, details: queries.EntityDetails | None) -> None:
        self.details = details
        self.details_view.setHtml(details_html(details) if details else NO_DETAILS)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.proxy.entity_at(current.row()) if current.isValid() else None
        self.show_details(row.id if row else None)

    def _figure_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.figures_proxy.entity_at(current.row()) if current.isValid() else None
        self.show_details(row.id if row else None)

    def refresh_suggestions(self) -> None:
        """Find merge suggestions again. That relinks every mention in Python (minutes at
        3,000,000): on a big database it waits until the menu is opened, then runs in the
        background."""
        self._suggest.cancel()
        if self.model.big:
            self.suggestions, self._suggestions_stale = [], True
            self.suggestions_button.setText("Suggestions…")
            self.suggestions_button.setEnabled(True)
            return
        with self._session_factory() as session:
            self._show_suggestions(curation.suggestions(session))

    def _show_suggestions(self, found: list[curation.Suggestion]) -> None:
        self.suggestions, self._suggestions_stale = found, False
        self.suggestions_button.setText(f"Suggestions ({len(found)})")
        self.suggestions_button.setEnabled(bool(found))

    def _fill_suggestions(self) -> None:
        self.suggestions_menu.clear()
        if self._suggestions_stale:
            if not self._suggest.pending:
                def find() -> list[curation.Suggestion]:
                    with self._session_factory() as session:
                        return curation.suggestions(session)

                self._suggest.run(find, self._show_suggestions)
            self.suggestions_menu.addAction(
                "Looking for suggestions: minutes on a database this size…").setEnabled(False)
            return
        curation_menu.add_suggestions(self.suggestions_menu, self.curator, self.suggestions)

    def _model_reset(self) -> None:
        self.refresh_suggestions()
        # Ids may have changed: keep the details of the same entity (by key) when it is still there.
        key = self.details.key if self.details else None
        row = (self.model.by_key(key) or self.figures_model.by_key(key)) if key else None
        self.show_details(row.id if row is not None else None)

    def select_key(self, key: str) -> bool:
        """Select the entity or figure with this key (after a curation action), if it is listed."""
        for view, proxy, model in ((self.view, self.proxy, self.model),
                                   (self.figures_view, self.figures_proxy, self.figures_model)):
            source_row = model.row_of_key(key)
            if source_row < 0:
                continue
            index = proxy.mapFromSource(model.index(source_row, 0))
            if not index.isValid():
                return False
            self.show_tab(view)
            view.selectRow(index.row())
            view.scrollTo(index)
            self.show_details(model.entity_at(source_row).id)
            return True
        return False

    def _toggle_hidden(self, show: bool) -> None:
        self.model.set_show_hidden(show)
        self.figures_model.set_show_hidden(show)

    # -- curation menu -----------------------------------------------------------------------
    def menu_for_row(self, proxy_row: int, figures: bool = False) -> QMenu | None:
        proxy, model, view = ((self.figures_proxy, self.figures_model, self.figures_view) if figures
                              else (self.proxy, self.model, self.view))
        row = proxy.entity_at(proxy_row)
        if row is None:
            return None
        with self._session_factory() as session:
            details = entity_list.menu_details(session, row.id)
        if details is None:
            return None
        return curation_menu.entity_menu(view, self.curator, details, model.merge_targets,
                                         self.suggestions)

    def _menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        menu = self.menu_for_row(index.row()) if index.isValid() else None
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _figure_menu_requested(self, pos: QPoint) -> None:
        index = self.figures_view.indexAt(pos)
        menu = self.menu_for_row(index.row(), figures=True) if index.isValid() else None
        if menu is not None:
            menu.exec(self.figures_view.viewport().mapToGlobal(pos))
            menu.deleteLater()
