"""Saved filter sets, per database: storage (plain, testable without widgets) and the Filters menu.

Filters are stored by stable keys, never ids: entities by entity key and articles by path,
since relinking and re-importing give them new ids.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu

from desktop_app.db import queries

if TYPE_CHECKING:
    from sqlalchemy import orm

    from desktop_app.ui.main_window import MainWindow

HIDE_FIELDS = ("hide_publication_dated", "hide_possible", "hide_year_only")
STATUS_MS = 6000


# -- records: Filters by stable keys ----------------------------------------------------------
def to_record(filters: queries.Filters, entity_keys: Mapping[int, str],
              article_paths: Mapping[int, str]) -> dict[str, Any]:
    """A JSON-ready description of `filters`, naming entities by key and articles by path."""
    return {
        "query": filters.query,
        "entities": [entity_keys[i] for i in filters.entity_ids if i in entity_keys],
        "entity_mode": filters.entity_mode,
        "entity_types": list(filters.entity_types),
        "date_from": filters.date_from.isoformat() if filters.date_from else None,
        "date_to": filters.date_to.isoformat() if filters.date_to else None,
        "articles": [article_paths[i] for i in filters.article_ids if i in article_paths],
        "outlets": list(filters.outlets),
        **{field: getattr(filters, field) for field in HIDE_FIELDS},
    }


def from_record(record: Mapping[str, Any], entity_ids: Mapping[str, int],
                article_ids: Mapping[str, int]) -> tuple[queries.Filters, list[str]]:
    """The Filters a record describes now, and what of it no longer exists (entity keys, paths)."""
    missing = [k for k in record.get("entities", ()) if k not in entity_ids]
    missing += [p for p in record.get("articles", ()) if p not in article_ids]
    mode = record.get("entity_mode", "all")
    filters = queries.Filters(
        query=str(record.get("query", "")),
        entity_ids=tuple(entity_ids[k] for k in record.get("entities", ()) if k in entity_ids),
        entity_mode=mode if mode in queries.ENTITY_MODES else "all",
        entity_types=tuple(str(t) for t in record.get("entity_types", ())),
        date_from=_day(record.get("date_from")), date_to=_day(record.get("date_to")),
        article_ids=tuple(article_ids[p] for p in record.get("articles", ()) if p in article_ids),
        outlets=tuple(str(o) for o in record.get("outlets", ())),
        **{field: bool(record.get(field, False)) for field in HIDE_FIELDS})
    return filters, missing


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def filters_to_record(session: orm.Session, filters: queries.Filters) -> dict[str, Any]:
    paths = {a.id: a.path for a in queries.articles(session) if a.id in filters.article_ids}
    return to_record(filters, queries.entity_keys(session, filters.entity_ids), paths)


def record_to_filters(session: orm.Session, record: Mapping[str, Any]
                      ) -> tuple[queries.Filters, dict[int, str], list[str]]:
    """Filters for a stored record, the names of its entities, and what could not be found."""
    ids = queries.entity_ids_by_key(session, record.get("entities", ()))
    paths = {a.path: a.id for a in queries.articles(session)}
    filters, missing = from_record(record, ids, paths)
    return filters, queries.entity_names(session, filters.entity_ids), missing


# -- storage --------------------------------------------------------------------------------
class DatabaseSettings:
    """JSON values kept per database in a QSettings-like object (value, setValue, remove, sync)."""

    def __init__(self, settings, db_url: str):
        self.settings = settings
        # A hash keeps slashes and colons of the URL out of the settings key.
        self.prefix = "databases/" + hashlib.sha1(db_url.encode("utf-8")).hexdigest()[:16]
        self.db_url = db_url

    def load(self, name: str, default: Any = None) -> Any:
        raw = self.settings.value(f"{self.prefix}/{name}")
        if not raw:
            return default
        try:
            return json.loads(str(raw))
        except ValueError:
            return default  # a damaged value is ignored, not fatal

    def store(self, name: str, value: Any) -> None:
        self.settings.setValue(f"{self.prefix}/url", self.db_url)  # for a person reading the file
        self.settings.setValue(f"{self.prefix}/{name}", json.dumps(value, sort_keys=True))
        self.settings.sync()


class FilterSetStore:
    """Named filter records for one database."""

    KEY = "filter_sets"

    def __init__(self, db_settings: DatabaseSettings):
        self.db = db_settings

    def _all(self) -> dict[str, dict]:
        sets = self.db.load(self.KEY, {})
        return sets if isinstance(sets, dict) else {}

    def names(self) -> list[str]:
        return sorted(self._all(), key=str.casefold)

    def get(self, name: str) -> dict | None:
        return self._all().get(name)

    def save(self, name: str, record: dict) -> None:
        sets = self._all()
        sets[name] = record
        self.db.store(self.KEY, sets)

    def delete(self, name: str) -> None:
        sets = self._all()
        if sets.pop(name, None) is not None:
            self.db.store(self.KEY, sets)


# -- the Filters menu -----------------------------------------------------------------------
class FilterSetMenu(QObject):
    """The Filters menu (menu bar and the filter bar's button): save, recall, delete, remove one."""

    def __init__(self, window: MainWindow, store: FilterSetStore):
        super().__init__(window)
        self.window, self.store = window, store
        self.menu: QMenu = window.filter_bar.menu
        self.menu.setTitle("Fi&lters")
        window.insert_menu(self.menu)
        self.save_action = window.add_action(self.menu, "&Save filters as…", "Ctrl+Shift+S",
                                             lambda: self.save_as(), "Keep the current filters under a name")
        self.recall_menu = self.menu.addMenu("&Recall filters")
        self.delete_menu = self.menu.addMenu("&Delete saved filters")
        self.menu.addSeparator()
        self.remove_menu = self.menu.addMenu("Re&move one filter")
        self.remove_menu.aboutToShow.connect(self._fill_remove)
        self.open_action = window.add_action(window.view_menu, "Filters &menu", "Ctrl+Shift+F",
                                             self.open_menu, "Open the Filters menu (saved filter sets)")
        self._fill_saved()

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, STATUS_MS)

    def _fill_saved(self) -> None:
        """Rebuild the recall and delete submenus from the store."""
        for submenu, slot in ((self.recall_menu, self.recall), (self.delete_menu, self.delete)):
            submenu.clear()
            names = self.store.names()
            for name in names:
                # "&" would become a mnemonic: double it so the name shows as typed.
                action = submenu.addAction(name.replace("&", "&&"))
                action.setData(name)
                action.triggered.connect(lambda _c=False, n=name, s=slot: s(n))
            if not names:
                submenu.addAction("(none saved)").setEnabled(False)

    def _fill_remove(self) -> None:
        self.remove_menu.clear()
        chips = self.window.filter_bar.active_chips()
        for chip in chips:
            self.remove_menu.addAction(chip.label.replace("&", "&&")).triggered.connect(
                lambda _c=False, remove=chip.remove: remove())
        if not chips:
            self.remove_menu.addAction("(no filters)").setEnabled(False)

    def open_menu(self) -> None:
        """Pop the menu up under the filter bar's button, first item active, for the keyboard."""
        button = self.window.filter_bar.menu_button
        where = button.mapToGlobal(QPoint(0, button.height())) if button.isVisible() else \
            self.window.mapToGlobal(QPoint(40, 40))
        self.menu.popup(where)
        self.menu.setActiveAction(self.save_action)

    def save_as(self, name: str | None = None) -> bool:
        """Save the filter bar's filters under `name` (asked for when None); False if cancelled."""
        if name is None:
            name, ok = QInputDialog.getText(self.window, "Save filters", "Name for these filters:",
                                            QLineEdit.EchoMode.Normal)
            if not ok:
                return False
        name = name.strip()
        if not name:
            self._status("A saved filter set needs a name.")
            return False
        with self.window.session_factory() as session:
            record = filters_to_record(session, self.window.filter_bar.filters())
        replaced = self.store.get(name) is not None
        self.store.save(name, record)
        self._fill_saved()
        self._status(f"{'Replaced' if replaced else 'Saved'} the filter set “{name}”.")
        return True

    def recall(self, name: str) -> list[str]:
        """Apply a saved set; returns what of it no longer exists (also said in the status bar)."""
        record = self.store.get(name)
        if record is None:
            self._status(f"There is no saved filter set “{name}”.")
            return []
        missing = apply_record(self.window, record)
        if missing:
            self._status(f"Recalled “{name}”; no longer found: {', '.join(missing)}.")
        else:
            self._status(f"Recalled the filter set “{name}”.")
        return missing

    def delete(self, name: str) -> None:
        self.store.delete(name)
        self._fill_saved()
        self._status(f"Deleted the filter set “{name}”.")


def apply_record(window: MainWindow, record: Mapping[str, Any]) -> list[str]:
    """Show a stored filter record in the window's filter bar (one filter run)."""
    with window.session_factory() as session:
        filters, names, missing = record_to_filters(session, record)
    names = {i: window.listed_name(i) or name for i, name in names.items()}
    window.filter_bar.set_filters(filters, names)
    return missing
