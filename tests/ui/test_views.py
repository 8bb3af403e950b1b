"""The timeline view reads only the rows it shows, however many the model has."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt

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
