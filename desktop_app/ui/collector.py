"""Python's full garbage collections moved to pauses in input, on the GUI thread.

A full pass walks every tracked object made since start-up (startup_heap froze the rest): at a
million events 15-50 ms, four of them in the benchmark's 54 filter changes, each landing in
whatever ran then, a key step or a filter's frame. The young generations stay automatic (a
fraction of a millisecond each); the oldest is collected by a timer once input paused for a
second, or when long overdue.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

TICK_MS = 250
QUIET_S = 1.0  # no key, click, wheel or mouse move (a drag) for this long: a full pass may run
OVERDUE = 6  # a full pass runs anyway once this many times later than the threshold asks
NEVER = 1_000_000_000  # the oldest generation's threshold meanwhile: the interpreter never runs it
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.NativeGesture})


class Collector(QObject):
    """Runs the full collection when due and input paused; `install` makes the app's one."""

    def __init__(self, parent: QObject | None = None, *, clock: Callable[[], float] = time.monotonic,
                 collect: Callable[[int], object] = gc.collect,
                 counts: Callable[[], tuple[int, int, int]] = gc.get_count):
        super().__init__(parent)
        self._clock, self._collect, self._counts = clock, collect, counts
        self.thresholds = gc.get_threshold()
        self.last_input = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Take the full collections over from the interpreter (young ones stay automatic)."""
        t0, t1, _t2 = self.thresholds
        gc.set_threshold(t0, t1, NEVER)
        self.timer.start()

    def stop(self) -> None:
        """Hand the full collections back to the interpreter."""
        self.timer.stop()
        gc.set_threshold(*self.thresholds)

    def tick(self) -> bool:
        """Run a full collection if the interpreter's threshold asks for one and input paused
        (or it is long overdue); whether it ran."""
        old, due = self._counts()[2], self.thresholds[2]
        quiet = self._clock() - self.last_input >= QUIET_S
        if old < due or not (quiet or old >= due * OVERDUE):
            return False
        self._collect(2)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.last_input = self._clock()
        return False


def install(app: QCoreApplication) -> Collector:
    """The application's collector, started once (a second call returns the first)."""
    found = app.findChild(Collector, "collector")
    if found is not None:
        return found
    collector = Collector(app)
    collector.setObjectName("collector")
    app.installEventFilter(collector)
    collector.start()
    return collector


def uninstall(app: QCoreApplication) -> None:
    """Stop and remove the application's collector, if any (the interpreter collects again)."""
    found = app.findChild(Collector, "collector")
    if found is not None:
        found.stop()
        app.removeEventFilter(found)
        found.setParent(None)
        found.deleteLater()
