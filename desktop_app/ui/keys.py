"""Keyboard routing for the panes: stepping, pane cycling and printable-key shortcuts.

Printable keys (j, k, /, ?) are handled per widget in an event filter rather than as
window-wide QShortcuts, so they still type normally in the search box. Which key does what
is the table actions.PANE_KEYS, which also writes the shortcut sheet.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from desktop_app.ui import actions as key_table

Key = Qt.Key
_NO_TEXT_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier \
    | Qt.KeyboardModifier.MetaModifier


@dataclass
class Actions:
    """What the keys do; the main window supplies these."""

    step: Callable[[int], None]  # +1 next event, -1 previous
    first: Callable[[], None]
    last: Callable[[], None]
    focus_search: Callable[[], None]
    show_help: Callable[[], None]
    filter_controls: Callable[[], None] | None = None  # Down in the search box


class KeyRouter(QObject):
    """Event filter installed on timeline, source, entities, figures and search (in cycling order).

    Entities and figures share a tabbed pane: `reveal(widget)` brings a list's tab to the front
    before it takes the focus.
    """

    def __init__(self, timeline: QWidget, source: QWidget, entities: QWidget, search: QWidget,
                 actions: Actions, parent: QObject | None = None, figures: QWidget | None = None,
                 reveal: Callable[[QWidget], None] | None = None):
        super().__init__(parent)
        self.timeline, self.source, self.entities, self.search = timeline, source, entities, search
        self.figures, self.reveal = figures, reveal
        self.cycle = [timeline, source, entities, *([figures] if figures is not None else []), search]
        self.actions = actions
        # Keys reach the focused widget: a pane of views that take turns (the source pane's
        # twin_views.TwinViews) has its keys come from each of them.
        self._pane_of: dict[QObject, QWidget] = {}
        for widget in self.cycle:
            for inner in (widget, *getattr(widget, "browsers", ())):
                self._pane_of[inner] = widget
                inner.installEventFilter(self)

    def focus_pane(self, widget: QWidget, reason=Qt.FocusReason.OtherFocusReason) -> None:
        if self.reveal is not None:
            self.reveal(widget)
        widget.setFocus(reason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or watched not in self._pane_of:
            return False
        watched = self._pane_of[watched]
        key_event: QKeyEvent = event
        key, modifiers = key_event.key(), key_event.modifiers()
        if modifiers & Qt.KeyboardModifier.ControlModifier and key in (Key.Key_Tab, Key.Key_Backtab):
            return False  # Ctrl+Tab belongs to the tabbed panes
        if key == Key.Key_Tab and modifiers & Qt.KeyboardModifier.ShiftModifier:
            key = Key.Key_Backtab
        # Printable keys count only as typed: Ctrl/Alt/Meta combinations are window shortcuts.
        text = "" if modifiers & _NO_TEXT_MODIFIERS else key_event.text()
        entry = key_table.pane_key(self._pane_name(watched), key, text)
        if entry is None:
            return False
        return self.run(entry.command, watched)

    def _pane_name(self, widget: QObject) -> str:
        names = {self.timeline: "timeline", self.source: "source", self.entities: "entities",
                 self.figures: "figures", self.search: "search"}
        return names.get(widget, "")

    def run(self, command: str, watched: QWidget) -> bool:
        """Do one command of actions.PANE_KEYS; False when it does not apply here."""
        a = self.actions
        simple = {"next": lambda: a.step(1), "previous": lambda: a.step(-1), "first": a.first,
                  "last": a.last, "search": a.focus_search, "help": a.show_help,
                  "into_source": lambda: self.focus_pane(self.source)}
        if command in simple:
            simple[command]()
        elif command in ("next_pane", "previous_pane"):
            # Tab reaches the filter before QWidget::event() turns it into focus-chain moves.
            backwards = command == "previous_pane"
            position = self.cycle.index(watched)
            target = self.cycle[(position + (-1 if backwards else 1)) % len(self.cycle)]
            reason = Qt.FocusReason.BacktabFocusReason if backwards else Qt.FocusReason.TabFocusReason
            self.focus_pane(target, reason)
        elif command == "filter_controls" and a.filter_controls is not None:
            a.filter_controls()
        else:
            return False
        return True
