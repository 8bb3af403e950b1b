"""Keyboard shortcuts dialog: resources/help/shortcuts.md with generated shortcut tables.

The tables come from actions.PANE_KEYS and the window's QActions (see actions.py); the
Markdown file holds only the prose around them.
"""
from __future__ import annotations

import html
import pathlib

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.ui import actions
from desktop_app.ui.resources import resource_path

# Qt's rich text ignores most CSS, but tables need explicit borders and padding to read well.
STYLE = """<style>
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #d1d5db; padding: 4px 10px; }
th { background-color: #f3f4f6; color: #111827; }
code { font-family: monospace; background-color: #f3f4f6; color: #111827; }
</style>"""


def help_html(path: pathlib.Path | None = None, window: QWidget | None = None) -> str:
    """A Markdown help page as HTML (default: the shortcut sheet, with `window`'s shortcuts)."""
    sheet = path is None
    path = path or resource_path("help", "shortcuts.md")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return f"<p>The help file could not be read: {html.escape(str(path))} ({html.escape(exc.strerror or str(exc))}).</p>"
    if sheet:
        text = actions.insert_shortcuts(text, window)
    import markdown  # lazily: only the help window renders Markdown

    return STYLE + markdown.markdown(text, extensions=["tables"])


class HelpDialog(QDialog):
    """A resizable, non-modal window showing the keyboard shortcuts of its parent window."""

    def __init__(self, parent=None, path: pathlib.Path | None = None):
        super().__init__(parent)
        self._path = path
        self.setWindowTitle("Keyboard shortcuts — Timeline Reader")
        self.resize(680, 600)
        self.browser = QTextBrowser(objectName="helpBrowser")
        self.browser.setAccessibleName("Keyboard shortcuts")
        self.browser.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the page and the parent's actions (they may have changed since last shown)."""
        self.browser.setHtml(help_html(self._path, self.parentWidget()))

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)
