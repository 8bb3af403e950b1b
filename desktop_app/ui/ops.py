"""Background operations: run a function off the GUI thread, report back on the GUI thread.

Like Anki's CollectionOp: the op function gets a `progress(done, total, label)` callback and
never touches widgets; success and failure callbacks run on the GUI thread.
"""
from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from desktop_app.db import errors

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
OpFunction = Callable[[Progress], Any]


class OpFailure(Exception):
    """What an op raised, with the traceback text kept for the details pane."""

    def __init__(self, title: str, error: BaseException, details: str):
        super().__init__(f"{title}: {error}")
        self.title = title
        self.error = error
        self.details = details

    @property
    def message(self) -> str:
        """One readable sentence for the user."""
        if (explained := errors.explain(self.error)) is not None:
            return f"{self.title} failed. {explained}"
        text = str(self.error).strip() or type(self.error).__name__
        return f"{self.title} failed: {text}"


class _Relay(QObject):
    """Signals emitted from the worker thread; this object lives on the GUI thread."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Worker(QRunnable):
    def __init__(self, fn: OpFunction, relay: _Relay, title: str):
        super().__init__()
        self._fn, self._relay, self._title = fn, relay, title

    def run(self) -> None:  # worker thread
        try:
            result = self._fn(self._relay.progress.emit)
        except BaseException as exc:  # every failure must reach the one handler
            self._relay.failed.emit(OpFailure(self._title, exc, traceback.format_exc()))
        else:
            self._relay.succeeded.emit(result)


class Op(QObject):
    """One running background operation; its callbacks fire on the GUI thread."""

    finished = Signal()

    def __init__(self, title: str, fn: OpFunction, *, on_success: Callable[[Any], None] | None = None,
                 on_progress: Progress | None = None,
                 on_failure: Callable[[OpFailure], None] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.title = title
        self.running = False
        self._fn = fn
        self._on_success, self._on_progress, self._on_failure = on_success, on_progress, on_failure
        self._relay = _Relay()
        # Queued explicitly: the relay emits from the worker, the slots must run on this thread.
        self._relay.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self._relay.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)

    def start(self, pool: QThreadPool | None = None) -> "Op":
        self.running = True
        (pool or QThreadPool.globalInstance()).start(_Worker(self._fn, self._relay, self.title))
        return self

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, label: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, label)

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self.running = False
        try:
            if self._on_success is not None:
                self._on_success(result)
        except Exception as exc:  # a failing GUI callback is still this op's failure
            self._report(OpFailure(self.title, exc, traceback.format_exc()))
        self.finished.emit()

    @Slot(object)
    def _failed(self, failure: OpFailure) -> None:
        self.running = False
        self._report(failure)
        self.finished.emit()

    def _report(self, failure: OpFailure) -> None:
        if self._on_failure is not None:
            self._on_failure(failure)


class Background(QObject):
    """Runs functions off the GUI thread one at a time (Ops on a private one-thread pool) and
    delivers only the newest request's result; older requests are skipped or dropped."""

    def __init__(self, title: str, parent: QObject | None = None):
        super().__init__(parent)
        self.title = title
        self._pool = QThreadPool(self)  # destroyed with its owner, after waiting for the worker
        self._pool.setMaxThreadCount(1)
        self._ticket = 0
        self._ops: set[Op] = set()

    @property
    def pending(self) -> bool:
        return any(op.running for op in self._ops)

    def cancel(self) -> None:
        """Forget every request made so far: their results will not be delivered."""
        self._ticket += 1

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._ticket += 1
        ticket = self._ticket

        def work(_progress) -> Any:
            # Reading the int is atomic under the GIL; a superseded request does no work.
            return fn() if ticket == self._ticket else None

        def succeeded(result: Any) -> None:
            if ticket == self._ticket:
                done(result)

        def failed(failure: OpFailure) -> None:  # a locked or vanished database: keep what we show
            log.warning("%s", failure.message, exc_info=(type(failure.error), failure.error,
                                                         failure.error.__traceback__))

        # No parent: an op whose deleteLater is still pending when its owner goes (a window
        # closed right after a result came in) would be deleted twice, and crash.
        op = Op(self.title, work, on_success=succeeded, on_failure=failed)
        self._ops.add(op)
        op.finished.connect(lambda: self._ops.discard(op))
        op.finished.connect(op.deleteLater)
        op.start(self._pool)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (tests and shutdown)."""
        return self._pool.waitForDone(msecs)
