"""Clearing the filters reuses what it showed before, and never shows a stale timeline."""
from __future__ import annotations

import datetime as dt
import pytest
import sqlalchemy as sa

from desktop_app.db import ingest, models, queries, session, timeline_index
from desktop_app.ui import graph_panel, timeline_model
from desktop_app.ui.density_strip import DensityStrip
from tests import factories

D = dt.date


@pytest.fixture
def story_file(tmp_path):
    factory = session.open_database(f"sqlite:///{tmp_path / 'story.timeline'}")
    factories.build_story(factory)
    return tmp_path / "story.timeline", factory


@pytest.fixture
def checks(monkeypatch):
    """Every run of the unfiltered counts' version query."""
    done = []
    real = timeline_index.day_counts_version

    def spy(s):
        done.append(1)
        return real(s)
    monkeypatch.setattr(timeline_index, "day_counts_version", spy)
    return done


def import_elsewhere(path) -> None:
    """Another program (its own engine) stores one more dated article."""
    article, extraction = factories.make_article(
        "Quay opens", "The new quay opened on 5 May 2026 in Portvale.", D(2026, 5, 6), "e.txt",
        [("on 5 May 2026", "2026-05-05", D(2026, 5, 5), D(2026, 5, 6), "day")],
        [("Portvale", "GPE", "PLACE")])
    other = session.open_database(f"sqlite:///{path}")
    with other.begin() as s:
        ingest.store_article(s, article, extraction)
    other.kw["bind"].dispose()


@pytest.fixture
def cleared(qtbot, story_file):
    """(file, model) after a filter and a clearing: the unfiltered counts checked once."""
    path, factory = story_file
    model = timeline_model.TimelineModel(factory)
    model.set_filters(queries.Filters())
    model.request(queries.Filters(query="lind"))
    model.request(queries.Filters())
    return path, model


def test_clearing_an_untouched_file_skips_the_version_query(cleared, checks):
    _path, model = cleared
    checks.clear()
    for _ in range(3):
        model.request(queries.Filters(query="harbour"))
        model.request(queries.Filters())
    assert checks == [] and model.total == 7


def test_a_commit_elsewhere_shows_on_the_next_clearing(cleared, checks):
    path, model = cleared
    import_elsewhere(path)  # the window is neither reloaded nor told
    model.request(queries.Filters(query="lind"))
    checks.clear()
    model.request(queries.Filters())
    assert checks == [1] and model.total == 8
    assert "The new quay opened on 5 May 2026 in Portvale." in [
        model.event_at(r).text for r in range(model.total)]


def test_a_commit_through_this_window_shows_on_the_next_clearing(qtbot, story_file, checks):
    path, factory = story_file
    model = timeline_model.TimelineModel(factory)
    model.set_filters(queries.Filters())
    with factory.begin() as s:  # another pooled connection of this process: a commit all the same
        s.execute(sa.delete(models.Event).where(models.Event.text.like("%investors%")))
    checks.clear()
    model.request(queries.Filters(query="lind"))
    model.request(queries.Filters())
    assert checks == [1] and model.total == 6


def test_an_in_memory_database_is_checked_every_time(qtbot, session_factory, checks):
    factories.build_story(session_factory)
    model = timeline_model.TimelineModel(session_factory)
    model.set_filters(queries.Filters())
    checks.clear()
    model.request(queries.Filters(query="lind"))
    model.request(queries.Filters())
    assert checks == [1] and model.total == 7


def test_clearing_brings_back_the_same_counts_without_drawing_them_again(qtbot, window,
                                                                         monkeypatch):
    panel, bar = window.graph_panel, window.filter_bar
    unfiltered = window.timeline_model.days
    panel.strip.grab()  # drawn: the unfiltered counts' periods made once
    made = []
    real = timeline_index.DayCounts.periods
    monkeypatch.setattr(timeline_index.DayCounts, "periods",
                        lambda self, *a, **k: made.append(self) or real(self, *a, **k))
    for words in ("lind", "harbour"):  # a filter between: a cache of one would lose the first
        bar.search.setText(words)
        bar.changed.emit()
        assert window.timeline_model.filters.active
        panel.strip.grab()
        bar.clear()
        panel.strip.grab()
        assert window.timeline_model.days is unfiltered and panel.strip.counts() is unfiltered
    assert made and not any(counts is unfiltered for counts in made)  # only the filtered ones


def test_the_strip_keeps_the_drawing_it_brought_back(qtbot, monkeypatch):
    strip = DensityStrip()
    qtbot.addWidget(strip)
    strip.resize(400, 44)
    strip.show()
    qtbot.waitExposed(strip)
    drawn = []
    real = DensityStrip._draw_bars
    monkeypatch.setattr(DensityStrip, "_draw_bars", lambda self, r: drawn.append(1) or real(self, r))

    def counts(n):
        return timeline_index.DayCounts((D(2020, 3, 1).toordinal(), D(2021, 5, 1).toordinal()),
                                        (3 + n, 5), (0, 3 + n), D(2022, 1, 1))
    everything, some, others = counts(0), counts(1), counts(2)
    for shown in (everything, some, everything, others, everything):
        strip.set_counts(shown, "year")
        strip.grab()  # paints now
    assert len(drawn) == 3  # everything, some, others: each drawn once


def test_recent_keeps_the_latest_used(qtbot):
    recent = graph_panel._Recent(size=2)
    a, b, c = timeline_index.DayCounts(), timeline_index.DayCounts(), timeline_index.DayCounts()
    made = []

    def make(tag):
        return lambda: made.append(tag) or tag
    assert recent.get(a, 1, make("a")) == "a"
    assert recent.get(b, 1, make("b")) == "b"
    assert recent.get(a, 1, make("a again")) == "a"  # kept, and now the latest used
    assert recent.get(c, 1, make("c")) == "c"  # pushes b out, not a
    assert recent.get(a, 1, make("a third")) == "a"
    assert recent.get(a, 2, make("a, other key")) == "a, other key"
    assert made == ["a", "b", "c", "a, other key"]



def test_the_kept_event_is_looked_for_once_per_result(qtbot, window, monkeypatch):
    """The graph asks for the coming selection before the window selects it: one lookup serves."""
    model = window.timeline_model
    window.select_row(3)
    kept = model.event_at(3).id
    looked = []
    row_of = model.row_of
    monkeypatch.setattr(model, "row_of", lambda event_id: looked.append(event_id) or row_of(event_id))
    window.filter_bar.search.setText("lind")
    window.filter_bar.changed.emit()
    window.filter_bar.clear()
    # Once for the search's result, once for the cleared one (which keeps what the search chose).
    assert len(looked) == 2 and looked[0] == kept
    assert model.event_at(window.timeline.currentIndex().row()).id == looked[1]
