"""Saved filter sets and the window state restored on the next start of the same database."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop_app.db import queries
from desktop_app.ui import filter_sets, state
from tests.ui.helpers import current_text, open_window, timeline_texts
from tests.ui.test_filters import HARBOUR_TRUST, click_entity

URL = "sqlite:///tmp/story.db"
LIND_EVENTS = ["Lind said the Harbour Trust had pushed for it since last April.",
               "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind.",
               "Mayor Ana Lind will meet investors next month."]


class FakeSettings:
    """The part of QSettings the stores use, in a dict."""

    def __init__(self):
        self.values = {}

    def value(self, key):
        return self.values.get(key)

    def setValue(self, key, value):
        self.values[key] = value

    def sync(self):
        pass


# -- plain storage, no widgets ------------------------------------------------------------------
def test_records_name_entities_by_key_and_articles_by_path():
    filters = queries.Filters(query="harbour", entity_ids=(3, 9), entity_mode="any",
                              entity_types=("ORG",), date_from=dt.date(2025, 4, 1),
                              article_ids=(2,), hide_possible=True, outlets=("Bay Herald",))
    record = filter_sets.to_record(filters, {3: "PERSON:ana lind", 9: "ORG:harbour trust"},
                                   {2: "b.txt"})
    assert record["entities"] == ["PERSON:ana lind", "ORG:harbour trust"]
    assert record["articles"] == ["b.txt"] and record["date_from"] == "2025-04-01"
    # After a relink the same keys have other ids; a key gone is reported, not fatal.
    again, missing = filter_sets.from_record(record, {"PERSON:ana lind": 30}, {"b.txt": 7})
    assert again == queries.Filters(query="harbour", entity_ids=(30,), entity_mode="any",
                                    entity_types=("ORG",), date_from=dt.date(2025, 4, 1),
                                    article_ids=(7,), hide_possible=True, outlets=("Bay Herald",))
    assert missing == ["ORG:harbour trust"]
    assert filter_sets.from_record({}, {}, {}) == (queries.Filters(), [])


def test_filter_set_store_is_per_database():
    settings = FakeSettings()
    one = filter_sets.FilterSetStore(filter_sets.DatabaseSettings(settings, "sqlite:///a.db"))
    two = filter_sets.FilterSetStore(filter_sets.DatabaseSettings(settings, "sqlite:///b.db"))
    one.save("lind", {"query": "x"})
    one.save("Alpha", {"query": "y"})
    assert one.names() == ["Alpha", "lind"] and one.get("lind") == {"query": "x"}
    assert two.names() == []
    one.delete("lind")
    one.delete("never saved")
    assert one.names() == ["Alpha"]
    assert "sqlite:///a.db" in settings.values.values()


def test_damaged_settings_are_ignored():
    settings = FakeSettings()
    db = filter_sets.DatabaseSettings(settings, "sqlite:///a.db")
    settings.setValue(f"{db.prefix}/filter_sets", "{not json")
    assert filter_sets.FilterSetStore(db).names() == []
    assert db.load("window_state", "default") == "default"


def test_only_file_databases_keep_state():
    assert state.persistent("sqlite:////home/me/timeline.db")
    assert not state.persistent("sqlite://") and not state.persistent("")


def test_settings_are_the_temporary_ones_in_tests(private_settings):
    assert state.open_settings().fileName().startswith(str(private_settings))


# -- saved filter sets in the window -----------------------------------------------------------
def recall_action(win, name):
    menu = win.filter_sets.recall_menu
    return next(a for a in menu.actions() if a.data() == name)


def test_save_and_recall_a_filter_set(qtbot, window):
    click_entity(qtbot, window, "Ana Lind")
    window.filter_bar.hide_checks["hide_possible"].setChecked(True)
    assert window.filter_sets.save_as("Lind, no plans")
    assert "Saved the filter set" in window.statusBar().currentMessage()
    click_entity(qtbot, window, "Harbour Trust")
    qtbot.keyClick(window.timeline, Qt.Key.Key_Escape)
    assert len(timeline_texts(window)) == 7
    recall_action(window, "Lind, no plans").trigger()
    assert timeline_texts(window) == LIND_EVENTS[:2]
    assert window.filter_bar.chip_texts() == ["Entity: Ana Lind ×"]
    assert window.filter_bar.hide_checks["hide_possible"].isChecked()
    # Delete it: the recall menu offers nothing any more.
    next(a for a in window.filter_sets.delete_menu.actions() if a.data() == "Lind, no plans").trigger()
    assert [a.text() for a in window.filter_sets.recall_menu.actions()] == ["(none saved)"]


def test_saved_sets_outlive_the_window_and_stay_with_their_database(qtbot, story_db):
    first = open_window(qtbot, story_db, URL)
    click_entity(qtbot, first, "Harbour Trust")
    first.filter_sets.save_as("trust")
    first.close()
    again = open_window(qtbot, story_db, URL)
    qtbot.keyClick(again.timeline, Qt.Key.Key_Escape)
    recall_action(again, "trust").trigger()
    assert timeline_texts(again) == HARBOUR_TRUST
    other = open_window(qtbot, story_db, "sqlite:///tmp/other.db")
    assert [a.text() for a in other.filter_sets.recall_menu.actions()] == ["(none saved)"]


def test_menu_lists_filters_to_remove_one(qtbot, window):
    click_entity(qtbot, window, "Portvale")
    window.filter_sets.remove_menu.aboutToShow.emit()
    (remove,) = window.filter_sets.remove_menu.actions()
    assert remove.text() == "Entity: Portvale"
    remove.trigger()
    assert not window.timeline_model.filters.active


# -- state restored after a restart -----------------------------------------------------------
def test_filters_zoom_lanes_and_selection_come_back(qtbot, story_db):
    first = open_window(qtbot, story_db, URL)
    click_entity(qtbot, first, "Ana Lind")
    first.filter_bar.hide_checks["hide_year_only"].setChecked(True)
    first.select_row(1)
    first.graph_panel.cycle_lanes()
    first.graph_panel.zoom_in()
    first.graph_panel.zoom_in()
    view = first.graph_panel.view_state()
    assert view[2] == "entity"
    first.close()

    again = open_window(qtbot, story_db, URL)
    assert timeline_texts(again) == LIND_EVENTS
    assert again.filter_bar.chip_texts() == ["Entity: Ana Lind ×"]
    assert again.filter_bar.hide_checks["hide_year_only"].isChecked()
    assert current_text(again) == LIND_EVENTS[1]
    assert again.source.current_focus == LIND_EVENTS[1]
    assert again.graph_panel.view_state() == view
    assert again.graph_panel.graph.selected_id == again.timeline_model.event_at(1).id


def test_another_database_starts_afresh(qtbot, story_db):
    first = open_window(qtbot, story_db, URL)
    click_entity(qtbot, first, "Ana Lind")
    first.close()
    other = open_window(qtbot, story_db, "sqlite:///tmp/other.db")
    assert not other.timeline_model.filters.active and other.timeline.currentIndex().row() == 0


def test_in_memory_databases_save_nothing(qtbot, story_db, private_settings):
    first = open_window(qtbot, story_db, "sqlite://")
    click_entity(qtbot, first, "Ana Lind")
    first.close()
    assert not first.window_state.enabled
    assert not state.open_settings().allKeys()


def test_a_stale_or_damaged_state_is_skipped(qtbot, story_db):
    first = open_window(qtbot, story_db, URL)
    first.close()
    saved = first.window_state.db
    saved.store(state.STATE_KEY, {"filters": {"entities": ["PERSON:gone"], "query": "harbour"},
                                  "graph": {"from": "not a date", "to": "2020-01-01"},
                                  "selected": "nohash:1:2"})
    again = open_window(qtbot, story_db, URL)
    assert again.timeline_model.filters.query == "harbour"
    assert again.timeline_model.filters.entity_ids == ()
    assert again.timeline.currentIndex().row() == 0
