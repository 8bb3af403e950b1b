"""File > Export PDF… (Ctrl+P): the report's title, page size, orientation and sections, a
print preview of the same report, and Save, which writes it in the background."""
from __future__ import annotations

import pathlib
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QRadioButton, QVBoxLayout, QWidget)

from desktop_app.db import queries
from desktop_app.export import pdf, report_html
from desktop_app.ui.ops import Op, OpFailure


class ExportDialog(QDialog):
    """Report options; `save_requested(path, options)` fires when the user picks a file."""

    save_requested = Signal(str, object)  # path, pdf.ReportOptions

    def __init__(self, parent: QWidget, session_factory, filters: queries.Filters, start_dir: str,
                 filters_text: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Export PDF report")
        self._factory, self._filters, self._start_dir = session_factory, filters, start_dir
        self.title_edit = QLineEdit(report_html.DEFAULT_TITLE)
        self.title_edit.setAccessibleName("Report title")
        self.page_size = QComboBox()
        self.page_size.addItems(["A4", "Letter"])
        self.portrait, self.landscape = QRadioButton("&Portrait"), QRadioButton("&Landscape")
        self.portrait.setChecked(True)
        orientation = QButtonGroup(self)
        for button in (self.portrait, self.landscape):
            orientation.addButton(button)
        self.sections = {name: QCheckBox(label) for name, label in pdf.SECTION_NAMES.items()}
        for box in self.sections.values():
            box.setChecked(True)
            box.toggled.connect(self._update_buttons)
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("Page &size:", self.page_size)
        row = QHBoxLayout()
        row.addWidget(self.portrait)
        row.addWidget(self.landscape)
        row.addStretch()
        form.addRow("Orientation:", row)
        boxes = QVBoxLayout()
        for box in self.sections.values():
            boxes.addWidget(box)
        form.addRow("Sections:", boxes)
        note = QLabel(f"Filters: {filters_text or 'none'}. The report holds the events the "
                      "timeline shows now.")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = QPushButton("Pre&view…")
        self.save_button = QPushButton("&Save…")
        self.save_button.setDefault(True)
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    def options(self) -> pdf.ReportOptions:
        return pdf.ReportOptions(title=self.title_edit.text(), page_size=self.page_size.currentText(),
                                 landscape=self.landscape.isChecked(),
                                 sections=tuple(n for n, box in self.sections.items() if box.isChecked()))

    def _update_buttons(self) -> None:
        chosen = any(box.isChecked() for box in self.sections.values())
        self.save_button.setEnabled(chosen)
        self.preview_button.setEnabled(chosen)

    def make_preview(self):
        """A print preview painting the same report as Save writes (built on the GUI thread)."""
        # Imported here: print support loads only when a preview is asked for.
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        options = self.options()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(pdf.page_layout(options))
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle("Report preview")

        def paint(device) -> None:
            with self._factory() as session:
                content = report_html.build_report(session, self._filters, options.title)
            pdf.render(content, device, options)

        preview.paintRequested.connect(paint)
        preview._printer = printer  # the dialog does not own it; keep it as long as the dialog
        return preview

    def preview(self) -> None:
        self.make_preview().open()

    def choose_file(self) -> None:
        start = str(pathlib.Path(self._start_dir) / "timeline.pdf")
        path, _ = QFileDialog.getSaveFileName(self, "Export PDF", start, "PDF files (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        options = self.options()
        self.accept()
        self.save_requested.emit(path, options)


def export_op(window, out_path: str, options: pdf.ReportOptions | None,
              done: Callable[[object], None], failed: Callable[[OpFailure], None]) -> Op:
    """The background op writing the timeline as filtered now; progress in the status bar."""
    filters, factory = window.timeline_model.filters, window.session_factory

    def work(progress):
        return pdf.write_pdf(factory, filters, out_path, options=options,
                             progress=lambda done, total: progress(done, total, ""))

    def progress(done: int, total: int, _label: str) -> None:
        window.statusBar().showMessage(f"Exporting PDF… {100 * done // max(total, 1)}%")

    return Op("Export PDF", work, on_success=done, on_progress=progress, on_failure=failed,
              parent=window)


def open_dialog(window) -> ExportDialog:
    """Show the dialog (window-modal, not blocking); Save starts window.export_pdf."""
    with window.session_factory() as session:
        text = queries.describe_filters(session, window.timeline_model.filters)
    dialog = ExportDialog(window, window.session_factory, window.timeline_model.filters,
                          window._last_dir, text)

    def save(path: str, options) -> None:
        window._last_dir = str(pathlib.Path(path).parent)
        window.export_pdf(path, options)

    dialog.save_requested.connect(save)
    dialog.finished.connect(dialog.deleteLater)
    window.export_dialog = dialog
    dialog.open()
    return dialog
