"""The Qt application object export needs for fonts and painting, created on demand (CLI, tests)."""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

# Keeps an app this module created alive; Python would otherwise collect it with its last reference.
_created: QGuiApplication | None = None


def needs_offscreen(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True on X11/Wayland systems with no display and no platform chosen by the user."""
    if platform.startswith(("win", "darwin")):
        # Windows and macOS always have a native platform plugin; DISPLAY means nothing there.
        return False
    if environ.get("QT_QPA_PLATFORM"):
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new QGuiApplication (offscreen when headless)."""
    global _created
    app = QCoreApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _created = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "timeline-reader"])
    return _created
