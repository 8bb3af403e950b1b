"""Python's full garbage collections moved to moments when the GUI thread is idle.

A full pass walks every tracked object made since start-up (startup_heap froze the rest): at a
million events 15-50 ms, four of them in the benchmark's 54 filter changes, each landing in
whatever ran then, a key step or a filter's frame. The young generations stay automatic (a
fraction of a millisecond each); the oldest is collected by a timer once the GUI thread has been
nearly idle for a second (the user reading, not stepping, typing or dragging), or when long
overdue. Idle is told by the GUI thread's CPU time, read once per tick: an application-wide
event filter would take the interpreter's lock for every event, and wait for it while a worker
runs (measured: filter changes ~15 ms slower at the median).
"""
from __future__ import annotations

import collections
import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

TICK_MS = 250
QUIET_TICKS = 4  # this many ticks in a row (a second) nearly idle: a full pass may run
IDLE_SHARE = 0.1  # "nearly idle": the GUI thread busy at most this share of a tick
OVERDUE = 6  # a full pass runs anyway once this many times later than the threshold asks
NEVER = 1_000_000_000  # the oldest generation's threshold meanwhile: the interpreter never runs it


class Collector(QObject):
    """Runs the full collection when due and the GUI thread idles; `install` makes the app's one.

    Ticks run on the thread that owns it (the GUI thread), whose CPU time `cpu` reads."""

    def __init__(self, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 cpu: Callable[[], float] = time.thread_time,
                 collect: Callable[[int], object] = gc.collect,
                 counts: Callable[[], tuple[int, int, int]] = gc.get_count):
        super().__init__(parent)
        self._clock, self._cpu, self._collect, self._counts = clock, cpu, collect, counts
        self.thresholds = gc.get_threshold()
        self._mark = (clock(), cpu())
        self._shares: collections.deque[float] = collections.deque(maxlen=QUIET_TICKS)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Take the full collections over from the interpreter (young ones stay automatic)."""
        t0, t1, _t2 = self.thresholds
        gc.set_threshold(t0, t1, NEVER)
        self._mark = (self._clock(), self._cpu())
        self.timer.start()

    def stop(self) -> None:
        """Hand the full collections back to the interpreter."""
        self.timer.stop()
        gc.set_threshold(*self.thresholds)

    @property
    def quiet(self) -> bool:
        """Whether the last QUIET_TICKS ticks each found the GUI thread nearly idle."""
        return len(self._shares) == QUIET_TICKS and max(self._shares) <= IDLE_SHARE

    def tick(self) -> bool:
        """Note how busy the GUI thread was since the last tick; run a full collection if the
        interpreter's threshold asks for one and the thread idles (or it is long overdue).
        Whether it ran."""
        now, used = self._clock(), self._cpu()
        wall = now - self._mark[0]
        self._shares.append((used - self._mark[1]) / wall if wall > 0 else 1.0)
        self._mark = (now, used)
        old, due = self._counts()[2], self.thresholds[2]
        if old < due or not (self.quiet or old >= due * OVERDUE):
            return False
        self._collect(2)
        self._mark = (self._clock(), self._cpu())  # the pass itself is not the user's work
        return True


def install(app: QCoreApplication) -> Collector:
    """The application's collector, started once (a second call returns the first)."""
    found = app.findChild(Collector, "collector")
    if found is not None:
        return found
    collector = Collector(app)
    collector.setObjectName("collector")
    collector.start()
    return collector


def uninstall(app: QCoreApplication) -> None:
    """Stop and remove the application's collector, if any (the interpreter collects again)."""
    found = app.findChild(Collector, "collector")
    if found is not None:
        found.stop()
        found.setParent(None)
        found.deleteLater()
