"""Wires merged events into the main window: the Event menu, its keys and the list's context menu.

N / P step through the sources of the event shown; M marks an event, Shift+M merges the marked
one into the event shown, Shift+S splits the source shown out. Merges and splits share the
entity curation's undo stack, so Ctrl+Z / Ctrl+Shift+Z undo and redo both in one history.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop_app.ui.event_commands import EventCurator

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

STATUS_MS = 8000


@dataclasses.dataclass(frozen=True)
class EventAction:
    """One Event-menu action: the menu text, its shortcut, what it does (a method name), a tip."""

    text: str
    shortcut: str
    slot: str
    tip: str


# Single letters are window shortcuts: a QLineEdit claims printable keys first (it accepts their
# ShortcutOverride), so typing n, p, m or S in the search box still types.
ACTIONS = (
    EventAction("&Next source", "N", "next_source", "Show the next article reporting this event"),
    EventAction("&Previous source", "P", "previous_source",
                "Show the previous article reporting this event"),
    EventAction("&Mark event for merge", "M", "mark", "Remember this event, to merge it into another"),
    EventAction("Merge marked event &into this one", "Shift+M", "merge_marked",
                "Make the marked event and this one a single event with both sources"),
    EventAction("&Split this source out of the event", "Shift+S", "split_source",
                "Make the source shown in the source pane an event of its own"),
)


class EventActions(QObject):
    """The Event menu and the timeline's right-click menu, over an EventCurator."""

    changed = Signal(str)  # key of the event a merge, split, undo or redo touched (after reload)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.curator = EventCurator(window.session_factory, window.curator.stack, self)
        self.marked_key: str | None = None
        self.marked_text = ""
        self.actions = self._build_actions()
        window.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.timeline.customContextMenuRequested.connect(self._context_menu_requested)
        self.curator.changed.connect(self._changed)
        self.curator.failed.connect(self._say)

    def _build_actions(self) -> dict[str, QAction]:
        self.menu = QMenu("Eve&nt", self.window, objectName="eventMenu")
        self.menu.setAccessibleName("Event menu")
        self.window.insert_menu(self.menu)
        actions = {}
        for spec in ACTIONS:
            action = QAction(spec.text, self.window, objectName=spec.slot)
            action.setShortcut(QKeySequence(spec.shortcut))
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
            action.triggered.connect(getattr(self, spec.slot))
            self.window.addAction(action)  # the shortcut works with the menu closed, in any pane
            self.menu.addAction(action)
            if spec.slot == "previous_source":
                self.menu.addSeparator()
            actions[spec.slot] = action
        return actions

    # -- sources ---------------------------------------------------------------------------
    def next_source(self) -> None:
        self._step(1)

    def previous_source(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        source = self.window.source
        if source.step_source(delta):
            return
        if source.current_event is None:
            self._say("Select an event first.")
        elif len(source.sources) < 2:
            self._say("This event has a single source.")
        else:
            self._say("This is the last source." if delta > 0 else "This is the first source.")

    # -- merge and split -------------------------------------------------------------------
    def mark(self) -> None:
        event = self.window.source.current_event
        if event is None:
            self._say("Select an event to mark for merging.")
            return
        key = self.curator.key_of(event.id)
        if key is None:
            return
        self.marked_key, self.marked_text = key, event.text
        self._say(f"Marked “{_short(event.text)}”. Select the event to merge it into and press "
                  "Shift+M.")

    def merge_marked(self) -> None:
        target = self.window.source.current_event
        if self.marked_key is None:
            self._say("Mark an event first (M), then select the event to merge it into.")
            return
        if target is None:
            self._say("Select the event to merge the marked one into.")
            return
        marked = self.curator.lead_of(self.marked_key)
        if marked is None:
            self.marked_key = None
            self._say("The marked event is no longer in the database.")
            return
        if self.curator.merge(marked, target.id, self.marked_text, target.text):
            self.marked_key = None

    def split_source(self) -> None:
        source = self.window.source.current_source
        if source is None or self.window.source.current_event is None:
            self._say("Select an event, then show the source to split out (N / P).")
            return
        self.curator.split(source.event_id, source.title)

    def _changed(self, key: str, message: str) -> None:
        """After a merge, split, undo or redo: re-read everything, then select the event."""
        w = self.window
        w.reload()
        lead = self.curator.lead_of(key)
        row = w.timeline_model.row_of(lead) if lead is not None else -1
        if row >= 0:
            w.select_row(row)
        self._say(f"{message}. Undo: Ctrl+Z · Redo: Ctrl+Shift+Z")
        self.changed.emit(key)

    # -- context menu ----------------------------------------------------------------------
    def menu_at(self, pos: QPoint) -> QMenu | None:
        """The right-click menu for the list row at viewport position `pos` (selecting it)."""
        index = self.window.timeline.indexAt(pos)
        if not index.isValid():
            return None
        self.window.select_row(index.row())
        menu = QMenu(self.window.timeline, objectName="timelineMenu")
        menu.setAccessibleName("Event actions")
        several = len(self.window.source.sources) > 1
        for spec in ACTIONS:
            # Own actions, not the window's: the same shortcut on two actions would be ambiguous.
            # The text after the tab shows the key in the menu's shortcut column.
            action = menu.addAction(f"{spec.text}\t{spec.shortcut}")
            action.setObjectName(spec.slot)
            action.setStatusTip(spec.tip)
            action.triggered.connect(getattr(self, spec.slot))
            if spec.slot in ("next_source", "previous_source", "split_source"):
                action.setEnabled(several)  # nothing to step through or split off
            elif spec.slot == "merge_marked":
                action.setEnabled(self.marked_key is not None)
            if spec.slot == "previous_source":
                menu.addSeparator()
        return menu

    def _context_menu_requested(self, pos: QPoint) -> None:
        menu = self.menu_at(pos)
        if menu is not None:
            menu.exec(self.window.timeline.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, STATUS_MS)


def _short(text: str, limit: int = 50) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[:limit - 1].rstrip() + "…"
