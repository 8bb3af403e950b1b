"""Wires the graphical timeline and density strip into the main window.

One selection: the list's current row drives the graph and the source pane; a click in the
graph selects the list row. Filter changes (the list model's reset) reload the graph and strip.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desktop_app.db import filter_reads, graph_queries, queries, timeline_index
from desktop_app.db import session as db_session
from desktop_app.ui import graph_layout, graph_view, ops
from desktop_app.ui.density_strip import DensityStrip
from desktop_app.ui.timeline_graph import TimelineGraph

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

EVENT_CAP = 1000  # more than this begin in a window and the graph draws counts per period instead
# Above this many events a filtered window or strip takes long enough (a full-text filter: over a
# second at a million) to be read off the GUI thread; below, reads stay synchronous (and tests too).
BIG_EVENTS = 20_000
STATUS_MS = 4000


@dataclasses.dataclass(frozen=True)
class GraphAction:
    """One graph action: the menu text, its shortcuts and what it does (a method name)."""

    text: str
    shortcuts: tuple[str, ...]
    slot: str
    tip: str
    graph_only: bool = False  # active only while the graph has focus (the arrows move lists too)


ACTIONS = (
    GraphAction("Zoom &in", ("+", "Ctrl+="), "zoom_in", "Zoom the graph in (also the wheel)"),
    GraphAction("Zoom &out", ("-", "Ctrl+-"), "zoom_out", "Zoom the graph out (also the wheel)"),
    GraphAction("Pan &left", ("Left",), "pan_left", "Move the graph back in time", True),
    GraphAction("Pan &right", ("Right",), "pan_right", "Move the graph forward in time", True),
    GraphAction("Show &whole timeline", ("Ctrl+0",), "fit_all", "Zoom the graph to every event"),
    GraphAction("Cycle &lanes", ("L",), "cycle_lanes", "Lanes: none, by entity, by source"),
    GraphAction("Focus &graph", ("Ctrl+4",), "focus_graph", "Move the keyboard focus to the graph"),
)


class GraphPanel(QObject):
    """The graph, the density strip above it, their actions and their share of the selection."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._filters = queries.Filters()
        self._fitted = False
        self._big = False  # decided at each reload: then the graph's and strip's reads go to these
        self._size = 0  # events in the database, as of the last reload without filters
        self._entities_read: bool | None = None  # whether the last read had entity ids (None: none yet)
        self._loads = ops.Background("Loading the graph", self)
        self._strip_counts = ops.Background("Counting events for the density strip", self)
        # The graph's bins made from per-day counts, kept for the last few counts: clearing the
        # filters brings back the very same unfiltered counts (see _load).
        self._window_bins = _Recent()
        self.graph = TimelineGraph(self._load)
        self.strip = DensityStrip()
        self.widget = QWidget(objectName="graphPanel")
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.strip)
        layout.addWidget(self.graph, 1)
        self._place()
        self.actions = self._build_actions()

        self.defer_reloads = False
        self._deferred = QTimer(self, singleShot=True, interval=0)
        self._deferred.timeout.connect(self._reload_now)
        window.timeline_model.modelReset.connect(self.reload)
        window.timeline.selectionModel().currentRowChanged.connect(self._list_current_changed)
        self.graph.eventSelected.connect(self._graph_selected)
        self.graph.stepRequested.connect(window.step)
        self.graph.visibleRangeChanged.connect(self.strip.set_visible_window)
        self.graph.laneModeChanged.connect(self._lanes_changed)
        self.strip.rangeChanged.connect(self.apply_range)
        self.strip.jumpRequested.connect(self.graph.center_on)
        for widget in (self.graph, self.strip):
            widget.installEventFilter(self)

    def _place(self) -> None:
        """Put list and graph in a vertical splitter where the list alone was."""
        w = self.window
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="timelineSplitter")
        w.splitter.insertWidget(0, self.splitter)
        self.splitter.addWidget(w.timeline)  # moves the list out of the outer splitter
        self.splitter.addWidget(self.widget)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 360])
        w.splitter.setStretchFactor(0, 11)
        w.splitter.setSizes([770, 630])

    def _build_actions(self) -> dict[str, QAction]:
        view = self.window.view_menu
        view.addSeparator()
        actions = {}
        for spec in ACTIONS:
            action = QAction(spec.text, self.window)
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setStatusTip(spec.tip)
            action.triggered.connect(getattr(self, spec.slot))
            if spec.graph_only:
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.graph.addAction(action)
            else:
                self.window.addAction(action)
            view.addAction(action)
            actions[spec.slot] = action
        return actions

    # -- data ------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """Whether the graph or the strip still waits for a background read."""
        return self.graph.loading or self._loads.pending or self._strip_counts.pending

    def reload(self) -> None:
        """The list's filters changed (or the data did): reload the strip and the graph."""
        if self.defer_reloads:
            # Mid-import refreshes: the list first, the graph in the next event-loop turn, so
            # neither holds the GUI thread long while extraction competes for the interpreter.
            self._deferred.start()
            return
        self._reload_now()

    def _reload_now(self) -> None:
        model = self.window.timeline_model
        self._filters = filters = model.filters
        self._big = self._is_big(model)
        try:
            self._reload_strip(filters)
        except queries.QueryError:
            return  # the filter bar already says why
        extent = model.days
        self.graph.set_extent(extent.first, extent.end)
        # As the filter's worker planned it (`planner`): the same rule, or its window is wasted.
        fit = graph_view.refits(graph_view.View(*self.graph.view_numbers(), self._fitted),
                                extent.first, extent.end)
        self._fitted = self._fitted or fit
        coming = self.window.coming_selection()  # in the same view: one window read, not two
        self.graph.reload(fit=fit, coming=coming and (coming.begin, coming.end_date))
        self.strip.set_visible_window(*self.graph.visible_range())

    def _is_big(self, model) -> bool:
        """Whether reads go off the GUI thread: a filter's cost grows with the database, not with
        its matches, so the largest unfiltered count seen decides (no query needed)."""
        if not model.filters.active:
            self._size = model.total
        return (not db_session.shares_connection(self.window.session_factory)
                and max(self._size, model.total) > BIG_EVENTS)

    def _reload_strip(self, filters: queries.Filters) -> None:
        """The strip keeps the whole span whatever the date range, so the range can be moved.

        Its counts under other filters than the list's usually come with the list's result
        (TimelineModel.counts_seen); on a big database, when they did not (a refresh), they are
        counted in the background and the strip fills in when done."""
        undated = dataclasses.replace(filters, date_from=None, date_to=None)
        model = self.window.timeline_model
        if self._big and undated != filters and undated.active and model.counts_seen(undated) is None:
            self.strip.set_range(filters.date_from, filters.date_to)
            self._count_strip(undated, filters)
            return
        self._strip_counts.cancel()
        self._set_strip(model.day_counts_for(undated), filters)

    def _count_strip(self, undated: queries.Filters, show: queries.Filters) -> None:
        factory = self.window.session_factory
        read = self.window.timeline_model.day_counts_reader()  # the list's columns, when built

        def count() -> timeline_index.DayCounts:
            with factory() as session:
                return read(session, undated)
        self._strip_counts.run(count, lambda whole: self._set_strip(whole, show))

    def _set_strip(self, whole: timeline_index.DayCounts, filters: queries.Filters) -> None:
        first, end = whole.first, whole.end
        bucket = graph_layout.choose_bucket((end - first).days if first and end else 0)
        # The same counts come back with every clearing of the filters: the strip keeps its
        # drawing for them.
        self.strip.set_counts(whole, bucket)
        self.strip.set_range(filters.date_from, filters.date_to)

    def _load(self, lo: dt.date, hi: dt.date) -> graph_queries.GraphWindow:
        """The graph's loader: events overlapping [lo, hi) under the list's filters.

        When more begin there than the graph can draw, counts per period instead, from the
        list's per-day counts: zoomed out over a million events costs no query at all. On a big
        database the events are read in the background and the counts stand in meanwhile."""
        model = self.window.timeline_model
        days = model.days
        beginning = days.count_between(lo, hi)
        self._loads.cancel()  # whatever was loading is for a view or filters no longer shown

        def bins() -> tuple:  # only when drawn: ~1,000 periods take ~4 ms on the GUI thread
            return self._window_bins.get(days, (lo, hi), lambda: _bins(days, lo, hi))
        if beginning > EVENT_CAP:
            return graph_queries.GraphWindow(lo, hi, (), beginning, bins=bins())
        self._entities_read = self.graph.lane_mode == "entity"  # only entity lanes use them
        prepared = model.prepared.get("graph")
        if prepared is not None and prepared.key == (lo, hi, self._entities_read):
            return prepared.window  # read with the list's result (see `planner`)
        read = functools.partial(_read, self.window.session_factory, self._filters, days, lo, hi,
                                 self._entities_read, model.matched_ids, model.columns)
        if not self._big:
            return read()
        counts = graph_queries.GraphWindow(lo, hi, (), beginning, bins=bins())
        self._loads.run(functools.partial(_read_or, counts, read), self.graph.deliver)
        return dataclasses.replace(counts, loading=True)

    def planner(self):
        """For the list's filter worker (TimelineModel.request's `then`): on a big database, the
        window the graph will read for the result, read in the same pass, so the first frame
        paints its events rather than counts standing in for a read that follows."""
        if not self._is_big(self.window.timeline_model):
            return None
        graph = self.graph
        view = graph_view.View(*graph.view_numbers(), self._fitted)
        entities = graph.lane_mode == "entity"

        def plan(session, request, result) -> _Prepared | None:
            coming = result.row_event(request.block)
            index = result.index
            start, span = graph_view.planned(view, index.first, index.end,
                                             coming and (coming.begin, coming.end_date))
            lo, hi = graph_view.loaded_range(start, span)
            if not index.total or index.count_between(lo, hi) > EVENT_CAP:
                return None  # counts per period: nothing to read
            window = _read_in(session, request.filters, index, lo, hi, entities, result.ids,
                              request.columns)
            return _Prepared((lo, hi, entities), window)
        return plan

    def wait_for_loads(self, msecs: int = -1) -> bool:
        """Block until no graph or strip read runs in the background (tests and shutdown)."""
        return self._loads.wait(msecs) and self._strip_counts.wait(msecs)

    # -- selection -------------------------------------------------------------------------
    def _list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        event = self.window.timeline_model.event_at(current.row()) if current.isValid() else None
        if event is None:
            self.graph.select_event(None)
        else:
            self.graph.select_event(event.id, event.begin, event.end_date)

    def _graph_selected(self, event_id: int) -> None:
        row = self.window.timeline_model.row_of(event_id)
        if row >= 0:
            self.window.select_row(row)  # the list then updates the source pane

    def apply_range(self, first: dt.date | None, last: dt.date | None) -> None:
        """The strip's range becomes the filter bar's date range; the graph zooms to it."""
        bar = self.window.filter_bar
        bar.date_from.set_value(first)
        bar.date_to.set_value(last)
        bar.changed.emit()
        if first is not None and last is not None:
            self.graph.show_range(first, last + dt.timedelta(days=1))

    # -- actions ---------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self.graph.zoom_in()

    def zoom_out(self) -> None:
        self.graph.zoom_out()

    def pan_left(self) -> None:
        self.graph.pan(-0.125)

    def pan_right(self) -> None:
        self.graph.pan(0.125)

    def fit_all(self) -> None:
        self.graph.fit_all()

    def cycle_lanes(self) -> None:
        self.graph.cycle_lanes()

    def focus_graph(self) -> None:
        self.graph.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- saved state -----------------------------------------------------------------------
    def view_state(self) -> tuple[dt.date, dt.date, str]:
        """The visible days [first, after last) and the lane mode, to restore on the next start."""
        lo, hi = self.graph.visible_range()
        return lo, hi, self.graph.lane_mode

    def restore_view(self, lo: dt.date, hi: dt.date, lanes: str) -> None:
        """Show what `view_state` gave; later reloads keep it unless the events move outside."""
        self._fitted = True
        if lanes in graph_layout.LANES:
            self.graph.set_lane_mode(lanes)
        # visible_range's end is one day past the view's last position: undo that to round-trip.
        self.graph.show_range(graph_layout.ordinal(lo), graph_layout.ordinal(hi) - 1, margin=0)
        self.strip.set_visible_window(*self.graph.visible_range())

    def _lanes_changed(self, mode: str) -> None:
        self.window.statusBar().showMessage(graph_layout.LANE_TITLES[mode], STATUS_MS)
        if mode == "entity" and self._entities_read is False:  # read without the ids lanes need
            self.graph.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Tab, / and ? behave in the graph and strip as they do in the other panes."""
        if event.type() != QEvent.Type.KeyPress:
            return False
        key_event: QKeyEvent = event
        key, text = key_event.key(), key_event.text()
        if key == Qt.Key.Key_Tab and not key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            target = self.graph if watched is self.strip else self.window.source.browser
        elif key in (Qt.Key.Key_Backtab, Qt.Key.Key_Tab):
            target = self.strip if watched is self.graph else self.window.timeline
        elif text == "/":
            self.window.focus_search()
            return True
        elif text == "?":
            self.window.show_help()
            return True
        else:
            return False
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return True


@dataclasses.dataclass(frozen=True)
class _Prepared:
    """A graph window read with the list's result: for the loader asking (lo, hi, entities)."""

    key: tuple
    window: graph_queries.GraphWindow


class _Recent:
    """What was made from the last few per-day counts (told apart by identity) and a key."""

    def __init__(self, size: int = 3):
        self._size = size
        self._kept: list[tuple] = []  # (counts, key, made), the latest used first

    def get(self, counts: timeline_index.DayCounts, key, make):
        for i, (kept, kept_key, made) in enumerate(self._kept):
            if kept is counts and kept_key == key:
                self._kept.insert(0, self._kept.pop(i))
                return made
        made = make()
        self._kept = [(counts, key, made), *self._kept[:self._size - 1]]
        return made


def _bins(days: timeline_index.DayCounts, lo: dt.date, hi: dt.date) -> tuple:
    """Counts per period of [lo, hi), at the period the window's width calls for."""
    return tuple(days.bins(graph_layout.choose_bucket((hi - lo).days), lo, hi))


def _read_or(counts: graph_queries.GraphWindow, read) -> graph_queries.GraphWindow:
    """`read()`, or the counts when it fails (a locked database): not "Loading" for ever."""
    try:
        return read()
    except Exception:  # noqa: BLE001 - any failure: the graph still shows what it knows
        log.warning("Cannot read the graph's events", exc_info=True)
        return counts


def _read(factory, filters: queries.Filters, days: timeline_index.DayCounts, lo: dt.date,
          hi: dt.date, entities: bool, ids=None, columns=None) -> graph_queries.GraphWindow:
    """The window's events from the database (on the GUI thread or a worker: no Qt here)."""
    with factory() as session:
        return _read_in(session, filters, days, lo, hi, entities, ids, columns)


def _read_in(session, filters: queries.Filters, days: timeline_index.DayCounts, lo: dt.date,
             hi: dt.date, entities: bool, ids=None, columns=None) -> graph_queries.GraphWindow:
    """`_read` in a session. With the list's matching `ids`, the window is a slice of them: no
    second pass of the filter."""
    if ids is not None:
        window = filter_reads.events_in_window(session, ids, days, lo, hi, EVENT_CAP, entities,
                                               columns)
    else:
        window = graph_queries.events_in_window(session, filters, lo, hi, EVENT_CAP, entities)
    if window.truncated:  # long events from before `lo` tipped it over
        window = dataclasses.replace(window, bins=_bins(days, lo, hi))
    return window
