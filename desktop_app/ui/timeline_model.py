"""Timeline table model: a row for every matching event, rows read lazily in blocks."""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer,
                            Signal)

from desktop_app.core import modality
from desktop_app.db import event_groups, filter_reads, filter_result, interrupt, queries
from desktop_app.db import timeline_index
from desktop_app.db import session as db_session
from desktop_app.ui import column_store, ops

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

Index = QModelIndex | QPersistentModelIndex

DATE, EVENT, SOURCE = range(3)
HEADERS = ("Date", "Event", "Source")
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FLAGS_ROLE = Qt.ItemDataRole.UserRole + 2  # the event's modality flags (tuple of str)
SOURCES_ROLE = Qt.ItemDataRole.UserRole + 3  # how many articles report the event (int)
BADGE_ROLE = Qt.ItemDataRole.UserRole + 4  # "  +2" after the title, "" for a single source
_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                    Qt.ItemDataRole.TextAlignmentRole, EVENT_ID_ROLE, FLAGS_ROLE,
                                    SOURCES_ROLE, BADGE_ROLE))  # the roles `data` answers
# Combined once: the view asks for every painted cell's flags, and enum `|` is Python code.
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


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


class TimelineModel(QAbstractTableModel):
    """Events passing the current Filters, in timeline order; filtering happens in SQL.

    Every matching event has a row from the start, but only the blocks of rows shown are read
    (a bounded cache). Unfiltered, row positions come from the per-day counts (a million events
    cost nothing to list); filtered, from the matching ids, fetched in one pass.
    """

    block = 100  # rows read at a time
    read_ahead = 20  # rows from a block's edge: shown, they have the next block read in idle time
    cached_blocks = 200  # blocks kept: ~20,000 rows
    counts_kept = 4  # filtered results whose per-day counts are kept (see `counts_seen`)
    # Above this many events a filter can take longer than a frame (a common word matches
    # 100,000 of a million): `request` then runs it off the GUI thread.
    background_events = 50_000
    columns_delay_ms = 1000  # from the unfiltered show to the column build: after the first paint
    _all_stamp: int | None = None  # data version when the unfiltered counts were last checked
    _known_row: tuple[int | None, int] | None = None  # (event id, row) found with the result shown

    applied = Signal()  # a `request`'s filters are now shown
    failed = Signal(str)  # a requested search the database cannot run, in words
    loading_changed = Signal(bool)  # a requested filter is running in the background

    def __init__(self, session_factory: orm.sessionmaker, parent=None):
        super().__init__(parent)
        self._session_factory = session_factory
        self._filters = queries.Filters()
        self._index = timeline_index.DayCounts()
        self._ids: list[int] | None = None  # matching ids when filtered (None: every event)
        self._all: tuple[tuple, timeline_index.DayCounts] | None = None  # (version, unfiltered counts)
        self._seen: collections.OrderedDict[queries.Filters, timeline_index.DayCounts] = (
            collections.OrderedDict())  # recent filtered results' counts, until the data changes
        self._blocks: collections.OrderedDict[int, list[queries.EventRow | None]] = (
            collections.OrderedDict())
        self._sources: dict[int, list[event_groups.Source]] = {}  # merged events' sources, read
        self._display: dict[int, tuple[queries.EventRow, tuple[str, str, str]]] = {}  # by event id
        self._ahead: set[int] = set()  # blocks to read in idle time (see `_read_ahead`)
        self._generation = 0  # bumped by every reset
        self._shared = db_session.shares_connection(session_factory)
        # Tells commits by anyone (another program too) apart from none: PRAGMA data_version.
        self._versions = db_session.DataVersion(
            session_factory.kw["bind"].url.render_as_string(hide_password=False))
        self._background = ops.Background("Filtering the timeline", self)
        self._reader = ops.Background("Reading the timeline ahead", self)
        self._ticket = 0  # bumped by every request: an older filter still running is stopped
        self.prepared: dict = {}  # what the shown result's request read with it, by name
        self.loading = False
        # Big databases: event_keys in memory (db.timeline_columns) answers filters without SQL
        # sorts, built in the background after the unfiltered timeline is shown.
        self._store = column_store.ColumnStore(session_factory, self._versions, self)

    # -- loading ---------------------------------------------------------------------------
    @property
    def filters(self) -> queries.Filters:
        return self._filters

    @property
    def total(self) -> int:
        """How many events match."""
        return self._index.total

    @property
    def days(self) -> timeline_index.DayCounts:
        """The matching events counted per day (for the strip and the zoomed-out graph)."""
        return self._index

    @property
    def matched_ids(self):
        """The matching event ids in row order when filtered (None: every event is a row)."""
        return self._ids

    def set_filters(self, filters: queries.Filters) -> None:
        """Re-run the filters now (the data may have changed: an import, a refresh); raises
        queries.QueryError (model unchanged) for a bad search."""
        self._seen.clear()
        self._store.drop()
        self._apply_now(filters)

    def _apply_now(self, filters: queries.Filters) -> None:
        self._cancel()
        with self._session_factory() as session:
            if filters.active:
                ids, index = timeline_index.matching(session, filters)
            else:
                ids, index = None, self._unfiltered(session)
        self._show(filters, ids, index)

    def request(self, filters: queries.Filters, keep: int | None = None,
                then: dict | None = None) -> None:
        """Show the events passing `filters`: at once on a small database, from a background
        thread on a big one (the old rows stay until then). `applied` or `failed` follows.

        In the background, the rows around event `keep` (the first row when it does not match),
        its row, and the strip's counts without the date range are read too: what `applied`
        does next then reads nothing on the GUI thread. Each of `then`'s functions
        (session, request, result) reads more in the same pass; what they return is in
        `prepared`, under the same names, while the result is shown."""
        # One shared connection (in-memory SQLite) cannot serve a second thread. The whole
        # timeline again (a start, a reload) has nothing shown to keep meanwhile: read it now.
        if (self._shared or self._unfiltered_total() <= self.background_events
                or not (filters.active or self._filters.active)):
            try:
                self._apply_now(filters)
            except queries.QueryError as exc:
                self.failed.emit(str(exc))
            else:
                self.applied.emit()
            self._want_columns()
            return
        self._ticket += 1
        ticket, factory = self._ticket, self._session_factory
        columns = self._store.current()
        epoch = self._store.epoch
        stamp = self._versions.current()
        undated = dataclasses.replace(filters, date_from=None, date_to=None)
        wanted = filter_result.Request(
            filters, keep, self.block, columns, self._all,
            fresh=self._fresh(stamp),
            undated=undated if undated != filters and undated.active
            and self.counts_seen(undated) is None else None,
            then={name: f for name, f in (then or {}).items() if f is not None})

        def work():
            with factory() as session:
                try:
                    return filter_result.read(session, wanted, lambda: ticket != self._ticket)
                except (queries.QueryError, interrupt.Cancelled) as exc:
                    return exc

        def done(result) -> None:
            if ticket != self._ticket or isinstance(result, interrupt.Cancelled):
                return
            if columns is not None and epoch != self._store.epoch:
                self.request(filters, keep)  # the data changed while it ran: its columns are stale
                return
            self._set_loading(False)
            if isinstance(result, queries.QueryError):
                self.failed.emit(str(result))
                return
            if result.unfiltered is not None:
                self._all, self._all_stamp = result.unfiltered, stamp
            if result.undated is not None:
                self._remember(wanted.undated, result.undated)
            self._show(filters, result.ids, result.index, result.blocks, (keep, result.row),
                       result.extra)
            self.applied.emit()

        self._set_loading(True)
        self._background.run(work, done)
        self._want_columns()

    def _want_columns(self) -> None:
        """Schedule a column build on a big database when there is no store for this data."""
        if not (self._store.built or self._store.pending or self._shared
                or self._unfiltered_total() <= self.background_events):
            self._store.want(self.columns_delay_ms)

    @property
    def columns(self):
        """The in-memory timeline_columns.Columns for this data, or None (not built, or stale)."""
        return self._store.current()

    @property
    def columns_pending(self) -> bool:
        """Whether a column build is scheduled or running (benchmarks wait for it)."""
        return self._store.pending

    @property
    def has_columns(self) -> bool:
        """Whether filtered requests are answered from the in-memory columns."""
        return self._store.built

    @property
    def columns_build_s(self) -> float | None:
        return self._store.build_s

    @property
    def columns_ready_at(self) -> float | None:
        return self._store.ready_at

    def day_counts_reader(self):
        """A function (session, filters) -> DayCounts to run on another thread (the strip's counts
        without the date range): from the columns as built now, else counted in SQL."""
        columns = self._store.current()

        def read(session, filters: queries.Filters) -> timeline_index.DayCounts:
            return filter_result.day_counts(session, filters, columns)
        return read

    def _cancel(self) -> None:
        self._ticket += 1  # stops a running request (its SQL is interrupted) and drops its result
        self._set_loading(False)

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    def wait(self, msecs: int = -1) -> bool:
        """Block until a background filter is done (tests, benchmarks; its result then comes
        in with the next turn of the event loop)."""
        return self._background.wait(msecs)

    def forget(self) -> None:
        """The data changed: counts kept from earlier filters, and the columns, no longer hold."""
        self._seen.clear()
        self._store.drop()

    def counts_seen(self, filters: queries.Filters) -> timeline_index.DayCounts | None:
        """The per-day counts of a recent filter result (the strip's counts without the date
        range are often the search shown just before the range was added); None if not kept."""
        return self._index if filters == self._filters and filters.active else self._seen.get(filters)

    def _show(self, filters: queries.Filters, ids, index: timeline_index.DayCounts,
              blocks: tuple = (), known: tuple[int | None, int] | None = None,
              prepared: dict | None = None) -> None:
        """Reset to a new result; `blocks` are (number, rows, sources) read with it, `known`
        (event id, row) a row found with it, `prepared` what a request's `then` read."""
        self._remember(filters, index)
        self.beginResetModel()
        self._filters, self._ids, self._index = filters, ids, index
        self._blocks.clear()
        self._sources.clear()
        self._display.clear()
        self._generation += 1  # blocks asked to be read ahead are for other rows now
        self._ahead.clear()
        self._known_row, self.prepared = known, prepared or {}
        for block in blocks:
            self._keep_block(*block)
        self.endResetModel()

    def _remember(self, filters: queries.Filters, index: timeline_index.DayCounts) -> None:
        if filters.active:
            self._seen[filters] = index
            self._seen.move_to_end(filters)
            while len(self._seen) > self.counts_kept:
                self._seen.popitem(last=False)

    def _unfiltered_total(self) -> int:
        if self._all is None:
            with self._session_factory() as session:
                self._unfiltered(session)
        return self._all[1].total

    def _unfiltered(self, session) -> timeline_index.DayCounts:
        # Clearing the filters comes back often; re-read the days only when they changed. The
        # check is itself a query (~10 ms at a million events): skipped while nobody committed.
        stamp = self._versions.current()
        version, counts = filter_result.unfiltered_counts(session, self._all, self._fresh(stamp))
        if version is not None:
            self._all = version, counts
        self._all_stamp = stamp  # taken before the check: a commit during it changes the file
        return counts

    def _fresh(self, stamp: int | None) -> bool:
        """Whether the unfiltered counts held are as of data version `stamp` (nobody committed)."""
        return self._all is not None and stamp is not None and stamp == self._all_stamp

    def day_counts_for(self, filters: queries.Filters) -> timeline_index.DayCounts:
        """Per-day counts under other filters (the strip's, without the date range)."""
        if filters == self._filters:
            return self._index
        if (seen := self.counts_seen(filters)) is not None:
            return seen
        with self._session_factory() as session:  # no ids, no sort (see day_counts_reader)
            return (self.day_counts_reader()(session, filters) if filters.active
                    else self._unfiltered(session))

    def refresh(self) -> None:
        """Reload with the same filters (after an import or any other change to the data)."""
        self.set_filters(self._filters)

    def _block_rows(self, number: int) -> list[queries.EventRow | None]:
        rows = self._blocks.get(number)
        if rows is not None:
            self._blocks.move_to_end(number)
            return rows
        first = number * self.block
        with self._session_factory() as session:
            rows, sources = filter_reads.read_block(session, self._ids, self._index, first,
                                                    min(first + self.block, self.total))
        return self._keep_block(number, rows, sources)

    def _keep_block(self, number: int, rows: list, sources: dict) -> list[queries.EventRow | None]:
        self._sources.update(sources)
        self._blocks[number] = rows
        while len(self._blocks) > self.cached_blocks:
            for row in self._blocks.popitem(last=False)[1]:  # its sources go with it
                if row is not None:
                    self._sources.pop(row.id, None)
        return rows

    def _row(self, row: int) -> queries.EventRow | None:
        if not 0 <= row < self.total:
            return None
        return self._block_rows(row // self.block)[row % self.block]

    def _read_ahead(self, row: int) -> None:
        """Have the next block read off the GUI thread when `row`, being painted, is near its
        block's edge: a few steps more will need that block (~10 ms at a million events)."""
        number, offset = divmod(row, self.block)
        if offset >= self.block - self.read_ahead:
            number += 1
        elif offset < self.read_ahead:
            number -= 1
        else:
            return
        if (number in self._blocks or number in self._ahead or not 0 <= number * self.block < self.total
                or self._shared):  # one shared connection cannot serve a second thread
            return
        self._ahead = {number}  # the reader delivers only its newest request
        generation, factory, ids, index = self._generation, self._session_factory, self._ids, self._index
        ticket = self._ticket
        first = number * self.block
        last = min(first + self.block, self.total)

        def stale() -> bool:  # a filter requested or shown since: these rows are not wanted
            return generation != self._generation or ticket != self._ticket

        def work():
            with factory() as session:
                try:
                    # Stopped, it leaves the interpreter and the disk to the new filter's read.
                    with interrupt.cancellable(session, stale):
                        return filter_reads.read_block(session, ids, index, first, last)
                except interrupt.Cancelled:
                    return None

        def done(result) -> None:
            self._ahead.discard(number)
            if result is not None and not stale() and number not in self._blocks:
                self._keep_block(number, *result)

        def start() -> None:
            if not stale() and number in self._ahead:
                self._reader.run(work, done)
        # Asked for while painting: a worker started now would hold the interpreter in turns
        # with the rest of this frame's paints (measured: a clear's list-to-graph paint 6 ms
        # alone, 15-40 ms beside a read). Posted, it starts once the frame is drawn.
        QTimer.singleShot(0, self, start)

    # -- lookups ---------------------------------------------------------------------------
    def event_at(self, row: int) -> queries.EventRow | None:
        return self._row(row)

    def sources_of(self, event_id: int) -> list[event_groups.Source]:
        """A read merged event's sources ([] for a single-source or unread event)."""
        return self._sources.get(event_id, [])

    def row_of(self, event_id: int) -> int:
        """The row of a listed event; -1 when it is filtered out (or not a timeline event)."""
        if self._known_row is not None and self._known_row[0] == event_id:
            return self._known_row[1]  # found with the result, off the GUI thread
        if self._ids is not None:
            return filter_reads.row_in(self._ids, event_id)
        with self._session_factory() as session:
            return filter_reads.unfiltered_row(session, self._index, event_id)

    # -- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A painted cell asks for seven roles, most of them (font, colours, icon, check state)
        # never set here: answer those before looking the row up.
        if role not in _ROLES:
            return None
        row = self._row(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            # Asked while painting: a read it posts comes after the frame, never inside it.
            self._read_ahead(index.row())
            return self._display_of(row)[column] if 0 <= column < len(HEADERS) else None
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

    def _display_of(self, row: queries.EventRow) -> tuple[str, str, str]:
        """Date, event and source text of a row, worked out once: every repaint of the list asks
        for each visible cell again (a date label is a date grammar's formatting)."""
        found = self._display.get(row.id)
        if found is None or found[0] is not row:
            if len(self._display) >= self.block * self.cached_blocks:
                self._display.clear()
            # One line of event text: the source pane shows the layout.
            found = self._display[row.id] = (row, (row.date_label, " ".join(row.text.split()),
                                                   row.article_title + sources_badge(row.sources)))
        return found[1]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(HEADERS):
                return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def painted_cell(self, index: Index) -> tuple[str, str, Any]:
        """A cell as timeline_delegate paints it, in one call rather than one per role: its text
        less the badge, the badge (never elided) and its TextAlignmentRole."""
        row = self._row(index.row()) if index.isValid() else None
        column = index.column()
        if row is None or not 0 <= column < len(HEADERS):
            return "", "", None
        self._read_ahead(index.row())  # as `data` does for the display text
        text = self._display_of(row)[column]
        badge = sources_badge(row.sources) if column == SOURCE else ""
        if badge:
            text = text[:-len(badge)]
        # Only the date column has an alignment: other cells skip asking `data` for it.
        alignment = self.data(index, Qt.ItemDataRole.TextAlignmentRole) if column == DATE else None
        return text, badge, alignment
