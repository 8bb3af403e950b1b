"""What went wrong opening a database or loading the model, in words a user can act on.

Each problem is logged with its details and shown in a dialog that says what to do next.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import logging
import os
import pathlib

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core import nlp
from desktop_app.db import errors as db_errors, file_checks, session as db_session
from desktop_app.ui import app_log

APP_TITLE = "Timeline Reader"
OPEN_OTHER, CREATE_NEW, QUIT, CONTINUE, OPEN_COPY = "open", "new", "quit", "continue", "copy"
log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Problem:
    """A startup problem: a one-line summary, what to do about it, and the technical details."""

    summary: str
    what_to_do: str
    details: str
    fatal: bool = True
    copy_of: pathlib.Path | None = None  # a damaged SQLite file a read-only copy may still show


def _writable_folder(folder: pathlib.Path) -> bool:
    """Whether the nearest existing ancestor of `folder` can be written (the app creates the rest)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def database_problem(url: str, error: BaseException) -> Problem:
    """Explain why `url` could not be opened."""
    details = str(error)
    path = db_session.sqlite_file(url)
    name = db_session.database_label(url)
    if (advice := db_errors.explain(error)) is not None:  # a full disk, a lock held elsewhere
        return Problem(f"{name} could not be opened.", advice, details)
    if "newer Timeline Reader" in details:
        return Problem(f"{name} was made by a newer version of Timeline Reader.",
                       "Update Timeline Reader to open it, or open another database.", details)
    damaged = getattr(db_session, "DamagedDatabase", ())  # the db layer's "left as it is" error
    if path is not None:
        if isinstance(error, damaged) and path.exists():
            sqlite = file_checks.looks_like_sqlite(path) and path.stat().st_size > 0
            return Problem(f"{name} is not a Timeline Reader database, or it is damaged.",
                           f"Open another database or create a new one. If {name} held your work, "
                           "restore it from a backup" + (" (the app keeps the last three beside "
                           "it, named …backup), or open a copy read-only to see what can still "
                           "be read" if sqlite else "") + "; the app leaves the file as it is.",
                           details, copy_of=path if sqlite else None)
        if path.is_dir():
            return Problem(f"{path} is a folder, not a database file.",
                           "Choose a .timeline database file, or create a new one.", details)
        if path.exists() and not file_checks.looks_like_sqlite(path):
            return Problem(f"{name} is not a Timeline Reader database, or it is damaged.",
                           f"Open another database or create a new one. If {name} held your work, "
                           "restore it from a backup; the app leaves the file as it is.", details)
        if not _writable_folder(path.parent):
            return Problem(f"The folder {path.parent} cannot be written.",
                           "Check that the folder exists, that you may write to it and that the "
                           "disk is not full, or open a database in another folder "
                           "(timeline-reader --db FILE).", details)
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            return Problem(f"{name} cannot be read or written.",
                           f"Check the permissions of {path}, or open another database.", details)
        if path.exists():
            return Problem(f"{name} could not be opened.",
                           "It may be damaged, or from a newer version of Timeline Reader. Open "
                           "another database or create a new one.", details)
    return Problem(f"The database {name} could not be opened.",
                   "Check the path or URL, then open another database or create a new one.",
                   details)


def model_problem() -> Problem | None:
    """A missing spaCy model: reading still works, importing does not."""
    if importlib.util.find_spec(nlp.MODEL_PACKAGE) is not None:
        return None
    return Problem("The language model for reading articles is not installed.",
                   "You can read and export the timeline, but importing articles needs the model: "
                   "run `python3 dev.py run` from the source folder, or reinstall Timeline Reader.",
                   nlp.INSTALL_HINT, fatal=False)


def report(problem: Problem, parent: QWidget | None = None, in_app: bool = False) -> str:
    """Log the problem and show it; OPEN_OTHER, CREATE_NEW, QUIT, or CONTINUE if not fatal.

    At startup a fatal problem offers another database or Quit; `in_app` (a window is open) only OK."""
    log_path = app_log.log_file() if app_log.file_handler() is not None else None
    (log.error if problem.fatal else log.warning)("%s %s | %s", problem.summary,
                                                   problem.what_to_do, problem.details)
    box = QMessageBox(QMessageBox.Icon.Critical if problem.fatal else QMessageBox.Icon.Warning,
                      APP_TITLE, problem.summary, parent=parent)
    box.setInformativeText(problem.what_to_do)
    box.setDetailedText(problem.details + (f"\n\nLog file: {log_path}" if log_path else ""))
    choices = {}
    if problem.fatal and not in_app:
        if problem.copy_of is not None:
            choices[box.addButton("Open a &copy read-only", QMessageBox.ButtonRole.AcceptRole)] = OPEN_COPY
        choices[box.addButton("&Open another database…", QMessageBox.ButtonRole.AcceptRole)] = OPEN_OTHER
        choices[box.addButton("&New database…", QMessageBox.ButtonRole.AcceptRole)] = CREATE_NEW
    quit_button = box.addButton("&Quit" if problem.fatal and not in_app else "&OK",
                                QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(next(iter(choices), quit_button))
    box.setEscapeButton(quit_button)
    box.exec()
    return choices.get(box.clickedButton(), QUIT if problem.fatal and not in_app else CONTINUE)
