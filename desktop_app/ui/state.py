"""What the window restores on the next start: per database its filters, graph and selection;
for every database the window's geometry and splitter sizes.

Everything lives in one QSettings file (organisation and application "Timeline Reader", INI
format so tests can point it elsewhere with QSettings.setPath), under a key per database URL.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

from desktop_app.db import event_groups, queries
from desktop_app.ui import filter_sets

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

ORGANISATION = APPLICATION = "Timeline Reader"
STATE_KEY = "window_state"
LAYOUT_KEY = "window_layout"
log = logging.getLogger(__name__)


def open_settings() -> QSettings:
    """The user's settings file for the app (INI format on every platform)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def persistent(db_url: str) -> bool:
    """False for an in-memory database: nothing of it is there to restore next time."""
    return bool(db_url) and db_url not in ("sqlite://", "sqlite:///:memory:")


def layout_snapshot(window: MainWindow) -> dict[str, Any]:
    """Geometry (hex of saveGeometry) and the sizes of every named splitter."""
    return {"geometry": bytes(window.saveGeometry().toHex()).decode("ascii"),
            "splitters": {s.objectName(): s.sizes() for s in window.findChildren(QSplitter)
                          if s.objectName()}}


def apply_layout(window: MainWindow, layout: Any) -> bool:
    """Restore a layout_snapshot (a damaged one is ignored); True if the geometry was restored."""
    if not isinstance(layout, dict):
        return False
    splitters = layout.get("splitters")
    if isinstance(splitters, dict):
        for splitter in window.findChildren(QSplitter):
            sizes = splitters.get(splitter.objectName())
            if (isinstance(sizes, list) and len(sizes) == splitter.count()
                    and all(isinstance(n, int) and n >= 0 for n in sizes) and any(sizes)):
                splitter.setSizes(sizes)
    geometry = layout.get("geometry")
    try:
        return isinstance(geometry, str) and window.restoreGeometry(
            QByteArray.fromHex(geometry.encode("ascii")))
    except UnicodeEncodeError:
        return False


def save_layout(window: MainWindow, settings: QSettings | None = None) -> None:
    settings = settings or open_settings()
    settings.setValue(LAYOUT_KEY, json.dumps(layout_snapshot(window)))
    settings.sync()


def saved_layout(settings: QSettings | None = None) -> Any:
    """The layout saved by the last window closed, or None."""
    try:
        return json.loads(str((settings or open_settings()).value(LAYOUT_KEY) or "null"))
    except ValueError:
        return None


class WindowState:
    """Saves the window's state on close and restores it after the first load."""

    def __init__(self, window: MainWindow, db: filter_sets.DatabaseSettings, enabled: bool = True):
        self.window, self.db, self.enabled = window, db, enabled

    def snapshot(self) -> dict[str, Any]:
        """The state as a JSON-ready dict (filters by keys, graph view, selected event by key)."""
        w = self.window
        row = w.timeline.currentIndex().row()
        event = w.timeline_model.event_at(row) if row >= 0 else None
        with w.session_factory() as session:
            state: dict[str, Any] = {
                "filters": filter_sets.filters_to_record(session, w.filter_bar.filters()),
                "selected": queries.event_key_of(session, event.id) if event else None}
        lo, hi, lanes = w.graph_panel.view_state()
        state["graph"] = {"from": lo.isoformat(), "to": hi.isoformat(), "lanes": lanes}
        return state

    def save(self) -> None:
        if not self.enabled:
            return
        try:
            self.db.store(STATE_KEY, self.snapshot())
        except Exception:  # noqa: BLE001 - saving state must never keep the window from closing
            log.warning("Could not save the window state", exc_info=True)

    def restore(self) -> bool:
        """Apply the saved state, if any; a stale or damaged part is skipped. True if applied."""
        state = self.db.load(STATE_KEY) if self.enabled else None
        if not isinstance(state, dict):
            return False
        # Graph last: selecting an event scrolls the graph to it, which would move the saved view.
        for part in (self._restore_filters, self._restore_selection, self._restore_graph):
            try:
                part(state)
            except (ValueError, TypeError, KeyError, AttributeError):
                log.warning("Ignoring a damaged part of the saved window state", exc_info=True)
        return True

    def _restore_filters(self, state: dict) -> None:
        if isinstance(state.get("filters"), dict):
            filter_sets.apply_record(self.window, state["filters"])

    def _restore_selection(self, state: dict) -> None:
        w = self.window
        if state.get("selected"):
            with w.session_factory() as session:
                lead = event_groups.lead_id_by_key(session, state["selected"])
            row = w.timeline_model.row_of(lead) if lead is not None else -1
            if row >= 0:
                w.select_row(row)

    def _restore_graph(self, state: dict) -> None:
        graph = state.get("graph") or {}
        if graph.get("from") and graph.get("to"):
            self.window.graph_panel.restore_view(dt.date.fromisoformat(graph["from"]),
                                                 dt.date.fromisoformat(graph["to"]),
                                                 str(graph.get("lanes", "none")))
