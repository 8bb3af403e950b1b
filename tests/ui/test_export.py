"""Ctrl+P: the visible (filtered) timeline written to PDF in a background op."""
from __future__ import annotations

import re

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.helpers import timeline_texts, wait_for_op


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path) -> str:
    """All pages' text without whitespace: PDF extraction breaks lines around styled names."""
    reader = pypdf.PdfReader(str(path))
    return squeeze("".join(page.extract_text() or "" for page in reader.pages))


def export_with_shortcut(qtbot, window, monkeypatch, target):
    asked = {}

    def fake_save(parent, caption, start, filters):
        asked.update(caption=caption, start=start, filters=filters)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    result = wait_for_op(qtbot, window, window.export_finished,
                         lambda: qtbot.keyClick(window.timeline, Qt.Key.Key_P,
                                                Qt.KeyboardModifier.ControlModifier))
    return asked, result


def test_export_pdf_holds_visible_events_in_order(qtbot, window, monkeypatch, tmp_path):
    window.filter_bar.search.setText("portvale")
    qtbot.waitUntil(lambda: window.timeline_model.total == 2, timeout=2000)
    visible = timeline_texts(window)
    target = tmp_path / "out.pdf"
    asked, result = export_with_shortcut(qtbot, window, monkeypatch, target)
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
    _asked, result = export_with_shortcut(qtbot, window, monkeypatch, target)
    assert result.events == 7
    text = pdf_text(target)
    positions = [text.find(squeeze(sentence)) for sentence in timeline_texts(window)]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)


def test_export_failure_reaches_the_message_box(qtbot, window, monkeypatch, tmp_path):
    target = tmp_path / "missing-folder" / "x.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a: (str(target), "PDF files (*.pdf)")))
    with qtbot.waitSignal(window.op_failed, timeout=30000) as blocker:
        window.export_action.trigger()
    failure = blocker.args[0]
    assert "Export PDF failed" in failure.message and "does not exist" in failure.message
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "does not exist" in boxes[-1].text()
    assert window.export_action.isEnabled()
