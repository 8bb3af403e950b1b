"""Run work once a widget has been painted: what the first frame does not show waits for it."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _Once(QObject):
    def __init__(self, widget: QWidget, call: Callable[[], None], fallback_ms: int):
        super().__init__(widget)
        self._widget, self._call = widget, call
        widget.installEventFilter(self)
        # A widget that is never shown (a test, a hidden window) still gets the work done.
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            # Posted from the paint, it runs after this frame is drawn, not before or inside it.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        if self._call is not None:
            call, self._call = self._call, None
            self._widget.removeEventFilter(self)
            self.deleteLater()
            call()


def once(widget: QWidget, call: Callable[[], None], fallback_ms: int = 500) -> None:
    """Call `call` once, just after `widget`'s next paint (or after `fallback_ms` without one)."""
    _Once(widget, call, fallback_ms)
