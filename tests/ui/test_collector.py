"""Full garbage collections wait for the GUI thread to idle (ui.collector)."""
from __future__ import annotations

import gc

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.ui import collector as collector_mod

TICK = collector_mod.TICK_MS / 1000


class Clocks:
    """Wall and GUI-thread CPU time, moved by the test."""

    def __init__(self):
        self.wall, self.used = 100.0, 5.0

    def advance(self, busy_share: float) -> None:
        self.wall += TICK
        self.used += TICK * busy_share


@pytest.fixture
def fake(qtbot):
    """A collector on fake clocks and fake gc counts, recording what it collects."""
    clocks, collected, counts = Clocks(), [], [0, 0, 0]
    made = collector_mod.Collector(clock=lambda: clocks.wall, cpu=lambda: clocks.used,
                                   collect=collected.append, counts=lambda: tuple(counts))
    yield made, clocks, collected, counts
    made.deleteLater()


def ticks(made, clocks, busy_share: float, n: int) -> list[bool]:
    out = []
    for _ in range(n):
        clocks.advance(busy_share)
        out.append(made.tick())
    return out


def test_nothing_is_collected_before_the_oldest_generation_is_due(fake):
    made, clocks, collected, counts = fake
    counts[2] = made.thresholds[2] - 1
    assert ticks(made, clocks, 0.0, 10) == [False] * 10
    assert collected == []


def test_a_due_full_collection_waits_until_the_gui_thread_idled_for_a_second(fake):
    made, clocks, collected, counts = fake
    counts[2] = made.thresholds[2]
    assert ticks(made, clocks, 0.6, 8) == [False] * 8  # stepping through events
    # Idle ticks: the busy ones must leave the last second first.
    quiet = collector_mod.QUIET_TICKS
    assert ticks(made, clocks, 0.02, quiet - 1) == [False] * (quiet - 1)
    assert collected == []
    assert ticks(made, clocks, 0.02, 1) == [True]
    assert collected == [2]


def test_one_busy_tick_in_the_last_second_keeps_it_waiting(fake):
    made, clocks, collected, counts = fake
    counts[2] = made.thresholds[2]
    ticks(made, clocks, 0.0, collector_mod.QUIET_TICKS - 1)
    assert ticks(made, clocks, 0.5, 1) == [False]
    quiet = collector_mod.QUIET_TICKS
    assert ticks(made, clocks, 0.0, quiet - 1) == [False] * (quiet - 1)
    assert ticks(made, clocks, 0.0, 1) == [True]
    assert collected == [2]


def test_a_long_overdue_collection_runs_while_busy(fake):
    made, clocks, collected, counts = fake
    counts[2] = made.thresholds[2] * collector_mod.OVERDUE
    assert ticks(made, clocks, 0.9, 1) == [True]
    assert collected == [2]


def test_install_takes_the_full_collections_over_once_and_uninstall_hands_them_back(qtbot):
    app = QApplication.instance()
    before = gc.get_threshold()
    made = collector_mod.install(app)
    try:
        assert collector_mod.install(app) is made
        assert gc.get_threshold() == (before[0], before[1], collector_mod.NEVER)
        assert gc.isenabled()  # the young generations stay automatic
        assert made.timer.isActive()
    finally:
        collector_mod.uninstall(app)
    assert app.findChild(collector_mod.Collector, "collector") is None
    assert gc.get_threshold() == before
    assert not made.timer.isActive()


def test_the_gui_thread_share_comes_from_its_own_cpu_time(qtbot):
    """Real clocks: a busy loop on this thread between ticks reads as busy, a wait as idle."""
    import time

    made = collector_mod.Collector()
    try:
        made.tick()
        # 50 ms of this thread's CPU time: on a loaded machine (the suite's other worker, a
        # build) its share of the wall time is lower, but far above idle.
        end = time.thread_time() + 0.05
        while time.thread_time() < end:
            pass
        made.tick()
        assert made._shares[-1] > collector_mod.IDLE_SHARE * 2
        time.sleep(0.05)
        made.tick()
        assert made._shares[-1] < collector_mod.IDLE_SHARE
    finally:
        made.deleteLater()
