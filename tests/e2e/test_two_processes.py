"""One database, two processes: what another process writes shows in the open window."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from desktop_app.db import session as db_session
from desktop_app.ui import database_actions
from tests.conftest import SAMPLE_CORPUS


@pytest.mark.qt_log_ignore(r"This plugin does not support")
def test_an_import_by_another_process_shows_when_the_window_is_activated(qtbot, tmp_path):
    path = tmp_path / "shared.timeline"
    url = db_session.normalise_url(str(path))
    window = database_actions.open_window(db_session.open_database(url), url)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    assert window.timeline_model.total == 0
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "desktop_app", "ingest", str(SAMPLE_CORPUS),
                           "--db", str(path), "--pipeline", "rules"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert window.timeline_model.total == 0  # nothing re-read behind the reader's back
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert window.timeline_model.total > 10
    assert window.article_count == len(list(SAMPLE_CORPUS.glob("*.*")))
    assert "changed elsewhere" in window.statusBar().currentMessage()
    # The window's own writes do not count as "elsewhere" once it has re-read them.
    assert not window.databases.check_for_changes()
