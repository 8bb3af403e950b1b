"""File > Export: the visible timeline as JSON, CSV, Markdown or TimelineJS, written in the background."""
from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from desktop_app.ui.ops import Op, OpFailure

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

STATUS_MS = 8000


@dataclasses.dataclass(frozen=True)
class Format:
    key: str
    label: str  # menu text, with its accelerator
    name: str  # for status messages and op titles
    file_filter: str
    suffix: str
    default_name: str


FORMATS = (
    Format("json", "&JSON…", "JSON", "JSON files (*.json)", ".json", "timeline.json"),
    Format("csv", "&CSV (spreadsheet)…", "CSV", "CSV files (*.csv)", ".csv", "timeline.csv"),
    Format("markdown", "&Markdown…", "Markdown", "Markdown files (*.md)", ".md", "timeline.md"),
    Format("timelinejs", "&TimelineJS…", "TimelineJS", "TimelineJS JSON (*.json)", ".json",
           "timeline-timelinejs.json"),
)


@dataclasses.dataclass(frozen=True)
class ExportDone:
    """What one finished export wrote."""

    format: str
    path: str
    events: int


def write(key: str, factory, filters, out_path: str,
          progress: Callable[[int, int], None] | None = None) -> ExportDone:
    """Run one export (worker thread); imported lazily so a broken exporter fails only its op."""
    if key == "json":
        from desktop_app.export import json_export

        data = json_export.write(factory, filters, out_path)
        return ExportDone(key, out_path, len(data["events"]))
    if key == "csv":
        from desktop_app.export import csv_export as module
    elif key == "markdown":
        from desktop_app.export import markdown_export as module
    else:
        from desktop_app.export import timelinejs_export as module
    result = module.write(factory, filters, out_path, progress=progress)
    return ExportDone(key, out_path, result.events)


class ExportActions(QObject):
    """The File > Export submenu; each action asks for a file and exports the current filters."""

    finished = Signal(object)  # ExportDone

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.menu = QMenu("E&xport", window)
        self.actions: dict[str, QAction] = {}
        for fmt in FORMATS:
            action = QAction(fmt.label, window)
            action.setStatusTip(f"Export the visible (filtered) timeline as {fmt.name}")
            action.triggered.connect(lambda _checked=False, f=fmt: self.choose(f.key))
            self.menu.addAction(action)
            self.actions[fmt.key] = action
        self._install()

    def _install(self) -> None:
        """Put the submenu in the File menu just above Quit (after any other export)."""
        file_menu = self.window.file_menu
        entries = file_menu.actions()
        quit_at = next((i for i, a in enumerate(entries) if a.text() == "&Quit"), len(entries))
        if quit_at > 0 and entries[quit_at - 1].isSeparator():
            quit_at -= 1  # keep Quit set apart
        before = entries[quit_at] if quit_at < len(entries) else None
        if before is None:
            file_menu.addMenu(self.menu)
        else:
            file_menu.insertMenu(before, self.menu)

    def _set_enabled(self, enabled: bool) -> None:
        for action in self.actions.values():
            action.setEnabled(enabled)

    def choose(self, key: str) -> Op | None:
        """Ask where to save, then export in the background."""
        fmt = next(f for f in FORMATS if f.key == key)
        start = str(pathlib.Path(self.window._last_dir) / fmt.default_name)
        path, _ = QFileDialog.getSaveFileName(self.window, f"Export {fmt.name}", start,
                                              fmt.file_filter)
        if not path:
            return None
        if not path.lower().endswith(fmt.suffix):
            path += fmt.suffix
        self.window._last_dir = str(pathlib.Path(path).parent)
        return self.export(key, path)

    def export(self, key: str, out_path: str) -> Op:
        """Write the timeline as it is filtered now to `out_path`, off the GUI thread."""
        fmt = next(f for f in FORMATS if f.key == key)
        window = self.window
        factory, filters = window.session_factory, window.timeline_model.filters
        status = window.statusBar()

        def work(progress):
            return write(key, factory, filters, out_path,
                         lambda done, total: progress(done, total, ""))

        def done(result: ExportDone) -> None:
            self._set_enabled(True)
            status.showMessage(f"Exported {result.events} event{'s' if result.events != 1 else ''} "
                               f"as {fmt.name} to {out_path}", STATUS_MS)
            self.finished.emit(result)

        def failed(failure: OpFailure) -> None:
            self._set_enabled(True)
            window._op_failed(failure)

        def progress(done_count: int, total: int, _label: str) -> None:
            status.showMessage(f"Exporting {fmt.name}… {done_count} / {total} events")

        # One export at a time: two writing the same file would race on its temporary name.
        self._set_enabled(False)
        status.showMessage(f"Exporting {fmt.name}…")
        return window.run_op(Op(f"Export {fmt.name}", work, on_success=done, on_progress=progress,
                                on_failure=failed, parent=window))
