"""The source pane's rendered-article cache: the focus highlight moves without re-rendering,
looks exactly as when rendered into the HTML, and stale articles are never shown."""
from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from desktop_app.core import markup
from desktop_app.db import queries
from desktop_app.ui import highlight, source_view

TEXT = ("Mayor Ana Lind said on Monday that the bridge would reopen.\n"
        "Northline Corp   bid for the work in March 2026 & <won>.\r\n"
        "Talks 😀 went on until late.\n")
# Pixels are compared without the emoji: its fallback font shifts the line end by several pixels.
PLAIN = TEXT.replace(" 😀", "")
MARKDOWN = "# Bridge talks\n\n- The **mayor** said [the plan](https://x.example) works.\n> Quoted line.\n"


def spans_for(text: str) -> tuple[queries.Span, ...]:
    found = [queries.Span(text.index("Ana Lind"), text.index("Ana Lind") + 8, "PERSON", 7, "Ana Lind")]
    if "Monday" in text:
        found.append(queries.Span(text.index("Monday"), text.index("Monday") + 6, "TIMEX", None, "x"))
    if "Northline" in text:
        found.append(queries.Span(text.index("Northline"), text.index("Northline") + 14, "ORG", 3, "N"))
    return tuple(found)


class FakeDb:
    """Articles by id, counting reads; the pane only sees it through monkeypatched queries."""

    def __init__(self, monkeypatch, articles: dict[int, tuple[str, str]]):
        self.articles, self.reads = articles, []
        monkeypatch.setattr(source_view.queries, "article_source", self.article_source)
        monkeypatch.setattr(source_view.event_groups, "sources", lambda _s, ids: {i: [] for i in ids})

    def article_source(self, _session, article_id: int) -> queries.ArticleSource:
        self.reads.append(article_id)
        text, path = self.articles[article_id]
        row = queries.ArticleRow(article_id, f"Article {article_id}", path, dt.date(2026, 3, 2), "dateline")
        spans = spans_for(text) if "Ana Lind" in text else ()
        return queries.ArticleSource(row, text, spans)

    @staticmethod
    def factory():
        return contextlib.nullcontext()


def event(article_id: int, text: str, sentence: str, event_id: int = 1) -> queries.EventRow:
    start = text.index(sentence)
    day = dt.date(2026, 3, 2)
    return queries.EventRow(event_id, sentence, article_id, "t", "a.txt", day, start, start + len(sentence),
                            "2026-03-02", None, day, day, "day")


def shown_pane(qtbot) -> source_view.SourcePane:
    """A source pane over FakeDb, shown at a fixed size (the `pane` fixture here and elsewhere)."""
    widget = source_view.SourcePane(FakeDb.factory)
    widget.resize(520, 420)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def pane(qtbot):
    return shown_pane(qtbot)


def rendered_focus_image(qtbot, text, spans, focus, layout):
    """The browser's pixels with the focus rendered into the HTML (how the pane used to do it)."""
    other = source_view.SourcePane(FakeDb.factory)
    other.resize(520, 420)
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    other.browser.setHtml(highlight.render_html(text, spans, focus, layout))
    return other.browser.viewport().grab().toImage()


def painted_rows(image, colour: str) -> dict[int, tuple[int, int]]:
    """Per pixel row: the first and last x painted exactly `colour` (RGB32 rows are BGRA)."""
    pixel = bytes(reversed(bytes.fromhex(colour.lstrip("#")))) + b"\xff"
    data, width = image.constBits().tobytes(), image.bytesPerLine()
    rows = {}
    for y in range(image.height()):
        row = data[y * width:(y + 1) * width]
        xs = [x for x in range(0, len(row), 4) if row[x:x + 4] == pixel]
        if xs:
            rows[y] = (xs[0] // 4, xs[-1] // 4)
    return rows


def assert_same_highlight(image, expected, colour: str) -> None:
    """Same rows painted, each from and to the same x give or take a glyph edge (text split into
    other runs is shaped a pixel or two differently)."""
    ours, theirs = painted_rows(image, colour), painted_rows(expected, colour)
    assert ours.keys() == theirs.keys() and ours
    for y, (first, last) in ours.items():
        assert abs(first - theirs[y][0]) <= 3 and abs(last - theirs[y][1]) <= 3, y


@pytest.mark.parametrize("text, path", [(PLAIN, "a.txt"), (MARKDOWN, "a.md")])
def test_the_moved_highlight_looks_exactly_as_the_rendered_one(qtbot, monkeypatch, pane, text, path):
    FakeDb(monkeypatch, {1: (text, path)})
    lines = [line for line in text.replace("\r", "").split("\n") if line]
    pane.show_event(event(1, text, lines[0]))
    for n, line in enumerate(lines[1:], 2):  # each later one only moves the highlight
        pane.show_event(event(1, text, line, n))
        layout = markup.layout(text) if path.endswith(".md") else None
        start = text.index(line)
        expected = rendered_focus_image(qtbot, text, spans_for(text) if "Ana" in text else (),
                                        (start, start + len(line)), layout)
        image = pane.browser.viewport().grab().toImage()
        assert_same_highlight(image, expected, highlight.FOCUS_BACKGROUND)
        if "Ana" in text:  # entity tints stay where they were, over the focus too
            assert_same_highlight(image, expected, highlight.ENTITY_COLOURS["PERSON"][0])
            assert_same_highlight(image, expected, highlight.ENTITY_COLOURS["ORG"][0])


def test_stepping_within_an_article_reads_and_renders_it_once(monkeypatch, pane):
    db = FakeDb(monkeypatch, {1: (TEXT, "a.txt")})
    document = None
    for n, sentence in enumerate(["Mayor Ana Lind", "Northline Corp", "Talks 😀 went"], 1):
        pane.show_event(event(1, TEXT, sentence, n))
        document = document or pane.browser.document()
        assert pane.browser.document() is document
        assert pane.current_focus == sentence
    assert db.reads == [1]
    assert backgrounds(pane, "Talks 😀 went") == {highlight.FOCUS_BACKGROUND}  # UTF-16 counted
    assert backgrounds(pane, " on until") == {NONE}  # the focus ends before
    assert backgrounds(pane, " bid for") == {NONE}  # the old focus is cleared
    assert backgrounds(pane, "Northline Corp") == {highlight.ENTITY_COLOURS["ORG"][0]}


NONE = "#000000"  # QTextCharFormat's background colour when none is set


def backgrounds(pane, found: str) -> set[str]:
    """The background colours of the characters of `found` in the shown document."""
    cursor = pane.browser.document().find(found)
    assert not cursor.isNull()
    colours = set()
    for position in range(cursor.selectionStart() + 1, cursor.selectionEnd() + 1):
        cursor.setPosition(position)  # the format of the character before the position
        colours.add(cursor.charFormat().background().color().name())
    return colours


def test_going_back_to_a_cached_article_swaps_its_document_in(monkeypatch, pane):
    db = FakeDb(monkeypatch, {1: (TEXT, "a.txt"), 2: ("Another story, no people.", "b.txt")})
    pane.show_event(event(1, TEXT, "Talks"))
    first = pane.browser.document()
    pane.show_event(event(2, "Another story, no people.", "Another story", 2))
    assert pane.article.id == 2 and "Another story" in pane.browser.toPlainText()
    pane.show_event(event(1, TEXT, "Northline Corp", 3))
    assert pane.browser.document() is first and pane.article.id == 1
    assert db.reads == [1, 2]


def test_invalidate_reads_the_article_again(monkeypatch, pane):
    db = FakeDb(monkeypatch, {1: (TEXT, "a.txt")})
    pane.show_event(event(1, TEXT, "Talks"))
    db.articles[1] = ("Talks resumed: a changed article.", "a.txt")
    pane.invalidate()
    pane.show_event(event(1, "Talks resumed: a changed article.", "Talks resumed", 2))
    assert db.reads == [1, 1]
    assert pane.browser.toPlainText() == "Talks resumed: a changed article."


def test_the_cache_keeps_only_the_latest_articles(monkeypatch, pane):
    count = source_view.CACHE_SIZE + 3
    db = FakeDb(monkeypatch, {i: (f"Story {i}.", "a.txt") for i in range(1, count + 1)})
    for i in range(1, count + 1):
        pane.show_event(event(i, f"Story {i}.", f"Story {i}", i))
    pane.show_event(event(1, "Story 1.", "Story 1", 1))  # evicted long ago: read again
    assert db.reads == [*range(1, count + 1), 1]
    assert pane.browser.toPlainText() == "Story 1."


def test_text_qt_would_count_differently_falls_back_to_rendering_the_focus(monkeypatch, pane):
    text = "# Head\r\n> quoted\r\nlast line"  # a lone CR inside formatting: Qt adds a break
    FakeDb(monkeypatch, {1: (text, "a.md")})
    pane.show_event(event(1, text, "last line"))
    assert highlight.FOCUS_BACKGROUND in pane.browser.toHtml()
    assert pane.current_focus == "last line"


def test_a_hint_after_an_article_replaces_the_document(monkeypatch, pane):
    FakeDb(monkeypatch, {1: (TEXT, "a.txt")})
    pane.show_event(event(1, TEXT, "Talks"))
    pane.clear()
    assert "Select an event" in pane.browser.toPlainText()
    pane.show_event(event(1, TEXT, "Talks"))
    assert "Mayor Ana Lind" in pane.browser.toPlainText()
