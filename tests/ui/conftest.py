"""UI fixtures: a main window over the story database, shown and active."""
from __future__ import annotations

import pathlib

import pytest

HERE = pathlib.Path(__file__).resolve().parent
# The offscreen platform plugin warns whenever a top-level layout sets size constraints;
# it says nothing about this app, so it must not fail the tests (any other warning does).
# A popped-up menu asks it to grab the keyboard, which it cannot either.
OFFSCREEN_NOISE = r"This plugin does not support ((propagateSizeHints|raise)\(\)|grabbing the keyboard)"


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in pathlib.Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def window(qtbot, story_db):
    from tests.ui.helpers import open_window

    return open_window(qtbot, story_db)


@pytest.fixture
def big_story(tmp_path, monkeypatch):
    """The story in a database file (two threads need two connections), which the timeline
    model treats as big: filters run in the background."""
    from desktop_app.db import session
    from desktop_app.ui import timeline_model
    from tests import factories

    factory = session.open_database(f"sqlite:///{tmp_path / 'story.timeline'}")
    factories.build_story(factory)
    monkeypatch.setattr(timeline_model.TimelineModel, "background_events", 0)
    return factory


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """Every window saves its state on close: keep that in a temporary folder, never the user's."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return tmp_path / "settings"
