"""File › New database…, Open database…, Open recent, Reload; layout and hand-over between windows."""
from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop_app.db import session as db_session
from desktop_app.ui import database_actions, single_instance, state
from desktop_app.ui.main_window import MainWindow
from tests import factories


def url_of(path) -> str:
    return db_session.normalise_url(str(path))


@pytest.fixture
def story_file(tmp_path):
    path = tmp_path / "story.timeline"
    factories.build_story(db_session.open_database(str(path)))
    return path


@pytest.fixture(autouse=True)
def close_windows():
    """Close the windows a test leaves (a replaced window deletes itself, so qtbot can't own them)."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and shiboken6.isValid(widget) and widget.isVisible():
            widget.close()
            widget.deleteLater()


def shown(qtbot, window):
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def open_file(qtbot, path):
    url = url_of(path)
    return shown(qtbot, database_actions.open_window(db_session.open_database(url), url))


def answer_dialogs(monkeypatch, save=None, open_=None):
    if save is not None:
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(save), "")))
    if open_ is not None:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(open_), "")))


def test_ctrl_n_starts_an_empty_database_in_place_of_this_one(qtbot, story_file, tmp_path,
                                                              monkeypatch):
    first = open_file(qtbot, story_file)
    assert first.windowTitle() == "Timeline Reader — story.timeline"
    assert not first.welcome.isVisible()  # a database with articles needs no welcome
    answer_dialogs(monkeypatch, save=tmp_path / "fresh")  # the suffix is added
    with qtbot.waitSignal(first.databases.opened) as opened:
        qtbot.keyClick(first, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    new = shown(qtbot, opened.args[0])
    assert (tmp_path / "fresh.timeline").is_file()
    assert new.windowTitle() == "Timeline Reader — fresh.timeline"
    assert new.timeline_model.total == 0 and new.welcome.isVisible()
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))  # the replaced window is deleted
    recent = database_actions.RecentDatabases(state.open_settings())
    assert recent.urls() == [url_of(tmp_path / "fresh.timeline"), url_of(story_file)]
    assert recent.last() == url_of(tmp_path / "fresh.timeline")
    # The new window answers later launches of its database; the old one no longer does.
    assert new.instance_server.listening
    assert single_instance.hand_over(url_of(story_file)) is False


def test_new_never_overwrites_an_existing_database(qtbot, story_file, tmp_path, monkeypatch):
    first = open_file(qtbot, tmp_path / "empty.timeline")
    answer_dialogs(monkeypatch, save=story_file)
    new = shown(qtbot, first.databases.choose_new())
    assert new.timeline_model.total == 7
    assert new.statusBar().currentMessage() == "story.timeline already exists: opened it as it is"


def test_open_and_reopen_from_the_recent_menu(qtbot, story_file, tmp_path, monkeypatch):
    first = open_file(qtbot, tmp_path / "first.timeline")
    first.resize(1000, 700)
    size = first.size()
    answer_dialogs(monkeypatch, open_=story_file)
    second = shown(qtbot, first.databases.choose_open())
    assert second.windowTitle() == "Timeline Reader — story.timeline"
    assert second.timeline_model.total == 7
    assert second.size() == size  # the new window takes the old one's place
    menu = second.databases.recent_menu
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&1 first.timeline", "&Clear the list"]  # the open database is not listed
    with qtbot.waitSignal(second.databases.opened) as opened:
        menu.actions()[0].trigger()
    third = shown(qtbot, opened.args[0])
    assert third.windowTitle() == "Timeline Reader — first.timeline"
    third.databases.recent_menu.aboutToShow.emit()
    assert [a.text() for a in third.databases.recent_menu.actions()][0] == "&1 story.timeline"
    next(a for a in third.databases.recent_menu.actions() if "Clear" in a.text()).trigger()
    third.databases.recent_menu.aboutToShow.emit()
    assert [a.text() for a in third.databases.recent_menu.actions()
            if a.isEnabled() and not a.isSeparator()] == []


def test_a_damaged_file_is_explained_and_the_window_stays(qtbot, tmp_path, monkeypatch):
    first = open_file(qtbot, tmp_path / "first.timeline")
    bad = tmp_path / "bad.timeline"
    bad.write_bytes(b"garbage" * 300)
    answer_dialogs(monkeypatch, open_=bad)
    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append((box.text(), [
        b.text() for b in box.buttons()])) or 0)
    assert first.databases.choose_open() is None
    assert seen[0][0] == "bad.timeline is not a Timeline Reader database, or it is damaged."
    assert "&OK" in seen[0][1] and "&Quit" not in seen[0][1]
    assert first.isVisible()
    assert url_of(bad) not in database_actions.RecentDatabases(state.open_settings()).urls()


def test_opening_a_database_open_in_another_window_brings_that_one_forward(qtbot, story_file,
                                                                           tmp_path):
    story = open_file(qtbot, story_file)
    other = open_file(qtbot, tmp_path / "other.timeline")
    with qtbot.waitSignal(story.instance_server.activated):
        assert other.databases.open_url(url_of(story_file)) is None
    assert "open in another window" in other.statusBar().currentMessage()
    assert other.isVisible() and story.isVisible()
    assert other.databases.open_url(url_of(tmp_path / "other.timeline")) is other


def test_changes_written_elsewhere_show_when_the_window_is_activated(qtbot, tmp_path):
    path = tmp_path / "shared.timeline"
    window = open_file(qtbot, path)
    assert window.timeline_model.total == 0 and not window.databases.changed_elsewhere()
    # Another program (here: another engine, as another process would have) writes the file.
    factories.build_story(db_session.open_database(str(path)))
    assert window.databases.changed_elsewhere()
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert window.timeline_model.total == 7
    assert "changed elsewhere" in window.statusBar().currentMessage()
    assert not window.databases.check_for_changes()  # nothing new since


def test_f5_reloads(qtbot, tmp_path):
    path = tmp_path / "shared.timeline"
    window = open_file(qtbot, path)
    factories.build_story(db_session.open_database(str(path)))
    qtbot.keyClick(window.timeline, Qt.Key.Key_F5)
    assert window.timeline_model.total == 7
    assert window.statusBar().currentMessage() == "Reloaded the database"


def test_geometry_and_splitters_come_back_next_time(qtbot, story_file):
    first = open_file(qtbot, story_file)
    first.resize(1100, 620)  # the offscreen screen is 800 high: a restored window must fit it
    qtbot.waitUntil(lambda: first.splitter.width() > 1000)
    first.splitter.setSizes([300, 800])
    first.side_splitter.setSizes([200, 500])
    sizes = first.splitter.sizes(), first.side_splitter.sizes()
    assert sizes[0][0] < 400 and sizes[1][0] < 300  # far from the defaults (770/630, 520/280)
    first.close()
    again = open_file(qtbot, story_file)
    assert again.height() == 620  # not the default 850
    again.resize(first.size())  # the offscreen screen is narrower than the window may be
    qtbot.waitUntil(lambda: again.splitter.width() == first.splitter.width())
    assert (again.splitter.sizes(), again.side_splitter.sizes()) == sizes
    # A damaged saved layout is ignored: the default size is used.
    state.open_settings().setValue(state.LAYOUT_KEY, '{"geometry": "zz", "splitters": [1]}')
    again.close()
    state.open_settings().setValue(state.LAYOUT_KEY, '{"geometry": "zz", "splitters": {"mainSplitter": "x"}}')
    third = open_file(qtbot, story_file)
    assert third.size().height() == 850


def test_a_file_the_desktop_hands_the_app_opens_in_its_window(qtbot, story_file, tmp_path):
    from PySide6.QtGui import QFileOpenEvent

    first = open_file(qtbot, tmp_path / "first.timeline")
    requests = database_actions.FileOpenRequests(QApplication.instance())
    try:
        with qtbot.waitSignal(first.databases.opened) as opened:
            assert requests.eventFilter(QApplication.instance(), QFileOpenEvent(str(story_file)))
        shown(qtbot, opened.args[0])
        assert opened.args[0].windowTitle() == "Timeline Reader — story.timeline"
        assert not requests.eventFilter(QApplication.instance(), QEvent(QEvent.Type.WindowActivate))
    finally:
        requests.deleteLater()
