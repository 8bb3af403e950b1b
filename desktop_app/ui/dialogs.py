"""Message boxes: the one failure handler and the import report."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.db import ingest
from desktop_app.ui.ops import OpFailure


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
    """Summary on top, one line per rejected file in the details."""
    rejected = report.rejected
    noun = "file was" if len(rejected) == 1 else "files were"
    text = (f"Import finished: {report.summary()}.\n\n"
            f"{len(rejected)} {noun} not imported; see the details for the reasons.")
    details = "\n".join(f"{o.path}: {o.reason}" for o in rejected)
    return show_message(parent, QMessageBox.Icon.Warning, "Import report", text, details)
