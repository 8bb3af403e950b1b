"""Keyboard shortcuts dialog: resources/help/shortcuts.md rendered with Python-Markdown."""
from __future__ import annotations

import html
import pathlib

import markdown
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from desktop_app.ui.resources import resource_path

# Qt's rich text ignores most CSS, but tables need explicit borders and padding to read well.
STYLE = """<style>
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #d1d5db; padding: 4px 10px; }
th { background-color: #f3f4f6; }
code { font-family: monospace; background-color: #f3f4f6; }
</style>"""


def help_html(path: pathlib.Path | None = None) -> str:
    """A Markdown help page (default: the shortcuts) as HTML; a clear message when it is missing."""
    path = path or resource_path("help", "shortcuts.md")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return f"<p>The help file could not be read: {html.escape(str(path))} ({html.escape(exc.strerror or str(exc))}).</p>"
    return STYLE + markdown.markdown(text, extensions=["tables"])


class HelpDialog(QDialog):
    """A resizable, non-modal window showing the keyboard shortcuts."""

    def __init__(self, parent=None, path: pathlib.Path | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts — Timeline Reader")
        self.resize(620, 560)
        self.browser = QTextBrowser(objectName="helpBrowser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(help_html(path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
