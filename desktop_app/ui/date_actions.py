"""'Set publication date…' and 'Undo set date': the dialog, the re-dating op, one step of undo."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QStatusBar, QToolButton, QWidget

from desktop_app.db import queries
from desktop_app.ui.ops import Op, OpFailure
from desktop_app.ui.source_view import date_label

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

    from desktop_app.db import article_dates

SET_DATE_SHORTCUT = "Ctrl+D"
STATUS_TIMEOUT_MS = 15000  # long enough to reach for Undo


class DateActions(QObject):
    """Owns the two actions; `changed` fires on the GUI thread after each change or undo."""

    changed = Signal(object)  # article_dates.DateChange

    def __init__(self, session_factory: orm.sessionmaker, window: QWidget, status_bar: QStatusBar,
                 current_article: Callable[[], queries.ArticleRow | None],
                 run_op: Callable[[Op], Op], on_failure: Callable[[OpFailure], None]):
        super().__init__(window)
        self._session_factory, self._window, self._status = session_factory, window, status_bar
        self._current_article, self._run_op, self._on_failure = current_article, run_op, on_failure
        self._last: article_dates.DateChange | None = None  # what Undo would revert

        self.set_action = QAction("Set publication &date…", window)
        self.set_action.setShortcut(QKeySequence(SET_DATE_SHORTCUT))
        self.set_action.setStatusTip("Date or undate the article shown; its events are re-dated")
        self.set_action.triggered.connect(self.ask)
        self.undo_action = QAction("&Undo set date", window)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setStatusTip("Give the article back the date it had")
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo)
        self.undo_button = QToolButton(objectName="undoDate")
        self.undo_button.setDefaultAction(self.undo_action)
        self.undo_button.hide()
        # The button belongs to the message that offers it; Ctrl+Z and the menu stay.
        status_bar.messageChanged.connect(lambda text: text or self.undo_button.hide())

    @property
    def running(self) -> bool:
        return not self.set_action.isEnabled()

    def ask(self) -> None:
        """Open the dialog for the article in the source pane; run the change on OK."""
        article = self._current_article()
        if article is None:
            self._status.showMessage("Select an event or a source article first.", STATUS_TIMEOUT_MS)
            return
        if self.running:
            self._status.showMessage("Still re-dating the last article…", STATUS_TIMEOUT_MS)
            return
        # Lazily: the dialog and re-dating bring the extraction pipeline (~0.2 s of imports).
        from desktop_app.db import article_dates
        from desktop_app.ui import date_dialog

        with self._session_factory() as session:
            current = article_dates.publication_date(session, article.id)
            proposal = article_dates.proposed_date(session, article.id)
        dialog = date_dialog.DateDialog(article.title, current, proposal, self._window)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            chosen = dialog.choice()
        finally:
            dialog.deleteLater()
        if chosen == current:
            self._status.showMessage("The publication date is unchanged.", STATUS_TIMEOUT_MS)
            return
        self._start(article.id, chosen, undoing=False)

    def undo(self) -> None:
        """Restore the date (and how it was obtained) from before the last change."""
        if self._last is not None and not self.running:
            self._start(self._last.article_id, self._last.before, undoing=True)

    def _start(self, article_id: int, target: article_dates.ArticleDate, undoing: bool) -> Op:
        from desktop_app.db import article_dates  # lazily: see ask

        factory = self._session_factory

        def work(_progress):
            # Loads spaCy on first use and re-extracts the article: seconds, so off the GUI thread.
            return article_dates.change_publication_date(factory, article_id, target.published,
                                                         target.how)

        self._set_running(True)
        self._status.showMessage("Re-dating the article's events…")
        return self._run_op(Op("Set publication date", work,
                               on_success=lambda change: self._done(change, undoing),
                               on_failure=self._failed, parent=self))

    def _done(self, change: article_dates.DateChange, undoing: bool) -> None:
        self._set_running(False)
        self._last = None if undoing else change
        self.undo_action.setEnabled(self._last is not None)
        label = date_label(change.after.published, change.after.how)
        if undoing:
            self._status.showMessage(f"Restored: “{change.title}” is {label} again.",
                                     STATUS_TIMEOUT_MS)
        else:
            keys = self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            self._status.showMessage(f"“{change.title}” is now {label}. Undo: {keys}.",
                                     STATUS_TIMEOUT_MS)
            self.undo_button.show()
        self.changed.emit(change)

    def _failed(self, failure: OpFailure) -> None:
        self._set_running(False)
        self._on_failure(failure)

    def _set_running(self, running: bool) -> None:
        self.set_action.setEnabled(not running)
        self.undo_action.setEnabled(not running and self._last is not None)
        if running:
            self.undo_button.hide()
