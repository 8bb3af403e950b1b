"""Jump to date (Ctrl+G): a small dialog that keeps itself open until the text is a date."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from desktop_app.core.jump_date import HINT, parse_jump_date


class JumpDialog(QDialog):
    """Asks for a date; on a valid one calls `on_date(day)` and closes, else says why."""

    def __init__(self, on_date: Callable[[dt.date], None], parent=None):
        super().__init__(parent)
        self.on_date = on_date
        self.setWindowTitle("Jump to date")
        self.line = QLineEdit(objectName="jumpDate")
        self.line.setAccessibleName("Date to jump to")
        self.line.setPlaceholderText("2025-04, April 2025, 3 April 2025…")
        prompt = QLabel("&Date:")
        prompt.setBuddy(self.line)
        self.message = QLabel(HINT, objectName="jumpMessage")
        self.message.setAccessibleName("Jump to date message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.line)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.line.textEdited.connect(lambda _t: self._say(HINT, error=False))

    def _say(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b91c1c;" if error else "")

    def ask(self) -> None:
        """Show the dialog afresh, text selected for retyping (not modal: tests and screen readers)."""
        self._say(HINT, error=False)
        self.line.selectAll()
        self.open()
        self.activateWindow()
        self.line.setFocus()

    def accept(self) -> None:
        try:
            day = parse_jump_date(self.line.text())
        except ValueError as exc:
            self._say(str(exc), error=True)
            self.line.setFocus()
            self.line.selectAll()
            return
        super().accept()
        self.on_date(day)
