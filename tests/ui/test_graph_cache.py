"""The graph's kept frame (graph_cache): drawn again whenever what it shows changes, and a
selection painted over it looks exactly like the graph painted afresh without it."""
from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage, QPixmap, QRegion
from PySide6.QtWidgets import QApplication


class Regions(QObject):
    """The union of the regions of the paint events the watched widget gets."""

    def __init__(self):
        super().__init__()
        self.region = QRegion()

    def eventFilter(self, _watched, ev) -> bool:
        if ev.type() == QEvent.Type.Paint:
            self.region += ev.region()
        return False


def fresh(graph) -> QImage:
    """The graph painted in full by graph_paint alone, no pixmap kept."""
    graph.cache_frames = False
    try:
        return graph.grab().toImage()
    finally:
        del graph.cache_frames


def shown(graph) -> QImage:
    """The graph as it paints itself (from its kept frame when it can)."""
    QApplication.processEvents()
    return graph.grab().toImage()


@pytest.fixture
def graph(window):
    g = window.graph_panel.graph
    g.setFocus()
    window.select_row(2)
    QApplication.processEvents()
    assert g.hasFocus() and g.selected_id is not None
    return g


def test_the_kept_frame_looks_like_a_fresh_paint(graph):
    assert shown(graph) == fresh(graph)
    drawn = graph._frames.frames_drawn
    assert shown(graph) == fresh(graph)
    assert graph._frames.frames_drawn == drawn  # nothing changed: painted from the kept frame


@pytest.mark.parametrize("change", ["pan", "zoom", "lanes", "resize", "data", "focus", "unfocus"])
def test_the_kept_frame_is_drawn_again_when_what_it_shows_changes(qtbot, window, graph, change):
    before = shown(graph)
    drawn = graph._frames.frames_drawn
    if change == "pan":
        graph.pan(0.1)
    elif change == "zoom":
        graph.zoom_in()
    elif change == "lanes":
        graph.cycle_lanes()
    elif change == "resize":
        window.resize(window.width() + 120, window.height() + 60)
        qtbot.waitUntil(lambda: graph.size() != before.size())
    elif change == "data":
        load = graph._loader  # every event but the first, as after a deletion
        graph.set_loader(lambda lo, hi: dataclasses.replace(
            w := load(lo, hi), events=w.events[1:], total=w.total - 1))
        assert not graph.aggregated and graph.lane_titles() == [""]  # the same lanes
    elif change == "focus":
        graph.clearFocus()
        QApplication.processEvents()
        before = shown(graph)
        graph.setFocus()
    else:
        graph.clearFocus()
    after = shown(graph)
    assert after != before
    # Focus is drawn over the kept frame: that alone needs no new one.
    assert (graph._frames.frames_drawn > drawn) == (change not in ("focus", "unfocus"))
    assert after == fresh(graph)


def test_selecting_a_then_b_leaves_the_pixels_of_a_fresh_paint_with_b(window, graph):
    partial = 0
    for a, b in ((1, 4), (4, 3), (3, 0), (0, 6)):
        window.select_row(a)
        QApplication.processEvents()
        drawn = graph._frames.frames_drawn
        on_screen = QPixmap(graph.size())
        graph.render(on_screen)  # the graph as it is now, with A selected
        watcher = Regions()
        graph.installEventFilter(watcher)
        window.select_row(b)
        QApplication.processEvents()
        graph.removeEventFilter(watcher)
        region = watcher.region
        if region.isEmpty():
            continue
        # Only the region was painted again, over what was shown (render puts its corner there).
        graph.render(on_screen, region.boundingRect().topLeft(), region)
        assert on_screen.toImage() == fresh(graph)
        if region != QRegion(graph.rect()):
            assert graph._frames.frames_drawn == drawn  # a partial repaint reused the kept frame
            partial += 1
    assert partial
