"""Full garbage collections wait for a pause in input (ui.collector)."""
from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop_app.ui import collector as collector_mod


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake(qtbot):
    """A collector on a fake clock and fake gc counts, recording what it collects."""
    clock, collected, counts = Clock(), [], [0, 0, 0]
    made = collector_mod.Collector(clock=clock, collect=collected.append, counts=lambda: tuple(counts))
    yield made, clock, collected, counts
    made.deleteLater()


def test_nothing_is_collected_before_the_oldest_generation_is_due(fake):
    made, clock, collected, counts = fake
    clock.now += 60
    counts[2] = made.thresholds[2] - 1
    assert made.tick() is False
    assert collected == []


def test_a_due_full_collection_waits_for_a_pause_in_input(fake):
    made, clock, collected, counts = fake
    counts[2] = made.thresholds[2]
    made.last_input = clock.now  # a key just now
    assert made.tick() is False
    clock.now += collector_mod.QUIET_S / 2
    assert made.tick() is False
    clock.now += collector_mod.QUIET_S
    assert made.tick() is True
    assert collected == [2]


def test_a_long_overdue_collection_runs_during_input(fake):
    made, clock, collected, counts = fake
    made.last_input = clock.now
    counts[2] = made.thresholds[2] * collector_mod.OVERDUE
    assert made.tick() is True
    assert collected == [2]


def test_keys_clicks_and_drags_count_as_input_other_events_do_not(fake, qtbot):
    made, clock, _collected, _counts = fake
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.installEventFilter(made)
    clock.now = 200.0
    QApplication.sendEvent(edit, QEvent(QEvent.Type.User))
    QApplication.sendEvent(edit, QEvent(QEvent.Type.StyleChange))
    assert made.last_input == 100.0
    QTest.keyClick(edit, Qt.Key.Key_A)
    assert made.last_input == 200.0
    clock.now = 300.0
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert made.last_input == 300.0
    clock.now = 400.0
    point = QPointF(edit.rect().center())
    QApplication.sendEvent(edit, QMouseEvent(QEvent.Type.MouseMove, point, point, Qt.MouseButton.LeftButton,
                                             Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert made.last_input == 400.0


def test_install_takes_the_full_collections_over_once_and_stop_hands_them_back(qtbot):
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
