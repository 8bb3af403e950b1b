"""Status-bar import progress: current file, rates, a "3 / 8" files bar and a Cancel button."""
from __future__ import annotations

import pathlib
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ImportProgress(QWidget):
    """Shown while an import runs; `cancel_requested` when the user gives up on it."""

    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setMinimumWidth(220)
        self.label.setMaximumWidth(360)
        self.rate = QLabel(objectName="importRate")  # files and articles per second
        self._started = time.monotonic()
        self._articles = 0
        self.bar = QProgressBar(objectName="importProgress")
        self.bar.setFixedWidth(180)
        self.bar.setFormat("%v / %m")
        self.bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel = QPushButton("Cancel", objectName="cancelImport")
        self.cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the pane cycle intact
        self.cancel.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.rate)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)

    def start(self) -> None:
        self.label.setText("Preparing import…")
        self.bar.setRange(0, 0)  # busy until the file count is known
        self.cancel.setEnabled(True)
        self.cancel.setText("Cancel")
        self.rate.setText("")
        self._started, self._articles, self._done = time.monotonic(), 0, 0
        self.show()

    def set_articles(self, count: int) -> None:
        """Articles stored so far by this import (the window counts them as it refreshes)."""
        self._articles = count
        self._show_rate()

    def _show_rate(self) -> None:
        seconds = max(time.monotonic() - self._started, 1e-3)
        self.rate.setText(f"{self._done / seconds:.1f} files/s · {self._articles / seconds:.1f} "
                          "articles/s")

    def update_progress(self, done: int, total: int, path: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self._done = done
        self._show_rate()
        name = pathlib.Path(path).name if path else ""
        if name and self.cancel.isEnabled():
            self.label.setText(f"Importing {name}")
        elif not name:
            self.label.setText("Finishing…")
        self.label.setToolTip(path)

    def _cancel(self) -> None:
        self.cancel.setEnabled(False)
        self.cancel.setText("Cancelling…")
        self.label.setText("Stopping after the current article…")
        self.cancel_requested.emit()
