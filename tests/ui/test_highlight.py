"""render_html: escaping, overlapping spans, offsets, focus anchor, exact characters."""
from __future__ import annotations

import re

import pytest

from desktop_app.core import markup
from desktop_app.db.queries import Span
from desktop_app.ui import highlight
from desktop_app.ui.highlight import render_html


def visible_text(fragment: str) -> str:
    """The characters a browser would show: tags dropped, entities and <br> undone."""
    import html

    fragment = fragment.replace("<br>", "\n")
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_all_text_is_escaped():
    text = 'Say <script>alert("x")</script> & <b>bold</b>'
    out = render_html(text, [Span(4, 12, "PERSON", 3, "<img src=x>")], None)
    assert "<script>" not in out and "<b>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    assert visible_text(out) == text


def test_entity_span_is_a_coloured_link_with_tooltip():
    text = "Mayor Ana Lind spoke."
    out = render_html(text, [Span(6, 14, "PERSON", 7, "Ana Lind")], None)
    link = re.search(r'<a href="entity:7" style="([^"]*)">(.*?)</a>', out)
    assert link is not None
    assert "text-decoration: none" in link.group(1)
    assert highlight.ENTITY_COLOURS["PERSON"][1] in link.group(1)
    assert visible_text(link.group(2)) == "Ana Lind"
    assert 'title="Ana Lind (person)' in link.group(2)
    assert highlight.ENTITY_COLOURS["PERSON"][0] in link.group(2)


@pytest.mark.parametrize("kind", ["PERSON", "ORG", "PLACE", "AMOUNT"])
def test_each_kind_has_its_own_tint(kind):
    out = render_html("abc", [Span(0, 3, kind, 1, "x")], None)
    assert highlight.ENTITY_COLOURS[kind][0] in out
    others = [c[0] for k, c in highlight.ENTITY_COLOURS.items() if k != kind]
    assert not any(c in out for c in others)


def test_offsets_select_exact_characters():
    text = "0123456789"
    out = render_html(text, [Span(3, 6, "ORG", 1, "n")], None)
    pieces = re.findall(r'<a href="entity:1"[^>]*>(.*?)</a>', out)
    assert [visible_text(p) for p in pieces] == ["345"]
    assert visible_text(out) == text


def test_overlapping_timex_and_entity_split_at_every_boundary():
    text = "In March 2026 Northline Corp moved."
    #        0123456789012345678901234567890
    spans = [Span(3, 13, "TIMEX", None, "2026-03"), Span(9, 23, "ORG", 5, "Northline")]
    out = render_html(text, spans, None)
    assert visible_text(out) == text
    underlined = [visible_text(m) for m in
                  re.findall(r'<span style="[^"]*underline[^"]*"[^>]*>(.*?)</span>', out)]
    assert underlined == ["March ", "2026"]
    linked = [visible_text(m) for m in re.findall(r'<a href="entity:5"[^>]*>(.*?)</a>', out)]
    assert linked == ["2026", " Northline"]
    # Deterministic: same input, same output.
    assert render_html(text, list(reversed(spans)), None) == out


def test_nested_entities_innermost_wins():
    text = "Port of Harlow Bay"
    spans = [Span(0, 18, "ORG", 1, "Port of Harlow Bay"), Span(8, 18, "PLACE", 2, "Harlow Bay")]
    out = render_html(text, spans, None)
    assert [visible_text(m) for m in re.findall(r'<a href="entity:2"[^>]*>(.*?)</a>', out)] == ["Harlow Bay"]
    assert [visible_text(m) for m in re.findall(r'<a href="entity:1"[^>]*>(.*?)</a>', out)] == ["Port of "]


def test_debris_is_grey():
    text = "Share this\nReal text."
    out = render_html(text, [Span(0, 10, "DEBRIS")], None)
    grey = re.findall(rf'<span style="color: {highlight.DEBRIS_COLOUR};">(.*?)</span>', out)
    assert [visible_text(g) for g in grey] == ["Share this"]


def test_focus_gets_anchor_and_yellow_background():
    text = "First sentence.\nSecond one here.\nThird."
    start = text.index("Second")
    end = start + len("Second one here.")
    out = render_html(text, [Span(start, start + 6, "PERSON", 4, "Second")], (start, end))
    anchor = out.index('<a name="focus"></a>')
    assert visible_text(out[:anchor]) == text[:start]
    focused = re.findall(rf'background-color: {highlight.FOCUS_BACKGROUND};">(.*?)</span>', out)
    assert "".join(visible_text(f) for f in focused) == " one here."
    assert out.count('name="focus"') == 1


def test_newlines_and_spaces_are_preserved():
    text = "a  b\n\n\tc\n"
    out = render_html(text, [], None)
    assert out.count("<br>") == 3
    assert "white-space: pre-wrap" in out
    assert visible_text(out) == text


def test_spans_out_of_range_are_ignored_or_clipped():
    text = "short"
    out = render_html(text, [Span(3, 99, "ORG", 1, "x"), Span(50, 60, "PERSON", 2, "y"),
                             Span(4, 4, "PLACE", 3, "z")], (2, 500))
    assert visible_text(out) == text
    assert "entity:2" not in out and "entity:3" not in out
    assert [visible_text(m) for m in re.findall(r'<a href="entity:1"[^>]*>(.*?)</a>', out)] == ["rt"]


def test_qt_document_keeps_exact_text(qapp):
    from PySide6.QtGui import QTextDocument

    text = "Tab\there, two  spaces,\nnew line & <tag>."
    doc = QTextDocument()
    doc.setHtml(render_html(text, [Span(0, 3, "TIMEX", None, "v")], (5, 9)))
    assert doc.toPlainText().replace("\u2028", "\n") == text


def test_qt_renders_styles_tooltips_and_links(qapp):
    from PySide6.QtGui import QTextCursor, QTextDocument

    text = "In March 2026 Northline Corp moved."
    spans = [Span(3, 13, "TIMEX", None, "2026-03"), Span(9, 23, "ORG", 5, "Northline")]
    doc = QTextDocument()
    doc.setHtml(render_html(text, spans, (0, 20)))

    def fmt(offset):
        cursor = QTextCursor(doc)
        cursor.setPosition(offset + 1)  # the format of the character before the cursor
        return cursor.charFormat()

    march, both, name, after = fmt(5), fmt(11), fmt(17), fmt(25)
    assert march.fontUnderline() and march.toolTip() == "Time: 2026-03" and not march.isAnchor()
    assert both.fontUnderline() and both.anchorHref() == "entity:5"
    assert both.toolTip().startswith("Northline (organisation)")
    assert not name.fontUnderline() and name.anchorHref() == "entity:5"
    assert name.background().color().name() == highlight.ENTITY_COLOURS["ORG"][0]
    assert fmt(1).background().color().name() == highlight.FOCUS_BACKGROUND
    assert after.background().style() == after.background().style().NoBrush


def test_markdown_is_formatted_and_highlights_stay_on_their_characters():
    from desktop_app.core import markup

    text = "# Pier vote\n\nThe **council** met [Ana <Lind>](https://x.example/a) today.\n- next: *appeal*\n"
    name = text.index("Ana <Lind>")
    focus = (text.index("The"), text.index("today.") + 6)
    out = render_html(text, [Span(name, name + 10, "PERSON", 3, "Ana Lind")], focus, markup.layout(text))
    assert visible_text(out) == "Pier vote\n\nThe council met Ana <Lind> today.\n• next: appeal\n"
    assert "**" not in out and "](" not in out and "<Lind>" not in out  # markup gone, text escaped
    # The entity link wraps exactly the name, inside the link formatting, inside the focus.
    assert re.search(r'title="https://x.example/a"><a href="entity:3"[^>]*><span[^>]*>Ana &lt;Lind&gt;</span></a>', out)
    assert '<span style="font-size: x-large; font-weight: bold;">Pier vote</span>' in out
    assert '<span style="font-weight: bold;"><span style="background-color: #fde68a;">council</span></span>' in out
    assert out.index('<a name="focus">') < out.index("The ")


def test_markdown_link_points_at_its_offset_not_its_address():
    from desktop_app.core import markup

    text = "See [the filing](javascript:steal) now."
    out = render_html(text, [], None, markup.layout(text))
    assert re.findall(r'href="([^"]*)"', out) == ["link:5"]  # the source pane asks before opening
    assert visible_text(out) == "See the filing now."


def test_focus_runs_leave_out_entities_and_hidden_markup():
    text = "- Mayor Ana Lind spoke today."
    layout = markup.layout(text)  # "- " is hidden (shown as a bullet)
    spans = [Span(8, 16, "PERSON", 1, "Ana Lind"), Span(23, 28, "TIMEX", None, "d")]
    assert highlight.focus_runs(text, spans, (0, len(text)), layout) == [(2, 8), (16, len(text))]
    assert highlight.focus_runs(text, spans, (9, 12), layout) == []  # inside the entity
    assert highlight.focus_runs(text, [], (3, 99)) == [(3, len(text))]


def test_positions_count_as_the_qt_document_does():
    text = "a\r\nb 😀 c"
    positions = highlight.Positions(text)
    assert positions.shown == "a\nb 😀 c"
    assert [positions(i) for i in (0, 1, 3, 5, 6, 8)] == [0, 1, 2, 4, 6, 8]  # CRLF one, emoji two
    md = "## Head\n- item"
    positions = highlight.Positions(md, markup.layout(md))
    assert positions.shown == "Head\n• item"
    assert positions(3) == 0 and positions(md.index("item")) == len("Head\n• ")
