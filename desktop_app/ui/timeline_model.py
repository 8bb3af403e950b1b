"""Timeline table model: all matching event ids up front, rows fetched lazily in chunks."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.core import modality
from desktop_app.db import event_groups, queries

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

Index = QModelIndex | QPersistentModelIndex

DATE, EVENT, SOURCE = range(3)
HEADERS = ("Date", "Event", "Source")
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FLAGS_ROLE = Qt.ItemDataRole.UserRole + 2  # the event's modality flags (tuple of str)
SOURCES_ROLE = Qt.ItemDataRole.UserRole + 3  # how many articles report the event (int)
BADGE_ROLE = Qt.ItemDataRole.UserRole + 4  # "  +2" after the title, "" for a single source


def date_tooltip(row: queries.EventRow) -> str:
    """The date with its day interval, whether it is open, and the event's flags in words."""
    last = row.end_date - dt.timedelta(days=1)  # the interval is half-open
    text = f"{row.date_label}  ({row.begin.isoformat()} to {last.isoformat()})"
    if row.open_start:
        text += "\nbegan before this; when is not said"
    if row.open_end:
        text += "\nstill going on when the article was published"
    if row.flags:
        text += "\n" + ", ".join(modality.WORDS.get(f, f) for f in row.flags).capitalize()
    return text


def sources_badge(count: int) -> str:
    """'  +2' when three articles report an event; '' for one."""
    return f"  +{count - 1}" if count > 1 else ""


def source_line(source: event_groups.Source) -> str:
    """'Port talks, 2 Feb 2026' (or 'undated') for one reporting article."""
    if source.published is None:
        return f"{source.title}, undated"
    from desktop_app.core import timex_calendar  # lazily: its date grammar is ~0.1 s of imports

    return f"{source.title}, {timex_calendar.format_day(source.published)}"


def sources_tooltip(row: queries.EventRow, sources: list[event_groups.Source]) -> str:
    """Every reporting article's title and date, the event's own first."""
    if row.sources < 2 or not sources:
        return f"{row.article_title}\n{row.article_path}"
    lines = "\n".join(f"{n}. {source_line(s)}" for n, s in enumerate(sources, 1))
    return f"Reported by {len(sources)} sources:\n{lines}"


class SourceDelegate(QStyledItemDelegate):
    """Elides the title but never the '+2' after it: the count must stay readable."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        badge = index.data(BADGE_ROLE)
        if badge:
            metrics = option.fontMetrics
            title = option.text[:-len(badge)]
            room = option.rect.width() - metrics.horizontalAdvance(badge) - 12  # cell margins
            option.text = metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(room, 0)) + badge


class TimelineModel(QAbstractTableModel):
    """Events passing the current Filters, in timeline order; filtering happens in SQL."""

    chunk_size = 200

    def __init__(self, session_factory: orm.sessionmaker, parent=None):
        super().__init__(parent)
        self._session_factory = session_factory
        self._filters = queries.Filters()
        self._ids: list[int] = []
        self._rows: list[queries.EventRow] = []  # the first len(_rows) of _ids, fetched
        self._sources: dict[int, list[event_groups.Source]] = {}  # merged events' sources, fetched
        # True while our own reset/insert signals are out: listeners (views, the model tester)
        # may call fetchMore from their slots, and a nested insert would corrupt their books.
        self._changing = False

    # -- loading ---------------------------------------------------------------------------
    @property
    def filters(self) -> queries.Filters:
        return self._filters

    @property
    def total(self) -> int:
        """How many events match, fetched or not."""
        return len(self._ids)

    def set_filters(self, filters: queries.Filters) -> None:
        """Re-run the id query; raises queries.QueryError (model unchanged) for a bad search."""
        with self._session_factory() as session:
            ids = queries.event_ids(session, filters)
        self._changing = True
        try:
            self.beginResetModel()
            self._filters, self._ids, self._rows, self._sources = filters, ids, [], {}
            self.endResetModel()
        finally:
            self._changing = False
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        """Reload with the same filters (after an import)."""
        self.set_filters(self._filters)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._changing and len(self._rows) < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._changing:
            return
        start = len(self._rows)
        wanted = self._ids[start:start + self.chunk_size]
        if not wanted:
            return
        with self._session_factory() as session:
            rows = queries.events_by_ids(session, wanted)
            # Only merged events need their sources, for the Source column's tooltip.
            sources = event_groups.sources(session, [r.id for r in rows if r.sources > 1])
        if len(rows) != len(wanted):
            # Events deleted since the id query: drop their ids so ids and rows stay aligned.
            missing = set(wanted) - {r.id for r in rows}
            self._ids = [i for i in self._ids if i not in missing]
        if not rows:
            return
        self._changing = True
        try:
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self._sources.update(sources)
            self.endInsertRows()
        finally:
            self._changing = False

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    # -- lookups ---------------------------------------------------------------------------
    def event_at(self, row: int) -> queries.EventRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def sources_of(self, event_id: int) -> list[event_groups.Source]:
        """A fetched merged event's sources ([] for a single-source or unfetched event)."""
        return self._sources.get(event_id, [])

    def row_of(self, event_id: int) -> int:
        """The row of an event, fetching up to it if needed; -1 when it is filtered out."""
        try:
            position = self._ids.index(event_id)
        except ValueError:
            return -1
        while position >= len(self._rows) and self.canFetchMore():
            self.fetchMore()
        return position if position < len(self._rows) else -1

    # -- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DATE:
                return row.date_label
            if column == EVENT:
                return " ".join(row.text.split())  # one line: the source pane shows the layout
            if column == SOURCE:
                return row.article_title + sources_badge(row.sources)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == DATE:
                return date_tooltip(row)
            if column == SOURCE:
                return sources_tooltip(row, self._sources.get(row.id, []))
            return " ".join(row.text.split())
        elif role == EVENT_ID_ROLE:
            return row.id
        elif role == FLAGS_ROLE:
            return row.flags
        elif role == SOURCES_ROLE:
            return row.sources
        elif role == BADGE_ROLE and column == SOURCE:
            return sources_badge(row.sources)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == DATE:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(HEADERS):
                return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
