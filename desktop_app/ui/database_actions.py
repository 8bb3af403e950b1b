"""File > New database…, Open database…, Open recent and Reload; one window per database.

Switching databases opens a new window on the other database where this one was and closes this
one, so every part of the window starts from the new session factory. The same file written by
another process shows up on Reload (F5) or when the window is activated again.
"""
from __future__ import annotations

import json
import logging
import pathlib
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from desktop_app.db import session as db_session
from desktop_app.ui import single_instance, startup_errors, state

if TYPE_CHECKING:
    from sqlalchemy import orm

    from desktop_app.ui.main_window import MainWindow

LAST_KEY = "last_db"
RECENT_KEY = "recent_databases"
MAX_RECENT = 8
SUFFIX = ".timeline"
FILE_FILTER = ("Timeline databases (*.timeline);;SQLite databases (*.db *.sqlite *.sqlite3);;"
               "All files (*)")
STATUS_MS = 8000
log = logging.getLogger(__name__)


class RecentDatabases:
    """The last database used and the recently opened ones, newest first (QSettings)."""

    def __init__(self, settings: QSettings):
        self.settings = settings

    def urls(self) -> list[str]:
        try:
            urls = json.loads(str(self.settings.value(RECENT_KEY) or "[]"))
        except ValueError:
            return []
        return [u for u in urls if isinstance(u, str)][:MAX_RECENT] if isinstance(urls, list) else []

    def last(self) -> str | None:
        value = self.settings.value(LAST_KEY)
        return str(value) if value else None

    def remember(self, url: str) -> None:
        """`url` was opened: it becomes the last database and heads the recent list."""
        self.settings.setValue(LAST_KEY, url)
        if single_instance.database_key(url) is None:
            self.settings.sync()
            return  # an in-memory database cannot be reopened
        key = single_instance.database_key(url)
        urls = [url] + [u for u in self.urls() if single_instance.database_key(u) != key]
        self._store(urls[:MAX_RECENT])

    def forget(self, url: str) -> None:
        self._store([u for u in self.urls() if u != url])

    def clear(self) -> None:
        self._store([])

    def _store(self, urls: list[str]) -> None:
        self.settings.setValue(RECENT_KEY, json.dumps(urls))
        self.settings.sync()


def open_window(factory: orm.sessionmaker, url: str, previous: MainWindow | None = None) -> MainWindow:
    """A shown main window over `url`, answering later launches of the same database."""
    from desktop_app.ui.main_window import MainWindow  # the window builds its own DatabaseActions

    window = MainWindow(factory, url)
    layout = state.layout_snapshot(previous) if previous is not None else state.saved_layout()
    if not state.apply_layout(window, layout):
        window.resize(1400, 850)
    window.instance_server = single_instance.InstanceServer(url, window)
    window.instance_server.activated.connect(lambda _url: bring_forward(window))
    window.show()
    return window


def bring_forward(window: MainWindow) -> None:
    """Show the window on top and focused (window managers may only flash it)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    QApplication.alert(window)


class DatabaseActions(QObject):
    """The File menu's database entries and the reload on activation of one window."""

    opened = Signal(object)  # the new MainWindow, after a switch

    def __init__(self, window: MainWindow, menu: QMenu):
        super().__init__(window)
        self.window = window
        self.recent = RecentDatabases(state.open_settings())
        self._seen = db_session.file_fingerprint(window.db_url)
        self.new_action = window.add_action(menu, "&New database…", QKeySequence.StandardKey.New,
                                            self.choose_new, "Start an empty database file")
        self.open_action = window.add_action(menu, "&Open database…", "Ctrl+Shift+O",
                                             self.choose_open, "Open a .timeline database file")
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.fill_recent()
        self.reload_action = window.add_action(
            menu, "Re&load database", QKeySequence.StandardKey.Refresh, self.reload,
            "Read the database again (another window or program may have changed it)")
        menu.addSeparator()
        window.installEventFilter(self)

    # -- choosing ------------------------------------------------------------------------------
    def _start_dir(self) -> str:
        path = db_session.sqlite_file(self.window.db_url)
        return str(path.parent) if path is not None else str(pathlib.Path.home())

    def choose_new(self) -> MainWindow | None:
        path, _ = QFileDialog.getSaveFileName(self.window, "New database",
                                              str(pathlib.Path(self._start_dir()) / f"story{SUFFIX}"),
                                              FILE_FILTER)
        if not path:
            return None
        file = pathlib.Path(path)
        if not file.suffix:
            file = file.with_suffix(SUFFIX)
        existed = file.exists() and file.stat().st_size > 0
        new = self.open_url(db_session.normalise_url(str(file)))
        if new is not None and existed:  # never overwritten: the user may have picked it by mistake
            new.statusBar().showMessage(f"{file.name} already exists: opened it as it is", STATUS_MS)
        return new

    def choose_open(self) -> MainWindow | None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open database", self._start_dir(),
                                              FILE_FILTER)
        return self.open_url(db_session.normalise_url(path)) if path else None

    def fill_recent(self) -> None:
        """Rebuild the submenu: &1 … &8 for the recent databases, then Clear."""
        menu = self.recent_menu
        menu.clear()
        current = single_instance.database_key(self.window.db_url)
        urls = [u for u in self.recent.urls() if single_instance.database_key(u) != current]
        for number, url in enumerate(urls, 1):
            action = menu.addAction(f"&{number} {db_session.database_label(url)}")
            action.setStatusTip(str(db_session.sqlite_file(url) or url))
            action.setToolTip(action.statusTip())
            action.triggered.connect(lambda _checked=False, u=url: self.open_url(u))
        if not urls:
            menu.addAction("No other recent databases").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("&Clear the list")
        clear.setEnabled(bool(urls))
        clear.triggered.connect(self.recent.clear)
        menu.menuAction().setEnabled(True)

    # -- switching -----------------------------------------------------------------------------
    def open_url(self, url: str) -> MainWindow | None:
        """Show `url` in a window: its own window if open elsewhere, else one replacing this one."""
        win = self.window
        if single_instance.database_key(url) == single_instance.database_key(win.db_url):
            win.statusBar().showMessage(f"{db_session.database_label(url)} is already open here",
                                        STATUS_MS)
            return win
        if single_instance.hand_over(url):
            self.recent.remember(url)
            win.statusBar().showMessage(f"{db_session.database_label(url)} is open in another "
                                        "window: brought it to the front", STATUS_MS)
            return None
        try:
            factory = db_session.open_database(url)
        except (db_session.DatabaseError, OSError) as exc:
            startup_errors.report(startup_errors.database_problem(url, exc), win, in_app=True)
            path = db_session.sqlite_file(url)
            if path is not None and not path.exists():
                self.recent.forget(url)  # a file gone for good leaves the list
            return None
        log.info("Switching from %s to %s", win.db_url, url)
        self.recent.remember(win.db_url)  # the one left is the first to come back to
        self.recent.remember(url)
        new = open_window(factory, url, previous=win)
        if getattr(win, "instance_server", None) is not None:
            win.instance_server.close()
        win.close()
        # The old window and its connections go: many switches must not pile up windows.
        win.deleteLater()
        engine = win.session_factory.kw.get("bind")
        if engine is not None:
            engine.dispose()
        self.opened.emit(new)
        return new

    # -- the same file changed by someone else ------------------------------------------------
    def mark_seen(self) -> None:
        """The window has just read the database: changes up to now are shown."""
        self._seen = db_session.file_fingerprint(self.window.db_url)

    def changed_elsewhere(self) -> bool:
        return db_session.file_fingerprint(self.window.db_url) != self._seen

    def reload(self) -> None:
        if self.window.busy:
            self.window.statusBar().showMessage("Busy: reload when the import or export ends",
                                                STATUS_MS)
            return
        self.window.reload()
        self.window.statusBar().showMessage("Reloaded the database", STATUS_MS)

    def check_for_changes(self) -> bool:
        """Reload if the file changed since the window last read it; True if it did."""
        if self.window.busy or not self.changed_elsewhere():
            return False
        log.info("%s changed elsewhere: reloading", self.window.db_url)
        self.window.reload()
        self.window.statusBar().showMessage("The database was changed elsewhere: reloaded",
                                            STATUS_MS)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.check_for_changes()
        return False


def current_window() -> MainWindow | None:
    """The active main window, else the last one shown."""
    from desktop_app.ui.main_window import MainWindow

    active = QApplication.activeWindow()
    if isinstance(active, MainWindow):
        return active
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return shown[-1] if shown else None


class FileOpenRequests(QObject):
    """macOS hands a double-clicked .timeline to the running app as a FileOpen event, not argv."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        # An application-wide filter sees every event: only where the platform sends FileOpen.
        if sys.platform == "darwin":
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen:
            return False
        path = event.file() or event.url().toLocalFile()
        window = current_window()
        if not path or window is None:
            return False
        window.databases.open_url(single_instance.normalise_url(path))
        return True
