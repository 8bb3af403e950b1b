"""Work that the first frame does not show runs after it: the entity lists of a big database."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop_app.ui import after_paint, main_window, timeline_model
from tests.ui.helpers import open_window


def test_the_call_comes_after_the_paint(qtbot):
    label = QLabel("frame")
    qtbot.addWidget(label)
    seen = []
    label.paintEvent = lambda event, paint=label.paintEvent: (seen.append("paint"), paint(event))
    after_paint.once(label, lambda: seen.append("call"), fallback_ms=10_000)
    assert seen == []
    label.show()
    qtbot.waitUntil(lambda: "call" in seen)
    assert seen[0] == "paint" and seen.count("call") == 1


def test_a_widget_never_shown_still_gets_the_call(qtbot):
    label = QLabel("hidden")
    qtbot.addWidget(label)
    seen = []
    after_paint.once(label, lambda: seen.append("call"), fallback_ms=20)
    qtbot.waitUntil(lambda: seen == ["call"])
    qtbot.wait(50)
    assert seen == ["call"]


def test_a_big_databases_entity_lists_load_after_the_timeline_is_painted(qtbot, story_db, monkeypatch):
    monkeypatch.setattr(timeline_model.TimelineModel, "background_events", 0)  # "big": any event
    window = main_window.MainWindow(story_db)
    qtbot.addWidget(window)
    assert window.timeline_model.rowCount() > 0
    assert window.entity_model.rowCount() == 0  # not read yet: the first frame comes first
    window.show()
    qtbot.waitUntil(lambda: window.entity_model.rowCount() > 0 and window.figure_model.rowCount() > 0)


def test_a_small_databases_lists_are_there_at_once(qtbot, story_db):
    window = open_window(qtbot, story_db)
    assert window.entity_model.rowCount() > 0
