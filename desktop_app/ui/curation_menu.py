"""Right-click curation menus for an entity: in the entity list and on a mention in the text."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QTextBrowser, QWidget

from desktop_app.core import model
from desktop_app.db import curation, entity_list, queries
from desktop_app.ui.curation_commands import Curator
from desktop_app.ui.entity_model import TYPE_LABELS

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

    from desktop_app.ui.twin_views import TwinViews

SUGGEST_MENTIONS = 50_000  # up to this many mentions the text menu finds merge suggestions too
# Types offered by "Change type"; PRODUCT may or may not be in core's list yet.
TYPES = tuple(dict.fromkeys((*model.ENTITY_TYPES, "PRODUCT")))


def ask_text(parent: QWidget, title: str, label: str, default: str) -> str | None:
    """A line of text from the user, or None (tests replace this)."""
    text, ok = QInputDialog.getText(parent, title, label, text=default)
    return text.strip() if ok and text.strip() else None


def ask_item(parent: QWidget, title: str, label: str, items: Sequence[str]) -> str | None:
    """One of `items` or text typed instead, or None (tests replace this)."""
    item, ok = QInputDialog.getItem(parent, title, label, list(items), 0, True)
    return item.strip() if ok and item.strip() else None


def _label(row: queries.EntityRow) -> str:
    return f"{row.name} ({TYPE_LABELS.get(row.type, row.type)}, {row.mention_count})"


def choose_target(parent: QWidget, name: str, offered: Sequence[queries.EntityRow],
                  search: Callable[[str], Sequence[queries.EntityRow]]) -> queries.EntityRow | None:
    """Ask which entity to merge `name` into: one of `offered`, or typed text taken as the start
    of a name and looked up with `search` (asked again when several match)."""
    prompt = f"Merge “{name}” into (or type the start of a name):"
    rows = list(offered)
    for _ in range(5):  # each round narrows by what was typed; give up rather than loop forever
        labels = {_label(r): r for r in rows}
        chosen = ask_item(parent, "Merge entity", prompt, list(labels))
        if chosen is None:
            return None
        if chosen in labels:
            return labels[chosen]
        rows = list(search(chosen))
        exact = [r for r in rows if r.name.casefold() == chosen.casefold()]
        if len(exact) == 1 or len(rows) == 1:
            return (exact or rows)[0]
        if not rows:
            prompt = f"No entity's name starts with “{chosen}”. Merge “{name}” into:"
            rows = list(offered)
    return None


def add_suggestions(menu: QMenu, curator: Curator,
                    suggestions: Sequence[curation.Suggestion]) -> None:
    """One submenu per suggested merge, with Accept (merge) and Reject (keep apart)."""
    for s in suggestions:
        sub = menu.addMenu(f"Merge “{s.source_name}” into “{s.target_name}”?")
        sub.setObjectName(f"suggestion:{s.source_name}->{s.target_name}")
        sub.setToolTipsVisible(True)
        sub.menuAction().setToolTip(s.reason)
        accept = sub.addAction(f"Accept — {s.reason}")
        accept.setObjectName("accept")
        accept.triggered.connect(lambda _=False, s=s: curator.accept_suggestion(s))
        reject = sub.addAction("Reject: they are different")
        reject.setObjectName("reject")
        reject.triggered.connect(lambda _=False, s=s: curator.reject_suggestion(s))


def entity_menu(parent: QWidget, curator: Curator, details: queries.EntityDetails,
                targets: Callable[[str, Sequence[int]], Sequence[queries.EntityRow]],
                suggestions: Sequence[curation.Suggestion] = ()) -> QMenu:
    """Rename, change type, merge into another, split an alias out, hide or show again;
    accept or reject the merges linking suggests for this entity.

    `targets(prefix, exclude)` gives merge targets: the most mentioned, or those whose name
    starts with `prefix` (a short list from the database, not every entity)."""
    menu = QMenu(parent)
    menu.setObjectName("entityMenu")
    name = details.name
    mine = [s for s in suggestions if details.id in (s.source_id, s.target_id)]
    if mine:
        add_suggestions(menu, curator, mine)
        menu.addSeparator()

    def rename() -> None:
        new = ask_text(parent, "Rename entity", f"New name for “{name}”:", name)
        if new and new != name:
            curator.rename(details.id, new)

    menu.addAction("&Rename…", rename).setObjectName("rename")
    types = menu.addMenu("Change &type")
    types.setObjectName("retype")
    for entity_type in TYPES:
        action = types.addAction(TYPE_LABELS.get(entity_type, entity_type))
        action.setObjectName(f"retype:{entity_type}")
        action.setCheckable(True)
        action.setChecked(entity_type == details.type)
        action.setEnabled(entity_type != details.type)
        action.triggered.connect(lambda _=False, t=entity_type: curator.retype(details.id, t))

    others = targets("", (details.id,))

    def merge() -> None:
        target = choose_target(parent, name, others, lambda p: targets(p, (details.id,)))
        if target is not None:
            curator.merge(details.id, target.id, name, target.name)

    merge_action = menu.addAction("&Merge into…", merge)
    merge_action.setObjectName("merge")
    merge_action.setEnabled(bool(others))
    split = menu.addMenu("&Split alias out")
    split.setObjectName("splitAlias")
    split.setEnabled(len(details.aliases) > 1)
    for alias, count in details.aliases:
        action = split.addAction(f"{alias} ({count})")
        action.setObjectName(f"split:{alias}")
        action.triggered.connect(lambda _=False, a=alias: curator.split_alias(details.id, a))
    menu.addSeparator()
    if details.hidden:
        menu.addAction("Show &again", lambda: curator.unhide(details.id, name)).setObjectName("unhide")
    else:
        menu.addAction("&Hide", lambda: curator.hide(details.id, name)).setObjectName("hide")
    return menu


class SourceCuration(QObject):
    """Right-click on an entity link in the source text: curate that entity or that mention."""

    def __init__(self, views: TwinViews, session_factory: orm.sessionmaker, curator: Curator,
                 current_article: Callable[[], queries.ArticleRow | None],
                 candidates: object = None, parent: QObject | None = None):
        """`candidates` is no longer used: merge targets come from the database as needed."""
        super().__init__(parent)
        self._views, self._session_factory, self.curator = views, session_factory, curator
        self._current_article = current_article
        for browser in views.browsers:  # either may be the one shown
            browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            browser.customContextMenuRequested.connect(self._requested)

    @property
    def browser(self) -> QTextBrowser:
        """The view showing the article, where a right-click can come from."""
        return self._views.current

    def menu_at(self, pos: QPoint) -> QMenu | None:
        """The curation menu for the entity link at viewport position `pos`, if there is one."""
        anchor = self.browser.anchorAt(pos)
        article = self._current_article()
        if not anchor.startswith("entity:") or article is None:
            return None
        try:
            entity_id = int(anchor.split(":", 1)[1])
        except ValueError:
            return None
        with self._session_factory() as session:
            details = entity_list.menu_details(session, entity_id)
            if details is None:
                return None
            text = queries.article_source(session, article.id).text
            # Finding suggestions relinks every mention (minutes on a big database): there, the
            # entity pane's Suggestions button offers them instead.
            small = entity_list.mention_estimate(session) <= SUGGEST_MENTIONS
            found = curation.suggestions(session) if small else []
        # The document is the article text, after a hint paragraph when no event is shown.
        shift = max(self.browser.toPlainText().find(text[:80]), 0) if text else 0
        offset = self.browser.cursorForPosition(pos).position() - shift
        menu = entity_menu(self.browser, self.curator, details, self.merge_targets, found)
        first = menu.actions()[0]
        split = QAction(f"Split this mention of “{details.name}” out", menu)
        split.setObjectName("splitMention")
        menu.insertAction(first, split)
        menu.insertSeparator(first)
        split.triggered.connect(lambda: self.curator.split_mention(article.id, offset, entity_id))
        return menu

    def merge_targets(self, prefix: str, exclude: Sequence[int]) -> list[queries.EntityRow]:
        """Entities and figures to offer as merge targets (see entity_list.merge_targets)."""
        with self._session_factory() as session:
            return entity_list.merge_targets(session, prefix, exclude)

    def _requested(self, pos: QPoint) -> None:
        menu = self.menu_at(pos) or self.browser.createStandardContextMenu(pos)
        menu.exec(self.browser.viewport().mapToGlobal(pos))
        menu.deleteLater()
