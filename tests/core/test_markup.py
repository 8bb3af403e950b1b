from __future__ import annotations

import pytest

from desktop_app.core import markup


@pytest.mark.parametrize("source,expected", [
    ("- **Site:** 46 hectares, closed in 2019", "Site: 46 hectares, closed in 2019"),
    ("## The vote on *March 3*", "The vote on March 3"),
    ("1. See [the ruling](https://example.org/r \"title\") of May 29.", "See the ruling of May 29."),
    ("> A quote with `code` and __bold__.", "A quote with code and bold."),
    ("Revenue rose 5 * 3 percent", "Revenue rose 5 * 3 percent"),
    ("snake_case_name stays", "snake_case_name stays"),
    ("***both*** at once", "both at once"),
])
def test_plain(source, expected):
    assert markup.plain(source) == expected


def test_is_markdown():
    assert markup.is_markdown("a/B.MD") and markup.is_markdown("x.markdown")
    assert not markup.is_markdown("x.txt")


# -- layout: formatting Markdown without moving a character ------------------------------------
def visible(text, layout):
    """The text a reader sees: hidden runs replaced, everything else in place."""
    out, pos = [], 0
    for start, end, replacement in layout.hidden:
        out += [text[pos:start], replacement]
        pos = end
    return "".join(out + [text[pos:]])


def marked(text, layout):
    return [(text[s:e], kind, detail) for s, e, kind, detail in layout.marks]


def test_layout_hides_markup_and_keeps_offsets():
    text = "## Ferry strike ends ##\n\nThe **union** voted *late*, see [the notice](https://port.example/n).\n"
    layout = markup.layout(text)
    assert visible(text, layout) == "Ferry strike ends\n\nThe union voted late, see the notice.\n"
    assert marked(text, layout) == [("Ferry strike ends", "h2", ""), ("union", "strong", ""),
                                    ("late", "em", ""), ("the notice", "link", "https://port.example/n")]


def test_layout_lists_quotes_code_and_images():
    text = "- first point\n* second `code`\n> a quoted line\n![harbour map](map.png)\n3. stays numbered\n"
    layout = markup.layout(text)
    assert visible(text, layout) == ("• first point\n• second code\na quoted line\nharbour map\n"
                                     "3. stays numbered\n")
    assert ("code", "code", "") in marked(text, layout)
    assert ("a quoted line", "quote", "") in marked(text, layout)
    assert ("harbour map", "em", "map.png") in marked(text, layout)


def test_layout_leaves_snake_case_skipped_lines_and_plain_text_alone():
    text = "---\ntitle: *not emphasis here*\n---\nsnake_case_name and 2 * 3 * 4 stay.\n"
    front = (0, text.index("snake"))
    layout = markup.layout(text, [front])
    assert layout == markup.Layout()
