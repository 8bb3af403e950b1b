"""A key step repaints only what changed: the graph's old and new selected marks (looking exactly
as a full repaint would), and list cells from remembered text that follows changes to the data."""
from __future__ import annotations

import threading
import time

import sqlalchemy as sa
from PySide6.QtCore import QEvent, QObject, QRectF
from PySide6.QtGui import QPixmap, QRegion
from PySide6.QtWidgets import QApplication

from desktop_app.db import filter_reads, models, queries, session
from desktop_app.ui import timeline_model
from tests import factories


class Regions(QObject):
    """The regions of the paint events the watched widget gets."""

    def __init__(self):
        super().__init__()
        self.regions: list[QRegion] = []

    def eventFilter(self, _watched, ev) -> bool:
        if ev.type() == QEvent.Type.Paint:
            self.regions.append(QRegion(ev.region()))
        return False


def covers(region: QRegion, rect) -> bool:
    rect = rect.toAlignedRect() if isinstance(rect, QRectF) else rect
    return (QRegion(rect) - region).isEmpty()


def test_a_list_step_repaints_two_marks_of_the_graph_as_a_full_repaint_would(qtbot, window):
    graph = window.graph_panel.graph
    window.select_row(2)
    QApplication.processEvents()
    old, new = (window.timeline_model.event_at(r).id for r in (2, 3))
    view, items = graph.visible_range(), graph._layout()
    before = QPixmap(graph.size())
    graph.render(before)  # everything, as the graph looked before the step
    watcher = Regions()
    graph.installEventFilter(watcher)

    window.select_row(3)
    QApplication.processEvents()
    graph.removeEventFilter(watcher)
    assert graph.visible_range() == view and graph._layout() is items  # nothing laid out again
    region = QRegion()
    for painted in watcher.regions:
        region += painted
    assert not region.isEmpty() and not covers(region, graph.rect())
    assert covers(region, graph.event_rect(old)) and covers(region, graph.event_rect(new))
    # The partial repaint over the old picture (render puts the region's corner at the offset).
    graph.render(before, region.boundingRect().topLeft(), region)
    assert before.toImage() == graph.grab().toImage()


def test_the_graph_repaints_in_full_when_the_selection_moves_the_view(qtbot, window):
    graph = window.graph_panel.graph
    window.select_row(0)
    QApplication.processEvents()
    graph.center_on(graph.visible_range()[0].toordinal() - 5000)  # far before every event
    QApplication.processEvents()
    watcher = Regions()
    graph.installEventFilter(watcher)
    window.select_row(1)
    QApplication.processEvents()
    graph.removeEventFilter(watcher)
    region = QRegion()
    for painted in watcher.regions:
        region += painted
    assert covers(region, graph.rect())
    assert graph.event_rect(window.timeline_model.event_at(1).id) is not None


def test_list_text_follows_a_change_to_the_data(qtbot, story_db):
    model = timeline_model.TimelineModel(story_db)
    model.refresh()
    index = model.index(0, timeline_model.EVENT)
    first = model.data(index)
    assert model.data(index) == first  # remembered
    with story_db() as session:
        session.execute(sa.update(models.Event).where(models.Event.id == model.event_at(0).id)
                        .values(text="A changed sentence."))
        session.commit()
    model.refresh()  # as after any edit
    assert model.data(model.index(0, timeline_model.EVENT)) == "A changed sentence."
    assert model.data(model.index(0, timeline_model.DATE), 6) is None  # a font: never set here


def test_painting_rows_near_a_blocks_edge_reads_the_next_block_after_the_frame(
        qtbot, tmp_path, monkeypatch):
    factory = session.open_database(f"sqlite:///{tmp_path / 'story.timeline'}")  # own connections
    factories.build_story(factory)
    model = timeline_model.TimelineModel(factory)
    model.block, model.read_ahead = 3, 1
    model.refresh()
    on_gui, read = [], filter_reads.read_block
    monkeypatch.setattr(filter_reads, "read_block", lambda *a: (
        on_gui.append(threading.current_thread() is threading.main_thread()), read(*a))[1])
    model.event_at(2)  # not painting: nothing read ahead
    QApplication.processEvents()
    assert list(model._blocks) == [0]
    model.data(model.index(2, timeline_model.EVENT))  # the last row of block 0, painted
    assert list(model._blocks) == [0] and not model._reader.pending  # not started in the paint
    qtbot.waitUntil(lambda: 1 in model._blocks)
    assert on_gui == [True, False]  # block 0 asked for here; block 1 read ahead by a worker
    model.data(model.index(5, timeline_model.EVENT))  # block 1's last row: block 2 is asked for
    assert model._ahead == {2}
    model.refresh()  # a reset before the idle time: the read is dropped
    QApplication.processEvents()
    assert list(model._blocks) == []


def test_a_new_filter_stops_a_read_ahead_of_the_rows_shown_before(qtbot, tmp_path, monkeypatch):
    factory = session.open_database(f"sqlite:///{tmp_path / 'story.timeline'}")  # own connections
    factories.build_story(factory)
    model = timeline_model.TimelineModel(factory)
    model.block, model.read_ahead = 3, 1
    model.refresh()
    started, read = threading.Event(), filter_reads.read_block

    def slow(s, *args):  # the worker's read: ~10 s unless stopped
        if threading.current_thread() is threading.main_thread():
            return read(s, *args)
        started.set()
        s.execute(sa.text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                          "WHERE i < 20000000) SELECT count(*) FROM n")).scalar()
        return read(s, *args)
    monkeypatch.setattr(filter_reads, "read_block", slow)
    model.data(model.index(2, timeline_model.EVENT))  # block 1 read ahead after the frame
    qtbot.waitUntil(started.is_set)
    asked = time.monotonic()
    model.request(queries.Filters(query="lind"))
    assert model._reader.wait(5000) and time.monotonic() - asked < 2
    QApplication.processEvents()
    assert 1 not in model._blocks and not model._ahead
