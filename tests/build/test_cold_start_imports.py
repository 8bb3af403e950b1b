"""The cold start (issue 8: first painted window within 3 s) imports only what the window needs:
the libraries for extraction, export and migrations load at their first use."""
from __future__ import annotations

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
