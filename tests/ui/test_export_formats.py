"""File > Export: JSON, CSV, Markdown and TimelineJS of the visible (filtered) timeline,
written in a background op, with the file dialog faked."""
from __future__ import annotations

import csv
import json

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.helpers import timeline_texts, wait_for_op


def fake_dialog(monkeypatch, target):
    asked = {}

    def fake_save(parent, caption, start, filters):
        asked.update(caption=caption, start=start, filters=filters)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    return asked


def export(qtbot, window, monkeypatch, key, target):
    asked = fake_dialog(monkeypatch, target)
    actions = window.export_formats
    result = wait_for_op(qtbot, window, actions.finished, actions.actions[key].trigger)
    return asked, result


def file_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")


def test_file_menu_offers_every_format_above_quit(window):
    entries = file_menu(window).actions()
    texts = [a.text() for a in entries]
    at = texts.index("E&xport")
    assert at < texts.index("&Quit")
    submenu = entries[at].menu()
    assert [a.text() for a in submenu.actions()] == ["&JSON…", "&CSV (spreadsheet)…", "&Markdown…",
                                                      "&TimelineJS…"]


@pytest.mark.parametrize("key,name,suffix", [("json", "timeline.json", ".json"),
                                             ("csv", "timeline.csv", ".csv"),
                                             ("markdown", "timeline.md", ".md"),
                                             ("timelinejs", "timeline-timelinejs.json", ".json")])
def test_each_format_exports_the_filtered_timeline(qtbot, window, monkeypatch, tmp_path, key, name,
                                                   suffix):
    window.filter_bar.search.setText("portvale")
    qtbot.waitUntil(lambda: window.timeline_model.total == 2, timeout=2000)
    visible = timeline_texts(window)
    target = tmp_path / "out"  # no suffix: the export adds its own
    asked, result = export(qtbot, window, monkeypatch, key, target)
    assert asked["start"].endswith(name) and suffix[1:] in asked["filters"]
    written = tmp_path / f"out{suffix}"
    assert result.path == str(written) and result.events == 2
    message = window.statusBar().currentMessage()
    assert "Exported 2 events" in message and str(written) in message
    assert all(a.isEnabled() for a in window.export_formats.actions.values())
    raw = written.read_text(encoding="utf-8-sig")
    if key == "csv":
        assert [r["text"] for r in csv.DictReader(raw.splitlines())] == visible
    elif key == "json":
        assert [e["text"] for e in json.loads(raw)["events"]] == visible
    elif key == "timelinejs":
        events = json.loads(raw)["events"]
        assert [e["text"]["headline"].replace("<b>", "").replace("</b>", "") for e in events] == visible
    else:
        assert "text contains “portvale”" in raw and "founded in 2019" not in raw


def test_cancelled_dialog_exports_nothing(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    assert window.export_formats.choose("csv") is None
    assert not window.busy and list(tmp_path.iterdir()) == []


def test_export_failure_reaches_the_failure_handler(qtbot, window, monkeypatch, tmp_path):
    fake_dialog(monkeypatch, tmp_path / "missing-folder" / "x.md")
    with qtbot.waitSignal(window.op_failed, timeout=30000) as blocker:
        window.export_formats.actions["markdown"].trigger()
    failure = blocker.args[0]
    assert "Export Markdown failed" in failure.message
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "Export Markdown failed" in window.statusBar().currentMessage()
    assert all(a.isEnabled() for a in window.export_formats.actions.values())
