"""Filtering from the entity list, text links, search box, dates and source; Esc clears."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtWidgets import QApplication

from desktop_app.ui import entity_model
from tests.ui.helpers import timeline_texts

PORTVALE = ["Berg left Portvale in 2021.", "Critics in Portvale want a review this fall."]
HARBOUR_TRUST = ["Lind said the Harbour Trust had pushed for it since last April.",
                 "The Harbour Trust raised $40 million in January."]


def entity_row(win, name: str) -> int:
    proxy = win.entity_proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, entity_model.NAME).data() == name:
            return row
    raise AssertionError(f"{name} not in the entity list")


def click_entity(qtbot, win, name: str) -> None:
    index = win.entity_proxy.index(entity_row(win, name), entity_model.NAME)
    win.entities.scrollTo(index)
    rect = win.entities.visualRect(index)
    qtbot.mouseClick(win.entities.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_an_entity_row_filters_the_timeline(qtbot, window):
    click_entity(qtbot, window, "Portvale")
    assert timeline_texts(window) == PORTVALE
    assert window.filter_bar.chip_texts() == ["Entity: Portvale ×"]
    assert window.filter_bar.chips[0].isVisible()
    assert window.count_label.text().startswith("2 events (of 7)")
    assert "involving Portvale" in window.count_label.text()
    # Another entity replaces the first.
    click_entity(qtbot, window, "Harbour Trust")
    assert timeline_texts(window) == HARBOUR_TRUST


def test_entity_counts_each_entity_once(window):
    proxy = window.entity_proxy
    names = [proxy.index(r, entity_model.NAME).data() for r in range(proxy.rowCount())]
    assert names.count("Portvale") == 1
    row = entity_row(window, "Portvale")
    assert proxy.index(row, entity_model.MENTIONS).data() == 3
    assert proxy.index(row, entity_model.ARTICLES).data() == 3
    assert proxy.index(row, entity_model.TYPE).data() == "Place"


def test_clicking_an_entity_link_in_the_text_filters(window):
    window.select_row(1)  # "Berg left Portvale in 2021."
    html = window.source.browser.toHtml()
    portvale_id = window.entity_proxy.entity_at(entity_row(window, "Portvale")).id
    assert f'href="entity:{portvale_id}"' in html
    window.source.browser.anchorClicked.emit(QUrl(f"entity:{portvale_id}"))
    assert timeline_texts(window) == PORTVALE
    selected = window.entities.selectionModel().selectedRows()
    assert [window.entity_proxy.entity_at(i.row()).name for i in selected] == ["Portvale"]
    # The selected event still matches, so it stays selected.
    assert window.source.current_focus == "Berg left Portvale in 2021."


def test_chip_removes_entity_filter(qtbot, window):
    click_entity(qtbot, window, "Portvale")
    qtbot.mouseClick(window.filter_bar.chips[0], Qt.MouseButton.LeftButton)
    assert len(timeline_texts(window)) == 7
    assert window.filter_bar.chip_texts() == []


def test_search_is_debounced_and_runs_in_sql(qtbot, window):
    qtbot.keyClicks(window.filter_bar.search, "berg")
    assert window.timeline_model.total == 7  # not yet: the debounce timer is running
    qtbot.waitUntil(lambda: window.timeline_model.total == 2, timeout=2000)
    assert timeline_texts(window) == ["The trust was founded in 2019 by Oskar Berg.",
                                      "Berg left Portvale in 2021."]
    assert window.source.current_focus == "The trust was founded in 2019 by Oskar Berg."


def test_bad_search_shows_message_not_exception(qtbot, window):
    qtbot.keyClicks(window.filter_bar.search, "!!!")
    error = window.filter_bar.error
    qtbot.waitUntil(error.isVisible, timeout=2000)
    assert "Nothing to search for" in error.text()
    assert window.timeline_model.total == 7
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Backspace)
    window.filter_bar.search.clear()
    qtbot.waitUntil(lambda: not error.isVisible(), timeout=2000)


def test_date_bounds_are_off_by_default_and_start_at_the_timeline_ends(window):
    bar = window.filter_bar
    assert bar.date_from.edit.text() == "any" and not bar.date_from.edit.isEnabled()
    assert bar.filters().date_from is None and bar.filters().date_to is None
    bar.date_from.check.setChecked(True)
    bar.date_to.check.setChecked(True)
    assert bar.filters().date_from == dt.date(2019, 1, 1)
    assert bar.filters().date_to == dt.date(2026, 11, 30)  # end of "Fall 2026"
    assert len(timeline_texts(window)) == 7


def test_date_range_filters(window):
    bar = window.filter_bar
    bar.date_from.edit.setDate(QDate(2026, 1, 1))
    bar.date_from.check.setChecked(True)
    assert len(timeline_texts(window)) == 4
    bar.date_to.edit.setDate(QDate(2026, 3, 31))
    bar.date_to.check.setChecked(True)
    assert timeline_texts(window) == [
        "The Harbour Trust raised $40 million in January.",
        "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind."]
    assert bar.filters().date_to == dt.date(2026, 3, 31)
    bar.date_from.check.setChecked(False)
    assert len(timeline_texts(window)) == 5


def test_source_article_filter(window):
    combo = window.filter_bar.article
    assert combo.itemText(0) == "All articles"
    combo.setCurrentIndex(combo.findText("Harbour Trust raises funds"))
    assert timeline_texts(window) == ["The Harbour Trust raised $40 million in January.",
                                      "Mayor Ana Lind will meet investors next month."]


def test_escape_clears_all_filters_and_focuses_timeline(qtbot, window):
    click_entity(qtbot, window, "Portvale")
    bar = window.filter_bar
    bar.date_to.check.setChecked(True)
    bar.search.setFocus()
    qtbot.keyClicks(bar.search, "crit")
    qtbot.waitUntil(lambda: window.timeline_model.total == 1, timeout=2000)
    qtbot.keyClick(bar.search, Qt.Key.Key_Escape)
    assert len(timeline_texts(window)) == 7
    assert bar.search.text() == ""
    assert bar.chip_texts() == []
    assert not bar.date_to.check.isChecked()
    assert not window.timeline_model.filters.active
    assert QApplication.focusWidget() is window.timeline
    assert window.count_label.text() == "7 events (of 7)"


def test_escape_from_the_entity_list_too(qtbot, window):
    click_entity(qtbot, window, "Harbour Trust")
    assert len(timeline_texts(window)) == 2
    qtbot.keyClick(window.entities, Qt.Key.Key_Escape)
    assert len(timeline_texts(window)) == 7
    assert QApplication.focusWidget() is window.timeline


def test_hide_checkboxes_filter_in_sql(window):
    bar = window.filter_bar
    assert [c.text() for c in bar.hide_checks.values()] == [
        "Hide events dated only by publication", "Hide planned/possible", "Hide year-only dates"]
    bar.hide_checks["hide_year_only"].setChecked(True)
    assert timeline_texts(window) == ORDER_WITHOUT_YEARS
    bar.hide_checks["hide_possible"].setChecked(True)
    assert "Mayor Ana Lind will meet investors next month." not in timeline_texts(window)
    assert len(timeline_texts(window)) == 4
    assert "without planned or possible events" in window.count_label.text()
    bar.hide_checks["hide_publication_dated"].setChecked(True)
    assert window.timeline_model.filters.hide_publication_dated
    for check in bar.hide_checks.values():
        assert check.accessibleName() == check.text()


ORDER_WITHOUT_YEARS = [
    "Lind said the Harbour Trust had pushed for it since last April.",
    "The Harbour Trust raised $40 million in January.",
    "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind.",
    "Mayor Ana Lind will meet investors next month.",
    "Critics in Portvale want a review this fall."]


def test_several_entities_all_or_any(qtbot, window):
    bar = window.filter_bar
    click_entity(qtbot, window, "Portvale")
    assert not bar.mode.isVisible()  # one entity: nothing to choose
    index = window.entity_proxy.index(entity_row(window, "Oskar Berg"), entity_model.NAME)
    window.entities.scrollTo(index)
    qtbot.mouseClick(window.entities.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, window.entities.visualRect(index).center())
    assert bar.chip_texts() == ["Entity: Portvale ×", "Entity: Oskar Berg ×"]
    assert bar.mode.isVisible() and bar.mode.currentData() == "all"
    assert timeline_texts(window) == ["Berg left Portvale in 2021."]
    bar.mode.setCurrentIndex(bar.mode.findData("any"))
    assert timeline_texts(window) == ["The trust was founded in 2019 by Oskar Berg.", *PORTVALE]
    assert "involving Portvale or Oskar Berg" in window.count_label.text()
    # A plain click replaces them all.
    click_entity(qtbot, window, "Harbour Trust")
    assert bar.chip_texts() == ["Entity: Harbour Trust ×"]


def test_entity_type_filter_from_its_menu(window):
    bar = window.filter_bar
    kinds = [a.data() for a in bar.types_menu.actions()]
    assert kinds == ["AMOUNT", "ORG", "PERSON", "PLACE"]
    org = next(a for a in bar.types_menu.actions() if a.data() == "ORG")
    assert org.text() == "Organisation"
    org.trigger()
    assert timeline_texts(window) == HARBOUR_TRUST
    assert bar.chip_texts() == ["Type: Organisation ×"]
    assert bar.types_button.text() == "Entity types: 1"


def test_chips_show_each_filter_and_remove_one(qtbot, window):
    bar = window.filter_bar
    click_entity(qtbot, window, "Ana Lind")
    bar.date_from.edit.setDate(QDate(2025, 4, 1))
    bar.date_from.check.setChecked(True)
    qtbot.keyClicks(bar.search, "harbour")
    qtbot.keyClick(bar.search, Qt.Key.Key_Return)
    assert bar.chip_texts() == ["Text: harbour ×", "Entity: Ana Lind ×", "From 2025-04-01 ×"]
    assert [c.accessibleName() for c in bar.chips][0] == "Remove filter Text: harbour"
    assert timeline_texts(window) == [
        "Lind said the Harbour Trust had pushed for it since last April.",
        "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind."]
    qtbot.mouseClick(bar.chips[2], Qt.MouseButton.LeftButton)
    assert bar.chip_texts() == ["Text: harbour ×", "Entity: Ana Lind ×"]
    assert not bar.date_from.check.isChecked()


def test_chips_are_reached_and_removed_by_keyboard(qtbot, window):
    bar = window.filter_bar
    click_entity(qtbot, window, "Portvale")
    bar.date_to.check.setChecked(True)
    bar.search.setFocus()
    qtbot.keyClick(bar.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is bar.chips[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is bar.chips[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert bar.chip_texts() == ["Entity: Portvale ×"]
    assert QApplication.focusWidget() is bar.chips[0]  # focus stays in the chip row
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert bar.chip_texts() == [] and QApplication.focusWidget() is bar.search
    assert len(timeline_texts(window)) == 7


def test_escape_clears_new_filters_too(qtbot, window):
    bar = window.filter_bar
    bar.hide_checks["hide_year_only"].setChecked(True)
    next(a for a in bar.types_menu.actions() if a.data() == "PLACE").trigger()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Escape)
    assert not window.timeline_model.filters.active
    assert not bar.hide_checks["hide_year_only"].isChecked() and bar.checked_types() == ()


def test_outlet_filter_lists_outlets_and_filters_in_sql(qtbot, story_db):
    import sqlalchemy as sa

    from desktop_app.db import models
    from tests.ui.helpers import open_window

    with story_db.begin() as s:
        s.execute(sa.update(models.Article).where(models.Article.path == "b.txt").values(outlet="Bay Herald"))
        s.execute(sa.update(models.Article).where(models.Article.path == "c.txt").values(outlet="Coast Wire"))
    win = open_window(qtbot, story_db)
    bar = win.filter_bar
    assert [bar.outlet.itemText(i) for i in range(bar.outlet.count())] == [
        "All outlets", "Bay Herald", "Coast Wire"]
    bar.outlet.setCurrentIndex(bar.outlet.findData("Bay Herald"))
    assert timeline_texts(win) == ["The Harbour Trust raised $40 million in January.",
                                   "Mayor Ana Lind will meet investors next month."]
    assert bar.chip_texts() == ["Outlet: Bay Herald ×"]
    assert "reported by Bay Herald" in win.count_label.text()
    qtbot.mouseClick(bar.chips[0], Qt.MouseButton.LeftButton)
    assert len(timeline_texts(win)) == 7 and bar.outlet.currentIndex() == 0
