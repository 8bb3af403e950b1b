"""GUI composition: log file, single instance, the database to open, the first window.

Until a launch knows it is the only one for its database it imports little: a second launch that
only hands its file to the running window should be quick.
"""
from __future__ import annotations

import builtins
import contextlib
import logging
import pathlib
import sys

# PySide6 wraps the import statement (for `from __feature__ import ...`) and reads the whole
# source file of every module imported after it, to see whether it names PySide6: ~0.18 s of
# the window's imports from a source tree. Taken before PySide6 is imported (see plain_imports).
_PLAIN_IMPORT = builtins.__import__

from PySide6.QtCore import QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from desktop_app.ui import app_log, collector, single_instance  # noqa: E402

APP_TITLE = "Timeline Reader"
SETTINGS_KEY = "last_db"  # database_actions.LAST_KEY
HANDED_OVER = "handed over"
log = logging.getLogger(__name__)


@contextlib.contextmanager
def plain_imports():
    """Import with the interpreter's own import statement, PySide6's put back after: the app
    uses no `__feature__`, so its modules need no scan (a no-op if PySide6 came first)."""
    hooked = builtins.__import__
    builtins.__import__ = _PLAIN_IMPORT
    try:
        yield
    finally:
        builtins.__import__ = hooked


def open_settings() -> QSettings:
    """The app's settings file: ui.state.open_settings, without importing the window's modules."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_TITLE, APP_TITLE)


def choose_url(db_url: str | None, settings: QSettings) -> str:
    """The given URL, else the last one used, else the per-user default."""
    if db_url:
        return db_url
    last = settings.value(SETTINGS_KEY)
    if last:
        return str(last)
    from desktop_app.db import session

    return session.default_url()


def notify_uncaught(message: str) -> None:
    """Tell the user about an error that no code caught; the traceback is in the log already."""
    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, "Something went wrong.",
                      parent=QApplication.activeWindow())
    box.setInformativeText(f"{message}\n\nThe details are in the log file (Help › Show log folder, "
                           f"{app_log.log_file()}). Your database is not affected by this error.")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # not exec: an error inside a slot must not start a nested event loop


def _choose_file(choice: str) -> str | None:
    """The database file picked after a startup error ("open" an existing one or "new")."""
    from desktop_app.ui import database_actions, startup_errors

    if choice == startup_errors.OPEN_OTHER:
        path, _ = QFileDialog.getOpenFileName(None, "Open database", "", database_actions.FILE_FILTER)
    else:
        path, _ = QFileDialog.getSaveFileName(None, "New database", "story.timeline",
                                              database_actions.FILE_FILTER)
        if path and not pathlib.Path(path).suffix:
            path += database_actions.SUFFIX
    return single_instance.normalise_url(path) if path else None


def _open_copy(path: pathlib.Path):
    """(factory, url) of a read-only copy of a damaged database in a temporary folder, or the
    exception that kept even the copy from being read."""
    import tempfile

    from desktop_app.db import session

    folder = pathlib.Path(tempfile.mkdtemp(prefix="timeline-reader-copy-"))
    try:
        factory = session.open_copy_read_only(path, folder)
        with factory() as s:
            s.execute(session.sa.text("SELECT count(*) FROM events")).scalar()
    except Exception as exc:  # a copy of a damaged file can fail anywhere SQLite reads it
        log.exception("Cannot read a copy of %s", path)
        return exc
    return factory, f"sqlite:///{folder / f'copy of {path.name}'}"


def open_with_dialogs(url: str):
    """(session factory, url) for `url` or another the user picks after an error; None to quit,
    or HANDED_OVER when the picked database is open in a running window."""
    from desktop_app.db import session
    from desktop_app.ui import startup_errors

    while True:
        try:
            return session.open_database(url), url
        except (session.DatabaseError, OSError) as exc:
            log.exception("Cannot open %s", url)
            problem = startup_errors.database_problem(url, exc)
            choice = startup_errors.report(problem)
        while choice == startup_errors.OPEN_COPY:
            copied = _open_copy(problem.copy_of)
            if not isinstance(copied, Exception):
                return copied
            problem = startup_errors.Problem(
                f"Not even a copy of {problem.copy_of.name} can be read.", "Open another database "
                "or create a new one; the damaged file was left as it is.", str(copied))
            choice = startup_errors.report(problem)
        if choice == startup_errors.QUIT:
            return None
        url = _choose_file(choice)
        if url is None:
            return None
        if single_instance.hand_over(url):
            return HANDED_OVER


def run_gui(db_url: str | None) -> int:
    """Run the desktop app until its window closes; the exit code for the process."""
    app = QApplication.instance() or QApplication(sys.argv)
    collector.install(app)
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName(APP_TITLE)
    app.setApplicationDisplayName(APP_TITLE)
    app_log.setup()
    app_log.install_excepthook(notify_uncaught)
    settings = open_settings()
    url = choose_url(db_url, settings)
    if single_instance.hand_over(url):
        log.info("%s is open in a running window: handed over", url)
        return 0
    return _start(app, settings, url, sample_allowed=not db_url)


def _start(app: QApplication, settings: QSettings, url: str, sample_allowed: bool) -> int:
    with plain_imports():  # the window's modules: most of the start's imports
        from desktop_app.db import session
        from desktop_app.ui import about, database_actions, startup_errors, theme
        from desktop_app.ui import main_window  # noqa: F401 - database_actions.open_window's
        from desktop_app.ui.resources import resource_path

    log.info("Timeline Reader %s starting on %s", about.app_version(), url)
    app.setWindowIcon(theme.app_icon())
    theme.apply(theme.saved_mode(settings), app)
    opened = open_with_dialogs(url)
    if opened is None:
        return 1
    if opened == HANDED_OVER:
        return 0
    factory, url = opened
    database_actions.RecentDatabases(settings).remember(url)
    window = database_actions.open_window(factory, url)
    database_actions.FileOpenRequests(app)  # the app, its parent, keeps it
    empty = window.article_count == 0  # counted as the window read the database
    sample = resource_path("sample_corpus")
    # Only the app's own database starts with the sample; a database the user chose stays empty.
    if empty and sample_allowed and url == session.default_url() and sample.is_dir():
        window.statusBar().showMessage("First launch: importing the sample articles…")
        window.welcome.show_panel(focus=True)
        window.import_paths([sample])
    problem = startup_errors.model_problem()
    if problem is not None:  # reading works without the model; say so once the window is up
        QTimer.singleShot(0, lambda: startup_errors.report(problem, window))
    return app.exec()
