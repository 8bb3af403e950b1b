"""'Set publication date' dialog: pick a day or undated; an inferred date is offered, never applied."""
from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QButtonGroup, QDateEdit, QDialog, QDialogButtonBox, QFrame,
                               QGridLayout, QLabel, QPushButton, QRadioButton, QVBoxLayout)

from desktop_app.core import infer_date, timex
from desktop_app.db.article_dates import ArticleDate
from desktop_app.ui.source_view import date_label

MUTED = "#6b7280"


class DateDialog(QDialog):
    """Choose a publication date for one article, or none; `choice()` says what was chosen."""

    def __init__(self, title: str, current: ArticleDate, proposal: infer_date.Proposal | None,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("dateDialog")
        self.setWindowTitle("Set publication date")
        self.setMinimumWidth(380)
        self.current, self.proposal = current, proposal
        self._used_proposal = False

        self.heading = QLabel(f"<b>{html.escape(title)}</b><br>"
                              f"<span style='color:{MUTED}'>Now: "
                              f"{html.escape(date_label(current.published, current.how))}</span>",
                              objectName="dateHeading")
        self.heading.setWordWrap(True)

        self.dated = QRadioButton("Published on", objectName="datedChoice")
        self.undated = QRadioButton("Undated" if current.published is None
                                    else "Undated (clear the date)", objectName="undatedChoice")
        group = QButtonGroup(self)
        group.addButton(self.dated)
        group.addButton(self.undated)
        self.edit = QDateEdit(objectName="publishedEdit")
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self.edit.setDate(_qdate(current.published or dt.date.today()))
        (self.undated if current.published is None else self.dated).setChecked(True)
        # Picking a day means "dated": the user should not also have to switch the radio button.
        self.edit.dateChanged.connect(lambda _d: self.dated.setChecked(True))

        choices = QGridLayout()
        choices.addWidget(self.dated, 0, 0)
        choices.addWidget(self.edit, 0, 1)
        choices.addWidget(self.undated, 1, 0, 1, 2)
        choices.setColumnStretch(2, 1)  # keep the date next to its label

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(choices)
        layout.addWidget(self._proposal_box())
        layout.addWidget(self.buttons)

    def _proposal_box(self) -> QFrame:
        box = QFrame(objectName="proposalBox")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)
        self.use_proposal = QPushButton("Use proposed date", objectName="useProposal")
        self.use_proposal.setAutoDefault(False)  # Enter must mean OK, not "use the guess"
        self.use_proposal.clicked.connect(self.apply_proposal)
        if self.proposal is None:
            text = "No date to propose: the text names no exact day with its year."
            self.use_proposal.setEnabled(False)
        else:
            day = self.proposal.date
            label = timex.format_date(day.isoformat(), day, day + dt.timedelta(days=1), "day")
            text = (f"Proposed (inferred): <b>{label}</b><br>"
                    f"<span style='color:{MUTED}'>{html.escape(self.proposal.reason)}</span>")
        self.proposal_label = QLabel(text, objectName="proposalLabel")
        self.proposal_label.setTextFormat(Qt.TextFormat.RichText)
        self.proposal_label.setWordWrap(True)
        layout.addWidget(self.proposal_label)
        layout.addWidget(self.use_proposal, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def apply_proposal(self) -> None:
        """Fill the field with the proposed date; only OK applies it."""
        if self.proposal is not None:
            self.edit.setDate(_qdate(self.proposal.date))
            self.dated.setChecked(True)
            self._used_proposal = True

    def set_date(self, day: dt.date | None) -> None:
        """Choose a day, or undated for None (as a user would)."""
        if day is None:
            self.undated.setChecked(True)
        else:
            self.edit.setDate(_qdate(day))
            self.dated.setChecked(True)

    def choice(self) -> ArticleDate:
        """The chosen date: the current one if kept, "inferred" if it is the proposal, else "user"."""
        if self.undated.isChecked():
            return ArticleDate(None, "none")
        day = self.edit.date().toPython()
        if day == self.current.published:
            return self.current  # the same day keeps its origin (a dateline stays a dateline)
        if self._used_proposal and self.proposal is not None and day == self.proposal.date:
            return ArticleDate(day, "inferred")
        return ArticleDate(day, "user")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
