"""Keyboard routing for the panes: stepping, pane cycling and printable-key shortcuts.

Printable keys (j, k, /, ?) are handled per widget in an event filter rather than as
window-wide QShortcuts, so they still type normally in the search box.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

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
        for widget in self.cycle:
            widget.installEventFilter(self)

    def focus_pane(self, widget: QWidget, reason=Qt.FocusReason.OtherFocusReason) -> None:
        if self.reveal is not None:
            self.reveal(widget)
        widget.setFocus(reason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or watched not in self.cycle:
            return False
        key_event: QKeyEvent = event
        key = key_event.key()
        # Tab reaches the filter before QWidget::event() turns it into focus-chain moves.
        if key in (Key.Key_Tab, Key.Key_Backtab) and not (key_event.modifiers()
                                                         & Qt.KeyboardModifier.ControlModifier):
            backwards = key == Key.Key_Backtab or bool(
                key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            position = self.cycle.index(watched)
            target = self.cycle[(position + (-1 if backwards else 1)) % len(self.cycle)]
            reason = Qt.FocusReason.BacktabFocusReason if backwards else Qt.FocusReason.TabFocusReason
            self.focus_pane(target, reason)
            return True
        if watched is self.search:
            return False  # everything else types normally in the search box
        text = "" if key_event.modifiers() & _NO_TEXT_MODIFIERS else key_event.text()
        if text == "/":
            self.actions.focus_search()
            return True
        if text == "?":
            self.actions.show_help()
            return True
        if watched is self.timeline:
            return self._timeline_key(key, text)
        if watched is self.source and text in ("j", "k"):
            self.actions.step(1 if text == "j" else -1)
            return True
        return False

    def _timeline_key(self, key: int, text: str) -> bool:
        if text == "j" or key == Key.Key_Down:
            self.actions.step(1)
        elif text == "k" or key == Key.Key_Up:
            self.actions.step(-1)
        elif key == Key.Key_Home:
            self.actions.first()  # QTableView's Home/End go to the first/last column instead
        elif key == Key.Key_End:
            self.actions.last()
        elif key in (Key.Key_Return, Key.Key_Enter):
            self.focus_pane(self.source)
        else:
            return False
        return True
