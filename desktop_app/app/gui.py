"""GUI composition: pick and open the database, show the main window, seed the sample corpus."""
from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.db import queries, session
from desktop_app.ui.main_window import APP_TITLE, MainWindow
from desktop_app.ui.resources import resource_path

SETTINGS_KEY = "last_db"


def choose_url(db_url: str | None, settings: QSettings) -> str:
    """The given URL, else the last one used, else the per-user default."""
    if db_url:
        return db_url
    last = settings.value(SETTINGS_KEY)
    return str(last) if last else session.default_url()


def run_gui(db_url: str | None) -> int:
    """Run the desktop app until its window closes; the exit code for the process."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName(APP_TITLE)
    app.setApplicationDisplayName(APP_TITLE)
    settings = QSettings(APP_TITLE, APP_TITLE)
    url = choose_url(db_url, settings)
    try:
        factory = session.open_database(url)
    except session.DatabaseError as exc:
        QMessageBox.critical(None, APP_TITLE, str(exc))
        return 1
    except OSError as exc:
        QMessageBox.critical(None, APP_TITLE, f"Cannot open database {url}: {exc.strerror or exc}")
        return 1
    settings.setValue(SETTINGS_KEY, url)
    window = MainWindow(factory, url)
    window.resize(1400, 850)
    window.show()
    with factory() as s:
        empty = queries.corpus_summary(s).articles == 0
    sample = resource_path("sample_corpus")
    # Only the app's own database starts with the sample; a database the user named stays empty.
    if empty and not db_url and sample.is_dir():
        window.statusBar().showMessage("First launch: importing the sample articles…")
        window.import_paths([sample])
    return app.exec()
