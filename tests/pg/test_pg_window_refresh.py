"""The window reloads by itself when another client imports into its PostgreSQL database.

Runs once MainWindow starts db.change_feed (the wiring docs/scaling.md gives); skips before."""
from __future__ import annotations

import subprocess
import sys

import pytest

from desktop_app.core import nlp
from desktop_app.db import ingest, session
from tests.pg import corpus
from tests.pg.test_pg_concurrent_import import ROOT
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_another_clients_import_refreshes_the_open_window(qtbot, fresh_pg_url, tmp_path):
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow

    if not hasattr(MainWindow, "db_changed"):
        pytest.skip("MainWindow does not start db.change_feed yet (see docs/scaling.md, Notifications)")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):  # not the user's settings
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    corpus.write(tmp_path / "one", articles=corpus.ARTICLES[:2])
    corpus.write(tmp_path / "two", articles=corpus.ARTICLES[2:])
    factory = session.open_database(fresh_pg_url)
    ingest.ingest(factory, [tmp_path / "one"], pipeline=nlp.rule_pipeline(), processes=1)
    win = MainWindow(factory, fresh_pg_url)
    qtbot.addWidget(win)
    win.show()
    win.reload()
    before = win.timeline_model.rowCount()
    done = subprocess.run([sys.executable, "-m", "desktop_app", "ingest", str(tmp_path / "two"),
                           "--db", fresh_pg_url, "--pipeline", "rules"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    qtbot.waitUntil(lambda: win.timeline_model.rowCount() > before, timeout=10_000)
    win.close()
    factory.kw["bind"].dispose()
