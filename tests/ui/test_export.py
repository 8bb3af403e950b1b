"""Ctrl+P: the export dialog (title, page size, orientation, sections, preview), then the
visible (filtered) timeline written to PDF in a background op."""
from __future__ import annotations

import re

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.export import pdf
from desktop_app.ui.export_dialog import ExportDialog
from tests.ui.helpers import timeline_texts, wait_for_op


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path, first: int = 0) -> str:
    """Pages' text (from page `first`) without whitespace: extraction breaks lines at bold names."""
    reader = pypdf.PdfReader(str(path))
    return squeeze("".join(page.extract_text() or "" for page in reader.pages[first:]))


def open_dialog(qtbot, window) -> ExportDialog:
    qtbot.keyClick(window.timeline, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "export_dialog", None), ExportDialog)
                    and window.export_dialog.isVisible(), timeout=5000)
    return window.export_dialog


def fake_save(monkeypatch, target, asked=None):
    def choose(parent, caption, start, filters):
        if asked is not None:
            asked.update(caption=caption, start=start, filters=filters)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))


def export_with_shortcut(qtbot, window, monkeypatch, target, setup=None):
    asked: dict = {}
    fake_save(monkeypatch, target, asked)
    dialog = open_dialog(qtbot, window)
    if setup is not None:
        setup(dialog)
    result = wait_for_op(qtbot, window, window.export_finished, dialog.save_button.click)
    return asked, result


def list_only(dialog: ExportDialog) -> None:
    """Only the event list: the timeline graphic repeats sentences as labels."""
    for name, box in dialog.sections.items():
        box.setChecked(name == "events")


def test_export_pdf_holds_visible_events_in_order(qtbot, window, monkeypatch, tmp_path):
    window.filter_bar.search.setText("portvale")
    qtbot.waitUntil(lambda: window.timeline_model.total == 2, timeout=2000)
    visible = timeline_texts(window)
    target = tmp_path / "out.pdf"
    asked, result = export_with_shortcut(qtbot, window, monkeypatch, target, list_only)
    assert asked["start"].endswith("timeline.pdf")
    assert result.events == 2 and result.pages >= 1
    assert f"{result.pages} page" in window.statusBar().currentMessage()
    text = pdf_text(target)
    positions = [text.find(squeeze(sentence)) for sentence in visible]
    assert all(p >= 0 for p in positions), (visible, text)
    assert positions == sorted(positions)
    assert squeeze("founded in 2019") not in text  # filtered out of the timeline, so not exported


def test_export_unfiltered_keeps_timeline_order(qtbot, window, monkeypatch, tmp_path):
    target = tmp_path / "all.pdf"
    _asked, result = export_with_shortcut(qtbot, window, monkeypatch, target, list_only)
    assert result.events == 7
    text = pdf_text(target)
    positions = [text.find(squeeze(sentence)) for sentence in timeline_texts(window)]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)


def test_the_dialog_options_reach_the_pdf(qtbot, window, monkeypatch, tmp_path):
    target = tmp_path / "letter.pdf"

    def setup(dialog: ExportDialog) -> None:
        dialog.title_edit.setText("Harbour dossier")
        dialog.page_size.setCurrentText("Letter")
        dialog.landscape.setChecked(True)
        dialog.sections["index"].setChecked(False)

    _asked, result = export_with_shortcut(qtbot, window, monkeypatch, target, setup)
    reader = pypdf.PdfReader(str(target))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    assert reader.metadata.title == "Harbour dossier"
    assert "Harbourdossier" in squeeze(reader.pages[0].extract_text())
    titles = [item["/Title"] for item in reader.outline if isinstance(item, dict)]
    assert titles == ["Title page", "Timeline", "Events", "Sources"]
    assert result.pages == len(reader.pages)


def test_no_section_chosen_disables_save_and_preview(qtbot, window):
    dialog = open_dialog(qtbot, window)
    for box in dialog.sections.values():
        box.setChecked(False)
    assert not dialog.save_button.isEnabled() and not dialog.preview_button.isEnabled()
    dialog.sections["sources"].setChecked(True)
    assert dialog.save_button.isEnabled() and dialog.preview_button.isEnabled()
    assert dialog.options().sections == ("sources",)
    dialog.reject()


def test_cancelling_the_file_chooser_writes_nothing(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    dialog = open_dialog(qtbot, window)
    dialog.save_button.click()
    assert dialog.isVisible() and window.export_action.isEnabled()
    assert list(tmp_path.glob("*.pdf")) == []
    dialog.reject()


def test_preview_paints_the_same_report(qtbot, window):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    dialog = open_dialog(qtbot, window)
    dialog.landscape.setChecked(True)
    preview = dialog.make_preview()
    qtbot.addWidget(preview)
    painted = []
    preview.paintRequested.connect(lambda printer: painted.append(printer.pageLayout()))
    preview.show()
    widget = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() >= 5, timeout=30000)
    assert painted and painted[-1].orientation() == pdf.page_layout(dialog.options()).orientation()
    preview.close()
    dialog.reject()


def test_export_failure_reaches_the_message_box(qtbot, window, monkeypatch, tmp_path):
    target = tmp_path / "missing-folder" / "x.pdf"
    fake_save(monkeypatch, target)
    dialog = open_dialog(qtbot, window)
    with qtbot.waitSignal(window.op_failed, timeout=30000) as blocker:
        dialog.save_button.click()
    failure = blocker.args[0]
    assert "Export PDF failed" in failure.message and "does not exist" in failure.message
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "does not exist" in boxes[-1].text()
    assert window.export_action.isEnabled()
