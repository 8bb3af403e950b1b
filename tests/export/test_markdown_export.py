"""export-markdown: a chronology that Python-Markdown renders back with no raw markup left over,
every citation linking to its source and article text shown literally."""
from __future__ import annotations

import datetime as dt
import html.parser
import re

import markdown

from desktop_app.db import queries
from desktop_app.export import markdown_export
from tests import factories
from tests.export.test_csv_export import add_article

D = dt.date
# Every character that could start Markdown or HTML markup inside a line.
MARKUP = ("Ana Lind wrote *urgent* notes_v2 __now__ [draft #3](x) ![i](y) <b>loud</b> <http://a.b> "
          "&copy; `rm -rf` back\\slash {attr} > quote on Friday.")
GENERATED = D(2026, 6, 30)


class _Text(html.parser.HTMLParser):
    """The rendered page as text and elements: what a reader sees, and where links go."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.blocks: list[tuple[str, str]] = []  # (tag, text) for headings and list items
        self._open: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("h1", "h2", "h3", "li", "p"):
            self._open.append((tag, len(self.parts)))
        if tag in ("h1", "h2", "h3", "li", "p", "br"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _, start = self._open.pop()
            self.blocks.append((tag, "".join(self.parts[start:]).strip()))

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def render(text: str) -> _Text:
    parser = _Text()
    parser.feed(markdown.markdown(text))
    return parser


def export(factory, filters=queries.Filters(), title=None) -> str:
    with factory() as s:
        text, _count, _sources = markdown_export.build(s, filters, title, generated=GENERATED)
    return text


def assert_no_raw_markup(page: _Text) -> None:
    assert "**" not in page.text and "__" not in page.text.replace("__now__", "")
    assert not re.search(r"\[s?\d+\]:", page.text)  # reference definitions all consumed
    assert not re.search(r"\]\[s\d+\]", page.text)  # every reference link resolved
    assert not re.search(r"^\s*#", page.text, re.M)  # every heading became a heading
    assert "<a id" not in page.text


def test_story_renders_as_a_chronology(story_db):
    text = export(story_db)
    page = render(text)
    assert_no_raw_markup(page)
    headings = [(tag, t) for tag, t in page.blocks if tag in ("h1", "h2", "h3")]
    assert headings[0] == ("h1", markdown_export.DEFAULT_TITLE)
    assert ("h2", "2026") in headings and ("h3", "March 2026") in headings
    assert ("h3", "Fall 2026") in headings and ("h2", "Sources") in headings
    assert "Filters: none" in page.text and "7 events · generated 30 Jun 2026" in page.text
    items = [t for tag, t in page.blocks if tag == "li"]
    events = [t for t in items if " — " in t]
    # Chronological, each with its date at its own precision and a citation.
    for sentence, item in zip(factories.STORY_ORDER, events, strict=True):
        assert sentence in item and re.search(r"\[\d+\]$|\[\d+\] \(", item), item
    assert events[4].startswith("3 Mar 2026 — The council voted")
    assert "(planned)" in events[5] and "(reported, attributed to a speaker)" in events[2]
    assert "<strong>Ana Lind</strong>" in markdown.markdown(text)
    assert "Council backs harbour plan · 4 Mar 2026 · a.txt" in page.text
    assert "Undated background piece · undated · c.txt" in page.text


def test_every_citation_links_to_a_numbered_source(story_db):
    page = render(export(story_db))
    cited = [h for h in page.hrefs if h.startswith("#source-")]
    assert cited and {h[1:] for h in cited} <= page.ids
    assert page.ids == {f"source-{n}" for n in range(1, 4)}
    sources = [t for tag, t in page.blocks if tag == "li" and " — " not in t]
    assert len(sources) == 3


def test_article_text_is_escaped_and_renders_literally(story_db):
    add_article(story_db, "Notes *and* [links] <i>", MARKUP,
                [("on Friday", "2026-04-03", D(2026, 4, 3), D(2026, 4, 4), "day")],
                [("Ana Lind", "PERSON", "PERSON")])
    text = export(story_db, queries.Filters(query="urgent"), title="Report #1 *draft* <x>")
    page = render(text)
    assert page.blocks[0] == ("h1", "Report #1 *draft* <x>")
    (item,) = [t for tag, t in page.blocks if tag == "li" and " — " in t]
    assert item.startswith(f"3 Apr 2026 — {MARKUP} [1]")
    assert "Notes *and* [links] <i> · 10 Apr 2026 · odd.txt" in page.text
    (event_html,) = re.findall(r"<li>(.*?urgent.*?)<a href=\"#source-", markdown.markdown(text), re.S)
    assert "<strong>Ana Lind</strong>" in event_html  # names in bold, nothing else marked up
    for tag in ("<em>", "<code>", "<b>", "<img", '<a href="x"', '<a href="http://a.b"'):
        assert tag not in event_html
    assert 'Filters: text contains “urgent”' in page.text


def test_empty_result_says_so(story_db):
    page = render(export(story_db, queries.Filters(query="nothingmatcheshere")))
    assert "No events match these filters." in page.text
    assert "Sources" not in page.text
    assert_no_raw_markup(page)


def test_escape_covers_line_start_and_entities():
    for raw in ("# not a heading", "1. not a list", "> not a quote", "a &amp; b", "x\n- y"):
        page = render(markdown_export.escape(raw, line_start=True))
        assert page.text.strip() == " ".join(raw.split())


def test_write_counts_events_and_sources(story_db, tmp_path):
    result = markdown_export.write(story_db, queries.Filters(), tmp_path / "t.md")
    assert (result.events, result.sources) == (7, 3)
    assert (tmp_path / "t.md").read_text(encoding="utf-8").startswith("# Timeline Reader")
