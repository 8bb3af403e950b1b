"""A second `timeline-reader FILE` for a database open in a running window hands it over and exits."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from desktop_app.db import session as db_session
from desktop_app.ui import app_log, single_instance


@pytest.mark.qt_log_ignore(r"This plugin does not support")
def test_second_launch_brings_the_running_window_forward_and_exits(qtbot, tmp_path):
    path = tmp_path / "story.timeline"
    url = db_session.normalise_url(str(path))
    db_session.open_database(url)
    server = single_instance.InstanceServer(url)  # the running window's end of the socket
    activated = []
    server.activated.connect(activated.append)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               **{app_log.LOG_DIR_ENV: str(tmp_path / "log")})
    started = time.monotonic()
    try:
        process = subprocess.Popen([sys.executable, "-m", "desktop_app", str(path)], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # The server answers in this process's event loop, which waitUntil keeps running.
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=60000)
    finally:
        server.close()
    output = process.stdout.read().decode(errors="replace")
    assert process.returncode == 0, output
    assert activated == [url]
    assert time.monotonic() - started < 60
    log_text = (tmp_path / "log" / app_log.LOG_NAME).read_text(encoding="utf-8")
    assert "is open in a running window: handed over" in log_text
