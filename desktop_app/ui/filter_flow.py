"""A filter change through the window: the filter bar's filters to the list model, and its
result to the selection, the source pane, the count and the filter bar's error line."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from desktop_app.db import queries
from desktop_app.ui import dialogs

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


class FilterFlow(QObject):
    """Which event to keep selected across a filter change, and what to do with the result."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._keep: int | None = None  # the event selected when the filters changed
        self._requested: queries.Filters | None = None  # those filters, until applied or failed
        self._kept: tuple | None = None  # (day counts, kept id, row) found by `_kept_row`
        window.filter_bar.changed.connect(window.apply_filters)
        window.timeline_model.applied.connect(self._applied)
        window.timeline_model.failed.connect(self._failed)
        window.timeline_model.loading_changed.connect(self._loading)

    def apply(self) -> None:
        """Request the filter bar's filters; the graph and the source pane have the worker of a
        big database read what the result's first frame shows along with it."""
        w = self.window
        self._keep = w.source.current_event.id if w.source.current_event else None
        self._requested = filters = w.filter_bar.filters()
        self._kept = None
        w.timeline_model.request(filters, self._keep, {"graph": w.graph_panel.planner(),
                                                       "source": w.source.reader()})

    def coming_selection(self) -> queries.EventRow | None:
        """The event `_applied` is about to select while the list resets to the requested
        filters' rows (the graph then moves there before reading its window); else None."""
        model = self.window.timeline_model
        if self._requested is None or model.filters != self._requested:
            return None
        row = self._kept_row()
        return model.event_at(row) if row >= 0 else None

    def _kept_row(self) -> int:
        """The row to select once filters are applied: the kept event's, else the first.

        Found once per result shown: the graph asks first (`coming_selection`), and unfiltered
        `row_of` is two queries."""
        model = self.window.timeline_model
        days = model.days  # a new object with every filtered result shown
        if self._kept is None or self._kept[0] is not days or self._kept[1] != self._keep:
            row = model.row_of(self._keep) if self._keep is not None else -1
            row = 0 if row < 0 and model.rowCount() > 0 else row
            self._kept = days, self._keep, row
        return self._kept[2]

    def _failed(self, message: str) -> None:
        self._requested = None
        self.window.filter_bar.show_error(message)
        self.window.statusBar().showMessage(message, dialogs.STATUS_TIMEOUT_MS)
        self.update_count()

    def _loading(self, loading: bool) -> None:
        w = self.window
        if loading:  # the old rows stay usable meanwhile; the count says they are stale
            w.count_label.setText("Filtering…")
            w.timeline.viewport().setCursor(Qt.CursorShape.BusyCursor)
        else:
            w.timeline.viewport().unsetCursor()

    def _applied(self) -> None:
        w, model = self.window, self.window.timeline_model
        filters, row, self._requested = model.filters, self._kept_row(), None
        w.filter_bar.show_error("")
        if row >= 0:
            w.source.take_ahead(model.prepared.get("source"))
            w.select_row(row)
            w.source.take_ahead(None)  # unused when the selection stayed: never kept for later
        elif len(filters.article_ids) == 1:
            # An article without (matching) events can still be read, and given a date.
            w.source.show_article(filters.article_ids[0])
        elif w.total_events == 0:  # the welcome panel (Shift+F1) has the longer story
            w.source.clear("<p style='color:#6b7280'>No events yet. Import a folder of articles "
                           "(Ctrl+O) or drop one on this window, or open another database "
                           "(Ctrl+Shift+O).</p>", "Getting started")
        else:
            w.source.clear("<p style='color:#6b7280'>No events match the filters. "
                           "Press Esc to clear them.</p>")
        self.update_count()

    def update_count(self) -> None:
        """The status bar's count: matches, of how many, and the filters in words."""
        w = self.window
        filters = w.timeline_model.filters
        text = f"{w.timeline_model.total} events (of {w.total_events})"
        if filters.active:
            with w.session_factory() as session:
                # The chips' names: no query on the GUI thread for each entity filter change.
                text += "  ·  filtered: " + queries.describe_filters(
                    session, filters, dict(w.filter_bar.entities))
        w.count_label.setText(text)
