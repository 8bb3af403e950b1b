"""A background filter reads the block of rows the window will select along with the matches."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from desktop_app.db import filter_reads, queries
from desktop_app.ui import timeline_model
from tests.ui.helpers import open_window

EVERY_DATED = queries.Filters(date_from=dt.date(1900, 1, 1))  # active, and every dated event passes


@pytest.fixture
def big(big_story):
    """Models get two rows a block: see `small`."""
    return big_story


@pytest.fixture
def reads(monkeypatch, big):
    """Block reads made on the GUI thread in this test's database: (first, last) of each (a
    window of an earlier test may still read ahead in idle time, on its own database)."""
    made, read, url = [], filter_reads.read_block, str(big.kw["bind"].url)

    def record(session_, ids, days, first, last):
        if (threading.current_thread() is threading.main_thread()
                and str(session_.get_bind().url) == url):
            made.append((first, last))
        return read(session_, ids, days, first, last)
    monkeypatch.setattr(filter_reads, "read_block", record)
    return made


def small(model):
    """Two rows a block on this model only: a class-wide patch would outlive a window's timers."""
    model.block = 2
    model.refresh()
    return model


def rows(model, numbers) -> list[int]:
    return [model.event_at(r).id for r in numbers]


def test_the_kept_events_block_comes_with_the_result(qtbot, big, reads):
    direct = small(timeline_model.TimelineModel(big))
    direct.set_filters(EVERY_DATED)
    assert direct.total >= 6
    keep = direct.event_at(5).id
    model = small(timeline_model.TimelineModel(big))
    reads.clear()
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.request(EVERY_DATED, keep)
    assert model.row_of(keep) == 5
    assert rows(model, [4, 5]) == rows(direct, [4, 5]) and reads == []  # no read on the GUI thread
    assert rows(model, range(model.total)) == rows(direct, range(direct.total))
    assert reads and (4, 6) not in reads


def test_without_a_kept_match_the_first_block_comes_with_it(qtbot, big, reads):
    model = small(timeline_model.TimelineModel(big))
    reads.clear()
    with qtbot.waitSignal(model.applied, timeout=10_000):
        model.request(EVERY_DATED, keep=-1)
    assert model.event_at(0) is not None and model.event_at(1) is not None and reads == []
    model.event_at(2)
    assert reads == [(2, 4)]


def test_the_window_keeps_its_selection_without_a_read_on_the_gui_thread(qtbot, big, reads):
    win = open_window(qtbot, big)
    model = small(win.timeline_model)
    win.select_row(5)
    kept = model.event_at(5).id
    reads.clear()
    win.filter_bar.date_from.set_value(EVERY_DATED.date_from)
    win.apply_filters()
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    assert model.filters.active and win.source.current_event.id == kept
    assert model.event_at(win.timeline.currentIndex().row()).id == kept
    assert (4, 6) not in reads
