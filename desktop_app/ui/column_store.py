"""The list model's db.timeline_columns: built in the background after the first paint, dropped
whenever the data may have changed, so a stale store never answers a filter."""
from __future__ import annotations

import sys
import time

from PySide6.QtCore import QObject, QTimer

from desktop_app.core import preload
from desktop_app.db import interrupt
from desktop_app.ui import ops


class ColumnStore(QObject):
    """One Columns at a time for a session factory's data. The epoch is bumped whenever the
    data may have changed: a store, or a result computed from one, from before is dropped."""

    def __init__(self, session_factory, versions, parent: QObject | None = None):
        super().__init__(parent)
        self._factory, self._versions = session_factory, versions  # versions: db_session.DataVersion
        self._columns = None  # timeline_columns.Columns, once built
        self.epoch = 0
        self._pending: int | None = None  # the epoch a build is scheduled or running for
        self._stamp: int | None = None  # the data version before the build
        self._indexer = ops.Background("Indexing the timeline", self)
        self.build_s: float | None = None  # how long the last build took (benchmarks)
        self.ready_at: float | None = None  # its time.perf_counter() when it came in

    def want(self, delay_ms: int) -> None:
        """Schedule a build in `delay_ms` unless one is built or coming for this data."""
        if self._columns is not None or self._pending == self.epoch:
            return
        self._pending = epoch = self.epoch
        QTimer.singleShot(delay_ms, self, lambda: self._build(epoch))

    def _build(self, epoch: int) -> None:
        if epoch != self.epoch:  # the data changed meanwhile: the next request asks again
            return
        factory = self._factory
        stamp = self._versions.current()  # before reading: a commit during the build shows

        def work():
            if "numpy" not in sys.modules:
                # Imported cold, its libraries page in under the interpreter lock: the GUI
                # thread stood still 40-55 ms on a fast disk (see core.preload).
                preload.read_libraries("numpy")
            from desktop_app.db import timeline_columns  # numpy: never before the first paint

            start = time.perf_counter()
            with factory() as session:
                try:
                    built = timeline_columns.build(session, lambda: epoch != self.epoch)
                except interrupt.Cancelled:
                    return None
            return built, time.perf_counter() - start

        def done(result) -> None:
            if result is None or epoch != self.epoch:
                return
            (self._columns, self.build_s), self._pending = result, None
            self._stamp = stamp
            self.ready_at = time.perf_counter()

        self._indexer.run(work, done)

    def current(self):
        """The store, unless anyone (another program too) committed since it was read: then it
        is dropped, and SQL answers until a new one is built. On PostgreSQL the change feed and
        this window's own writes drop it through TimelineModel's `forget` and `set_filters`."""
        if self._columns is not None and self._versions.current() != self._stamp:
            self.drop()
        return self._columns

    @property
    def built(self) -> bool:
        return self._columns is not None

    @property
    def pending(self) -> bool:
        """Whether a build is scheduled or running for this data."""
        return self._columns is None and self._pending == self.epoch

    def drop(self) -> None:
        """The data may have changed: a store built before, or being built, is no longer used."""
        self._columns, self._pending = None, None
        self.epoch += 1
