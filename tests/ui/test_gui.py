"""run_gui: database choice, remembered last database, open errors, first-launch sample import."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.app import gui
from desktop_app.db import session as db_session
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.resources import resource_path
from tests.ui.helpers import wait_for_op


@pytest.fixture
def settings(tmp_path, qapp):
    """Point QSettings at a temporary folder so tests never touch the user's settings."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    store = QSettings(gui.APP_TITLE, gui.APP_TITLE)
    store.clear()
    return store


def test_choose_url_prefers_argument_then_last_then_default(settings, monkeypatch):
    monkeypatch.setenv(db_session.ENV_VAR, "sqlite:///default.db")
    assert gui.choose_url(None, settings) == "sqlite:///default.db"
    settings.setValue(gui.SETTINGS_KEY, "sqlite:///last.db")
    assert gui.choose_url(None, settings) == "sqlite:///last.db"
    assert gui.choose_url("sqlite:///given.db", settings) == "sqlite:///given.db"


def test_unopenable_database_shows_message_and_exits_1(settings, tmp_path, monkeypatch):
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is not an SQLite file" * 100)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a: shown.append((title, text))))
    monkeypatch.setattr(QApplication, "exec", lambda self: pytest.fail("must not run the loop"))
    assert gui.run_gui(f"sqlite:///{bad}") == 1
    assert len(shown) == 1 and shown[0][0] == "Timeline Reader"
    assert "Cannot open database" in shown[0][1]
    settings.sync()
    assert settings.value(gui.SETTINGS_KEY) is None


@pytest.mark.spacy
def test_first_launch_imports_the_sample_corpus(qtbot, settings, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'first.db'}"
    samples = sorted(resource_path("sample_corpus").glob("*.*"))
    seen = {}

    def fake_exec(app):
        # Windows of earlier tests may linger (closed, not yet deleted): take the visible one.
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        assert len(windows) == 1
        window = windows[0]
        seen["title"] = window.windowTitle()
        seen["report"] = wait_for_op(qtbot, window, window.import_finished, lambda: None)
        seen["events"] = window.timeline_model.total
        seen["shown"] = window.source.current_focus
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(db_session, "default_url", lambda: url)
    assert gui.run_gui(None) == 0
    assert seen["title"] == "Timeline Reader — first.db"
    assert seen["report"].count("imported") == len(samples) >= 8
    assert seen["events"] > 20 and seen["shown"]
    assert QSettings(gui.APP_TITLE, gui.APP_TITLE).value(gui.SETTINGS_KEY) == url


def test_a_database_the_user_names_is_not_filled_with_the_sample(qtbot, settings, tmp_path,
                                                                   monkeypatch):
    url = f"sqlite:///{tmp_path / 'mine.timeline'}"
    started = []
    monkeypatch.setattr(MainWindow, "import_paths", lambda self, paths: started.append(paths))

    def fake_exec(app):
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                w.close()
                w.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert gui.run_gui(url) == 0
    assert started == []
    assert QSettings(gui.APP_TITLE, gui.APP_TITLE).value(gui.SETTINGS_KEY) == url
