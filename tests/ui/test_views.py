"""The timeline view reads only the rows it shows, however many the model has."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.ui import views


class CountingModel(QAbstractTableModel):
    """A million rows; records which rows were read."""

    def __init__(self):
        super().__init__()
        self.read: set[int] = set()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1_000_000

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        self.read.add(index.row())
        return f"row {index.row()}" if role == Qt.ItemDataRole.DisplayRole else None


def test_selecting_before_the_first_show_reads_only_the_rows_on_screen(qtbot):
    model = CountingModel()
    view = views.timeline_view(model)
    qtbot.addWidget(view)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(model.index(0, 0), flags)  # as MainWindow does at start
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    view.scrollTo(model.index(500_000, 0))
    view.grab()  # paints the rows now on screen
    assert 0 < len(model.read) < 200
    assert max(model.read) >= 500_000  # the rows scrolled to were painted


class Paints(QObject):
    """Counts the paint events the watched widgets get."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched, ev) -> bool:
        self.count += ev.type() == QEvent.Type.Paint
        return False


def _shown_view(qtbot):
    model = CountingModel()
    view = views.timeline_view(model)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    return model, view


def test_a_step_that_scrolls_a_long_list_repaints_the_scroll_bar_only_when_it_moves(qtbot):
    _model, view = _shown_view(qtbot)
    bar = view.verticalScrollBar()
    bar.setValue(10)  # off the top end, where the up arrow looks disabled
    QApplication.processEvents()
    paints = Paints()
    bar.installEventFilter(paints)
    bar.setValue(bar.value() + 1)  # a millionth of the travel: the handle stays where it was
    QApplication.processEvents()
    assert paints.count == 0
    bar.setValue(bar.maximum() // 2)  # the handle moves
    QApplication.processEvents()
    assert paints.count >= 1
    before = bar.grab().toImage()  # (a paint event of its own)
    moved = paints.count
    bar.setValue(bar.value() + 1)
    QApplication.processEvents()
    assert paints.count == moved
    assert bar.grab().toImage() == before  # drawn anew, it looks as it was left
    bar.setValue(bar.maximum())  # at the end the down arrow looks disabled
    QApplication.processEvents()
    assert paints.count > moved + 1  # (+1: the grab above)


def test_selecting_a_row_leaves_the_header_unpainted(qtbot):
    model, view = _shown_view(qtbot)
    QApplication.processEvents()
    paints = Paints()
    view.horizontalHeader().viewport().installEventFilter(paints)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    for row in (3, 4, 5):
        view.selectionModel().setCurrentIndex(model.index(row, 0), flags)
        QApplication.processEvents()
    assert paints.count == 0
    assert view.selectionModel().isRowSelected(5, QModelIndex())
    view.horizontalHeader().resizeSection(0, 200)  # the header still repaints when it changes
    QApplication.processEvents()
    assert paints.count > 0
