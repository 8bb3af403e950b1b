"""A database opened read-only (a file the user cannot write, or a copy of a damaged one): a banner
says so and import is off; any other change is refused with db/errors' message."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from desktop_app.db import session as db_session

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

TEXT = ("Read-only: this database cannot be changed here (the file or its folder is not writable, "
        "or it is a copy of a damaged database). You can read, search and export.")


def install(window: MainWindow) -> QLabel | None:
    """Show the banner above the timeline and turn import off when the database is read-only."""
    if not db_session.is_read_only(window.session_factory):
        return None
    banner = QLabel(TEXT, objectName="readOnlyBanner")
    banner.setWordWrap(True)
    banner.setContentsMargins(10, 6, 10, 6)
    banner.setStyleSheet("background-color: #fef3c7; color: #78350f;")
    banner.setAccessibleName("Read-only database")
    window.centralWidget().layout().insertWidget(0, banner)
    window.import_action.setEnabled(False)
    window.setAcceptDrops(False)
    window.setWindowTitle(window.windowTitle() + " (read-only)")
    return banner
