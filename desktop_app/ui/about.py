"""Help › About (version, license, Qt, PySide6, spaCy and model versions) and Help › Show log."""
from __future__ import annotations

import html
import importlib.metadata
import importlib.util
import json
import logging
import pathlib
import platform
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QObject, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.core import nlp
from desktop_app.ui import app_log

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

DISTRIBUTION = "timeline-reader"
log = logging.getLogger(__name__)


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def app_version() -> str:
    """The installed package's version; a bundle without metadata falls back to the source's."""
    return _version(DISTRIBUTION) or _pyproject_field("version") or "unknown"


def app_license() -> str:
    try:
        meta = importlib.metadata.metadata(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        meta = None
    found = (meta.get("License-Expression") or meta.get("License")) if meta else None
    return found or _pyproject_field("license") or "MIT"


def _pyproject_field(name: str) -> str | None:
    """`version = "…"` or `license = { text = "…" }` from pyproject.toml beside the package."""
    import tomllib

    path = pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    except (OSError, ValueError):
        return None
    value = project.get(name)
    return value.get("text") if isinstance(value, dict) else value


def spacy_version() -> str:
    version = _version("spacy")
    if version is None:
        try:
            import spacy.about  # a frozen bundle may carry the module but not its metadata

            version = spacy.about.__version__
        except ImportError:
            return "not installed"
    return version


def model_description() -> str:
    """The model's name and version from its meta.json (no model loading), or why there is none."""
    spec = importlib.util.find_spec(nlp.MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        return f"{nlp.MODEL_PACKAGE} not installed (importing articles needs it)"
    try:
        meta = json.loads((pathlib.Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
        return f"{meta['lang']}_{meta['name']} {meta['version']}"
    except (OSError, ValueError, KeyError):
        return f"{nlp.MODEL_PACKAGE} {_version(nlp.MODEL_PACKAGE) or '(version unknown)'}"


def about_rows() -> list[tuple[str, str]]:
    return [("Version", app_version()), ("License", app_license()), ("Qt", qVersion()),
            ("PySide6", PySide6.__version__), ("spaCy", spacy_version()),
            ("Language model", model_description()),
            ("Python", f"{platform.python_version()} on {platform.system() or 'unknown OS'}"),
            ("Log folder", str(app_log.log_dir()))]


def about_html() -> str:
    rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                   for k, v in about_rows())
    return (f"<h2>Timeline Reader</h2><p>Turns a folder of news articles into a browsable, linked "
            f"event timeline.</p><table cellspacing='0' cellpadding='3'>{rows}</table>")


class AboutDialog(QDialog):
    """Versions and license, selectable so they can be pasted into a bug report."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About Timeline Reader")
        self.label = QLabel(about_html(), objectName="aboutText")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(buttons)


class HelpActions(QObject):
    """Help › Welcome, Show log folder and About, added to the window's Help menu."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.dialog: AboutDialog | None = None
        menu = window.help_menu
        self.welcome_action = window.add_action(menu, "&Welcome panel", "Shift+F1",
                                                lambda: window.welcome.show_panel(focus=True),
                                                "Import folder, Open database and the shortcut sheet")
        self.log_action = window.add_action(menu, "Show &log folder", "Ctrl+Shift+L", self.show_log,
                                            "Open the folder of the app's log files")
        menu.addSeparator()
        self.about_action = window.add_action(menu, "&About Timeline Reader", "Ctrl+F1",
                                              self.show_about, "Version, license and components")
        self.about_action.setMenuRole(self.about_action.MenuRole.AboutRole)

    def show_about(self) -> AboutDialog:
        if self.dialog is None:
            self.dialog = AboutDialog(self.window)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def show_log(self) -> bool:
        """Open the log folder in the file manager (created first, so there is one to open)."""
        folder = app_log.log_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.window.statusBar().showMessage(f"Cannot create the log folder {folder}: "
                                                f"{exc.strerror or exc}", 8000)
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.window.statusBar().showMessage(f"The log folder is {folder}", 8000)
            return False
        return True
