"""Neighbouring events' articles are rendered in idle time, after the shown one is painted, so a
key step swaps a ready document in; a change to the data drops whatever was prepared."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QTextBrowser

from desktop_app.db import models, queries, session
from desktop_app.ui import highlight, rendered_article, source_view
from tests import factories
from tests.ui import helpers
from tests.ui.test_source_cache import NONE, TEXT, FakeDb, backgrounds, event, shown_pane

OTHER = "Another story, with no people in it.\nA second line.\n"
FOCUS = highlight.FOCUS_BACKGROUND


@pytest.fixture
def pane(qtbot):
    return shown_pane(qtbot)


class PaintLog(QObject):
    """Appends "paint" to a shared log whenever the watched widget is painted."""

    def __init__(self, log: list):
        super().__init__()
        self.log = log

    def eventFilter(self, _watched, ev) -> bool:
        if ev.type() == QEvent.Type.Paint:
            self.log.append("paint")
        return False


def count_renders(monkeypatch) -> list:
    renders = []
    real = source_view.SourcePane._render

    def render(self, entry, focus):
        renders.append(entry.source.article.id)
        real(self, entry, focus)
    monkeypatch.setattr(source_view.SourcePane, "_render", render)
    return renders


def test_the_next_article_is_rendered_after_the_paint_and_swapped_in(qtbot, monkeypatch, pane):
    db = FakeDb(monkeypatch, {1: (TEXT, "a.txt"), 2: (OTHER, "b.txt")})
    log = db.reads  # reads and paints in one order
    watcher = PaintLog(log)
    pane.browser.viewport().installEventFilter(watcher)
    renders = count_renders(monkeypatch)
    pane.show_event(event(1, TEXT, "Talks"))
    following = event(2, OTHER, "A second line.", 2)
    pane.prefetch([lambda: following])
    assert 2 not in log  # nothing before the shown article is painted
    qtbot.waitUntil(lambda: 2 in log)
    assert "paint" in log[:log.index(2)]  # idle work comes after the frame, never ahead of it
    assert renders == [1, 2]

    pane.show_event(following)  # the step: no read, no render
    assert db.reads.count(2) == 1 and renders == [1, 2]
    assert pane.article.id == 2 and "Another story" in pane.browser.toPlainText()
    assert pane.current_focus == "A second line."
    assert backgrounds(pane, "A second line.") == {FOCUS}
    assert backgrounds(pane, "Another story") == {NONE}


def test_prefetching_waits_while_the_pane_is_told_to_hold(qtbot, monkeypatch, pane):
    db = FakeDb(monkeypatch, {1: (TEXT, "a.txt"), 2: (OTHER, "b.txt")})
    renders = count_renders(monkeypatch)
    held = [True]
    pane.hold = lambda: held[0]  # as while a filter runs in the background
    pane.show_event(event(1, TEXT, "Talks"))
    pane.prefetch([lambda: event(2, OTHER, "A second line.", 2)])
    qtbot.wait(3 * source_view.PREFETCH_FALLBACK_MS)
    assert renders == [1] and 2 not in db.reads
    held[0] = False
    qtbot.waitUntil(lambda: renders == [1, 2])


def test_the_next_sentence_of_the_same_article_is_a_second_document(qtbot, monkeypatch, pane):
    db = FakeDb(monkeypatch, {1: (TEXT, "a.txt")})
    pane.show_event(event(1, TEXT, "Mayor Ana Lind", 1))
    first = pane.browser.document()
    pane.prefetch([lambda: event(1, TEXT, "Talks 😀 went", 2)])
    qtbot.waitUntil(lambda: pane._cache[1].spare is not None)

    pane.show_event(event(1, TEXT, "Talks 😀 went", 2))
    assert pane.browser.document() is not first  # swapped in, the shown one left unedited
    assert backgrounds(pane, "Talks 😀 went") == {FOCUS}
    assert backgrounds(pane, "Mayor") == {NONE}
    pane.show_event(event(1, TEXT, "Mayor Ana Lind", 1))  # back: the first document again
    assert pane.browser.document() is first
    assert backgrounds(pane, "Mayor") == {FOCUS} and backgrounds(pane, "Talks") == {NONE}
    pane.show_event(event(1, TEXT, "bid for the work", 3))  # not prepared: the focus moves
    assert backgrounds(pane, "Mayor") == {NONE}
    assert backgrounds(pane, "bid for") == {FOCUS}
    assert db.reads == [1]


def test_invalidate_drops_pending_prefetches(qtbot, monkeypatch, pane):
    db = FakeDb(monkeypatch, {1: (TEXT, "a.txt"), 2: (OTHER, "b.txt")})
    pane.show_event(event(1, TEXT, "Talks"))
    pane.prefetch([lambda: event(2, OTHER, "Another story", 2)])
    pane.invalidate()  # the data changed before the idle time came
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(source_view.PREFETCH_FALLBACK_MS + 50)
    assert db.reads == [1]


@pytest.fixture
def file_window(qtbot, tmp_path):
    """The story in a database file: idle reads use their own connection (see the last test)."""
    url = f"sqlite:///{tmp_path / 'story.timeline'}"
    factory = session.open_database(url)
    factories.build_story(factory)
    return helpers.open_window(qtbot, factory, url)


def test_a_prefetched_article_shows_a_date_changed_since(qtbot, file_window, monkeypatch):
    """A step finds the neighbour read in idle time; after a date change it is read anew."""
    window = file_window
    model, source = window.timeline_model, window.source
    reads = []
    real = queries.article_source

    def counted(db, article_id):
        reads.append(article_id)
        return real(db, article_id)
    monkeypatch.setattr(source_view.queries, "article_source", counted)
    row = next(r for r in range(model.rowCount() - 1)
               if model.event_at(r).article_id != model.event_at(r + 1).article_id)
    window.select_row(row)
    following = model.event_at(row + 1).article_id
    qtbot.waitUntil(lambda: following in reads)  # read in idle time

    with window.session_factory() as db:
        db.execute(sa.update(models.Article).where(models.Article.id == following)
                   .values(published=dt.date(2011, 5, 4), published_how="user"))
        db.commit()
    window.reload()  # what a date change does (its events may move: find one again)
    target = next(r for r in range(model.rowCount()) if model.event_at(r).article_id == following)
    window.select_row(target)
    assert source.article.id == following and source.article.published == dt.date(2011, 5, 4)
    assert "4 May 2011" in source.header.text()


def test_a_key_step_reads_nothing_once_the_neighbour_is_ready(qtbot, file_window, monkeypatch):
    window = file_window
    model = window.timeline_model
    reads = []
    real = queries.article_source
    monkeypatch.setattr(source_view.queries, "article_source",
                        lambda db, article_id: reads.append(article_id) or real(db, article_id))
    window.select_row(0)
    window.timeline.setFocus()
    qtbot.waitUntil(lambda: model.event_at(1).article_id in window.source._cache)
    before = list(reads)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Down)
    assert reads == before
    assert window.source.current_focus == model.event_at(1).text


def test_one_shared_connection_reads_nothing_in_idle_time(qtbot, window, monkeypatch):
    """In-memory SQLite: an idle read could interleave with a background op's transaction."""
    reads = []
    real = queries.article_source
    monkeypatch.setattr(source_view.queries, "article_source",
                        lambda db, article_id: reads.append(article_id) or real(db, article_id))
    model = window.timeline_model
    article = [model.event_at(r).article_id for r in range(model.rowCount())]
    # A row with a neighbour from an article not read yet: prefetching would read it.
    row = next(r for r in range(1, len(article) - 1)
               if {article[r - 1], article[r + 1]} - {article[0], article[r]})
    window.select_row(row)
    qtbot.wait(source_view.PREFETCH_FALLBACK_MS + 100)
    assert set(reads) <= {article[row]}


def test_the_event_behind_keeps_the_spare_rendering_for_the_one_ahead(qtbot, monkeypatch, pane):
    # Both neighbours in the shown article: the one behind, prepared second, used to replace the
    # spare made for the one ahead, and the next Down step then edited the document in place.
    FakeDb(monkeypatch, {1: (TEXT, "a.txt")})
    moves = []
    real = rendered_article.move_focus
    monkeypatch.setattr(rendered_article, "move_focus",
                        lambda entry, focus: (moves.append(focus), real(entry, focus)))
    behind = event(1, TEXT, "Mayor Ana Lind", 1)
    shown = event(1, TEXT, "bid for the work", 2)
    ahead = event(1, TEXT, "Talks 😀 went", 3)
    pane.show_event(shown)
    pane.prefetch([lambda: ahead, lambda: behind])  # stepping down: the next event first
    qtbot.waitUntil(lambda: not pane._pending and pane._cache[1].spare is not None)
    qtbot.wait(20)  # any slice still posted has run
    assert pane._cache[1].spare[0] == (ahead.start, ahead.end)

    pane.show_event(ahead)  # the step swaps the prepared document in: no edit
    assert moves == []
    assert backgrounds(pane, "Talks 😀 went") == {FOCUS}
    assert backgrounds(pane, "bid for") == {NONE}


def test_the_next_article_is_laid_out_off_screen_and_the_step_swaps_views(qtbot, monkeypatch, pane):
    FakeDb(monkeypatch, {1: (TEXT, "a.txt"), 2: (OTHER, "b.txt")})
    pane.show_event(event(1, TEXT, "Talks"))
    following = event(2, OTHER, "A second line.", 2)
    pane.prefetch([lambda: following])
    qtbot.waitUntil(lambda: "Another story" in pane.views.spare.toPlainText())
    shown, staged = pane.browser, pane.views.spare
    set_documents = []
    real = QTextBrowser.setDocument
    monkeypatch.setattr(QTextBrowser, "setDocument",
                        lambda self, d: set_documents.append(self) or real(self, d))

    pane.show_event(following)  # the step: the views swap, nothing is set or laid out anew
    assert pane.browser is staged and set_documents == []
    assert pane.article.id == 2 and backgrounds(pane, "A second line.") == {FOCUS}
    assert pane.views.spare is shown and "Talks" in shown.toPlainText()
    pane.show_event(event(1, TEXT, "Talks"))  # back: the old view is still below, swapped again
    assert pane.browser is shown and set_documents == []
