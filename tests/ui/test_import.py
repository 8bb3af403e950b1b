"""Import from the window: background op with progress and cancel, drops, the report dialog."""
from __future__ import annotations

import time
import warnings

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.db import ingest, session as db_session
from desktop_app.ui.main_window import MainWindow
from tests.ui.helpers import timeline_texts, wait_for_op

ARTICLES = {
    "harbour.txt": "Harbour vote set\nMarch 2, 2026\n\n"
                   "The Harlow Bay council will vote on the harbour plan on March 10, 2026.\n"
                   "Mayor Elena Vasquez backed the plan last April.\n",
    "court.txt": "Court date fixed\nApril 1, 2026\n\n"
                 "Judge Maria Okafor will hear the Coastal Watch Alliance appeal in June 2026.\n",
    "funds.txt": "Fund raised\nMay 5, 2026\n\n"
                 "Northline Freight Group raised $300 million for the terminal in January 2026.\n",
}


@pytest.fixture
def empty_window(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    win = MainWindow(db_session.open_database(url), url)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    return win


def drag_enter(*args) -> QDragEnterEvent:
    # PySide6 offers only the QPoint constructor, marked deprecated; there is no other way to
    # build the event a real drag would send.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return QDragEnterEvent(*args)


def visible_boxes(win) -> list[QMessageBox]:
    return [b for b in win.findChildren(QMessageBox) if b.isVisible()]


def drop(win, paths) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = drag_enter(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    win.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    win.dropEvent(event)
    return event


def test_drag_of_remote_urls_is_refused(empty_window):
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/a.txt")])
    enter = drag_enter(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    empty_window.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_empty_database_shows_a_hint(empty_window):
    assert empty_window.count_label.text() == "0 events (of 0)"
    assert "Import" in empty_window.source.browser.toPlainText()


def test_rejected_files_appear_in_report_dialog(qtbot, empty_window, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "blank.md").write_text("   \n\n")
    report = wait_for_op(qtbot, empty_window, empty_window.import_finished,
                         lambda: drop(empty_window, [folder]))
    assert report.count("rejected") == 2
    boxes = visible_boxes(empty_window)
    assert len(boxes) == 1
    assert "2 files were not imported" in boxes[0].text()
    assert "0 imported" in boxes[0].text()
    details = boxes[0].detailedText().splitlines()
    assert sorted(details) == sorted([f"{folder / 'blank.md'}: empty file",
                                      f"{folder / 'empty.txt'}: empty file"])
    assert not empty_window.progress.isVisible()
    assert empty_window.import_action.isEnabled()


def test_import_menu_action_uses_folder_dialog(qtbot, empty_window, tmp_path, monkeypatch):
    (tmp_path / "only.txt").write_text("")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a: str(tmp_path)))
    report = wait_for_op(qtbot, empty_window, empty_window.import_finished,
                         lambda: qtbot.keyClick(empty_window.timeline, Qt.Key.Key_O,
                                                Qt.KeyboardModifier.ControlModifier))
    assert [o.reason for o in report.rejected] == ["empty file"]


@pytest.mark.spacy
def test_import_runs_in_background_with_progress(qtbot, empty_window, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_text("")
    win = empty_window
    seen = []
    original = win.progress.update_progress

    def spy(done, total, path):
        original(done, total, path)
        seen.append((done, total, win.progress.bar.text()))

    win.progress.update_progress = spy
    during = {}

    def start():
        win.import_paths([folder])
        during["action enabled"] = win.import_action.isEnabled()
        qtbot.wait(30)  # the GUI thread keeps running events while the import works
        during["busy"] = win.busy and win.progress.isVisible()

    report = wait_for_op(qtbot, win, win.import_finished, start)
    assert during == {"action enabled": False, "busy": True}
    assert report.count("imported") == 3 and not report.cancelled
    assert seen[-1] == (4, 4, "4 / 4")
    assert [s[0] for s in seen] == sorted(s[0] for s in seen)
    texts = timeline_texts(win)
    assert any("Judge Maria Okafor" in t for t in texts)
    assert win.entity_model.rowCount() >= 3
    assert [b.detailedText() for b in visible_boxes(win)] == [f"{folder / 'empty.txt'}: empty file"]
    assert win.filter_bar.article.count() == 4  # "All articles" + the three titles


@pytest.mark.spacy
def test_cancel_stops_the_import(qtbot, empty_window, tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    win = empty_window
    store = ingest.store_article

    def slow_store(*args, **kwargs):
        time.sleep(0.2)  # time for the GUI to see the first article's progress and cancel
        return store(*args, **kwargs)

    monkeypatch.setattr(ingest, "store_article", slow_store)
    # Cancel as soon as the first article starts: it still finishes, the rest are skipped.
    original = win.progress.update_progress

    def cancel_on_first_file(done, total, path):
        original(done, total, path)
        if done == 0 and path:
            win.progress.cancel.click()

    win.progress.update_progress = cancel_on_first_file
    report = wait_for_op(qtbot, win, win.import_finished, lambda: win.import_paths([folder]))
    assert report.cancelled
    assert 1 <= report.count("imported") < 3
    assert "(cancelled)" in win.statusBar().currentMessage()
    assert not win.progress.isVisible() and win.import_action.isEnabled()
