"""Two text views in one place: the next article laid out off screen, then shown by a swap.

Showing a new QTextDocument in a QTextEdit lays it out again whatever was done before
(setDocument sets the page size, which drops every block's layout): 3-5 ms of each key step that
changes article, at any database size. The source pane prefetches the article a step will show;
staged in the hidden view, it is laid out there in idle time, and the step only swaps the views.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QStackedLayout, QStackedWidget, QTextBrowser


class TwinViews(QStackedWidget):
    """Two QTextBrowsers made alike by `make`; `current` is shown, `spare` holds a staged
    document. Focus given to the widget goes to the shown view."""

    def __init__(self, make: Callable[[], QTextBrowser], parent=None):
        super().__init__(parent)
        self.browsers = (make(), make())
        self._blank = QTextDocument(self)  # what the spare shows when it holds nothing
        for browser in self.browsers:
            self.addWidget(browser)
        # Both stay shown, the current one raised over the other: a swap then neither hides nor
        # shows a widget (~2 ms), and the one below is never painted (covered by an opaque one).
        self.layout().setStackingMode(QStackedLayout.StackingMode.StackAll)
        self.setFocusProxy(self.current)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.browsers[1].setDocument(self._blank)
        self._cover(self.browsers[1], self.browsers[0])

    @property
    def current(self) -> QTextBrowser:
        return self.currentWidget()

    @property
    def spare(self) -> QTextBrowser:
        return self.browsers[1] if self.current is self.browsers[0] else self.browsers[0]

    def show_document(self, document: QTextDocument) -> QTextDocument | None:
        """Show `document`: by a swap when it is staged, else in the shown view; the document
        the shown view had before (None when it was this one), which the hidden view may still
        hold (`release` it before deleting it)."""
        current = self.current
        old = current.document()
        if old is document:
            return None
        spare = self.spare
        if spare.document() is document:
            had_focus = current.hasFocus()
            self._cover(current, spare)
            self.setCurrentWidget(spare)
            self.setFocusProxy(spare)
            if had_focus:
                spare.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            current.setDocument(document)
        return old

    @staticmethod
    def _cover(below: QTextBrowser, above: QTextBrowser) -> None:
        """Let `above` be the one seen and used: `below` is neither painted nor reached by Tab
        (it keeps its document: a step back swaps again)."""
        above.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        above.setUpdatesEnabled(True)
        below.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        below.setUpdatesEnabled(False)

    def stage(self, document: QTextDocument) -> QTextBrowser | None:
        """Lay `document` out in the hidden view for a later `show_document`; that view, or None
        when there is nothing to do (it is shown, or staged already)."""
        spare = self.spare
        if document in (self.current.document(), spare.document()):
            return None
        spare.setDocument(document)
        return spare

    def release(self, document: QTextDocument) -> None:
        """Let go of `document` if the hidden view holds it (before it is deleted)."""
        if self.spare.document() is document:
            self.spare.setDocument(self._blank)

    def holds(self, document: QTextDocument) -> bool:
        """Whether the shown view shows `document`."""
        return self.current.document() is document
