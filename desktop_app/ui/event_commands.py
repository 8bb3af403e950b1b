"""Undoable event merge and split: one QUndoCommand per stored decision, on the curation stack.

Like entity curation (curation_commands), a decision runs once through db.event_groups and is
then only (de)activated by undo/redo; each step regroups synchronously (milliseconds).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_app.db import event_groups

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm


class EventDecisionCommand(QUndoCommand):
    """An event merge or split already applied once; undo deactivates it, redo activates it."""

    def __init__(self, curator: "EventCurator", text: str, decision_id: int, redo_key: str,
                 undo_key: str):
        super().__init__(text)
        self.curator = curator
        self.decision_id = decision_id
        # Keys, not ids: the event to select afterwards may lead another group by then.
        self.redo_key, self.undo_key = redo_key, undo_key
        self._applied = True  # the use case ran before the push

    def redo(self) -> None:
        if self._applied:  # QUndoStack.push calls redo: the decision is already in effect
            self._applied = False
            return
        self.curator.set_active(self.decision_id, True, self.redo_key, f"Redone: {self.text()}")

    def undo(self) -> None:
        self.curator.set_active(self.decision_id, False, self.undo_key, f"Undone: {self.text()}")


class EventCurator(QObject):
    """Merge and split timeline events, pushing onto a shared undo stack.

    `changed(key, message)` fires after every action, undo and redo with the key of the event to
    select and what was done, in words;
    `failed(message)` reports a refused action (event_groups.EventCurationError).
    """

    changed = Signal(str, str)
    failed = Signal(str)

    def __init__(self, session_factory: orm.sessionmaker, stack: QUndoStack,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._session_factory = session_factory
        self.stack = stack  # the entity curator's: one Ctrl+Z history for both

    def merge(self, event_id: int, into_id: int, name: str = "", into_name: str = "") -> bool:
        """Make `event_id`'s event part of `into_id`'s; the selection follows the merged event."""
        def use_case(session):
            keys = event_groups.key_of(session, event_id), event_groups.key_of(session, into_id)
            return event_groups.merge(session, event_id, into_id), keys[1], keys[0]

        return self._do(f"Merge event “{_short(name)}” into “{_short(into_name)}”", use_case)

    def split(self, event_id: int, name: str = "") -> bool:
        """Take one source out of its merged event; the selection follows that source."""
        def use_case(session):
            key = event_groups.key_of(session, event_id)
            return event_groups.split(session, event_id), key, key

        return self._do(f"Split source “{_short(name)}” out", use_case)

    def key_of(self, event_id: int) -> str | None:
        """The stable key of an event (None, reported, when it is gone)."""
        try:
            with self._session_factory() as session:
                return event_groups.key_of(session, event_id)
        except event_groups.EventCurationError as exc:
            self.failed.emit(str(exc))
            return None

    def lead_of(self, key: str) -> int | None:
        """The timeline event standing now for the event with `key`."""
        with self._session_factory() as session:
            return event_groups.lead_id_by_key(session, key)

    def set_active(self, decision_id: int, active: bool, key: str, message: str = "") -> None:
        if self._run(lambda session: event_groups.set_active(session, decision_id, active)) \
                is not False:
            self.changed.emit(key, message)

    def _do(self, text: str, use_case: Callable) -> bool:
        outcome = self._run(use_case)
        if outcome is False:
            return False
        decision_id, redo_key, undo_key = outcome
        self.stack.push(EventDecisionCommand(self, text, decision_id, redo_key, undo_key))
        # Emitted after the push, not from the first redo: listeners then see it on the stack.
        self.changed.emit(redo_key, text)
        return True

    def _run(self, use_case: Callable):
        """One use case, one transaction; a refused request is reported and gives False."""
        try:
            with self._session_factory.begin() as session:
                return use_case(session)
        except event_groups.EventCurationError as exc:
            self.failed.emit(str(exc))
            return False


def _short(text: str, limit: int = 40) -> str:
    """A sentence cut down for an undo label ("Undo Merge event “The council…”")."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[:limit - 1].rstrip() + "…"
