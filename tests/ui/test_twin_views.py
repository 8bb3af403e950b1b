"""Two text views in one place: a staged document is shown by a swap (ui.twin_views)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from desktop_app.ui import twin_views
from tests.ui import helpers


@pytest.fixture
def views(qtbot):
    return helpers.shown(qtbot, twin_views.TwinViews(QTextBrowser), 300, 200)


def document(views, text: str) -> QTextDocument:
    doc = QTextDocument(views)
    doc.setPlainText(text)
    return doc


def test_a_staged_document_is_shown_by_a_swap_and_the_old_one_stays_below(views):
    first, second = document(views, "first"), document(views, "second")
    assert views.show_document(first) is not first  # the view's own empty document before
    shown = views.current
    staged_in = views.stage(second)
    assert staged_in is views.spare and staged_in is not shown
    assert staged_in.document() is second and shown.document() is first
    assert views.stage(second) is None  # staged already: nothing to lay out again

    assert views.show_document(second) is first
    assert views.current is staged_in and views.current.toPlainText() == "second"
    assert views.spare is shown and shown.document() is first  # a step back swaps again
    assert views.show_document(first) is second and views.current is shown


def test_a_document_not_staged_is_set_in_the_shown_view(views):
    first, second = document(views, "first"), document(views, "second")
    views.show_document(first)
    shown = views.current
    assert views.show_document(second) is first
    assert views.current is shown and shown.document() is second
    assert views.show_document(second) is None  # already shown
    assert views.stage(second) is None  # nothing to stage: it is on screen


def test_the_view_below_takes_no_focus_and_paints_nothing(views, qtbot):
    doc = document(views, "staged")
    views.show_document(document(views, "shown"))
    views.current.setFocus()
    qtbot.waitUntil(views.current.hasFocus)
    below = views.stage(doc)
    assert below.focusPolicy() == Qt.FocusPolicy.NoFocus and not below.updatesEnabled()
    views.show_document(doc)  # the swap: focus follows to the view now shown
    assert views.current is below and below.hasFocus()
    assert below.updatesEnabled() and below.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert views.spare.focusPolicy() == Qt.FocusPolicy.NoFocus and not views.spare.updatesEnabled()


def test_release_lets_go_of_a_staged_document(views):
    doc = document(views, "staged")
    views.show_document(document(views, "shown"))
    below = views.stage(doc)
    views.release(doc)
    assert below.document() is not doc and below.toPlainText() == ""
    views.release(views.current.document())  # the shown one is not the hidden view's to drop
    assert views.current.toPlainText() == "shown"
