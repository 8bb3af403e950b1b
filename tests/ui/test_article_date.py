"""Set publication date…: header link and Ctrl+D, the dialog and its proposal, re-dating, undo."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop_app.core import infer_date, nlp
from desktop_app.db import article_dates, ingest
from desktop_app.ui import source_view
from desktop_app.ui.date_dialog import DateDialog
from desktop_app.ui.main_window import MainWindow
from tests import factories
from tests.ui import helpers
from tests.ui.helpers import timeline_texts, wait_for_op

D = dt.date
RELATIVE = ["The board met last week to plan the harbour works with Ana Lind.",
            "Its report on Portvale is due next month."]


@pytest.fixture
def relative_window(qtbot, story_db):
    """The story plus an undated article whose dates are all relative (so it has no events)."""
    article_id = factories.add_undated_relative(story_db)
    win = open_window(qtbot, story_db)
    win.relative_id = article_id
    return win


def open_window(qtbot, factory) -> MainWindow:
    """The shared window helper, with focus on the timeline."""
    win = helpers.open_window(qtbot, factory)
    win.timeline.setFocus()
    return win


@pytest.fixture
def blank_model(monkeypatch):
    """Re-extraction with sentences only (no model to load); stands in for spaCy."""
    import spacy

    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    monkeypatch.setattr(nlp, "load", lambda: pipeline)


@pytest.fixture
def answer(monkeypatch):
    """Make the dialog answer at once: answer(day) accepts with `day` (None: undated), or cancels."""
    seen: list[DateDialog] = []

    def set_answer(day=None, accept=True, use_proposal=False):
        def fake_exec(dialog):
            seen.append(dialog)
            if use_proposal:
                dialog.use_proposal.click()
            elif accept:
                dialog.set_date(day)
            return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

        monkeypatch.setattr(DateDialog, "exec", fake_exec)
        return seen

    return set_answer


def choose_source(win, article_id: int) -> None:
    combo = win.filter_bar.article
    combo.setCurrentIndex(combo.findData(article_id))


def ctrl_key_op(qtbot, win, key):
    """Press Ctrl+key on the timeline; it must start a date op; wait for that op's change."""
    def press():
        qtbot.keyClick(win.timeline, key, Qt.KeyboardModifier.ControlModifier)
        assert win.busy, "the shortcut started nothing"

    return wait_for_op(qtbot, win, win.date_finished, press, timeout=60000)


def set_date_with_ctrl_d(qtbot, win):
    return ctrl_key_op(qtbot, win, Qt.Key.Key_D)


def undo_with_ctrl_z(qtbot, win):
    return ctrl_key_op(qtbot, win, Qt.Key.Key_Z)


def date_labels(win) -> list[str]:
    model = win.timeline_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_article_without_events_is_shown_when_chosen_as_source(relative_window):
    choose_source(relative_window, relative_window.relative_id)
    assert timeline_texts(relative_window) == []
    source = relative_window.source
    assert source.article.id == relative_window.relative_id
    assert RELATIVE[0] in source.browser.toPlainText()
    assert "No events from this article" in source.browser.toPlainText()
    assert "resolve once it has a publication date" in source.browser.toPlainText()
    header = source.header.text()
    assert "undated" in header and f"href='{source_view.SET_DATE_LINK}'>set date…" in header


def test_header_link_opens_the_dialog_for_the_shown_article(window, answer):
    seen = answer(accept=False)
    window.select_row(0)  # "The trust was founded in 2019 …", from the undated c.txt
    window.source.header.linkActivated.emit(source_view.SET_DATE_LINK)
    (dialog,) = seen
    assert dialog.current == article_dates.ArticleDate(None, "none")
    assert dialog.undated.isChecked()
    assert dialog.proposal is None and not dialog.use_proposal.isEnabled()  # only years in c.txt
    assert "undated" in window.source.header.text()  # cancelled: nothing changed
    assert not window.dates.undo_action.isEnabled()


def test_dialog_proposes_but_only_the_user_applies(qtbot):
    proposal = infer_date.Proposal(D(2026, 3, 17), "latest date mentioned in the text: 17 Mar 2026 "
                                                   "(“March 17, 2026”)")
    dialog = DateDialog("Undated report", article_dates.ArticleDate(None, "none"), proposal)
    qtbot.addWidget(dialog)
    label = dialog.proposal_label.text()
    assert "Proposed (inferred)" in label and "17 Mar 2026" in label and "March 17, 2026" in label
    assert dialog.choice() == article_dates.ArticleDate(None, "none")  # shown, not applied
    qtbot.mouseClick(dialog.use_proposal, Qt.MouseButton.LeftButton)
    assert dialog.edit.date().toPython() == D(2026, 3, 17)
    assert dialog.choice() == article_dates.ArticleDate(D(2026, 3, 17), "inferred")
    dialog.set_date(D(2026, 3, 18))
    assert dialog.choice() == article_dates.ArticleDate(D(2026, 3, 18), "user")
    dialog.set_date(None)
    assert dialog.choice() == article_dates.ArticleDate(None, "none")


def test_dialog_on_a_dated_article_keeps_its_origin_unless_changed(qtbot):
    current = article_dates.ArticleDate(D(2026, 3, 4), "dateline")
    dialog = DateDialog("Council backs harbour plan", current, None)
    qtbot.addWidget(dialog)
    assert dialog.dated.isChecked() and dialog.edit.date().toPython() == D(2026, 3, 4)
    assert "published 4 Mar 2026 (dateline)" in dialog.heading.text()
    assert dialog.undated.text() == "Undated (clear the date)"
    assert dialog.choice() == current
    dialog.set_date(D(2026, 3, 5))
    assert dialog.choice() == article_dates.ArticleDate(D(2026, 3, 5), "user")


def test_unchanged_date_runs_nothing(window, answer):
    answer(D(2026, 3, 4))
    window.select_row(4)  # a.txt, dateline 4 Mar 2026
    window.dates.set_action.trigger()
    assert "unchanged" in window.statusBar().currentMessage()
    assert not window.busy and not window.dates.undo_action.isEnabled()


def test_without_an_article_the_action_says_what_to_do(qtbot, relative_window):
    relative_window.filter_bar.search.setText("nothing matches this")
    qtbot.waitUntil(lambda: relative_window.timeline_model.total == 0, timeout=2000)
    relative_window.dates.set_action.trigger()
    assert "Select an event or a source article" in relative_window.statusBar().currentMessage()


@pytest.mark.spacy
def test_setting_a_date_redates_the_events_and_undo_restores(qtbot, relative_window, answer):
    win = relative_window
    choose_source(win, win.relative_id)
    answer(D(2026, 1, 28))
    change = set_date_with_ctrl_d(qtbot, win)
    assert change.before == article_dates.ArticleDate(None, "none")
    assert change.after == article_dates.ArticleDate(D(2026, 1, 28), "user")
    assert "published 28 Jan 2026 (set by you)" in win.source.header.text()
    assert "change date…" in win.source.header.text()
    assert timeline_texts(win) == RELATIVE  # still filtered on this article, now with events
    assert date_labels(win) == ["Week of 19 Jan 2026", "Feb 2026"]
    assert win.source.current_focus == RELATIVE[0]
    assert win.filter_bar.article.currentData() == win.relative_id
    # The source list is by date now: the article sits between its dated neighbours.
    titles = [win.filter_bar.article.itemText(i) for i in range(1, win.filter_bar.article.count())]
    assert titles[0] == "Harbour works follow-up"
    assert "Undo" in win.statusBar().currentMessage() and win.dates.undo_button.isVisible()
    assert win.dates.undo_action.isEnabled()

    win.filter_bar.clear()
    assert win.timeline_model.total == 9
    undone = undo_with_ctrl_z(qtbot, win)
    assert undone.after == article_dates.ArticleDate(None, "none")
    assert win.timeline_model.total == 7
    assert win.source.article.id == win.relative_id  # shown on its own: no events any more
    assert "undated" in win.source.header.text()
    assert "Restored" in win.statusBar().currentMessage()
    assert not win.dates.undo_action.isEnabled() and not win.dates.undo_button.isVisible()


def test_undo_restores_how_exactly(qtbot, window, answer, blank_model):
    window.select_row(4)  # a.txt: 4 Mar 2026 from its dateline
    answer(D(2026, 3, 10))
    set_date_with_ctrl_d(qtbot, window)
    assert "published 10 Mar 2026 (set by you)" in window.source.header.text()
    # "on Tuesday" is re-read against the new date: the Tuesday of that week.
    assert "10 Mar 2026" in date_labels(window)
    undo_with_ctrl_z(qtbot, window)
    assert "published 4 Mar 2026 (dateline)" in window.source.header.text()
    assert "3 Mar 2026" in date_labels(window) and "10 Mar 2026" not in date_labels(window)


def test_accepting_the_proposal_marks_the_date_inferred(qtbot, story_db, answer, blank_model):
    article, found = factories.make_article(
        "Undated report", "The council met on March 3, 2026 and again last week.", None, "p.txt",
        [("March 3, 2026", "2026-03-03", D(2026, 3, 3), D(2026, 3, 4), "day")], [])
    with story_db.begin() as s:
        article_id = ingest.store_article(s, article, found)
    win = open_window(qtbot, story_db)
    choose_source(win, article_id)
    assert "Undated report" in win.source.header.text()
    seen = answer(use_proposal=True)
    set_date_with_ctrl_d(qtbot, win)
    assert seen[0].proposal.date == D(2026, 3, 3)
    assert "published 3 Mar 2026 (inferred)" in win.source.header.text()


def test_a_failed_change_is_reported_and_changes_nothing(qtbot, window, answer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(article_dates, "change_publication_date", broken)
    answer(D(2026, 1, 28))
    window.select_row(0)
    with qtbot.waitSignal(window.op_failed, timeout=10000) as blocker:
        window.dates.set_action.trigger()
    assert "disk full" in blocker.args[0].message
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "disk full" in boxes[-1].text()
    assert window.dates.set_action.isEnabled() and not window.dates.undo_action.isEnabled()
    assert "undated" in window.source.header.text()


def test_ctrl_z_in_the_search_box_undoes_typing_not_the_date(qtbot, window, answer, blank_model):
    window.select_row(4)
    answer(D(2026, 3, 10))
    set_date_with_ctrl_d(qtbot, window)
    search = window.filter_bar.search
    search.setFocus()
    qtbot.keyClicks(search, "harb")
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert search.text() == "" and not window.busy
    assert window.dates.undo_action.isEnabled()
