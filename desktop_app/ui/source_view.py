"""Source pane: the selected event's article with highlights, under a title/date/path header.

A merged event has several sources (one sentence per reporting article); the pane shows one at a
time, the event's own first, and `step_source` moves through them (N / P).
"""
from __future__ import annotations

import collections
import functools
import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont, QHelpEvent, QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QToolTip, QVBoxLayout, QWidget

from desktop_app.core import markup
from desktop_app.db import event_groups, queries
from desktop_app.db import session as db_session
from desktop_app.ui import groove_cache, highlight, label_box, links, source_ahead, source_header
from desktop_app.ui import rendered_article, twin_views
from desktop_app.ui.source_header import date_label, published_label  # noqa: F401 (importers)
from desktop_app.ui.timeline_model import source_line

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

NO_EVENTS_HINT = "No events from this article are on the timeline as filtered."
UNDATED_HINT = (" Its relative dates (underlined) resolve once it has a publication date: "
                "“set date…” above.")
EMPTY_HINT = ("<p style='color:#6b7280'>Select an event in the timeline to read its article "
              "here.</p>")
SET_DATE_LINK = source_header.SET_DATE_LINK
DOCUMENT_MARGIN = 14
# Rendered articles kept: stepping back and forth through nearby events re-renders nothing.
CACHE_SIZE = 24
# Neighbours are prefetched once the shown article is painted; this long after a step when no
# paint comes (the pane hidden or unchanged).
PREFETCH_FALLBACK_MS = 100


class SourcePane(QWidget):
    """Header label over read-only text views (two, taking turns: twin_views); entity links are
    reported, not followed."""

    entity_clicked = Signal(int)
    date_requested = Signal()  # the header's "set date…" link

    def __init__(self, session_factory: orm.sessionmaker, parent=None):
        super().__init__(parent)
        self._session_factory = session_factory
        # The article shown (kept across invalidate), and the articles read, most recent last.
        self._shown: rendered_article.Rendered | None = None
        self._cache: collections.OrderedDict[int, rendered_article.Rendered] = \
            collections.OrderedDict()
        self._retired: list[QTextDocument] = []  # dropped from the cache while still shown
        self.article: queries.ArticleRow | None = None  # shown now (kept across invalidate)
        self.current_event: queries.EventRow | None = None
        self.current_focus = ""  # the highlighted sentence, exactly as in the article
        self.sources: list[event_groups.Source] = []  # the current event's, its own first
        self.source_index = 0
        self._focus_position = 0  # where the focus sentence starts in the document
        self._pending: list[Callable[[], bool]] = []  # slices of prefetch work, most wanted first
        self._generation = 0  # bumped by every new event shown and every prefetch done
        self._posted = -1  # the generation a prefetch call was last posted for
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._prefetch_next)
        # True while idle work would only compete with work that matters more (a filter running
        # in the background, which will move the selection anyway): prefetching then waits.
        self.hold: Callable[[], bool] = lambda: False
        self._ahead: source_ahead.Ahead | None = None  # see `take_ahead`

        self.header = QLabel(objectName="sourceHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.header.linkActivated.connect(self._header_link)
        self.header.setContentsMargins(10, 8, 10, 8)
        self._header_heights = source_header.HeaderHeights(self.header)
        self.step_label = QLabel(objectName="sourceStep")
        self.step_label.setAccessibleName("Source of the event shown")
        self.step_label.setContentsMargins(10, 0, 10, 6)
        self.step_label.setStyleSheet("color:#1d4ed8")
        self.step_label.hide()

        # The article is shown in one view; the next one a step will show is laid out in the
        # other (twin_views), all in the same place.
        self.views = twin_views.TwinViews(self._make_browser)
        for browser in self.views.browsers:
            browser.viewport().installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # New text: no window relayout; a prefetched article's header height is known.
        self._header_box = label_box.LabelBox(self.header,
                                              height_for=self._header_heights.height_for)
        layout.addWidget(self._header_box)
        layout.addWidget(self.step_label)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.views, 1)
        self.clear()

    def _make_browser(self) -> QTextBrowser:
        browser = QTextBrowser(objectName="sourceBrowser")
        browser.setOpenLinks(False)
        browser.setOpenExternalLinks(False)
        browser.setAcceptDrops(False)  # drops go to the window, which imports them
        browser.setFrameShape(QFrame.Shape.NoFrame)
        browser.document().setDocumentMargin(DOCUMENT_MARGIN)
        font = QFont(browser.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) + 1)
        browser.setFont(font)
        browser.anchorClicked.connect(self._anchor_clicked)
        groove_cache.cache_groove(browser.verticalScrollBar())  # repainted at every step
        return browser

    @property
    def browser(self) -> QTextBrowser:
        """The view showing the article now (the twin views swap at a step)."""
        return self.views.current

    def clear(self, hint: str = EMPTY_HINT, title: str = "No event selected") -> None:
        self._shown = None
        self.article = None
        self.current_event = None
        self.current_focus = ""
        self._set_sources([])
        self.header.setText(f"<b>{html.escape(title)}</b>")
        self._show_html(hint)

    def invalidate(self) -> None:
        """Forget the cached articles (text, spans or date may have changed)."""
        self._pending = []  # events read before the change: their rows may be stale
        self._generation += 1
        self._idle.stop()
        self._ahead = None
        while self._cache:
            self._drop(self._cache.popitem(last=False)[1])

    @property
    def current_source(self) -> event_groups.Source | None:
        return self.sources[self.source_index] if self.sources else None

    def take_ahead(self, ahead: source_ahead.Ahead | None) -> None:
        """An article a filter's worker read for the event about to be shown (used once)."""
        self._ahead = ahead

    def show_event(self, event: queries.EventRow) -> None:
        """Show the event's first source: its article, the sentence highlighted and in view."""
        # Neighbours come after this one is painted (see `prefetch`); posted calls for the
        # last event's neighbours are dropped.
        self._idle.stop()
        self._pending = []
        self._generation += 1
        found = []
        if event.sources > 1:  # a single-source event needs no query: it is its own source
            with self._session_factory() as session:
                found = event_groups.sources(session, [event.id])[event.id]
        if not found:  # not grouped yet (or gone since): the event is its own only source
            found = [event_groups.Source(event.id, event.article_id, event.article_title,
                                         event.article_published, event.start, event.end, event.text)]
        self.current_event = event
        self._set_sources(found)
        self.show_source(0)
        self._ahead = None

    def reader(self):
        """For a filter's worker (TimelineModel.request): the coming event's article, read and
        rendered to HTML there (see `take_ahead`); None on one shared connection."""
        return None if db_session.shares_connection(self._session_factory) else source_ahead.read

    def prefetch_around(self, event_at: Callable[[int], queries.EventRow | None], row: int,
                        previous: int) -> None:
        """Prefetch the events either side of list row `row`, the way the selection moves first."""
        # On one shared connection (in-memory SQLite) an idle read could land inside a
        # background op's transaction, and the session's rollback end it.
        if not db_session.shares_connection(self._session_factory):
            ahead = 1 if row >= previous else -1
            self.prefetch([functools.partial(event_at, row + d) for d in (ahead, -ahead)])

    def prefetch(self, events: list[Callable[[], queries.EventRow | None]]) -> None:
        """Render these events' articles (each called for its event, most wanted first) in idle
        time, once the article shown now is painted: the next key step finds them ready."""
        # An article keeps one spare rendering: the most wanted event's, which a later one (the
        # event behind, in the same article) must not replace.
        self._pending = [functools.partial(self._prepare, event_of, n == 0)
                         for n, event_of in enumerate(events)]
        self._idle.start(PREFETCH_FALLBACK_MS)  # in case no paint comes (pane hidden)

    def _post_prefetch(self) -> None:
        """Prefetch in the next turn of the event loop. A zero-time single shot is a posted
        call: posted while painting, it runs after this frame, never ahead of it or in it."""
        if self._pending and self._posted != self._generation:
            self._posted = generation = self._generation
            QTimer.singleShot(0, self, lambda: self._prefetch_next(generation))

    def _prefetch_next(self, generation: int | None = None) -> None:
        """Do one slice of pending work (a few ms: a key pressed meanwhile waits little); a call
        posted before the selection moved on does nothing."""
        if generation is not None and generation != self._generation:
            return
        if self.hold():
            self._idle.start(PREFETCH_FALLBACK_MS)  # again later, if still wanted
            return
        self._idle.stop()
        while self._pending and not self._pending.pop(0)():
            pass
        self._generation += 1  # the next slice gets its own post
        self._post_prefetch()

    def _prepare(self, event_of: Callable[[], queries.EventRow | None],
                 replace_spare: bool = True) -> bool:
        """Read and render an event's article with its sentence in focus, and for the most
        wanted event (`replace_spare`) lay it out off screen; False when there was nothing to
        do. Without `replace_spare`, an article's spare rendering (another event's, wanted more)
        is kept."""
        event = event_of()
        if event is None:
            return False
        try:
            entry, focus = self._entry(event.article_id, touch=False), (event.start, event.end)
        except LookupError:  # deleted since the row was read: nothing to prepare
            return False
        if entry.document is None:
            self._render(entry, focus)
            document = entry.document
        elif entry.focus != focus and (entry.spare is None or entry.spare[0] != focus):
            if entry.spare is not None and not replace_spare:
                return False
            # The same article with another sentence in focus (often the next event's): a
            # second document, so the step swaps documents instead of editing one.
            self._drop_document(entry.spare[1] if entry.spare else None)
            source, document = entry.source, self._new_document()
            document.setHtml(highlight.render_html(source.text, source.spans, focus, entry.layout))
            entry.spare = (focus, document)
        elif replace_spare:  # rendered before: only to be laid out off screen
            return self._stage(entry, focus)
        else:
            return False
        if replace_spare:
            # In the same slice: a key press soon after (the next step) finds it laid out.
            self._stage(entry, focus)
        self._pending.insert(0, functools.partial(self._finish, entry, document))
        return True

    def _finish(self, entry: rendered_article.Rendered, document: QTextDocument) -> bool:
        """Map a prepared document's article offsets and measure its header, unless dropped
        since."""
        if self._cache.get(entry.source.article.id) is not entry or document not in (
                entry.document, entry.spare[1] if entry.spare else None):
            return False
        rendered_article.positions(entry)
        self._header_heights.measure(source_header.header_html(entry.source.article),
                                     self._header_box.width())
        return True

    def _stage(self, entry: rendered_article.Rendered, focus: tuple[int, int]) -> bool:
        """Lay the rendering with `focus` out in the hidden view, scrolled as showing it would
        scroll: the step that shows it then swaps views (twin_views). False when it is shown
        or staged already."""
        document = rendered_article.document_for(entry, focus)
        if self._cache.get(entry.source.article.id) is not entry or document is None:
            return False  # dropped since
        browser = self.views.stage(self._in_font(document))
        if browser is None:  # shown or staged already
            return False
        rendered_article.scroll_to(browser, rendered_article.position_of(entry, focus[0]))
        return True

    def show_source(self, index: int) -> None:
        """Show source `index` of the current event (its article, that sentence highlighted)."""
        source = self.sources[index]
        self.source_index = index
        entry = self._entry(source.article_id)
        if self._shown is not entry:
            self._shown = entry
            self._set_header(entry.source.article)
        self.current_focus = entry.source.text[source.start:source.end]
        self._show_focus(entry, (source.start, source.end))
        self._set_sources(self.sources)
        self.scroll_to_focus()

    def step_source(self, delta: int) -> bool:
        """Show the next (+1) or previous (-1) source; False when there is none that way."""
        index = self.source_index + delta
        if self.current_event is None or not 0 <= index < len(self.sources):
            return False
        self.show_source(index)
        return True

    def _set_sources(self, sources: list[event_groups.Source]) -> None:
        self.sources = sources
        self.source_index = min(self.source_index, max(len(sources) - 1, 0))
        if len(sources) < 2:
            self.step_label.hide()
            return
        source = sources[self.source_index]
        self.step_label.setText(f"Source {self.source_index + 1} of {len(sources)} — "
                                f"{source_line(source)}   (N next, P previous)")
        self.step_label.setToolTip("\n".join(f"{n}. {source_line(s)}"
                                             for n, s in enumerate(sources, 1)))
        self.step_label.show()

    def show_article(self, article_id: int) -> None:
        """Show a whole article with nothing focused: one without (matching) events."""
        entry = self._shown = self._entry(article_id)
        article = entry.source.article
        self._set_header(article)
        self.current_event = None
        self.current_focus = ""
        self._set_sources([])
        note = NO_EVENTS_HINT + (UNDATED_HINT if article.published is None else "")
        self._show_html(f"<p style='color:#6b7280'>{html.escape(note)}</p>"
                        + highlight.render_html(entry.source.text, entry.source.spans,
                                                markup=entry.layout))

    def _layout(self) -> markup.Layout | None:
        """Markdown formatting of the article shown (None for plain text)."""
        return self._shown.layout if self._shown is not None else None

    # -- rendered articles -----------------------------------------------------------------
    def _entry(self, article_id: int, touch: bool = True) -> rendered_article.Rendered:
        """The article from the cache, or read from the database (evicting the oldest);
        `touch` marks it most recently used (prefetching leaves the order alone)."""
        entry = self._cache.get(article_id)
        if entry is not None:
            if touch:
                self._cache.move_to_end(article_id)
            return entry
        ahead = self._ahead
        if ahead is not None and ahead.article_id == article_id:  # read by a filter's worker
            source, layout = ahead.source, ahead.layout
        else:
            with self._session_factory() as session:
                source = queries.article_source(session, article_id)
            layout = source_ahead.layout_of(source)
        entry = self._cache[article_id] = rendered_article.Rendered(source, layout)
        while len(self._cache) > CACHE_SIZE:
            self._drop(self._cache.popitem(last=False)[1])
        return entry

    def _drop(self, entry: rendered_article.Rendered) -> None:
        """Free an evicted article's documents; the one on screen goes once it is replaced."""
        self._drop_document(entry.document)
        self._drop_document(entry.spare[1] if entry.spare else None)

    def _drop_document(self, document: QTextDocument | None) -> None:
        if document is None:
            return
        if self.views.holds(document):
            self._retired.append(document)
        else:
            self.views.release(document)
            document.deleteLater()

    def _show_focus(self, entry: rendered_article.Rendered, focus: tuple[int, int]) -> None:
        """Show the article with `focus` highlighted: rendered once, then only the backgrounds
        of the old and new focus change (no parsing, and layout of those paragraphs only)."""
        if entry.spare is not None and entry.spare[0] == focus and entry.focus != focus:
            # Prefetched with this focus: swap in (the one shown becomes the spare).
            (entry.focus, entry.document), entry.spare = entry.spare, (entry.focus, entry.document)
        if entry.document is None or (entry.focus != focus
                                      and rendered_article.positions(entry) is None):
            self._render(entry, focus)
        elif entry.focus != focus:
            rendered_article.move_focus(entry, focus)
        self._focus_position = rendered_article.position_of(entry, focus[0])
        self._set_document(entry.document)

    def _render(self, entry: rendered_article.Rendered, focus: tuple[int, int]) -> None:
        source, ahead = entry.source, self._ahead
        document = entry.document or self._new_document()
        if ahead is not None and ahead.source is source and ahead.focus == focus:
            document.setHtml(ahead.html)  # made by a filter's worker
        else:
            document.setHtml(highlight.render_html(source.text, source.spans, focus, entry.layout))
        entry.document, entry.focus, entry.checked = document, focus, False

    def _new_document(self) -> QTextDocument:
        document = QTextDocument(self)  # the pane owns it: swapping documents deletes none
        document.setUndoRedoEnabled(False)  # highlight moves are not edits to undo
        document.setDocumentMargin(DOCUMENT_MARGIN)
        document.setDefaultFont(self.browser.font())
        return document

    def _in_font(self, document: QTextDocument) -> QTextDocument:
        """`document` in the views' font (one cached before a font change had the old one)."""
        if document.defaultFont() != self.browser.font():
            document.setDefaultFont(self.browser.font())
        return document

    def _set_document(self, document: QTextDocument) -> None:
        old = self.views.show_document(self._in_font(document))
        if old in self._retired:
            self.views.release(old)
            self._retired.remove(old)
            old.deleteLater()

    def _show_html(self, content: str) -> None:
        """Show HTML that is not a cached article (hints, a whole article without focus)."""
        document = self._new_document()
        document.setHtml(content)
        self._set_document(document)
        self._retired.append(document)  # deleted when the next one replaces it

    def scroll_to_focus(self) -> None:
        """Scroll so the event sentence sits a quarter down the view, its lead-in readable above."""
        if self.current_event is not None:
            rendered_article.scroll_to(self.browser, self._focus_position)

    def _set_header(self, article: queries.ArticleRow) -> None:
        self.article = article
        self.header.setText(source_header.header_html(article))
        self.header.setToolTip(article.path)

    def _header_link(self, link: str) -> None:
        if link == SET_DATE_LINK:
            self.date_requested.emit()

    def link_at(self, offset: int) -> str | None:
        """The address of the Markdown link whose text starts at `offset` in the shown article."""
        found = self._layout()
        marks = found.marks if found is not None else ()
        return next((detail for s, _e, kind, detail in marks if kind == "link" and s == offset), None)

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == highlight.LINK_SCHEME:
            address = self.link_at(int(url.path())) if url.path().isdigit() else None
            if address is not None:
                links.confirm_and_open(self, address)
            return
        if url.scheme() == "entity":
            try:
                self.entity_clicked.emit(int(url.path()))
            except ValueError:
                pass  # a malformed link in the article text is not worth an error

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Paint:
            self._post_prefetch()
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            # Splitter moves and the first show change the height: keep the sentence in view.
            QTimer.singleShot(0, self.scroll_to_focus)
        # QTextBrowser does not show per-character tooltips from the HTML title attribute.
        if watched is self.browser.viewport() and event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event  # PySide delivers the ToolTip event as a QHelpEvent
            cursor = self.browser.cursorForPosition(help_event.pos())
            tip = cursor.charFormat().toolTip()
            if tip:
                QToolTip.showText(help_event.globalPos(), tip, self.browser.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)
