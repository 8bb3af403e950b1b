"""Entities table model (Name | Type | Mentions | Articles), the figures table model
(Figure | Mentions | Articles) and the proxy the views sort and filter through.

At a million events the lists hold ~200,000 rows: the models read them a page at a time,
sorted and filtered by the database (db.entity_list), and keep only the pages the view reached."""
from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (QAbstractTableModel, QIdentityProxyModel,
                            QModelIndex, QPersistentModelIndex, Qt, Signal)
from PySide6.QtGui import QColor, QFont

from desktop_app.db import entity_list, queries
from desktop_app.ui import highlight, ops

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

Index = QModelIndex | QPersistentModelIndex
log = logging.getLogger(__name__)

NAME, TYPE, MENTIONS, ARTICLES = range(4)
HEADERS = ("Name", "Type", "Mentions", "Articles")
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
TYPE_LABELS = {"PERSON": "Person", "ORG": "Organisation", "PLACE": "Place", "AMOUNT": "Amount",
               "PRODUCT": "Product"}
HIDDEN_COLOUR = "#9ca3af"
# Up to this many mentions a filtered page takes a few milliseconds and is read at once (and
# tests stay synchronous); above, filtered pages are read in the background.
SYNC_MENTIONS = 50_000
PAGE = 200  # rows a page: a few screens, ~1 ms of SQL through the indexes of migration 0008


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _ListModel(QAbstractTableModel):
    """Rows of one kind of entity, read from the database a page at a time (canFetchMore /
    fetchMore) in the order and with the filter the view asks for: sorting and filtering are
    SQL (db.entity_list), so no step here grows with the number of entities.

    Hidden rows are left out unless `show_hidden` is set (then they show greyed and italic).
    A filtered page on a big database may scan every entity: it is read off the GUI thread
    (SQLite releases the GIL while it works), and a newer request cancels it.
    """

    headers: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()  # entity_list's name for each column's sort
    count_columns: tuple[int, ...] = ()  # right-aligned numbers
    default_column = 0
    figures = False
    counted = False  # whether refresh() counts the rows (`total`)
    loaded = Signal()  # new rows from the database (not after a re-sort or a re-filter)

    def __init__(self, session_factory: orm.sessionmaker, parent=None):
        super().__init__(parent)
        self._session_factory = session_factory
        self._spec = entity_list.ListSpec(figures=self.figures, column=self.columns[self.default_column])
        self._rows: list = []
        self._by_id: dict[int, int] = {}
        self._by_key: dict[str, int] = {}
        self._exhausted = True
        self._after: tuple | None = None  # where the next page starts (db.entity_list.page)
        self._big = False  # decided at each refresh: filtered pages then load in the background
        self._ticket = 0  # bumped by every reset: an older background page is dropped
        self._in_change = False
        self._fetching: int | None = None  # the ticket of the page being read in the background
        self.reloads = 0  # bumped by every refresh: row ids from before may name other entities
        # No reads before the first refresh: the view's sort setup changes the spec twice first.
        self._loaded = False
        self.total = 0  # rows in the list, whatever the filter box says (when `counted`)
        self._pages = ops.Background(f"Loading the {self.headers[0].lower()} list", self)

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the list from the database, from its first page."""
        with self._session_factory() as session:
            self._big = entity_list.mention_estimate(session) > SYNC_MENTIONS
            if self.counted:  # an index count: 40 ms for the entities, so only the figures
                self.total = entity_list.count(session, dataclasses.replace(self._spec, text=""))
        self.reloads += 1
        self._loaded = True
        self._reset()
        self.loaded.emit()

    @property
    def big(self) -> bool:
        """Whether the database is big enough (at the last refresh) for slow reads to go off the
        GUI thread."""
        return self._big

    @property
    def show_hidden(self) -> bool:
        return self._spec.include_hidden

    def set_show_hidden(self, show: bool) -> None:
        if show != self._spec.include_hidden:
            self._spec = dataclasses.replace(self._spec, include_hidden=show)
            self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.columns):
            self._set_spec(dataclasses.replace(self._spec, column=self.columns[column],
                                               descending=order == Qt.SortOrder.DescendingOrder))

    def set_filter_text(self, text: str) -> None:
        """Show only rows whose name (or, for entities, any alias) contains `text`, any case."""
        self._set_spec(dataclasses.replace(self._spec, text=text.strip().casefold()))

    @property
    def filter_text(self) -> str:
        return self._spec.text

    def _set_spec(self, spec: entity_list.ListSpec) -> None:
        if spec != self._spec:
            self._spec = spec
            if self._loaded:
                self._reset()

    def _reset(self) -> None:
        self._ticket += 1
        first = None
        if not self._in_background:  # read before the reset: the view keeps its selection
            with self._session_factory() as session:
                first = entity_list.page(session, self._spec, None, PAGE)
        with self._changing():
            self.beginResetModel()
            self._rows, self._by_id, self._by_key, self._exhausted, self._after = [], {}, {}, False, None
            if first is not None:
                self._add(first)
            self.endResetModel()
        if first is None:
            self.fetchMore(QModelIndex())

    @property
    def _in_background(self) -> bool:
        return self._big and bool(self._spec.text)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return (not parent.isValid() and not self._exhausted and not self._in_change
                and self._fetching != self._ticket)

    @contextlib.contextmanager
    def _changing(self):
        """No fetching from the handlers of our own reset and insert signals (views and the
        model tester ask for more there): rows would go in while others are going in."""
        self._in_change = True
        try:
            yield
        finally:
            self._in_change = False

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        spec, ticket = self._spec, self._ticket
        after = self._after
        if not self._in_background:
            with self._session_factory() as session:
                self._append(entity_list.page(session, spec, after, PAGE))
            return

        def work() -> list | None:
            try:
                with self._session_factory() as session:
                    return entity_list.page(session, spec, after, PAGE,
                                            cancelled=lambda: ticket != self._ticket)
            except Exception:  # a locked or vanished database: end the list, not spin forever
                log.warning("Cannot read the %s list", self.headers[0].lower(), exc_info=True)
                return entity_list.Page()

        def done(rows: list | None) -> None:
            if rows is not None and ticket == self._ticket:
                self._fetching = None
                self._append(rows)

        self._fetching = ticket
        self._pages.run(work, done)

    def _add(self, rows: entity_list.Page) -> None:
        self._exhausted = len(rows) < PAGE
        self._after = rows.after or self._after
        for n, row in enumerate(rows, len(self._rows)):
            self._by_id[row.id] = n
            self._by_key[row.key] = n
        self._rows.extend(rows)

    def _append(self, rows: list) -> None:
        if rows:
            first = len(self._rows)
            with self._changing():
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._add(rows)
                self.endInsertRows()
        else:
            self._exhausted = True

    @property
    def loading(self) -> bool:
        return self._fetching == self._ticket

    def wait(self, msecs: int = -1) -> bool:
        """Block until a background page is in (tests, benchmarks)."""
        return self._pages.wait(msecs)

    # -- lookups -------------------------------------------------------------------------------
    def entity_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list:
        """The whole list, most mentioned first, whatever the filter box says. A full read:
        for small databases and tests, never the GUI on a big one."""
        spec = entity_list.ListSpec(figures=self.figures, include_hidden=self.show_hidden)
        with self._session_factory() as session:
            return entity_list.every_row(session, spec)

    def row_of(self, entity_id: int) -> int:
        """The row showing this entity; -1 when it is not listed, filtered out or not read yet."""
        return self._by_id.get(entity_id, -1)

    def row_of_key(self, key: str) -> int:
        return self._by_key.get(key, -1)

    def _find(self, **where):
        with self._session_factory() as session:
            return entity_list.find(session, self._spec, **where)

    def by_key(self, key: str):
        """The list's row with this key, even when the filter box hides it."""
        row = self._by_key.get(key)
        return self._rows[row] if row is not None else self._find(key=key)

    def name_of(self, entity_id: int) -> str | None:
        """The name the list shows for this entity (None when it does not list it)."""
        row = self._by_id.get(entity_id)
        found = self._rows[row] if row is not None else self._find(entity_id=entity_id)
        return found.name if found is not None else None

    def merge_targets(self, prefix: str = "", exclude: Sequence[int] = ()) -> list:
        """Rows of this list to offer as merge targets (see entity_list.merge_targets)."""
        with self._session_factory() as session:
            return entity_list.merge_targets(session, prefix, exclude, (self.figures,))

    # -- Qt ------------------------------------------------------------------------------------
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
    columns = (entity_list.NAME, entity_list.TYPE, entity_list.MENTIONS, entity_list.ARTICLES)
    default_column = MENTIONS

    @staticmethod
    def sort_key(row: queries.EntityRow, column: int) -> Any:
        if column == NAME:
            return row.name.casefold()
        return (row.type, row.mention_count, row.article_count)[column - 1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, TYPE_LABELS.get(row.type, row.type), row.mention_count,
                    row.article_count)[column]
        if role == SORT_ROLE:
            return self.sort_key(row, column)
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
    columns = (entity_list.NAME, entity_list.MENTIONS, entity_list.ARTICLES)
    default_column = FIGURE_MENTIONS
    figures = True
    counted = True  # the Figures tab shows how many

    @staticmethod
    def sort_key(row: queries.FigureRow, column: int) -> Any:
        if column == FIGURE:
            return row.text.casefold()
        return row.mention_count if column == FIGURE_MENTIONS else row.article_count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.text, row.mention_count, row.article_count)[column]
        if role == SORT_ROLE:
            return self.sort_key(row, column)
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


class EntitySortModel(QIdentityProxyModel):
    """What the views show: the list model row for row. Sorting and filtering are forwarded to
    it, which has the database do them, not per row via data()."""

    def __init__(self, source: EntityModel | FigureModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def set_filter_text(self, text: str) -> None:
        self.sourceModel().set_filter_text(text)

    def entity_at(self, proxy_row: int) -> queries.EntityRow | None:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().entity_at(source.row()) if source.isValid() else None
