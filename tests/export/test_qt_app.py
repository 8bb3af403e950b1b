"""ensure_gui_app: reuse a running app, or start one that works headless (the CLI export)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from desktop_app.export import qt_app
from tests.conftest import ROOT


def run_fresh(code: str) -> subprocess.CompletedProcess:
    """Run `code` in a new interpreter with no display and no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_running_app_is_returned(qapp):
    assert qt_app.ensure_gui_app() is qapp


def test_offscreen_only_when_headless_and_unset():
    assert qt_app.needs_offscreen({}, "linux")
    assert not qt_app.needs_offscreen({"DISPLAY": ":0"}, "linux")
    assert not qt_app.needs_offscreen({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not qt_app.needs_offscreen({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not qt_app.needs_offscreen({}, "win32")
    assert not qt_app.needs_offscreen({}, "darwin")


def test_a_new_app_starts_headless_from_scratch():
    done = run_fresh("""
        import os
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtGui import QGuiApplication
        from desktop_app.export import qt_app
        assert QCoreApplication.instance() is None
        app = qt_app.ensure_gui_app()
        assert isinstance(app, QGuiApplication)
        assert qt_app.ensure_gui_app() is app
        print(os.environ["QT_QPA_PLATFORM"], QGuiApplication.platformName())
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["offscreen", "offscreen"]


def test_write_pdf_works_without_any_app_or_display(tmp_path):
    out = tmp_path / "cli.pdf"
    done = run_fresh(f"""
        from desktop_app.db import queries, session
        from desktop_app.export import pdf
        from tests import factories
        factory = session.open_database("sqlite://")
        factories.build_story(factory)
        result = pdf.write_pdf(factory, queries.Filters(), {str(out)!r}, page_size="Letter")
        print(result.pages, result.events)
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "7"
    assert out.read_bytes().startswith(b"%PDF")
