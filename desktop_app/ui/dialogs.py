"""Message boxes: the one failure handler and the import report; how long a status-bar
message stays."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from desktop_app.ui.ops import OpFailure

if TYPE_CHECKING:  # annotations only: the import pipeline loads when an import starts
    from desktop_app.db import ingest

STATUS_TIMEOUT_MS = 8000  # a status-bar message (an import's summary, a filter's error)


def show_message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                 details: str = "") -> QMessageBox:
    """Open a window-modal message box without blocking the caller (ops finish in callbacks)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("messageBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_failure(parent: QWidget | None, failure: OpFailure) -> QMessageBox:
    """The single place where a failed operation reaches the user."""
    return show_message(parent, QMessageBox.Icon.Critical, failure.title, failure.message,
                        failure.details)


def show_import_report(parent: QWidget | None, report: ingest.ImportReport) -> QMessageBox:
    """Summary on top; in the details one line per rejected file, duplicate and missing file."""
    rejected, duplicates, missing = report.rejected, report.duplicates, report.missing
    lines = [f"Import finished: {report.summary()}."]
    if rejected:
        noun = "file was" if len(rejected) == 1 else "files were"
        lines.append(f"\n{len(rejected)} {noun} not imported; see the details for the reasons.")
    if duplicates:
        lines.append(f"{len(duplicates)} had the same text as an article already imported.")
    if missing:
        lines.append(f"{len(missing)} file(s) imported earlier are no longer there.")
    details = "\n".join([f"{o.path}: {o.reason}" for o in rejected]
                        + [f"{o.path}: {o.reason}" for o in duplicates]
                        + [f"{path}: missing (imported earlier)" for path in missing])
    return show_message(parent, QMessageBox.Icon.Warning, "Import report", "\n".join(lines), details)


def offer_removal(box: QMessageBox, report: ingest.ImportReport, remove: Callable[[], object]) -> QPushButton:
    """Add "Remove N missing files" to the report; it asks first, naming what goes."""
    count = len(report.missing)
    button = box.addButton(f"Remove {count} missing file{'s' if count != 1 else ''}",
                           QMessageBox.ButtonRole.ActionRole)
    button.setObjectName("removeMissing")

    def confirm() -> None:
        question = QMessageBox(QMessageBox.Icon.Question, "Remove missing files",
                               f"Remove the articles of {count} file(s) that are gone from "
                               f"{', '.join(report.folders)}? Their events and mentions go too; "
                               "the files themselves are already gone.",
                               QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                               box.parentWidget())
        question.setObjectName("confirmRemoveMissing")
        question.setDetailedText("\n".join(report.missing))
        question.setDefaultButton(QMessageBox.StandardButton.Cancel)
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        question.buttonClicked.connect(
            lambda b: remove() if question.standardButton(b) == QMessageBox.StandardButton.Yes else None)
        question.open()

    button.clicked.connect(confirm)
    return button
