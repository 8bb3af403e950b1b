"""A word-wrapped label that changes text often without laying out the whole window again.

A label in a layout asks for a relayout on every setText, and each layout passes that up through
the splitters to the window: every widget's size hints again, each time the source pane shows
another article. Here the label sits in a box of fixed height that it fits itself; the box
changes height, and the window relays out, only when the text needs more or fewer lines.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class LabelBox(QWidget):
    """Holds `label` at the full width of the box and the height its text needs there.

    `height_for(width)`, if given, answers for the label's heightForWidth (say from heights
    measured ahead of time: a rich-text label lays its text out twice to answer)."""

    def __init__(self, label: QLabel, parent=None,
                 height_for: Callable[[int], int] | None = None):
        super().__init__(parent)
        self.label = label
        self.height_for = height_for or label.heightForWidth
        label.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(max(self.height_for(max(self.width(), 1)), 0))

    def event(self, event: QEvent) -> bool:
        # The label's setText posts this to its parent when the parent has no layout.
        if event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().event(event)

    def resizeEvent(self, event) -> None:
        self.fit()
        super().resizeEvent(event)

    def fit(self) -> None:
        """Give the label the box's width and the height it needs; grow or shrink the box."""
        width = self.width()
        height = self.height_for(width)
        if height < 0:  # a label without word wrap
            height = self.label.sizeHint().height()
        self.label.setGeometry(0, 0, width, height)
        if height != self.height():
            self.setFixedHeight(height)
