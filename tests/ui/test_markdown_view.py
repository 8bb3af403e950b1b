"""The source pane shows a Markdown article formatted, with highlights on the right characters."""
from __future__ import annotations

import datetime as dt

from desktop_app.db import entity_store, ingest
from tests.factories import make_article
from tests.ui.helpers import open_window

BODY = ("The **Harbour Trust** voted on Tuesday to back [the plan](https://example.org/plan).\n"
        "- Ana Lind will *appeal* next month.")


def test_markdown_article_is_formatted_in_the_source_pane(qtbot, session_factory):
    article, extraction = make_article(
        "Trust backs plan", BODY, dt.date(2026, 3, 4), "note.md",
        [("on Tuesday", "2026-03-03", dt.date(2026, 3, 3), dt.date(2026, 3, 4), "day")],
        [("Harbour Trust", "ORG", "ORG"), ("Ana Lind", "PERSON", "PERSON")])
    with session_factory.begin() as s:
        ingest.store_article(s, article, extraction)
        entity_store.relink(s)
    win = open_window(qtbot, session_factory)
    win.select_row(0)
    shown = win.source.browser.toPlainText()
    assert "The Harbour Trust voted on Tuesday to back the plan." in shown
    assert "• Ana Lind will appeal next month." in shown
    assert "**" not in shown and "](" not in shown
    html = win.source.browser.toHtml()
    assert "font-weight" in html and "entity:" in html  # bold text, and the name still a link
    cursor_text = win.source.current_focus
    assert cursor_text.startswith("The **Harbour Trust** voted")  # offsets index the source
