#!/usr/bin/env python3
"""Set up a local virtual environment, then run the app or the test suite.

    python3 dev.py run     install what is needed and open the app (sample corpus on first start)
    python3 dev.py test    install what is needed and run the whole test suite

Only Python and, on Linux, the system package manager (for Qt's system libraries) are needed.
"""
from __future__ import annotations

import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import venv

ROOT = pathlib.Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
INPUTS = ("pyproject.toml", "requirements/model.txt")

# pytest-xdist: a worker per core, at most four (each may start its own PostgreSQL cluster),
# given whole files, so a module's fixtures (a built database, a cluster's database) are made
# once. Options after `dev.py test` come later and win: `-n 0` runs in one process (--pdb, -s).
PARALLEL = ["-n", "auto", "--maxprocesses", "4", "--dist", "loadfile"]

# Debian/Ubuntu packages that Qt's xcb platform plugin loads but PySide6 wheels do not ship.
QT_XCB_DEBS = ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0",
               "libxcb-shape0", "libxcb-render-util0", "libxcb-image0", "libegl1", "libgl1",
               "libfontconfig1", "libdbus-1-3"]


def say(msg: str) -> None:
    print(f"[dev] {msg}", flush=True)


def run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def apt_install(packages: list[str]) -> bool:
    """Install Debian packages with apt-get, as root or through sudo; False if impossible."""
    if not shutil.which("apt-get"):
        return False
    prefix = [] if hasattr(os, "geteuid") and os.geteuid() == 0 else ["sudo"]
    if prefix and not shutil.which("sudo"):
        return False
    say("installing system packages: " + " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        run(prefix + ["apt-get", "update", "-qq"], env=env)
        run(prefix + ["apt-get", "install", "-y", "-qq", *packages], env=env)
    except subprocess.CalledProcessError:
        return False
    return True


def ensure_venv() -> None:
    if PYTHON.exists():
        return
    say(f"creating virtual environment in {VENV}")
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except Exception as exc:  # Debian ships venv's ensurepip separately
        shutil.rmtree(VENV, ignore_errors=True)
        minor = f"python3.{sys.version_info.minor}-venv"
        if not apt_install([minor]) and not apt_install(["python3-venv"]):
            sys.exit(f"Could not create a virtual environment ({exc}). Install your system's "
                     f"'{minor}' package and try again.")
        venv.EnvBuilder(with_pip=True).create(VENV)


def ensure_installed() -> None:
    ensure_venv()
    digest = hashlib.sha256(b"".join((ROOT / p).read_bytes() for p in INPUTS)).hexdigest()[:16]
    stamp = VENV / f".installed-{digest}"
    if stamp.exists():
        return
    say("installing Python packages (first run takes a minute)")
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    run(pip + ["install", "--upgrade", "pip"])
    # The spaCy model is pinned by hash; installing it alone keeps pip's hash mode to it.
    run(pip + ["install", "--no-deps", "--require-hashes", "-r", str(ROOT / "requirements/model.txt")])
    run(pip + ["install", "-e", f"{ROOT}[test]"])
    for old in VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def ensure_qt_system_libs() -> None:
    """On Linux with a display, make sure the xcb plugin's system libraries are present."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return
    plugin = subprocess.run([str(PYTHON), "-c", "import PySide6, pathlib; print(pathlib.Path("
                             "PySide6.__file__).parent / 'Qt/plugins/platforms/libqxcb.so')"],
                            capture_output=True, text=True).stdout.strip()
    if not plugin or not shutil.which("ldd"):
        return
    missing = [line for line in subprocess.run(["ldd", plugin], capture_output=True, text=True)
               .stdout.splitlines() if "not found" in line]
    if missing and not apt_install(QT_XCB_DEBS):
        say("Qt needs system libraries that are missing: " + "; ".join(m.strip() for m in missing))


def has_postgresql_server() -> bool:
    """initdb on PATH or where Debian/Ubuntu put it (tests/pg/conftest.py looks in the same places)."""
    import glob

    return bool(shutil.which("initdb") or glob.glob("/usr/lib/postgresql/*/bin/initdb")
                or glob.glob("/usr/pgsql-*/bin/initdb"))


# tests/build starts the installed frozen app under Xvfb and activates its desktop entry and
# a .timeline file as a desktop would: the commands it runs and the Debian packages with them.
DESKTOP_TEST_DEBS = {"Xvfb": "xvfb", "xwininfo": "x11-utils",
                     "desktop-file-validate": "desktop-file-utils",
                     "update-desktop-database": "desktop-file-utils",
                     "update-mime-database": "shared-mime-info", "xdg-open": "xdg-utils",
                     "xdg-mime": "xdg-utils", "gtk-launch": "libgtk-3-bin", "gio": "libglib2.0-bin"}


def ensure_test_tools() -> None:
    """pdftoppm renders report pages in the PDF tests; PySide6-Essentials has no QtPdf to do it.
    The tests in tests/pg start a throwaway PostgreSQL cluster, so they need its server binaries.
    tests/build needs Xvfb, the X11 and desktop tools, libXtst (typing Ctrl+Q) and Qt's xcb libraries."""
    if sys.platform.startswith("linux") and not shutil.which("pdftoppm"):
        if not apt_install(["poppler-utils"]):
            say("pdftoppm (poppler-utils) is not installed: the page-rendering PDF test will skip")
    if sys.platform.startswith("linux") and not has_postgresql_server():
        if not apt_install(["postgresql"]):
            say("the PostgreSQL server (package postgresql) is not installed: tests/pg will skip")
    if sys.platform.startswith("linux"):
        import ctypes.util

        missing = {deb for tool, deb in DESKTOP_TEST_DEBS.items() if not shutil.which(tool)}
        if ctypes.util.find_library("Xtst") is None:
            missing.add("libxtst6")
        # The frozen app runs on the real xcb platform under Xvfb, with or without a display here.
        if missing and not apt_install(sorted(missing) + QT_XCB_DEBS):
            say("not installed: " + " ".join(sorted(missing)) + "; tests/build's X11 and "
                "desktop-activation tests of the frozen app will skip")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_installed()
    if command == "run":
        ensure_qt_system_libs()
        return subprocess.call([str(PYTHON), "-m", "desktop_app", *rest])
    ensure_test_tools()
    code = subprocess.call([str(PYTHON), "-m", "pytest", *PARALLEL, *rest], cwd=ROOT)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
