"""The cold start (issue 8: first painted window within 3 s) imports only what the window needs:
the libraries for extraction, export and migrations load at their first use."""
from __future__ import annotations

import os
import subprocess
import sys

# Imported by desktop_app only inside the functions that use them (measured with -X importtime).
LATER = ("alembic",      # db.session: only to upgrade a database (see db.revisions)
         "pypdf",        # the PDF report and its outline (ui.export_dialog loads on first export)
         "markdown",     # the help window
         "spacy", "thinc", "numpy",  # extraction
         "trafilatura", "htmldate", "courlan", "babel", "lxml", "pycountry",  # HTML import
         "psycopg")      # team mode's PostgreSQL


def test_opening_the_window_imports_no_extraction_export_or_migration_library():
    code = ("import sys\n"
            "import desktop_app.app.cli, desktop_app.app.gui, desktop_app.ui.main_window\n"
            f"print(' '.join(m for m in {LATER!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


def test_the_window_does_not_load_the_temporal_tagger():
    # Its patterns compile at import (~0.15 s); the list only formats dates (core.timex_calendar).
    code = ("import sys\n"
            "import desktop_app.app.gui, desktop_app.ui.main_window\n"
            "print(' '.join(m for m in ('desktop_app.core.timex', 'desktop_app.core.timex_patterns') "
            "if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


def test_painting_the_window_does_not_load_the_temporal_tagger(tmp_path):
    # The list's date labels too come from core.timex_calendar: the first frame formats dates.
    from desktop_app.db import session
    from tests import factories

    path = tmp_path / "story.timeline"
    factories.build_story(session.open_database(f"sqlite:///{path}"))
    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from desktop_app.db import session\n"
            "from desktop_app.ui.main_window import MainWindow\n"
            f"window = MainWindow(session.open_database('sqlite:///{path}'))\n"
            "window.show()\n"
            "app.processEvents()\n"
            "assert window.timeline_model.rowCount() and not window.timeline.grab().isNull()\n"
            "print(' '.join(m for m in ('desktop_app.core.timex', 'desktop_app.core.timex_patterns') "
            "if m in sys.modules))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           **{name: str(tmp_path / name.lower()) for name in
              ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")}}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []
