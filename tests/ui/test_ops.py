"""Ops: work off the GUI thread, callbacks and progress on it, every failure to one handler."""
from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox

from desktop_app.ui import dialogs
from desktop_app.ui.ops import Op


def test_op_runs_off_thread_and_reports_on_gui_thread(qtbot):
    gui = QThread.currentThread()
    seen = {}

    def work(progress):
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        progress(1, 2, "first")
        progress(2, 2, "")
        return 42

    progress_threads, results = [], []
    op = Op("Test", work, on_success=results.append,
            on_progress=lambda d, t, label: progress_threads.append((d, t, QThread.currentThread() is gui)))
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.start()
    assert seen["worker"] is True
    assert results == [42]
    assert progress_threads == [(1, 2, True), (2, 2, True)]
    assert not op.running


def test_op_failure_goes_to_handler_with_message(qtbot):
    failures = []

    def work(_progress):
        raise ValueError("disk on fire")

    op = Op("Import", work, on_success=lambda r: failures.append("success?"),
            on_failure=failures.append)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.start()
    assert len(failures) == 1
    assert failures[0].message == "Import failed: disk on fire"
    assert "ValueError" in failures[0].details


def test_show_failure_opens_critical_box(qtbot):
    failures = []
    op = Op("Export PDF", lambda p: 1 / 0, on_failure=failures.append)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.start()
    box = dialogs.show_failure(None, failures[0])
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text() == "Export PDF failed: division by zero"
    assert "ZeroDivisionError" in box.detailedText()
    box.close()
