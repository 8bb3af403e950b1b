"""resource_path from the source tree and from a PyInstaller bundle; help pages render."""
from __future__ import annotations

import sys

from desktop_app.ui import help_dialog
from desktop_app.ui.resources import resource_path


def test_resource_path_in_source_tree():
    assert resource_path("help", "shortcuts.md").is_file()
    assert len(list(resource_path("sample_corpus").glob("*.*"))) >= 8


def test_resource_path_in_pyinstaller_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("help", "x.md") == tmp_path / "resources" / "help" / "x.md"


def test_help_renders_markdown_tables():
    html = help_dialog.help_html()
    assert "<table>" in html and "<td>Next event</td>" in html


def test_missing_help_file_says_so(tmp_path):
    html = help_dialog.help_html(tmp_path / "nope.md")
    assert "could not be read" in html and "nope.md" in html
