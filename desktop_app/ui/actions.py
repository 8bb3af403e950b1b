"""The key table the KeyRouter binds, and the shortcut sheet generated from it and the window.

The sheet (F1) is built from PANE_KEYS and from the window's own QActions at the moment it is
shown, so a shortcut cannot be bound without being listed, nor listed without being bound.
"""
from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

Key = Qt.Key
PANES = ("timeline", "source", "entities", "figures", "search")
READING_PANES = PANES[:-1]  # printable keys type normally in the search box
MARKER = "<!-- shortcuts -->"


@dataclasses.dataclass(frozen=True)
class PaneKey:
    """A key handled by the KeyRouter inside the panes (not a window-wide QAction)."""

    section: str
    keys: str  # as the sheet shows them
    description: str
    command: str  # a KeyRouter command, see KeyRouter.run
    texts: tuple[str, ...] = ()  # printable characters, honoured in `text_panes`
    qt_keys: tuple[int, ...] = ()  # other keys, honoured in `key_panes`
    text_panes: tuple[str, ...] = ("timeline",)
    key_panes: tuple[str, ...] = ("timeline",)


MOVING = "Moving through the timeline"
PANE_KEYS = (
    PaneKey(MOVING, "j or Down (j also in the source pane)", "Next event", "next", ("j",),
            (Key.Key_Down,), ("timeline", "source")),
    PaneKey(MOVING, "k or Up (k also in the source pane)", "Previous event", "previous", ("k",),
            (Key.Key_Up,), ("timeline", "source")),
    PaneKey(MOVING, "Home", "First event", "first", qt_keys=(Key.Key_Home,)),
    PaneKey(MOVING, "End", "Last event", "last", qt_keys=(Key.Key_End,)),
    PaneKey(MOVING, "Enter", "Move focus into the source pane", "into_source",
            qt_keys=(Key.Key_Return, Key.Key_Enter)),
    PaneKey(MOVING, "Tab", "Next pane: timeline, source, entities, figures, search box "
            "(from the graph: source)", "next_pane", qt_keys=(Key.Key_Tab,), key_panes=PANES),
    PaneKey(MOVING, "Shift+Tab", "Previous pane", "previous_pane", qt_keys=(Key.Key_Backtab,),
            key_panes=PANES),
    PaneKey("Search and filters", "/", "Focus the search box", "search", ("/",),
            text_panes=READING_PANES),
    PaneKey("Search and filters", "Down (in the search box)",
            "Move to the filter chips and options; Tab then moves between them, Space or Enter "
            "removes a chip or toggles an option", "filter_controls", qt_keys=(Key.Key_Down,),
            key_panes=("search",)),
    PaneKey("Help menu", "?", "Show this sheet", "help", ("?",), text_panes=READING_PANES),
)


def pane_key(pane: str, key: int, text: str) -> PaneKey | None:
    """The table entry a key press in `pane` triggers, if any."""
    for entry in PANE_KEYS:
        if (text and text in entry.texts and pane in entry.text_panes) or (
                key in entry.qt_keys and pane in entry.key_panes):
            return entry
    return None


# -- the window's QActions -------------------------------------------------------------------
def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def shortcut_text(action: QAction) -> str:
    """An action's shortcuts as the menus show them ("+ or Ctrl+=")."""
    return " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                       for s in action.shortcuts() if not s.isEmpty())


def bound_actions(window: QWidget) -> list[QAction]:
    """Every QAction of the window with a shortcut and a text (menus first, in menu order)."""
    found: list[QAction] = []

    def walk(actions) -> None:
        for action in actions:
            if action.menu() is not None:
                walk(action.menu().actions())
            elif action not in found:
                found.append(action)

    bar = window.menuBar() if hasattr(window, "menuBar") else None
    if bar is not None:
        walk(bar.actions())
    walk(window.actions())
    walk(window.findChildren(QAction))
    return [a for a in found if shortcut_text(a) and _clean(a.text())]


def _section(action: QAction) -> str:
    """The top-level menu an action is in, else "Other"."""
    for obj in action.associatedObjects():
        menu = obj
        while isinstance(menu, QMenu):
            parent = menu.menuAction().associatedObjects()
            owner = next((p for p in parent if isinstance(p, QMenu)), None)
            if owner is None:
                return _clean(menu.title()) + " menu"
            menu = owner
    return "Other shortcuts"


def action_rows(window: QWidget) -> dict[str, list[tuple[str, str]]]:
    """(keys, description) per section for the window's bound actions."""
    sections: dict[str, list[tuple[str, str]]] = {}
    for action in bound_actions(window):
        description = _clean(action.text())
        tip = action.statusTip().strip()
        if tip and tip.lower() != description.lower():
            description += f" — {tip}"
        if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
            description += " (when its pane has the focus)"
        sections.setdefault(_section(action), []).append((shortcut_text(action), description))
    return sections


def pane_rows() -> dict[str, list[tuple[str, str]]]:
    sections: dict[str, list[tuple[str, str]]] = {}
    for entry in PANE_KEYS:
        sections.setdefault(entry.section, []).append((entry.keys, entry.description))
    return sections


def _table(rows: list[tuple[str, str]]) -> str:
    # Markdown table cells: escape the pipe, and HTML so "<" in a key reads right.
    def cell(text: str) -> str:
        return html.escape(text, quote=False).replace("|", "\\|")

    lines = ["| Key | Action |", "|---|---|"]
    lines += [f"| {cell(keys)} | {cell(what)} |" for keys, what in rows]
    return "\n".join(lines)


def shortcut_markdown(window: QWidget | None) -> str:
    """The sheet's shortcut tables: pane keys, then one table per menu of the window."""
    panes = pane_rows()
    menus = action_rows(window) if window is not None else {}
    # Pane-only sections lead; a pane section named like a menu's joins that menu's table.
    sections = {name: rows for name, rows in panes.items() if name not in menus}
    sections.update({name: panes.get(name, []) + rows for name, rows in menus.items()})
    return "\n\n".join(f"## {name}\n\n{_table(rows)}" for name, rows in sections.items())


def insert_shortcuts(text: str, window: QWidget | None) -> str:
    """Put the generated tables at the page's marker (or after its first heading)."""
    tables = shortcut_markdown(window)
    if MARKER in text:
        return text.replace(MARKER, tables, 1)
    head, _sep, rest = text.partition("\n")
    return f"{head}\n\n{tables}\n\n{rest}"
