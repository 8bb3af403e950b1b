"""Entities table model (Name | Type | Mentions | Articles) and its sorting proxy."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QColor

from desktop_app.db import queries
from desktop_app.ui import highlight

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

Index = QModelIndex | QPersistentModelIndex

NAME, TYPE, MENTIONS, ARTICLES = range(4)
HEADERS = ("Name", "Type", "Mentions", "Articles")
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
TYPE_LABELS = {"PERSON": "Person", "ORG": "Organisation", "PLACE": "Place", "AMOUNT": "Amount"}


class EntityModel(QAbstractTableModel):
    """Every linked entity once, with its mention and distinct-article counts."""

    def __init__(self, session_factory: orm.sessionmaker, parent=None):
        super().__init__(parent)
        self._session_factory = session_factory
        self._rows: list[queries.EntityRow] = []
        self._names: dict[int, str] = {}

    def refresh(self) -> None:
        with self._session_factory() as session:
            rows = queries.entities(session)
        self.beginResetModel()
        self._rows = rows
        self._names = {r.id: r.name for r in rows}
        self.endResetModel()

    def entity_at(self, row: int) -> queries.EntityRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def name_of(self, entity_id: int) -> str | None:
        return self._names.get(entity_id)

    def row_of(self, entity_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == entity_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, TYPE_LABELS.get(row.type, row.type), row.mention_count,
                    row.article_count)[column]
        if role == SORT_ROLE:
            return (row.name.casefold(), row.type, row.mention_count, row.article_count)[column]
        if role == ENTITY_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{row.name} — {TYPE_LABELS.get(row.type, row.type)}: {row.mention_count} "
                    f"mentions in {row.article_count} article(s). Click to show its events.")
        if role == Qt.ItemDataRole.ForegroundRole and column == TYPE:
            colours = highlight.ENTITY_COLOURS.get(row.type)
            return QColor(colours[1]) if colours else None
        if role == Qt.ItemDataRole.BackgroundRole and column == TYPE:
            colours = highlight.ENTITY_COLOURS.get(row.type)
            return QColor(colours[0]) if colours else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (MENTIONS, ARTICLES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in (MENTIONS, ARTICLES):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class EntitySortModel(QSortFilterProxyModel):
    """Sorts by the raw values (numbers as numbers, names ignoring case)."""

    def __init__(self, source: EntityModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)

    def entity_at(self, proxy_row: int) -> queries.EntityRow | None:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().entity_at(source.row()) if source.isValid() else None
