"""The Go menu: same-entity stepping (Alt+J/K), jump to date (Ctrl+G) and focusing each pane."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop_app.db import queries
from desktop_app.ui.jump_dialog import JumpDialog

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

STATUS_MS = 6000


class Navigation(QObject):
    """Builds the Go menu and does what its actions say."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.dialog: JumpDialog | None = None
        # The last same-entity step: (event landed on, entity id, name). Stepping on from that
        # event keeps following the same entity, not whichever one the new event names first.
        self._following: tuple[int, int, str] | None = None
        self.menu = QMenu("&Go", window)
        window.insert_menu(self.menu)
        keys = window.keys
        self.actions = {
            "next_same": self._action("Next event of the same &entity", "Alt+J",
                                      lambda: self.same_entity(1),
                                      "The entity filtered on, else the event's first entity"),
            "previous_same": self._action("Previous event of the same e&ntity", "Alt+K",
                                          lambda: self.same_entity(-1)),
            "jump": self._action("&Jump to date…", "Ctrl+G", self.ask_date,
                                 "Select the first event on or after a date"),
        }
        self.menu.addSeparator()
        for n, (text, widget) in enumerate((("&timeline list", window.timeline),
                                            ("&source pane", window.source.views),
                                            ("e&ntities list", window.entities)), start=1):
            self.actions[f"focus{n}"] = self._action(
                f"Focus the {text}", f"Ctrl+{n}",
                lambda _c=False, w=widget: keys.focus_pane(w))
        self.actions["focus5"] = self._action("Focus the &figures list", "Ctrl+5",
                                              lambda: keys.focus_pane(window.figures))

    def _action(self, text: str, shortcut: str, slot, tip: str = "") -> QAction:
        return self.window.add_action(self.menu, text, shortcut, slot, tip)

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, STATUS_MS)

    def same_entity(self, delta: int) -> bool:
        """Select the next (+1) or previous (-1) listed event naming the same entity."""
        w = self.window
        event = w.timeline_model.event_at(w.timeline.currentIndex().row())
        if event is None:
            self._status("Select an event first.")
            return False
        with w.session_factory() as session:
            entity = self._entity(session, event.id)
            if entity is None:
                self._status("This event names no entity to follow.")
                return False
            entity_id, name = entity
            target = queries.next_naming(session, w.timeline_model.filters, event.id, entity_id, delta)
        if target is None:
            self._status(f"No {'later' if delta > 0 else 'earlier'} event names {name}.")
            return False
        w.select_row(w.timeline_model.row_of(target))
        self._following = (target, entity_id, name)
        self._status(f"{'Next' if delta > 0 else 'Previous'} event naming {name} (Alt+J / Alt+K).")
        return True

    def _entity(self, session, event_id: int) -> tuple[int, str] | None:
        chosen = self.window.filter_bar.entities
        if chosen:
            return chosen[0]
        if self._following is not None and self._following[0] == event_id:
            return self._following[1:]
        named = (queries.event_entities(session, event_id, include_figures=False)
                 or queries.event_entities(session, event_id))
        return (named[0].id, named[0].name) if named else None

    def ask_date(self) -> None:
        if self.dialog is None:
            self.dialog = JumpDialog(self.jump_to, self.window)
        self.dialog.ask()

    def jump_to(self, day: dt.date) -> bool:
        """Select the first listed event dated on or after `day` (else the last one)."""
        w = self.window
        with w.session_factory() as session:
            target = queries.first_event_from(session, w.timeline_model.filters, day)
        if target is None:
            w.go_last()
            self._status(f"No event on or after {day.day} {day:%b %Y}; the last event is selected.")
            return False
        w.select_row(w.timeline_model.row_of(target))
        w.timeline.setFocus()
        self._status(f"Jumped to {day.day} {day:%b %Y}.")
        return True
