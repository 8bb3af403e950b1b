"""Filter bar: search (debounced), date range, source article, hide options, entity types and
entity match mode, with every active filter shown as a removable chip."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (QAbstractListModel, QDate, QModelIndex, QPersistentModelIndex,
                            QSignalBlocker, Qt, QTimer, Signal)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox, QDateEdit,
                               QHBoxLayout, QLabel, QLineEdit, QListView, QMenu, QPushButton,
                               QSizePolicy, QToolButton, QVBoxLayout, QWidget)

from desktop_app.db import entity_list, queries
from desktop_app.ui.entity_model import TYPE_LABELS

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

SEARCH_DELAY_MS = 200
ALL_ARTICLES = "All articles"
ALL_OUTLETS = "All outlets"
ARTICLE_PAGE = 500  # chooser entries read at once (~5 ms through ix_articles_published_title)
ARTICLE_PAGES_KEPT = 40  # pages kept read; older ones are read again when shown again
MAX_MATCHES = 200  # titles a lookup of the chooser tests at most
# The new boolean Filters fields, with their checkbox labels (also the chips' words).
HIDE_OPTIONS = (("hide_publication_dated", "Hide events dated only by publication"),
                ("hide_possible", "Hide planned/possible"),
                ("hide_year_only", "Hide year-only dates"))
ENTITY_MODES = (("all", "All of them"), ("any", "Any of them"))
CHIP_STYLE = (
    "QPushButton#filterChip { border: 1px solid #93c5fd; border-radius: 10px;"
    " background: #dbeafe; color: #1e3a8a; padding: 2px 10px; }"
    "QPushButton#filterChip:hover { background: #bfdbfe; }"
    # Focus must always be visible: a chip reached by keyboard gets a strong outline.
    "QPushButton#filterChip:focus { border: 2px solid #1d4ed8; background: #bfdbfe; }")


def type_label(kind: str) -> str:
    return TYPE_LABELS.get(kind, kind.title())


@dataclasses.dataclass(frozen=True)
class Chip:
    """One active filter as a chip: its label and how to remove just that filter."""

    label: str
    remove: Callable[[], None]


class DateBound(QWidget):
    """A checkbox that switches a date bound on, and the QDateEdit holding it ("any" when off)."""

    changed = Signal()
    ANY = QDate(1000, 1, 1)  # the edit's minimum, shown as "any"

    def __init__(self, label: str, parent=None):
        super().__init__(parent)
        self.default: dt.date | None = None  # where the bound starts when switched on
        self.check = QCheckBox(label)
        self.check.setToolTip(f"Only show events dated {label.lower()} a day")
        self.check.setAccessibleName(f"Date {label.lower()} on")
        self.edit = QDateEdit()
        self.edit.setAccessibleName(f"Date {label.lower()}")
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


class ArticleChoices(QAbstractListModel):
    """The source chooser's entries: "All articles", then the articles by date, as one list
    model (100,000 QComboBox items would take seconds to add).

    Read from the database (`set_source`): the row count is one count, and rows are read a
    page at a time as they are shown, so nothing here grows with the number of articles. `match`
    answers the combo's lookups (findData, findText, type-to-search) with one query each instead
    of one data() call per row. `set_choices` shows a given list instead (no database)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._session_factory: orm.sessionmaker | None = None
        self._count = 0  # articles (rows after "All articles")
        self._dated = 0  # of which dated: they come first
        self._pages: dict[int, list[entity_list.ArticleChoice]] = {}  # page number -> entries
        self._row_of: dict[int, int] = {}  # article id -> row, for the pages read
        self._given: list | None = None  # set_choices: a plain list instead of the database
        self.complete = True  # kept for callers: every article is always reachable now

    # -- what is listed ----------------------------------------------------------------------
    def set_source(self, session_factory: orm.sessionmaker,
                   counts: tuple[int, int] | None = None) -> None:
        """List the articles of this database (read as shown); `counts` (articles, of which
        dated) when just counted, else counted now."""
        if counts is None:
            with session_factory() as session:
                counts = entity_list.article_counts(session)
        count, dated = counts
        self.beginResetModel()
        self._session_factory, self._given = session_factory, None
        self._count, self._dated, self._pages, self._row_of = count, dated, {}, {}
        self.endResetModel()

    def set_choices(self, choices: Sequence, complete: bool = True) -> None:
        self.beginResetModel()
        self._session_factory, self._given = None, list(choices)
        self._count, self._pages = len(self._given), {}
        self._row_of = {c.id: i for i, c in enumerate(self._given, 1)}
        self.complete = complete
        self.endResetModel()

    def add_choice(self, choice) -> int:
        """Make one article choosable in a given list (set_choices); its row."""
        if self._given is None:
            return self.row_of(choice.id)
        if choice.id not in self._row_of:
            row = self._count + 1
            self.beginInsertRows(QModelIndex(), row, row)
            self._given.append(choice)
            self._count += 1
            self._row_of[choice.id] = row
            self.endInsertRows()
        return self._row_of[choice.id]

    def _choice(self, row: int):
        """The entry at `row` (>= 1), reading its page when not read yet."""
        if self._given is not None:
            return self._given[row - 1]
        number = (row - 1) // ARTICLE_PAGE
        page = self._pages.get(number)
        if page is None:
            if len(self._pages) >= ARTICLE_PAGES_KEPT:  # forget the oldest page read
                oldest = next(iter(self._pages))
                for choice in self._pages.pop(oldest):
                    self._row_of.pop(choice.id, None)
            with self._session_factory() as session:
                page = entity_list.article_page(session, number * ARTICLE_PAGE, ARTICLE_PAGE, self._dated)
            self._pages[number] = page
            self._row_of.update((c.id, number * ARTICLE_PAGE + i + 1) for i, c in enumerate(page))
        position = (row - 1) - number * ARTICLE_PAGE
        return page[position] if position < len(page) else None  # None: deleted since the count

    def row_of(self, article_id: int) -> int:
        """The row of an article; -1 when it is not listed."""
        row = self._row_of.get(article_id)
        if row is not None or self._session_factory is None:
            return -1 if row is None else row
        with self._session_factory() as session:
            position = entity_list.article_position(session, article_id, self._dated)
        return -1 if position is None or position >= self._count else position + 1

    # -- Qt ----------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count + 1

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() <= self._count:
            return None
        choice = self._choice(index.row()) if index.row() else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return ALL_ARTICLES if index.row() == 0 else (choice.title if choice else "")
        if role == Qt.ItemDataRole.UserRole:
            return None if choice is None else choice.id
        if role == Qt.ItemDataRole.ToolTipRole and choice is not None:
            return choice.path
        return None

    def match(self, start: QModelIndex | QPersistentModelIndex, role: int, value: Any,
              hits: int = 1, flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap
              ) -> list[QModelIndex]:
        bits = getattr(flags, "value", flags)
        kind = Qt.MatchFlag(bits & 0x0F)
        wrap = bool(bits & Qt.MatchFlag.MatchWrap.value)
        first = max(start.row(), 0) if start.isValid() else 0
        if role == Qt.ItemDataRole.UserRole and kind == Qt.MatchFlag.MatchExactly:
            row = self.row_of(value) if isinstance(value, int) else (0 if value is None else -1)
            return [self.index(row)] if row >= 0 and (wrap or row >= first) else []
        known = (Qt.MatchFlag.MatchExactly, Qt.MatchFlag.MatchFixedString, Qt.MatchFlag.MatchStartsWith,
                 Qt.MatchFlag.MatchEndsWith, Qt.MatchFlag.MatchContains)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole) or kind not in known:
            return super().match(start, role, value, hits, flags)
        case = bool(bits & Qt.MatchFlag.MatchCaseSensitive.value) or kind == Qt.MatchFlag.MatchExactly
        text = str(value) if case else str(value).casefold()
        test = {Qt.MatchFlag.MatchStartsWith: str.startswith, Qt.MatchFlag.MatchEndsWith: str.endswith,
                Qt.MatchFlag.MatchContains: str.__contains__}.get(kind, str.__eq__)
        wanted = hits if hits > 0 else MAX_MATCHES
        passes = lambda title: test(title if case else title.casefold(), text)  # noqa: E731
        rows = self._matching_rows(passes, kind, str(value), first, None, wanted)
        if wrap and len(rows) < wanted and first > 0:
            rows += self._matching_rows(passes, kind, str(value), 0, first, wanted - len(rows))
        return [self.index(r) for r in rows]

    def _id_at(self, row: int | None) -> int | None:
        choice = self._choice(row) if row is not None and 1 <= row <= self._count else None
        return choice.id if choice is not None else None

    def _matching_rows(self, test: Callable[[str], bool], kind: Qt.MatchFlag, text: str,
                       first: int, stop: int | None, wanted: int) -> list[int]:
        """Rows from `first` (up to `stop`) whose title passes `test`, at most `wanted`, in order."""
        found = [0] if first == 0 and stop != 0 and test(ALL_ARTICLES) else []
        end = self._count + 1 if stop is None else stop
        if self._given is not None:
            found += [r for r in range(max(first, 1), end) if test(self._given[r - 1].title)]
            return found[:wanted]
        if self._session_factory is None or len(found) >= wanted or end <= 1:
            return found[:wanted]
        after, until = self._id_at(first), self._id_at(stop)
        with self._session_factory() as session:
            # The database narrows (LIKE ignores case); `test` decides, in Python, on the few found.
            ids = entity_list.article_matches(session, entity_list.title_like(kind.name, text),
                                              after, min(wanted + 20, MAX_MATCHES), until)
            for article_id in ids:
                title = entity_list.article_choice(session, article_id).title
                if test(title):
                    position = entity_list.article_position(session, article_id, self._dated)
                    if position is not None:
                        found.append(position + 1)
                    if len(found) >= wanted:
                        break
        return found


class ArticleCombo(QComboBox):
    """The source chooser. Its popup lays its rows out in batches between events (one pass over
    135,000 rows would freeze it), so the chosen row is scrolled to once its batch is laid out."""

    SCROLL_TRIES = 100  # every 20 ms: two seconds at most

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tries = 0

    def showPopup(self) -> None:
        super().showPopup()
        self._tries = self.SCROLL_TRIES
        QTimer.singleShot(0, self._scroll_to_current)

    def _scroll_to_current(self) -> None:
        view = self.view()
        index = self.model().index(self.currentIndex(), 0)
        if self._tries <= 0 or not view.isVisible() or not index.isValid():
            return
        self._tries -= 1
        view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        if not view.viewport().rect().intersects(view.visualRect(index)):
            QTimer.singleShot(20, self._scroll_to_current)


class FilterBar(QWidget):
    """Emits `changed` whenever the filters it describes change (search after a short pause)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._entities: list[tuple[int, str]] = []
        self._chips: list[QPushButton] = []

        self.search = QLineEdit(objectName="search")
        self.search.setAccessibleName("Search events")
        self.search.setPlaceholderText("Search events  /")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.setToolTip("Full-text search in event sentences (every word, as a prefix); "
                               "Down moves to the filter chips and options")
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.changed)
        self.search.textChanged.connect(self._debounce.start)
        # Enter applies at once instead of waiting for the pause.
        self.search.returnPressed.connect(self._apply_now)

        self.date_from = DateBound("From")
        self.date_to = DateBound("To")
        self.date_from.changed.connect(self.changed)
        self.date_to.changed.connect(self.changed)

        self.article = ArticleCombo(objectName="articleFilter")
        self.article.setAccessibleName("Source article")
        self.article.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.article.setMinimumContentsLength(22)
        self.article.setToolTip("Only show events from one article")
        self.article_choices = ArticleChoices(self.article)
        self.article.setModel(self.article_choices)
        # Every row the same height, and a plain list popup: otherwise showing the popup calls
        # data() twice per article (100,000 articles: 6 s).
        self.article.view().setUniformItemSizes(True)
        # Laid out in batches between events: one pass over 135,000 rows would freeze the popup.
        self.article.view().setLayoutMode(QListView.LayoutMode.Batched)
        self.article.view().setBatchSize(ARTICLE_PAGE * 4)
        self.article.setStyleSheet("QComboBox#articleFilter { combobox-popup: 0; }")
        self.article.currentIndexChanged.connect(lambda _i: self.changed.emit())

        self.outlet = QComboBox(objectName="outletFilter")
        self.outlet.setAccessibleName("Outlet")
        self.outlet.setToolTip("Only show events reported by one outlet")
        self.outlet.addItem(ALL_OUTLETS, None)
        self.outlet.currentIndexChanged.connect(lambda _i: self.changed.emit())

        self.error = QLabel(objectName="searchError")
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.error.hide()

        # A menu the window fills (saved filter sets); the button opens it, as does Ctrl+Shift+F.
        self.menu = QMenu("Filters", self)
        self.menu_button = QToolButton(objectName="filtersMenuButton", text="Filters")
        self.menu_button.setAccessibleName("Filters menu")
        self.menu_button.setToolTip("Save and recall filter sets (Ctrl+Shift+F)")
        self.menu_button.setMenu(self.menu)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        self.hide_checks: dict[str, QCheckBox] = {}
        for field, label in HIDE_OPTIONS:
            check = QCheckBox(label, objectName=field)
            check.setAccessibleName(label)
            check.toggled.connect(lambda _on: self.changed.emit())
            self.hide_checks[field] = check

        self.types_menu = QMenu("Entity types", self)
        self.types_menu.triggered.connect(lambda _a: self.changed.emit())
        self.types_button = QToolButton(objectName="entityTypes", text="Entity types")
        self.types_button.setAccessibleName("Entity type filter")
        self.types_button.setToolTip("Only show events that mention an entity of the checked types")
        self.types_button.setMenu(self.types_menu)
        self.types_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        self.mode_label = QLabel("Entities:")
        self.mode = QComboBox(objectName="entityMode")
        self.mode.setAccessibleName("Entities to match")
        self.mode.setToolTip("Show events that involve all of the chosen entities, or any of them")
        for value, label in ENTITY_MODES:
            self.mode.addItem(label, value)
        self.mode.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.mode_label.setBuddy(self.mode)

        self.chip_row = QWidget(objectName="filterChips")
        self.chip_row.setAccessibleName("Active filters")
        self.chip_row.setStyleSheet(CHIP_STYLE)
        self._chip_layout = QHBoxLayout(self.chip_row)
        self._chip_layout.setContentsMargins(0, 0, 0, 0)
        self._chip_layout.setSpacing(4)
        self._chip_layout.addStretch(1)
        self.changed.connect(self._refresh_chips)  # first: chips are current when others hear it
        self._build_layout()
        self._refresh_chips()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.search, 3)
        top.addWidget(self.error, 2)
        top.addStretch(1)
        top.addWidget(self.date_from)
        top.addWidget(self.date_to)
        source = QLabel("Source:")
        source.setBuddy(self.article)
        top.addWidget(source)
        top.addWidget(self.article, 2)
        outlet = QLabel("Outlet:")
        outlet.setBuddy(self.outlet)
        top.addWidget(outlet)
        top.addWidget(self.outlet, 1)
        top.addWidget(self.menu_button)
        second = QHBoxLayout()
        second.setSpacing(8)
        second.addWidget(self.chip_row, 1)
        second.addWidget(self.mode_label)
        second.addWidget(self.mode)
        second.addWidget(self.types_button)
        for check in self.hide_checks.values():
            second.addWidget(check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(second)

    # -- state -----------------------------------------------------------------------------
    def filters(self) -> queries.Filters:
        """The filters the bar currently shows (the search text as typed, not yet debounced)."""
        article_id = self.article.currentData()
        outlet = self.outlet.currentData()
        return queries.Filters(
            outlets=(outlet,) if outlet is not None else (),
            query=self.search.text().strip(),
            entity_ids=tuple(i for i, _name in self._entities),
            date_from=self.date_from.value(), date_to=self.date_to.value(),
            article_ids=(article_id,) if article_id is not None else (),
            entity_mode=self.mode.currentData() if len(self._entities) > 1 else "all",
            entity_types=self.checked_types(),
            **{field: check.isChecked() for field, check in self.hide_checks.items()})

    def set_filters(self, filters: queries.Filters, names: dict[int, str]) -> None:
        """Show `filters` (entities named by `names`; unknown ones dropped), emitting once."""
        self._debounce.stop()
        blockers = [QSignalBlocker(w) for w in (self.search, self.article, self.outlet, self.mode,
                                                *self.hide_checks.values())]
        self.search.setText(filters.query)
        self._entities = [(i, names[i]) for i in filters.entity_ids if i in names]
        self.mode.setCurrentIndex(max(self.mode.findData(filters.entity_mode), 0))
        self.date_from.set_value(filters.date_from)
        self.date_to.set_value(filters.date_to)
        position = self._article_row(filters.article_ids[0]) if filters.article_ids else 0
        self.article.setCurrentIndex(max(position, 0))
        position = self.outlet.findData(filters.outlets[0]) if filters.outlets else 0
        self.outlet.setCurrentIndex(max(position, 0))
        for field, check in self.hide_checks.items():
            check.setChecked(getattr(filters, field))
        self._fill_types([a.data() for a in self.types_menu.actions()], filters.entity_types)
        for blocker in blockers:
            blocker.unblock()
        self.show_error("")
        self.changed.emit()

    @property
    def entities(self) -> list[tuple[int, str]]:
        """The entities filtered on, (id, name), in the order they were chosen."""
        return list(self._entities)

    def set_entity(self, entity_id: int, name: str) -> None:
        """Filter on one entity, replacing any other."""
        if self._entities == [(entity_id, name)]:
            return
        self._entities = [(entity_id, name)]
        self.changed.emit()

    def choose_entity(self, entity_id: int, name: str) -> None:
        """An entity picked in a list or the text: with Ctrl held it joins the others."""
        if QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier:
            self.add_entity(entity_id, name)
        else:
            self.set_entity(entity_id, name)

    def add_entity(self, entity_id: int, name: str) -> None:
        """Add an entity to those filtered on (all or any of them, as the mode says)."""
        if entity_id not in (i for i, _n in self._entities):
            self._entities.append((entity_id, name))
            self.changed.emit()

    def remove_entity(self, entity_id: int) -> None:
        kept = [(i, n) for i, n in self._entities if i != entity_id]
        if kept != self._entities:
            self._entities = kept
            self.changed.emit()

    def clear_entity(self) -> None:
        """Drop every entity filter."""
        if self._entities:
            self._entities = []
            self.changed.emit()

    def rename_entities(self, name_of: Callable[[int], str | None]) -> None:
        """After curation: rename the entities filtered on, dropping those gone (name None)."""
        renamed = [(i, name_of(i)) for i, _n in self._entities]
        renamed = [(i, n) for i, n in renamed if n is not None]
        if renamed != self._entities:
            self._entities = renamed
            self.changed.emit()

    def checked_types(self) -> tuple[str, ...]:
        return tuple(a.data() for a in self.types_menu.actions() if a.isChecked())

    def set_entity_types(self, kinds: Sequence[str]) -> None:
        """The types the type filter offers; checked ones stay checked (even if now absent)."""
        self._fill_types(kinds, self.checked_types())

    def _fill_types(self, kinds: Sequence[str], checked: Sequence[str]) -> None:
        self.types_menu.clear()
        for kind in sorted(set(kinds) | set(checked)):
            action = self.types_menu.addAction(type_label(kind))
            action.setData(kind)
            action.setCheckable(True)
            action.setChecked(kind in checked)

    def set_type_checked(self, kind: str, on: bool) -> None:
        for action in self.types_menu.actions():
            if action.data() == kind and action.isChecked() != on:
                action.setChecked(on)
                self.changed.emit()

    def clear(self) -> None:
        """Switch every filter off, emitting `changed` once."""
        self.set_filters(queries.Filters(), {})

    def set_articles(self, articles: Sequence[queries.ArticleRow | entity_list.ArticleChoice]) -> None:
        """Refill the source choice from a list, keeping the chosen article when it is listed."""
        self._keeping_choice(lambda: self.article_choices.set_choices(
            [entity_list.ArticleChoice(a.id, a.title, a.path) for a in articles]))

    def load_articles(self, session_factory: orm.sessionmaker,
                      counts: tuple[int, int] | None = None) -> None:
        """Refill the source choice from the database (read as shown), keeping the chosen one;
        `counts` as ArticleChoices.set_source takes them."""
        self._keeping_choice(lambda: self.article_choices.set_source(session_factory, counts))

    def _keeping_choice(self, refill: Callable[[], None]) -> None:
        chosen = self.article.currentData()
        with QSignalBlocker(self.article):
            refill()
            position = self.article_choices.row_of(chosen) if chosen is not None else 0
            self.article.setCurrentIndex(max(position, 0))
        if chosen is not None and position < 0:
            self.changed.emit()

    def wait_for_articles(self, msecs: int = -1) -> bool:
        """Kept for callers: the list is read as shown, there is nothing to wait for."""
        return True

    def _article_row(self, article_id: int) -> int:
        """The chooser row of an article (-1 when it is not listed)."""
        return self.article_choices.row_of(article_id)

    def set_outlets(self, outlets: Sequence[str]) -> None:
        """Refill the outlet choice, keeping the chosen outlet when it is still named."""
        chosen = self.outlet.currentData()
        with QSignalBlocker(self.outlet):
            self.outlet.clear()
            self.outlet.addItem(ALL_OUTLETS, None)
            for name in outlets:
                self.outlet.addItem(name, name)
            self.outlet.setCurrentIndex(max(self.outlet.findData(chosen) if chosen else 0, 0))
        self.outlet.setEnabled(bool(outlets))

    def show_error(self, message: str) -> None:
        """A search the database cannot run: say why in red, next to the box."""
        self.error.setText(message)
        self.error.setToolTip(message)
        self.error.setVisible(bool(message))

    def _apply_now(self) -> None:
        if self._debounce.isActive():
            self._debounce.stop()
            self.changed.emit()

    # -- chips -----------------------------------------------------------------------------
    def active_chips(self) -> list[Chip]:
        """The removable chips for the filters now in force (hide options have checkboxes)."""
        f = self.filters()
        chips = []
        if f.query:
            chips.append(Chip(f"Text: {f.query}", lambda: self.search.clear() or self._apply_now()))
        for entity_id, name in self._entities:
            chips.append(Chip(f"Entity: {name}", lambda i=entity_id: self.remove_entity(i)))
        for kind in f.entity_types:
            chips.append(Chip(f"Type: {type_label(kind)}",
                              lambda k=kind: self.set_type_checked(k, False)))
        if f.date_from:
            chips.append(Chip(f"From {f.date_from.isoformat()}", lambda: self._drop_bound(self.date_from)))
        if f.date_to:
            chips.append(Chip(f"To {f.date_to.isoformat()}", lambda: self._drop_bound(self.date_to)))
        if f.article_ids:
            chips.append(Chip(f"Source: {self.article.currentText()}",
                              lambda: self.article.setCurrentIndex(0)))
        if f.outlets:
            chips.append(Chip(f"Outlet: {f.outlets[0]}", lambda: self.outlet.setCurrentIndex(0)))
        return chips

    def chip_texts(self) -> list[str]:
        return [chip.text() for chip in self._chips]

    @property
    def chips(self) -> list[QPushButton]:
        return list(self._chips)

    def _drop_bound(self, bound: DateBound) -> None:
        bound.check.setChecked(False)  # emits changed through the bound

    def _refresh_chips(self) -> None:
        focused = next((n for n, chip in enumerate(self._chips) if chip.hasFocus()), None)
        for chip in self._chips:
            chip.hide()
            chip.deleteLater()
        self._chips = []
        previous: QWidget = self.search
        for n, spec in enumerate(self.active_chips()):
            chip = QPushButton(f"{spec.label} ×", objectName="filterChip")
            chip.setAccessibleName(f"Remove filter {spec.label}")
            chip.setToolTip(f"Remove this filter ({spec.label})")
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            chip.setAutoDefault(False)
            chip.clicked.connect(lambda _checked=False, remove=spec.remove: remove())
            self._chip_layout.insertWidget(n, chip)
            chip.show()  # a layout would only show it later, from the event loop
            QWidget.setTabOrder(previous, chip)
            previous = chip
            self._chips.append(chip)
        for widget in (self.mode, self.types_button, *self.hide_checks.values()):
            QWidget.setTabOrder(previous, widget)
            previous = widget
        many = len(self._entities) > 1
        self.mode_label.setVisible(many)
        self.mode.setVisible(many)
        checked = self.checked_types()
        self.types_button.setText("Entity types" + (f": {len(checked)}" if checked else ""))
        if focused is not None:
            # Keep the keyboard in the chip row: the chip now in that place, else the search box.
            if self._chips:
                self._chips[min(focused, len(self._chips) - 1)].setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_controls(self) -> None:
        """Move the keyboard focus to the first chip, else the first filter option."""
        target = self._chips[0] if self._chips else (self.mode if self.mode.isVisible()
                                                     else self.types_button)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
