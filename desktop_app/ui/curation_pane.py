"""The entities pane: filter box, "Show hidden", the sortable list, details and right-click curation."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QSplitter,
                               QTableView, QTextBrowser, QToolButton, QVBoxLayout, QWidget)

from desktop_app.db import curation, queries
from desktop_app.ui import curation_menu, entity_model
from desktop_app.ui.curation_commands import Curator

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

NO_DETAILS = "<p style='color:#6b7280'>Select an entity to see its aliases, roles and articles.</p>"


def details_html(d: queries.EntityDetails) -> str:
    """Canonical name, type, aliases with counts, roles, articles, first and last dated event."""
    def names(pairs) -> str:
        return ", ".join(f"{html.escape(n)} <span style='color:#6b7280'>({k})</span>" for n, k in pairs)

    def event(row: queries.EventRow | None) -> str:
        if row is None:
            return "<span style='color:#6b7280'>none</span>"
        return f"{html.escape(row.date_label)} — {html.escape(row.text)}"

    kind = entity_model.TYPE_LABELS.get(d.type, d.type)
    hidden = " <i style='color:#6b7280'>(hidden)</i>" if d.hidden else ""
    articles = "<br>".join(f"· {html.escape(a.title)}" for a in d.articles)
    return (f"<b>{html.escape(d.name)}</b> — {html.escape(kind)}{hidden}"
            f"<br><b>Aliases:</b> {names(d.aliases)}"
            f"<br><b>Roles:</b> {names(d.roles) if d.roles else '<span style=color:#6b7280>none</span>'}"
            f"<br><b>First dated event:</b> {event(d.first_event)}"
            f"<br><b>Last dated event:</b> {event(d.last_event)}"
            f"<br><b>Articles ({len(d.articles)}):</b><br>{articles}")


class EntityPane(QWidget):
    """Wraps the entities view with a filter box, a "Show hidden" toggle and a details panel."""

    def __init__(self, view: QTableView, proxy: entity_model.EntitySortModel,
                 session_factory: orm.sessionmaker, curator: Curator, parent=None):
        super().__init__(parent)
        self.view, self.proxy, self.curator = view, proxy, curator
        self.model: entity_model.EntityModel = proxy.sourceModel()
        self._session_factory = session_factory
        self.details: queries.EntityDetails | None = None

        title = QLabel("<b>Entities</b> <span style='color:#6b7280'>— click one to filter, "
                       "right-click to curate</span>")
        self.filter_box = QLineEdit(objectName="entityFilter")
        self.filter_box.setPlaceholderText("Filter entities")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAcceptDrops(False)
        self.filter_box.textChanged.connect(proxy.set_filter_text)
        self.show_hidden = QCheckBox("Show hidden", objectName="showHidden")
        self.show_hidden.setToolTip("List hidden entities too, so you can show them again")
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
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(view)
        split.addWidget(self.details_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._menu_requested)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._model_reset)

    # -- details -----------------------------------------------------------------------------
    def show_details(self, entity_id: int | None) -> None:
        details = None
        if entity_id is not None:
            with self._session_factory() as session:
                details = queries.entity_details(session, entity_id)
        self.details = details
        self.details_view.setHtml(details_html(details) if details else NO_DETAILS)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.proxy.entity_at(current.row()) if current.isValid() else None
        self.show_details(row.id if row else None)

    def refresh_suggestions(self) -> None:
        with self._session_factory() as session:
            self.suggestions = curation.suggestions(session)
        self.suggestions_button.setText(f"Suggestions ({len(self.suggestions)})")
        self.suggestions_button.setEnabled(bool(self.suggestions))

    def _fill_suggestions(self) -> None:
        self.suggestions_menu.clear()
        curation_menu.add_suggestions(self.suggestions_menu, self.curator, self.suggestions)

    def _model_reset(self) -> None:
        self.refresh_suggestions()
        # Ids may have changed: keep the details of the same entity (by key) when it is still there.
        key = self.details.key if self.details else None
        row = self.model.row_of_key(key) if key else -1
        self.show_details(self.model.entity_at(row).id if row >= 0 else None)

    def select_key(self, key: str) -> bool:
        """Select the entity with this key (after a curation action), if it is listed."""
        source_row = self.model.row_of_key(key)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        self.show_details(self.model.entity_at(source_row).id)
        return True

    def _toggle_hidden(self, show: bool) -> None:
        self.model.set_show_hidden(show)

    # -- curation menu -----------------------------------------------------------------------
    def menu_for_row(self, proxy_row: int) -> QMenu | None:
        row = self.proxy.entity_at(proxy_row)
        if row is None:
            return None
        with self._session_factory() as session:
            details = queries.entity_details(session, row.id)
        if details is None:
            return None
        candidates = [r for r in self.model.rows() if not r.hidden]
        return curation_menu.entity_menu(self.view, self.curator, details, candidates,
                                         self.suggestions)

    def _menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        menu = self.menu_for_row(index.row()) if index.isValid() else None
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))
            menu.deleteLater()
