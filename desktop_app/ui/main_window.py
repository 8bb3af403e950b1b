"""Main window: filter bar, timeline, source pane and entities, with import and export ops."""
from __future__ import annotations

import pathlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QLabel, QMainWindow, QMenu, QSplitter, QVBoxLayout,
                               QWidget)

from desktop_app.db import article_queries, change_feed, queries, session as db_session, ui_queries
from desktop_app.ui import (about, after_paint, curation_menu, curation_pane, dialogs,
                            entity_model, event_actions, graph_panel, keys, theme, timeline_model,
                            views)
from desktop_app.ui.curation_commands import Curator
from desktop_app.ui.database_actions import DatabaseActions
from desktop_app.ui.date_actions import DateActions
from desktop_app.ui.export_actions import ExportActions
from desktop_app.ui.filter_bar import FilterBar
from desktop_app.ui.help_dialog import HelpDialog
from desktop_app.ui.import_actions import ImportActions
from desktop_app.ui.ops import Op, OpFailure
from desktop_app.ui.progress import ImportProgress
from desktop_app.ui.source_view import SourcePane
from desktop_app.ui.welcome import WelcomePanel
from desktop_app.ui import filter_flow, filter_sets, navigation, read_only, startup_heap, state

if TYPE_CHECKING:  # sessions come in as a factory; widgets never build SQL
    from sqlalchemy import orm

APP_TITLE = "Timeline Reader"


class MainWindow(QMainWindow):
    """The whole reading workflow over one database (a session factory)."""

    import_finished = Signal(object)  # ingest.ImportReport
    export_finished = Signal(object)  # export.pdf.PdfResult
    date_finished = Signal(object)  # db.article_dates.DateChange (a date set or undone)
    op_failed = Signal(object)  # ops.OpFailure
    curation_changed = Signal(str)  # key of the entity a curation action, undo or redo touched
    missing_removed = Signal(object)  # list of the file paths whose articles were removed
    db_changed = Signal(object)  # change_feed.Change, emitted in the listener's thread (queued here)

    def __init__(self, session_factory: orm.sessionmaker, db_url: str = "sqlite://", parent=None):
        startup_heap.freeze()  # before this window's objects: those can be freed with it
        super().__init__(parent)
        self.session_factory = session_factory
        self.db_url = db_url
        self.article_count = 0
        self.instance_server = None  # database_actions.open_window makes it answer other launches
        self.setWindowTitle(f"{APP_TITLE} — {db_session.database_label(db_url)}")
        self.setAcceptDrops(True)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._ops: set[Op] = set()
        self.imports = ImportActions(self)
        self._total_events = 0
        self._last_dir = str(pathlib.Path.home())
        self._help: HelpDialog | None = None

        self.timeline_model = timeline_model.TimelineModel(session_factory, self)
        self.entity_model = entity_model.EntityModel(session_factory, self)
        self.entity_proxy = entity_model.EntitySortModel(self.entity_model, self)
        self.figure_model = entity_model.FigureModel(session_factory, self)
        self.figure_proxy = entity_model.EntitySortModel(self.figure_model, self)
        self.filter_bar = FilterBar()
        self.filter_bar.search.setAcceptDrops(False)  # a dropped folder imports, wherever it lands
        self.timeline = views.timeline_view(self.timeline_model)
        self.source = SourcePane(session_factory)
        self.source.hold = lambda: self.timeline_model.loading
        self.entities = views.entities_view(self.entity_proxy)
        self.figures = views.figures_view(self.figure_proxy)
        self.curator = Curator(session_factory, self)
        self.entity_pane = curation_pane.EntityPane(self.entities, self.entity_proxy, session_factory,
                                                    self.curator, self.figures, self.figure_proxy)
        self.source_curation = curation_menu.SourceCuration(
            self.source.views, session_factory, self.curator, lambda: self.source.article,
            lambda: [r for r in [*self.entity_model.rows(), *self.figure_model.rows()]
                     if not r.hidden], self)
        self._date_undo_is_latest = False  # Ctrl+Z goes to the newer of date and curation undo
        self.dates = DateActions(session_factory, self, self.statusBar(), lambda: self.source.article,
                                 self.run_op, self._op_failed)
        self._build_layout()
        self._build_status_bar()
        self._build_menus()
        self.welcome = WelcomePanel(self)  # first start and empty databases
        self.centralWidget().layout().insertWidget(1, self.welcome)
        self.help_actions = about.HelpActions(self)  # Help: welcome panel, log folder, About
        self.graph_panel = graph_panel.GraphPanel(self)  # graph and density strip under the list
        self.event_actions = event_actions.EventActions(self)  # sources, merge and split of events
        self.keys = keys.KeyRouter(self.timeline, self.source.views, self.entities,
                                   self.filter_bar.search,
                                   keys.Actions(self.step, self.go_first, self.go_last,
                                                self.focus_search, self.show_help,
                                                self.filter_bar.focus_controls), self,
                                   figures=self.figures, reveal=self.entity_pane.show_tab)
        self.navigation = navigation.Navigation(self)  # Go menu: Alt+J/K, Ctrl+G, Ctrl+1..5
        self.export_formats = ExportActions(self)  # File > Export: JSON, CSV, Markdown, TimelineJS
        saved = filter_sets.DatabaseSettings(state.open_settings(), db_url)
        self.filter_sets = filter_sets.FilterSetMenu(self, filter_sets.FilterSetStore(saved))
        self.window_state = state.WindowState(self, saved, state.persistent(db_url))
        self.themes = theme.ThemeActions(self)  # View > Theme: system, light, dark
        self.read_only_banner = read_only.install(self)  # None unless the database is read-only
        QTimer.singleShot(0, self, self.imports.offer_resume)  # an import cut short by a crash

        self.filter_flow = filter_flow.FilterFlow(self)  # filter bar -> list, graph, source
        self.source.entity_clicked.connect(self.filter_entity)
        self.source.date_requested.connect(self.dates.ask)
        self.dates.changed.connect(self._date_changed)
        self.curator.changed.connect(self._curated)
        self.curator.failed.connect(lambda message: self.statusBar().showMessage(
            message, dialogs.STATUS_TIMEOUT_MS))
        self.curator.stack.indexChanged.connect(self._curation_index_changed)
        self.entities.clicked.connect(self._entity_index_clicked)
        self.entities.activated.connect(self._entity_index_clicked)
        self.figures.clicked.connect(self._figure_index_clicked)
        self.figures.activated.connect(self._figure_index_clicked)
        self.timeline.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.reload()
        self.window_state.restore()  # filters, graph view and selection of the last session
        if self.article_count == 0:
            self.welcome.show_panel(focus=False)
        self.timeline.setFocus()
        self._start_change_feed()

    # -- construction ----------------------------------------------------------------------
    def _build_layout(self) -> None:
        right = self.side_splitter = QSplitter(Qt.Orientation.Vertical, objectName="sideSplitter")
        right.addWidget(self.source)
        right.addWidget(self.entity_pane)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setSizes([520, 280])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.splitter.addWidget(self.timeline)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 11)
        self.splitter.setStretchFactor(1, 9)
        self.splitter.setSizes([770, 630])
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        self.progress = ImportProgress()
        self.progress.cancel_requested.connect(self.cancel_import)
        self.progress.hide()
        self.count_label = QLabel(objectName="eventCount")
        self.count_label.setContentsMargins(6, 0, 6, 0)
        bar = self.statusBar()
        bar.addPermanentWidget(self.dates.undo_button)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.count_label)

    def add_action(self, menu, text: str, shortcut, slot, tip: str = "") -> QAction:
        """A window action with a shortcut and status tip, added to `menu`."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self.file_menu = bar.addMenu("&File")
        self.databases = DatabaseActions(self, file_menu)  # New, Open, Open recent, Reload
        self.import_action = self.add_action(file_menu, "&Import folder…", QKeySequence.StandardKey.Open,
                                          self.choose_import, "Import a folder of .txt/.md articles")
        self.export_action = self.add_action(file_menu, "&Export PDF…", QKeySequence.StandardKey.Print,
                                          self.choose_export, "Export the visible timeline as a PDF")
        file_menu.addSeparator()
        self.add_action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.add_action(edit_menu, "&Undo", QKeySequence.StandardKey.Undo, self.undo,
                                        "Undo the last entity or event change (or date change)")
        self.redo_action = self.add_action(edit_menu, "&Redo", "Ctrl+Shift+Z", self.curator.stack.redo,
                                        "Redo the entity or event change just undone")
        # One Ctrl+Z for the window: the date action keeps its label but the router above decides.
        self.dates.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        article_menu = bar.addMenu("&Article")
        article_menu.addAction(self.dates.set_action)
        article_menu.addAction(self.dates.undo_action)
        view_menu = self.view_menu = bar.addMenu("&View")
        self.clear_action = self.add_action(view_menu, "&Clear filters", Qt.Key.Key_Escape,
                                         self.clear_filters, "Show every event again")
        self.add_action(view_menu, "&Search events", QKeySequence.StandardKey.Find, self.focus_search,
                     "Type to search (also /)")
        help_menu = self.help_menu = bar.addMenu("&Help")
        self.add_action(help_menu, "&Keyboard shortcuts", QKeySequence.StandardKey.HelpContents,
                     self.show_help, "F1 or ?")

    def _start_change_feed(self) -> None:
        """On PostgreSQL, reload when another client commits (LISTEN/NOTIFY, db.change_feed)."""
        self._feed = None
        if change_feed.supported(self.db_url):
            self.db_changed.connect(self._on_db_changed)
            self._feed = change_feed.Listener(self.db_url, self.db_changed.emit).start(timeout=2)

    def _on_db_changed(self, change) -> None:
        if change.own or self.busy:  # our own import or curation reloads by itself
            return
        self.reload()
        self.statusBar().showMessage("The database was changed elsewhere: reloaded",
                                     dialogs.STATUS_TIMEOUT_MS)

    def insert_menu(self, menu: QMenu) -> None:
        """Add a menu of a window part to the menu bar, before Help."""
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read everything from the database (startup and after an import)."""
        self.databases.mark_seen()  # before reading: a write racing the read shows up next time
        self.timeline_model.forget()  # counts kept from earlier filters may be out of date
        with self.session_factory() as session:
            totals = ui_queries.totals(session)
            span = ui_queries.event_date_range(session)
            self.filter_bar.set_entity_types(queries.entity_types(session))
            self.filter_bar.set_outlets(article_queries.outlets(session))
        self._total_events, self.article_count = totals.events, totals.articles
        self.filter_bar.date_from.default, self.filter_bar.date_to.default = span.first, span.last
        if self._total_events > self.timeline_model.background_events:
            after_paint.once(self.timeline.viewport(), self._refresh_lists)  # the timeline first
        else:
            self._refresh_lists()
        # The counts the totals just read: counting the articles again is ~5 ms at 135,000.
        self.filter_bar.load_articles(self.session_factory, (totals.articles, totals.dated))
        self.source.invalidate()
        self.apply_filters()

    def _refresh_lists(self) -> None:
        self.entity_model.refresh()
        self.figure_model.refresh()

    def apply_filters(self) -> None:
        """Run the filter bar's filters (off the GUI thread on a big database); the selected
        event stays selected when it still matches."""
        self.filter_flow.apply()

    def coming_selection(self) -> queries.EventRow | None:
        """The event about to be selected as the list resets to the requested filters' rows."""
        return self.filter_flow.coming_selection()

    def _update_count(self) -> None:
        self.filter_flow.update_count()

    @property
    def total_events(self) -> int:
        """Events in the database, as of the last reload or import step."""
        return self._total_events

    # -- timeline navigation ---------------------------------------------------------------
    def select_row(self, row: int) -> None:
        model = self.timeline_model
        if not 0 <= row < model.rowCount():
            return
        column = max(self.timeline.currentIndex().column(), 0)
        index = model.index(row, column)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.timeline.selectionModel().setCurrentIndex(index, flags)
        self.timeline.scrollTo(index)

    def focus_article(self, article_id: int) -> None:
        """Select the article's first event on the timeline, or show the article on its own."""
        with self.session_factory() as session:
            ids = queries.event_ids(session, queries.Filters(article_ids=(article_id,)))
        row = next((r for r in map(self.timeline_model.row_of, ids) if r >= 0), -1)
        if row >= 0:
            self.select_row(row)
        else:
            self.timeline.selectionModel().clear()
            self.source.show_article(article_id)

    def step(self, delta: int) -> None:
        current = self.timeline.currentIndex()
        self.select_row(max(current.row() + delta if current.isValid() else 0, 0))

    def go_first(self) -> None:
        self.select_row(0)

    def go_last(self) -> None:
        self.select_row(self.timeline_model.rowCount() - 1)

    def _current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        event = self.timeline_model.event_at(current.row()) if current.isValid() else None
        if event is not None:
            self.source.show_event(event)
            self.source.prefetch_around(self.timeline_model.event_at, current.row(), previous.row())

    # -- filters ---------------------------------------------------------------------------
    def listed_name(self, entity_id: int) -> str | None:
        """The entity's or figure's name if either list shows it (None once merged away or hidden)."""
        name = self.entity_model.name_of(entity_id)
        return name if name is not None else self.figure_model.name_of(entity_id)

    def filter_entity(self, entity_id: int) -> None:
        """Filter the timeline on one entity or figure (a figure is an AMOUNT entity)."""
        name = self.listed_name(entity_id)
        if name is None:
            with self.session_factory() as session:
                name = queries.entity_names(session, [entity_id]).get(entity_id, f"#{entity_id}")
        self.filter_bar.choose_entity(entity_id, name)  # with Ctrl: added to the others
        # Mark the filtering entity in its list too (a click in the text would not show it).
        for view, proxy, model in ((self.entities, self.entity_proxy, self.entity_model),
                                   (self.figures, self.figure_proxy, self.figure_model)):
            source_row = model.row_of(entity_id)
            if source_row >= 0:
                index = proxy.mapFromSource(model.index(source_row, 0))
                if index.isValid():
                    self.entity_pane.show_tab(view)
                    view.selectRow(index.row())
                    view.scrollTo(index)

    def _entity_index_clicked(self, index: QModelIndex) -> None:
        row = self.entity_proxy.entity_at(index.row())
        if row is not None:
            self.filter_entity(row.id)

    def _figure_index_clicked(self, index: QModelIndex) -> None:
        row = self.figure_proxy.entity_at(index.row())
        if row is not None:
            self.filter_entity(row.id)

    def clear_filters(self) -> None:
        self.filter_bar.clear()
        self.entities.clearSelection()
        self.figures.clearSelection()
        self.timeline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    def show_help(self) -> None:
        if self._help is None:
            self._help = HelpDialog(self)
        self._help.show()
        self._help.raise_()
        self._help.activateWindow()

    # -- ops -------------------------------------------------------------------------------
    def run_op(self, op: Op) -> Op:
        """Start an op, keeping it alive until it reports back."""
        self._ops.add(op)
        op.finished.connect(lambda: self._ops.discard(op))
        op.finished.connect(op.deleteLater)
        return op.start(self.pool)

    @property
    def busy(self) -> bool:
        return any(op.running for op in self._ops)

    def _op_failed(self, failure: OpFailure) -> None:
        dialogs.show_failure(self, failure)
        self.statusBar().showMessage(failure.message, dialogs.STATUS_TIMEOUT_MS)
        self.op_failed.emit(failure)

    def undo(self) -> None:
        """Ctrl+Z: undo whichever came last, a date change or an entity curation step."""
        stack = self.curator.stack
        if self._date_undo_is_latest and self.dates.undo_action.isEnabled():
            self._date_undo_is_latest = False
            self.dates.undo()
        elif stack.canUndo():
            stack.undo()
        elif self.dates.undo_action.isEnabled():
            self.dates.undo()

    def _curation_index_changed(self, _index: int) -> None:
        self._date_undo_is_latest = False

    def _curated(self, key: str) -> None:
        """After a curation action, undo or redo: re-read, keep filters valid, re-find the entity."""
        self.reload()
        self.filter_bar.rename_entities(self.listed_name)  # merged away or hidden: dropped
        self.entity_pane.select_key(key)
        stack = self.curator.stack
        done = stack.undoText() if stack.canUndo() else "Nothing left to undo"
        self.statusBar().showMessage(f"{done}. Undo: Ctrl+Z · Redo: Ctrl+Shift+Z",
                                     dialogs.STATUS_TIMEOUT_MS)
        self.curation_changed.emit(key)

    def _date_changed(self, change) -> None:
        self.reload()  # timeline, dates, filter bar's article list and source pane
        self.focus_article(change.article_id)
        self._date_undo_is_latest = self.dates.undo_action.isEnabled()
        self.date_finished.emit(change)

    def choose_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import folder of articles", self._last_dir)
        if folder:
            self._last_dir = folder
            self.import_paths([folder])

    def import_paths(self, paths: Iterable[str | pathlib.Path]) -> Op | None:
        """Import files and folders in the background, with progress and cancel."""
        return self.imports.start(paths)

    def cancel_import(self) -> None:
        self.imports.cancel()

    def refresh_events(self, total_events: int) -> None:
        """Re-read the event list while an import adds to it, keeping the selected event."""
        if total_events == self._total_events:
            return
        self._total_events = total_events
        keep = self.source.current_event.id if self.source.current_event else None
        try:
            self.timeline_model.set_filters(self.timeline_model.filters)
        except queries.QueryError:
            return
        row = self.timeline_model.row_of(keep) if keep is not None else -1
        if row >= 0:  # the same event: re-select it quietly, without re-rendering the source pane
            with QSignalBlocker(self.timeline.selectionModel()):
                self.select_row(row)
        elif keep is None and self.timeline_model.rowCount():
            self.select_row(0)
        self._update_count()

    def choose_export(self) -> None:
        from desktop_app.ui import export_dialog  # lazily: pypdf and the report modules (~0.3 s)

        export_dialog.open_dialog(self)  # title, page size, sections, preview; Save exports

    def export_pdf(self, out_path: str, options=None) -> Op:
        """Write the timeline as it is filtered now to a PDF report, in the background."""
        self.export_action.setEnabled(False)
        self.statusBar().showMessage("Exporting PDF…")

        def done(result) -> None:
            self.export_action.setEnabled(True)
            self.statusBar().showMessage(f"Exported {result.events} events on {result.pages} "
                                         f"page(s) to {out_path}", dialogs.STATUS_TIMEOUT_MS)
            self.export_finished.emit(result)

        def failed(failure: OpFailure) -> None:
            self.export_action.setEnabled(True)
            self._op_failed(failure)

        from desktop_app.ui import export_dialog  # lazily: see choose_export

        return self.run_op(export_dialog.export_op(self, out_path, options, done, failed))

    # -- window events ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def closeEvent(self, event) -> None:
        if self.imports.running:
            # Each article is its own transaction, so stopping between articles loses nothing.
            self.imports.cancel()
            self.statusBar().showMessage("Stopping the import…")
        self.pool.waitForDone()  # ops write files and the database; let them finish cleanly
        self.window_state.save()
        if self.window_state.enabled:  # geometry and splitters, for whichever database opens next
            state.save_layout(self)
        if self.instance_server is not None:
            self.instance_server.close()
        if self._feed is not None:
            self._feed.stop()
        super().closeEvent(event)
