"""A GUI import with a fast stand-in pipeline: no event-loop stall, the timeline fills in as
articles land, duplicates in the report, and "Remove missing files" from the report."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from desktop_app.core import nlp
from desktop_app.db import ingest, queries, session as db_session
from desktop_app.ui import import_actions
from desktop_app.ui.main_window import MainWindow
from tests.ui.helpers import wait_for_op

MAX_GAP_S = 0.100  # the bound: no GUI freeze longer than 100 ms


def article(n: int) -> str:
    return (f"Harbour vote {n}\nMarch {n % 27 + 1}, 2026\n\n"
            f"The Portvale Harbour Trust approved plan {n} on Monday, said Mayor Ana Lind.\n"
            f"Work on berth {n} will start in June 2027, the North Quay Council said.\n")


@pytest.fixture
def window(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    win = MainWindow(db_session.open_database(url), url)
    win.imports.pipeline = nlp.rule_pipeline()
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    return win


def folder_of(tmp_path, count: int, name: str = "news", first: int = 0):
    folder = tmp_path / name
    folder.mkdir()
    for n in range(first, first + count):
        (folder / f"a{n:02d}.txt").write_text(article(n), encoding="utf-8")
    return folder


def boxes(win) -> list[QMessageBox]:
    return [b for b in win.findChildren(QMessageBox) if b.isVisible()]


def test_event_loop_never_stalls_during_an_import(qtbot, window, tmp_path):
    # One article first: the first extraction in a process pays one-off costs (loading the
    # pipeline, compiling patterns) that are not what this test measures.
    wait_for_op(qtbot, window, window.import_finished,
                lambda: window.import_paths([folder_of(tmp_path, 1, "warm-up", first=99)]))
    folder = folder_of(tmp_path, 20)
    gaps = []
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        if window.imports.running:  # while the import runs (not the window's reload after it)
            gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    report = wait_for_op(qtbot, window, window.import_finished,
                         lambda: window.import_paths([folder]))
    timer.stop()
    assert report.count("imported") == 20
    assert gaps and max(gaps) < MAX_GAP_S, f"longest event-loop gap {max(gaps) * 1000:.0f} ms at tick {gaps.index(max(gaps))} of {len(gaps)}"


def test_the_timeline_fills_in_as_articles_land(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(import_actions, "REFRESH_S", 0.0)  # refresh on every article
    store = ingest.store_article

    def slow_store(*args, **kwargs):
        time.sleep(0.02)  # articles land one by one, as with the real model
        return store(*args, **kwargs)

    monkeypatch.setattr(ingest, "store_article", slow_store)
    folder = folder_of(tmp_path, 10)
    rows = []
    refresh = window.refresh_events

    def spy(total):
        refresh(total)
        rows.append(window.timeline_model.total)

    monkeypatch.setattr(window, "refresh_events", spy)
    report = wait_for_op(qtbot, window, window.import_finished,
                         lambda: window.import_paths([folder]))
    assert report.count("imported") == 10
    # The list grew while the import ran (the final regrouping may merge a few events).
    assert len(set(rows)) >= 3 and rows[0] < max(rows)
    assert "articles/s" in window.progress.rate.text()


def test_report_lists_duplicates(qtbot, window, tmp_path):
    folder = folder_of(tmp_path, 2)
    (folder / "copy.txt").write_text(article(0), encoding="utf-8")
    report = wait_for_op(qtbot, window, window.import_finished, lambda: window.import_paths([folder]))
    assert report.count("duplicate") == 1
    (box,) = boxes(window)
    assert "1 had the same text" in box.text()
    assert f"{folder / 'copy.txt'}: duplicate of {folder / 'a00.txt'}" in box.detailedText()


def test_remove_missing_files_from_the_report(qtbot, window, tmp_path):
    folder = folder_of(tmp_path, 3)
    wait_for_op(qtbot, window, window.import_finished, lambda: window.import_paths([folder]))
    assert not boxes(window)
    (folder / "a01.txt").unlink()
    report = wait_for_op(qtbot, window, window.import_finished, lambda: window.import_paths([folder]))
    assert report.missing == (str(folder / "a01.txt"),)
    (box,) = boxes(window)
    button = next(b for b in box.buttons() if b.objectName() == "removeMissing")
    assert button.text() == "Remove 1 missing file"
    button.click()
    (question,) = [b for b in boxes(window) if b.objectName() == "confirmRemoveMissing"]
    assert str(folder / "a01.txt") in question.detailedText()
    removed = wait_for_op(qtbot, window, window.missing_removed,
                          lambda: question.button(QMessageBox.StandardButton.Yes).click())
    assert removed == [str(folder / "a01.txt")]
    with window.session_factory() as session:
        assert queries.corpus_summary(session).articles == 2


def test_cancelling_the_confirmation_removes_nothing(qtbot, window, tmp_path):
    folder = folder_of(tmp_path, 2)
    wait_for_op(qtbot, window, window.import_finished, lambda: window.import_paths([folder]))
    (folder / "a00.txt").unlink()
    wait_for_op(qtbot, window, window.import_finished, lambda: window.import_paths([folder]))
    (box,) = boxes(window)
    next(b for b in box.buttons() if b.objectName() == "removeMissing").click()
    (question,) = [b for b in boxes(window) if b.objectName() == "confirmRemoveMissing"]
    question.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(50)
    with window.session_factory() as session:
        assert queries.corpus_summary(session).articles == 2
