"""LISTEN/NOTIFY: a commit by one client reaches another's listener, which refreshes a view."""
from __future__ import annotations

import queue

import pytest
import sqlalchemy as sa

from desktop_app.db import change_feed, curation, ingest, models, queries, session
from tests import factories

WAIT = 5.0  # seconds a notification may take to arrive


@pytest.fixture
def two_clients(fresh_pg_url):
    """Two independent engines on one database: the writer and the one that listens."""
    writer, reader = session.open_database(fresh_pg_url), session.open_database(fresh_pg_url)
    factories.build_story(writer)
    yield fresh_pg_url, writer, reader
    writer.kw["bind"].dispose()
    reader.kw["bind"].dispose()


@pytest.fixture
def feed(two_clients):
    """A started Listener; `feed.get()` is the next Change it called back with."""
    url = two_clients[0]
    changes: queue.Queue = queue.Queue()
    listener = change_feed.Listener(url, changes.put, quiet=0.1).start()
    assert listener.listening
    listener.get = lambda timeout=WAIT: changes.get(timeout=timeout)
    listener.empty = changes.empty
    yield listener
    listener.stop()


def test_a_curation_commit_notifies_the_other_client(two_clients, feed):
    _, writer, reader = two_clients
    with reader() as s:
        ana = next(e for e in queries.entities(s) if e.name == "Ana Lind")
    with writer.begin() as s:
        curation.rename(s, ana.id, "Mayor Ana Lind")
    change = feed.get()
    assert {"curation", "entities"} <= change.tables
    with reader() as s:  # the refresh the notification asks for sees the new name
        assert "Mayor Ana Lind" in {e.name for e in queries.entities(s)}


def test_an_import_notifies_once_per_burst_and_a_rollback_not_at_all(two_clients, feed):
    _, writer, _ = two_clients
    with pytest.raises(RuntimeError):
        with writer.begin() as s:
            s.execute(sa.update(models.Article).values(title="never"))
            raise RuntimeError("rolled back")
    factories.add_undated_relative(writer)  # several transactions: articles, events, entities
    change = feed.get()
    assert "articles" in change.tables and change.own  # this process wrote it
    with pytest.raises(queue.Empty):
        feed.get(timeout=1.0)


def test_delete_and_explicit_notify_reach_the_listener(two_clients, feed):
    _, writer, _ = two_clients
    with writer.begin() as s:
        ingest.delete_articles(s, [queries.articles(s)[0].id])
    assert "articles" in feed.get().tables
    with writer.begin() as s:
        change_feed.notify(s, "window")
    assert feed.get().tables == {"window"}


def test_the_listener_reconnects_and_reports_a_possible_miss(two_clients, feed):
    _, writer, _ = two_clients
    with writer.begin() as s:
        killed = s.scalar(sa.text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE application_name LIKE :name"), {"name": "%:listen"})
    assert killed == 1
    assert feed.get(timeout=10).tables == {"*"}  # changes may have been missed meanwhile
    with writer.begin() as s:
        change_feed.notify(s)
    assert feed.get().tables == {"app"}


def test_sqlite_has_no_feed():
    assert not change_feed.supported("sqlite:///x.db")
    assert change_feed.supported("postgresql+psycopg://u@h/db")
    with pytest.raises(ValueError):
        change_feed.Listener("sqlite://", print)


def test_a_notification_refreshes_a_qt_view_in_the_gui_thread(two_clients, qtbot):
    """The wiring docs/scaling.md gives the window: callback -> Qt signal -> refresh slot."""
    from PySide6 import QtCore

    url, writer, reader = two_clients

    class View(QtCore.QObject):
        changed = QtCore.Signal(object)

        def __init__(self):
            super().__init__()
            self.titles, self.threads = [], []
            self.changed.connect(self.refresh)  # queued: emitted from the listener's thread
            self.refresh(None)

        def refresh(self, _change) -> None:
            self.threads.append(QtCore.QThread.currentThread())
            with reader() as s:
                self.titles = [a.title for a in queries.articles(s)]

    view = View()
    before = len(view.titles)
    listener = change_feed.Listener(url, view.changed.emit, quiet=0.1).start()
    try:
        factories.add_undated_relative(writer)
        qtbot.waitUntil(lambda: len(view.titles) == before + 1, timeout=int(WAIT * 1000))
    finally:
        listener.stop()
    assert all(t is view.thread() for t in view.threads)
