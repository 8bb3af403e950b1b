"""Undoable entity curation: one QUndoCommand per decision, run through db.curation use cases.

Each command's redo/undo (re)activates or deactivates its stored decision in one transaction
and relinks; that is synchronous (a relink of a few thousand mentions takes milliseconds).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_app.db import curation

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm


class DecisionCommand(QUndoCommand):
    """A decision already applied once; undo deactivates it, redo activates it again."""

    def __init__(self, curator: "Curator", text: str, outcome: curation.Outcome):
        super().__init__(text)
        self.curator = curator
        self.decision_id = outcome.decision.id
        self.entity_key = outcome.entity_key
        self._applied = True  # the use case ran before the push

    def redo(self) -> None:
        if self._applied:  # QUndoStack.push calls redo: the decision is already in effect
            self._applied = False
            self.curator.changed.emit(self.entity_key)
            return
        self.curator.set_active(self.decision_id, True, self.entity_key)

    def undo(self) -> None:
        self.curator.set_active(self.decision_id, False, None)


class Curator(QObject):
    """The curation actions the panes offer, with their undo stack.

    `changed(key)` fires after every action, undo and redo with the key of the entity to show
    (ids may change on relink; keys do not). `failed(message)` reports a refused action.
    """

    changed = Signal(str)
    failed = Signal(str)

    def __init__(self, session_factory: orm.sessionmaker, parent: QObject | None = None):
        super().__init__(parent)
        self._session_factory = session_factory
        self.stack = QUndoStack(self)

    # -- actions -----------------------------------------------------------------------------
    def merge(self, source_id: int, target_id: int, source_name: str = "",
              target_name: str = "") -> bool:
        return self._do(f"Merge “{source_name}” into “{target_name}”", curation.merge,
                        source_id, target_id)

    def split_alias(self, entity_id: int, alias: str) -> bool:
        return self._do(f"Split “{alias}” out", curation.split_alias, entity_id, alias)

    def split_mention(self, article_id: int, offset: int, entity_id: int | None = None) -> bool:
        return self._do("Split mention out", curation.split_mention, article_id, offset, entity_id)

    def rename(self, entity_id: int, name: str) -> bool:
        return self._do(f"Rename to “{name}”", curation.rename, entity_id, name)

    def retype(self, entity_id: int, entity_type: str) -> bool:
        return self._do(f"Change type to {entity_type}", curation.retype, entity_id, entity_type)

    def hide(self, entity_id: int, name: str = "") -> bool:
        return self._do(f"Hide “{name}”", curation.hide, entity_id)

    def unhide(self, entity_id: int, name: str = "") -> bool:
        return self._do(f"Show “{name}” again", curation.unhide, entity_id)

    def accept_suggestion(self, suggestion: curation.Suggestion) -> bool:
        return self._do(f"Merge “{suggestion.source_name}” into “{suggestion.target_name}”",
                        curation.accept_suggestion, suggestion)

    def reject_suggestion(self, suggestion: curation.Suggestion) -> bool:
        return self._do(f"Keep “{suggestion.source_name}” apart from “{suggestion.target_name}”",
                        curation.reject_suggestion, suggestion)

    # -- plumbing ----------------------------------------------------------------------------
    def _do(self, text: str, use_case: Callable[..., curation.Outcome], *args) -> bool:
        outcome = self._run(use_case, *args)
        if outcome is None:
            return False
        self.stack.push(DecisionCommand(self, text, outcome))
        return True

    def set_active(self, decision_id: int, active: bool, key: str | None) -> None:
        outcome = self._run(curation.set_active, decision_id, active)
        if outcome is not None:
            self.changed.emit(key or outcome.entity_key)

    def _run(self, use_case: Callable[..., curation.Outcome], *args) -> curation.Outcome | None:
        """One use case, one transaction; a refused request is reported, not raised."""
        try:
            with self._session_factory.begin() as session:
                return use_case(session, *args)
        except curation.CurationError as exc:
            self.failed.emit(str(exc))
            return None
