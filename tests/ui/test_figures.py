"""Figures (amounts, percentages, quantities): their own tab beside the entities, filtering alike."""
from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from desktop_app.ui import entity_model, highlight
from tests.ui.helpers import timeline_texts

RAISED = "The Harbour Trust raised $40 million in January."
FAIL = QAbstractItemModelTester.FailureReportingMode.Warning


def figure_names(win) -> list[str]:
    proxy = win.figure_proxy
    return [proxy.index(r, entity_model.FIGURE).data() for r in range(proxy.rowCount())]


def click_figure(qtbot, win, text: str) -> None:
    win.entity_pane.show_tab(win.figures)
    row = figure_names(win).index(text)
    index = win.figure_proxy.index(row, entity_model.FIGURE)
    win.figures.scrollTo(index)
    rect = win.figures.visualRect(index)
    qtbot.mouseClick(win.figures.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_figures_have_their_own_list(window):
    win = window
    tabs = win.entity_pane.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Entities", "Figures (1)"]
    assert tabs.widget(1) is win.figures
    assert figure_names(win) == ["$40 million"]
    proxy = win.figure_proxy
    assert proxy.index(0, entity_model.FIGURE_MENTIONS).data() == 1
    assert proxy.index(0, entity_model.FIGURE_ARTICLES).data() == 1
    entity_names = [r.name for r in win.entity_model.rows()]
    assert "$40 million" not in entity_names and "Harbour Trust" in entity_names


def test_clicking_a_figure_filters_the_timeline(qtbot, window):
    win = window
    click_figure(qtbot, win, "$40 million")
    assert timeline_texts(win) == [RAISED]
    assert win.filter_bar.chip_texts() == ["Entity: $40 million ×"]
    assert "involving $40 million" in win.count_label.text()
    assert "$40 million" in win.entity_pane.details_view.toPlainText()
    qtbot.keyClick(win.timeline, Qt.Key.Key_Escape)
    assert len(timeline_texts(win)) == 7 and not win.figures.selectionModel().hasSelection()


def test_figures_are_purple_in_the_text_and_filter_when_clicked(window):
    win = window
    win.select_row(timeline_texts(win).index(RAISED))
    figure_id = win.figure_model.rows()[0].id
    html = win.source.browser.toHtml()
    assert f'href="entity:{figure_id}"' in html
    assert highlight.ENTITY_COLOURS["AMOUNT"][0] in html
    win.entity_pane.show_tab(win.entities)
    win.source.browser.anchorClicked.emit(QUrl(f"entity:{figure_id}"))
    assert timeline_texts(win) == [RAISED]
    # The figure is marked in its own list, whose tab comes to the front.
    assert win.entity_pane.tabs.currentWidget() is win.figures
    assert win.figures.selectionModel().selectedRows()[0].row() == 0


def test_tab_reaches_the_figures_list(qtbot, window):
    win = window
    win.entities.setFocus()
    qtbot.keyClick(win.entities, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is win.figures
    assert win.entity_pane.tabs.currentWidget() is win.figures


def test_figure_filter_box_and_show_hidden(window):
    win = window
    win.entity_pane.filter_box.setText("40")
    assert figure_names(win) == ["$40 million"] and win.entity_proxy.rowCount() == 0
    win.entity_pane.filter_box.setText("lind")
    assert figure_names(win) == []
    win.entity_pane.filter_box.clear()
    win.entity_pane.show_hidden.setChecked(True)
    assert win.figure_model.show_hidden and figure_names(win) == ["$40 million"]


def test_figure_model_passes_model_tester_and_sorts(qapp, story_db):
    model = entity_model.FigureModel(story_db)
    proxy = entity_model.EntitySortModel(model)
    testers = [QAbstractItemModelTester(model, FAIL), QAbstractItemModelTester(proxy, FAIL)]
    model.refresh()
    proxy.sort(entity_model.FIGURE_MENTIONS, Qt.SortOrder.DescendingOrder)
    assert proxy.rowCount() == 1 and proxy.columnCount() == 3
    assert proxy.index(0, entity_model.FIGURE).data() == "$40 million"
    assert isinstance(proxy.index(0, 0).data(entity_model.ENTITY_ID_ROLE), int)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Figure"
    proxy.set_filter_text("nothing")
    assert proxy.rowCount() == 0
    proxy.set_filter_text("")
    model.set_show_hidden(True)
    model.refresh()
    assert testers and proxy.rowCount() == 1
