"""Helpers shared by the UI tests."""
from __future__ import annotations


def timeline_texts(win) -> list[str]:
    """Every event sentence the timeline shows, in order (fetching all chunks)."""
    model = win.timeline_model
    return [model.event_at(r).text for r in range(model.rowCount())]


def current_text(win) -> str:
    return win.timeline_model.event_at(win.timeline.currentIndex().row()).text


def wait_for_op(qtbot, win, signal, start, timeout: int = 120000):
    """Run `start()`, wait until `signal` or the window's op_failed fires; return the result.

    Failing fast on op_failed (with its message) beats waiting out the timeout.
    """
    outcome = {}
    signal.connect(lambda result: outcome.setdefault("result", result))
    win.op_failed.connect(lambda failure: outcome.setdefault("failure", failure))
    start()
    qtbot.waitUntil(lambda: bool(outcome), timeout=timeout)
    if "failure" in outcome:
        failure = outcome["failure"]
        raise AssertionError(f"{failure.message}\n{failure.details}")
    return outcome["result"]


def open_window(qtbot, factory, db_url: str = "sqlite:///tmp/story.db"):
    """A shown, active main window over `factory` (shortcuts only reach the active one)."""
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(factory, db_url)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def shown(qtbot, widget, width: int, height: int):
    """`widget` owned by the test, at this size, shown and exposed."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
