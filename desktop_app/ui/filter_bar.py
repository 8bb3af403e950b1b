"""Filter bar: search box (debounced), entity (or figure) chip, date range and source-article choice."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSizePolicy, QWidget)

from desktop_app.db import queries

SEARCH_DELAY_MS = 200
ALL_ARTICLES = "All articles"


class DateBound(QWidget):
    """A checkbox that switches a date bound on, and the QDateEdit holding it ("any" when off)."""

    changed = Signal()
    ANY = QDate(1000, 1, 1)  # the edit's minimum, shown as "any"

    def __init__(self, label: str, parent=None):
        super().__init__(parent)
        self.default: dt.date | None = None  # where the bound starts when switched on
        self.check = QCheckBox(label)
        self.check.setToolTip(f"Only show events dated {label.lower()} a day")
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self.edit.setMinimumDate(self.ANY)
        self.edit.setSpecialValueText("any")
        self.edit.setDate(self.ANY)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(lambda _d: self.check.isChecked() and self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)

    def _toggled(self, on: bool) -> None:
        with QSignalBlocker(self.edit):
            self.edit.setEnabled(on)
            if on and self.edit.date() == self.ANY:
                self.edit.setDate(_qdate(self.default or dt.date.today()))
            elif not on:
                self.edit.setDate(self.ANY)
        self.changed.emit()

    def value(self) -> dt.date | None:
        date = self.edit.date()
        return date.toPython() if self.check.isChecked() and date != self.ANY else None

    def set_value(self, day: dt.date | None) -> None:
        """Set without emitting; None switches the bound off."""
        with QSignalBlocker(self.check), QSignalBlocker(self.edit):
            self.check.setChecked(day is not None)
            self.edit.setEnabled(day is not None)
            self.edit.setDate(self.ANY if day is None else _qdate(day))


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class FilterBar(QWidget):
    """Emits `changed` whenever the filters it describes change (search after a short pause)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._entity: tuple[int, str] | None = None

        self.search = QLineEdit(objectName="search")
        self.search.setPlaceholderText("Search events  /")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.setToolTip("Full-text search in event sentences (every word, as a prefix)")
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.changed)
        self.search.textChanged.connect(self._debounce.start)
        # Enter applies at once instead of waiting for the pause.
        self.search.returnPressed.connect(self._apply_now)

        self.entity_chip = QPushButton(objectName="entityChip")
        self.entity_chip.setToolTip("Remove this entity or figure filter")
        self.entity_chip.setCursor(Qt.CursorShape.PointingHandCursor)
        self.entity_chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.entity_chip.setStyleSheet(
            "QPushButton#entityChip { border: 1px solid #93c5fd; border-radius: 10px;"
            " background: #dbeafe; color: #1e3a8a; padding: 2px 10px; }"
            "QPushButton#entityChip:hover { background: #bfdbfe; }")
        self.entity_chip.clicked.connect(self.clear_entity)
        self.entity_chip.hide()

        self.date_from = DateBound("From")
        self.date_to = DateBound("To")
        self.date_from.changed.connect(self.changed)
        self.date_to.changed.connect(self.changed)

        self.article = QComboBox(objectName="articleFilter")
        self.article.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.article.setMinimumContentsLength(22)
        self.article.setToolTip("Only show events from one article")
        self.article.addItem(ALL_ARTICLES, None)
        self.article.currentIndexChanged.connect(lambda _i: self.changed.emit())

        self.error = QLabel(objectName="searchError")
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.error.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.entity_chip)
        layout.addWidget(self.error, 2)
        layout.addStretch(1)
        layout.addWidget(self.date_from)
        layout.addWidget(self.date_to)
        layout.addWidget(QLabel("Source:"))
        layout.addWidget(self.article, 2)

    # -- state -----------------------------------------------------------------------------
    def filters(self) -> queries.Filters:
        """The filters the bar currently shows (the search text as typed, not yet debounced)."""
        article_id = self.article.currentData()
        return queries.Filters(
            query=self.search.text().strip(),
            entity_ids=(self._entity[0],) if self._entity else (),
            date_from=self.date_from.value(), date_to=self.date_to.value(),
            article_ids=(article_id,) if article_id is not None else ())

    @property
    def entity_name(self) -> str | None:
        return self._entity[1] if self._entity else None

    def set_entity(self, entity_id: int, name: str) -> None:
        """Filter on one entity, replacing any other."""
        if self._entity == (entity_id, name):
            return
        self._entity = (entity_id, name)
        self.entity_chip.setText(f"× {name}")
        self.entity_chip.show()
        self.changed.emit()

    def clear_entity(self) -> None:
        if self._entity is None:
            return
        self._entity = None
        self.entity_chip.hide()
        self.changed.emit()

    def clear(self) -> None:
        """Switch every filter off, emitting `changed` once."""
        self._debounce.stop()
        with QSignalBlocker(self.search), QSignalBlocker(self.article):
            self.search.clear()
            self.article.setCurrentIndex(0)
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self._entity = None
        self.entity_chip.hide()
        self.show_error("")
        self.changed.emit()

    def set_articles(self, articles: Sequence[queries.ArticleRow]) -> None:
        """Refill the source choice, keeping the chosen article when it still exists."""
        chosen = self.article.currentData()
        with QSignalBlocker(self.article):
            self.article.clear()
            self.article.addItem(ALL_ARTICLES, None)
            for a in articles:
                self.article.addItem(a.title, a.id)
                self.article.setItemData(self.article.count() - 1, a.path, Qt.ItemDataRole.ToolTipRole)
            position = self.article.findData(chosen) if chosen is not None else 0
            self.article.setCurrentIndex(max(position, 0))
        if chosen is not None and position < 0:
            self.changed.emit()

    def show_error(self, message: str) -> None:
        """A search the database cannot run: say why in red, next to the box."""
        self.error.setText(message)
        self.error.setToolTip(message)
        self.error.setVisible(bool(message))

    def _apply_now(self) -> None:
        if self._debounce.isActive():
            self._debounce.stop()
            self.changed.emit()
