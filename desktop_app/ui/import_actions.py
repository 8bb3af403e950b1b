"""Import from the window: the background op, a timeline that fills in as articles land,
cancel, the report dialog and "Remove missing files"."""
from __future__ import annotations

import pathlib
import sys
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.db import import_jobs, queries
from desktop_app.db import session as db_session
from desktop_app.ui import dialogs
from desktop_app.ui.ops import Op, OpFailure

if TYPE_CHECKING:
    from desktop_app.db import ingest
    from desktop_app.ui.main_window import MainWindow

GUI_SWITCH_INTERVAL_S = 0.0005
REFRESH_S = 1.0  # how often the timeline is re-read while an import runs


class ImportActions:
    """Runs imports for one main window; the op itself never touches widgets."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.cancel_event: threading.Event | None = None
        self.pipeline = None  # None: the pinned model (tests put a fast stand-in here)
        self._last_refresh = 0.0
        self._articles_before = 0
        self._switch_interval = sys.getswitchinterval()

    @property
    def running(self) -> bool:
        return self.cancel_event is not None

    def start(self, paths: Iterable[str | pathlib.Path]) -> Op | None:
        """Import files and folders in the background, with progress and cancel."""
        win = self.window
        if self.cancel_event is not None:
            win.statusBar().showMessage("An import is already running.", dialogs.STATUS_TIMEOUT_MS)
            return None
        paths = [str(p) for p in paths]
        cancel = self.cancel_event = threading.Event()
        factory, pipeline = win.session_factory, self.pipeline

        def work(progress):
            from desktop_app.db import ingest  # lazily: the reading and extraction stack (~0.13 s)

            with import_jobs.tracked(factory, paths):
                return ingest.ingest(factory, paths, progress, cancel.is_set, pipeline=pipeline)

        with factory() as session:
            self._articles_before = queries.corpus_summary(session).articles
        self._last_refresh = time.monotonic()
        # Extraction in the op's thread holds the interpreter in 5 ms turns by default; every
        # database call of a GUI refresh gives it up and waits a whole turn to get it back.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
        win.import_action.setEnabled(False)
        win.progress.start()
        return win.run_op(Op("Import", work, on_success=self._done, on_progress=self._progress,
                             on_failure=self._failed, parent=win))

    def offer_resume(self) -> QMessageBox | None:
        """If an import into this database was cut short (a crash, a kill), ask to run it again;
        files already imported are skipped, so it adds only what is missing."""
        if self.running or db_session.is_read_only(self.window.session_factory):
            return None
        with self.window.session_factory() as session:
            jobs = import_jobs.interrupted(session)
        if not jobs:
            return None
        paths = list(dict.fromkeys(p for job in jobs for p in job.paths))
        box = QMessageBox(QMessageBox.Icon.Question, "Resume import",
                          f"An import into this database did not finish ({import_jobs.describe(jobs[0])}). "
                          "Import the same files and folders again now? What was imported is kept "
                          "and skipped; only what is missing is added.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setObjectName("resumeImport")
        box.setDetailedText("\n".join(paths))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        resume = box.button(QMessageBox.StandardButton.Yes)

        def answered(button) -> None:
            with self.window.session_factory.begin() as session:
                import_jobs.dismiss(session, [job.id for job in jobs])
            if button is resume:
                self.start(paths)
        box.buttonClicked.connect(answered)
        box.open()
        return box

    def cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.window.statusBar().showMessage("Cancelling the import after the current article…")

    def _progress(self, done: int, total: int, path: str) -> None:
        win = self.window
        win.progress.update_progress(done, total, path)
        now = time.monotonic()
        if now - self._last_refresh >= REFRESH_S:
            self._last_refresh = now
            self.refresh()

    def refresh(self) -> None:
        """Show the articles stored so far: the event list and counts, not the whole window."""
        win = self.window
        with win.session_factory() as session:
            summary = queries.corpus_summary(session)
        win.progress.set_articles(summary.articles - self._articles_before)
        win.graph_panel.defer_reloads = True
        try:
            win.refresh_events(summary.events)
        finally:
            win.graph_panel.defer_reloads = False

    def _end(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        self.cancel_event = None
        self.window.progress.hide()
        self.window.import_action.setEnabled(True)

    def _done(self, report: ingest.ImportReport) -> None:
        win = self.window
        self._end()
        win.reload()
        if report.rejected or report.duplicates or report.missing:
            box = dialogs.show_import_report(win, report)
            if report.missing:
                dialogs.offer_removal(box, report, lambda: self.remove_missing(report))
        win.statusBar().showMessage(f"Import finished: {report.summary()}.",
                                    dialogs.STATUS_TIMEOUT_MS)
        win.import_finished.emit(report)

    def _failed(self, failure: OpFailure) -> None:
        self._end()
        self.window.reload()  # files imported before the failure are in the database
        self.window._op_failed(failure)

    def remove_missing(self, report: ingest.ImportReport) -> Op:
        """Delete the articles of files that are gone from the report's folders, in the background."""
        win, factory, folders = self.window, self.window.session_factory, report.folders

        def work(_progress):
            from desktop_app.db import ingest

            with factory.begin() as session:
                return [path for folder in folders for path in ingest.remove_missing(session, folder)]

        def done(removed: list[str]) -> None:
            win.reload()
            win.statusBar().showMessage(f"Removed the articles of {len(removed)} missing file(s).",
                                        dialogs.STATUS_TIMEOUT_MS)
            win.missing_removed.emit(removed)

        return win.run_op(Op("Remove missing files", work, on_success=done,
                             on_failure=win._op_failed, parent=win))
