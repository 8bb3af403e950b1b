"""Entities table model (Name | Type | Mentions | Articles), the figures table model
(Figure | Mentions | Articles) and the sorting proxy they share."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QColor, QFont

from desktop_app.db import queries
from desktop_app.ui import highlight

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

Index = QModelIndex | QPersistentModelIndex

NAME, TYPE, MENTIONS, ARTICLES = range(4)
HEADERS = ("Name", "Type", "Mentions", "Articles")
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
TYPE_LABELS = {"PERSON": "Person", "ORG": "Organisation", "PLACE": "Place", "AMOUNT": "Amount",
               "PRODUCT": "Product"}
HIDDEN_COLOUR = "#9ca3af"


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _ListModel(QAbstractTableModel):
    """Rows of one kind of entity loaded whole, with the lookups the pane and filters need.

    Hidden rows are left out unless `show_hidden` is set (then they show greyed and italic).
    """

    headers: tuple[str, ...] = ()
    count_columns: tuple[int, ...] = ()  # right-aligned numbers

    def __init__(self, session_factory: orm.sessionmaker, parent=None):
        super().__init__(parent)
        self._session_factory = session_factory
        self._rows: list = []
        self.show_hidden = False

    def _load(self, session) -> list:
        raise NotImplementedError

    def refresh(self) -> None:
        with self._session_factory() as session:
            rows = self._load(session)
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_show_hidden(self, show: bool) -> None:
        if show != self.show_hidden:
            self.show_hidden = show
            self.refresh()

    def entity_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list:
        return list(self._rows)

    def row_of(self, entity_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == entity_id), -1)

    def row_of_key(self, key: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def _hidden_style(self, row, role: int) -> Any:
        """Italic grey for hidden rows; None when the role is not about that."""
        if row.hidden and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if row.hidden and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(HIDDEN_COLOUR)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in self.count_columns:
                return _RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class EntityModel(_ListModel):
    """Every linked entity once, with its mention and distinct-article counts."""

    headers = HEADERS
    count_columns = (MENTIONS, ARTICLES)

    def __init__(self, session_factory: orm.sessionmaker, parent=None):
        super().__init__(session_factory, parent)
        self._names: dict[int, str] = {}
        self._aliases: dict[int, str] = {}  # casefolded, for the filter box

    def _load(self, session) -> list[queries.EntityRow]:
        rows = queries.entities(session, include_hidden=self.show_hidden)
        aliases = queries.entity_aliases(session)
        self._names = {r.id: r.name for r in rows}
        self._aliases = {i: "\n".join(names).casefold() for i, names in aliases.items()}
        return rows

    def matches(self, row: int, text: str) -> bool:
        """Whether the entity's name or any alias contains `text` (casefolded)."""
        entity = self.entity_at(row)
        if entity is None:
            return False
        return not text or text in entity.name.casefold() or text in self._aliases.get(entity.id, "")

    def name_of(self, entity_id: int) -> str | None:
        return self._names.get(entity_id)

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
            hidden = " Hidden: right-click to show it again." if row.hidden else ""
            return (f"{row.name} — {TYPE_LABELS.get(row.type, row.type)}: {row.mention_count} "
                    f"mentions in {row.article_count} article(s). Click to show its events; "
                    f"right-click to curate.{hidden}")
        # The type column keeps its colour when hidden; the rest turns grey.
        if ((role == Qt.ItemDataRole.FontRole or column != TYPE)
                and (style := self._hidden_style(row, role)) is not None):
            return style
        if role == Qt.ItemDataRole.ForegroundRole and column == TYPE:
            colours = highlight.ENTITY_COLOURS.get(row.type)
            return QColor(colours[1]) if colours else None
        if role == Qt.ItemDataRole.BackgroundRole and column == TYPE:
            colours = highlight.ENTITY_COLOURS.get(row.type)
            return QColor(colours[0]) if colours else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.count_columns:
            return _RIGHT
        return None


FIGURE, FIGURE_MENTIONS, FIGURE_ARTICLES = range(3)
FIGURE_HEADERS = ("Figure", "Mentions", "Articles")


class FigureModel(_ListModel):
    """Every figure (amount, percentage, quantity) once, with mention and article counts.

    A figure is an AMOUNT entity: it filters the timeline the same way, it is just listed apart
    from people, organisations and places.
    """

    headers = FIGURE_HEADERS
    count_columns = (FIGURE_MENTIONS, FIGURE_ARTICLES)

    def _load(self, session) -> list[queries.FigureRow]:
        return queries.figures(session, include_hidden=self.show_hidden)

    def matches(self, row: int, text: str) -> bool:
        figure = self.entity_at(row)
        return figure is not None and (not text or text in figure.text.casefold())

    def name_of(self, figure_id: int) -> str | None:
        return next((r.text for r in self._rows if r.id == figure_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.text, row.mention_count, row.article_count)[column]
        if role == SORT_ROLE:
            return (row.text.casefold(), row.mention_count, row.article_count)[column]
        if role == ENTITY_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            hidden = " Hidden: right-click to show it again." if row.hidden else ""
            return (f"{row.text}: {row.mention_count} mentions in {row.article_count} article(s). "
                    f"Click to show its events; right-click to curate.{hidden}")
        if (style := self._hidden_style(row, role)) is not None:
            return style
        colours = highlight.ENTITY_COLOURS["AMOUNT"]
        if role == Qt.ItemDataRole.ForegroundRole and column == FIGURE:
            return QColor(colours[1])
        if role == Qt.ItemDataRole.BackgroundRole and column == FIGURE:
            return QColor(colours[0])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.count_columns:
            return _RIGHT
        return None


class EntitySortModel(QSortFilterProxyModel):
    """Sorts by the raw values (numbers as numbers, names ignoring case); filters by name/alias."""

    def __init__(self, source: EntityModel | FigureModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self._text = ""

    def set_filter_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self.sourceModel().matches(source_row, self._text)

    def entity_at(self, proxy_row: int) -> queries.EntityRow | None:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().entity_at(source.row()) if source.isValid() else None
