"""Reading article files: finding, decoding, metadata and debris on realistic scraped shapes."""
from __future__ import annotations

import datetime as dt
import os
import sys

import pytest

from desktop_app.core import reading
from desktop_app.core.reading import Rejected, content_hash, decode, find_article_files, parse_text
from tests.conftest import shared_path

BODY = (
    "A fishing town in Nova Scotia is asking Ottawa for emergency help after a storm wrecked its "
    "wharf, the mayor said on Tuesday.\n\n"
    "Premier Tim Houston told reporters the province would not comment on the request until "
    "engineers finished their survey in April.\n\n"
    "Shares in the local ferry operator fell 3% after the news, and residents began to share "
    "photos of the damage online.\n"
)

BLOG_SHAPE = (
    "Wednesday, March 11, 2026\n"
    "HomeAtlantic NewsA fishing town is asking Ottawa for help after storm....\n"
    "\n"
    "A fishing town is asking Ottawa for help after a storm. Here is what we know\n"
    "\n" + BODY + "\n"
    "RELATED ARTICLES\n\nLEAVE A REPLY\n\nPlease enter your comment!\nPlease enter your name here\n\n"
    "- Advertisment -\n\nMost Popular\n\nRecent Comments"
)

NEWSPAPER_SHAPE = (
    "Storm-hit town asks Ottawa for help, mayor says\n"
    "The wharf was destroyed in last week's storm, according to officials\n"
    + BODY.replace("\n\n", "\n") +
    "Join our commenting forum\n"
    "Join lively conversations, follow other readers and see their replies\n"
    "Comments\nBookmark popover\nRemoved from bookmarks"
)


def lines_in(text: str, spans) -> list[str]:
    return [text[s:e] for s, e in spans]


def body_sentences(text: str) -> list[tuple[int, int]]:
    return [(text.index(p), text.index(p) + len(p)) for p in BODY.split("\n") if p]


def assert_body_untouched(article):
    for start, end in body_sentences(article.text):
        for d_start, d_end in article.debris + article.meta_spans:
            assert d_end <= start or d_start >= end, article.text[d_start:d_end]


# ------------------------------------------------------------------ metadata and debris

def test_blog_shape_dateline_breadcrumb_and_tail():
    art = parse_text(BLOG_SHAPE, "a.txt")
    assert art.title == "A fishing town is asking Ottawa for help after a storm. Here is what we know"
    assert art.published == dt.date(2026, 3, 11) and art.published_how == "dateline"
    assert lines_in(art.text, art.meta_spans) == ["Wednesday, March 11, 2026"]
    assert lines_in(art.text, art.debris) == [
        "HomeAtlantic NewsA fishing town is asking Ottawa for help after storm....",
        "RELATED ARTICLES", "LEAVE A REPLY", "Please enter your comment!",
        "Please enter your name here", "- Advertisment -", "Most Popular", "Recent Comments"]
    assert_body_untouched(art)
    assert art.text == BLOG_SHAPE


def test_newspaper_shape_has_no_date_and_keeps_headline():
    art = parse_text(NEWSPAPER_SHAPE, "b.txt")
    assert art.title == "Storm-hit town asks Ottawa for help, mayor says"
    assert art.published is None and art.published_how == "none"
    assert art.meta_spans == ()
    assert lines_in(art.text, art.debris)[0] == "Join our commenting forum"
    assert len(art.debris) == 5
    assert_body_untouched(art)


def test_extraction_text_blanks_debris_and_keeps_offsets():
    art = parse_text(BLOG_SHAPE, "a.txt")
    blanked = art.extraction_text()
    assert len(blanked) == len(art.text)
    assert "Advertisment" not in blanked and "March 11, 2026" not in blanked
    assert art.title in blanked  # the headline can name entities, so it stays


def test_crlf_text_is_kept_verbatim():
    text = BLOG_SHAPE.replace("\n", "\r\n")
    art = parse_text(text, "a.txt")
    assert art.text == text
    assert art.published == dt.date(2026, 3, 11)
    assert art.title.endswith("what we know")
    for start, end in art.debris + art.meta_spans:
        assert "\r" not in text[start:end]
    assert art.content_hash == parse_text(BLOG_SHAPE).content_hash


@pytest.mark.parametrize("line, day", [
    ("March 11, 2026", dt.date(2026, 3, 11)),
    ("11 March 2026", dt.date(2026, 3, 11)),
    ("2026-03-11", dt.date(2026, 3, 11)),
    ("Mar. 11, 2026", dt.date(2026, 3, 11)),
    ("Thu 12 March 2026", dt.date(2026, 3, 12)),
    ("Published: Sept. 3, 2025, 10:30 a.m. ET", dt.date(2025, 9, 3)),
])
def test_dateline_forms(line, day):
    art = parse_text(f"Harbour rebuilt after storm\n{line}\n\n{BODY}")
    assert (art.published, art.published_how) == (day, "dateline")
    assert lines_in(art.text, art.meta_spans) == [line]


def test_place_dateline_marks_only_the_date():
    text = "Harbour rebuilt\n\nHALIFAX, March 11, 2026 — The town council voted on Monday to rebuild.\n"
    art = parse_text(text)
    assert art.published == dt.date(2026, 3, 11) and art.published_how == "dateline"
    assert lines_in(text, art.meta_spans) == ["March 11, 2026"]


def test_never_takes_a_date_from_the_body():
    text = "Harbour rebuilt\n\nThe storm hit on March 11, 2026, the council said.\n" + BODY
    art = parse_text(text)
    assert art.published is None and art.published_how == "none" and art.meta_spans == ()
    late = "Harbour rebuilt\n" + BODY.replace("\n\n", "\n") + "\nTimeline\nMarch 11, 2026\n"
    assert parse_text(late).published is None  # a date-only line deep in the body is not a dateline


def test_impossible_date_is_ignored():
    assert parse_text("February 30, 2026\nHarbour rebuilt\n").published is None


def test_markdown_front_matter():
    text = ("---\ntitle: \"Storm-hit town asks for help\"\ndate: 2026-03-11T08:00:00Z\n"
            "source: Harbour Herald\nurl: https://example.org/a\n---\n\n# Another heading\n\n" + BODY)
    art = parse_text(text, "story.md")
    assert art.title == "Storm-hit town asks for help"
    assert (art.published, art.published_how) == (dt.date(2026, 3, 11), "metadata")
    assert art.meta_spans == ((0, text.index("\n---\n") + 4),)
    assert reading.parse_front_matter(text)[0]["source"] == "Harbour Herald"


def test_markdown_heading_title_and_written_date():
    text = "---\npublished: March 11, 2026\n---\n# Storm-hit town asks for help #\n\n" + BODY
    art = parse_text(text, markdown=True)
    assert art.title == "Storm-hit town asks for help"
    assert art.published == dt.date(2026, 3, 11) and art.published_how == "metadata"


def test_markdown_without_front_matter_uses_heading_and_dateline():
    text = "# Storm-hit town asks for help\n\n*March 11, 2026*\n\n" + BODY
    art = parse_text(text, "x.markdown")
    assert art.title == "Storm-hit town asks for help"
    assert art.published_how == "dateline" and lines_in(text, art.meta_spans) == ["*March 11, 2026*"]


def test_unclosed_front_matter_is_text():
    art = parse_text("---\ntitle: x\nStorm-hit town\n", "a.md")
    assert art.meta_spans == () and art.title == "---"


def test_title_falls_back_to_file_name_and_is_bounded():
    assert parse_text("   \n", "/tmp/harbour-storm.txt").title == "harbour-storm"
    long = parse_text(BODY.replace("\n", " "))
    assert len(long.title) <= reading.MAX_TITLE_CHARS + 1 and long.title.endswith("…")


# ------------------------------------------------------------------ hashing

def test_content_hash_ignores_encoding_line_endings_and_edges():
    a = content_hash("Café report\n\nIt rained.\n")
    assert a == content_hash("\n\nCafe\u0301 report  \r\n\r\nIt rained.\t\r\n\r\n")
    assert a == content_hash("Café report\r\rIt rained.")
    assert a != content_hash("Café report\nIt rained.\n")


# ------------------------------------------------------------------ decoding

def test_decode_utf8_and_bom():
    assert decode("Café £5\r\n".encode()) == ("Café £5\r\n", "utf-8")
    assert decode(b"\xef\xbb\xbfCaf\xc3\xa9") == ("Café", "utf-8-sig")


def test_decode_utf16_with_bom():
    text = "“Café” costs £5\r\nand more"
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        data = text.encode(encoding)
        if encoding != "utf-16":
            data = ("\ufeff" + text).encode(encoding)
        assert decode(data)[0] == text


def test_decode_windows_1252_keeps_characters():
    text = "The £5 café said “hello” — it’s fine\r\n"
    assert decode(text.encode("cp1252")) == (text, "cp1252")


def test_decode_latin1_only_when_cp1252_has_undefined_bytes():
    data = "Caf\u00e9 open".encode("latin-1") + b"\x81" + b" and more text here" * 10
    text, encoding = decode(data)
    assert encoding == "latin-1" and text.startswith("Café open\x81")
    with pytest.raises(Rejected, match="cannot decode"):
        decode(b"ok " + b"\x81\x8d\x8f\x90\x9d" * 20)


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n", b"\xef\xbb\xbf", "  \n".encode("utf-16")])
def test_decode_empty(data):
    with pytest.raises(Rejected) as err:
        decode(data)
    assert err.value.reason == "empty file"


@pytest.mark.parametrize("data", [b"PK\x03\x04\x00\x00binary", bytes(range(1, 32)) * 10 + b"text"])
def test_decode_binary(data):
    with pytest.raises(Rejected) as err:
        decode(data)
    assert err.value.reason == "binary file (not text)"


# ------------------------------------------------------------------ files

def test_read_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes((BLOG_SHAPE + "\nThe café charged £5 — “fair”, it’s said.").encode("cp1252"))
    art = reading.read_file(path)
    assert art.encoding == "cp1252" and art.path == str(path)
    assert art.published == dt.date(2026, 3, 11) and "café charged £5 — “fair”, it’s" in art.text


def test_read_file_markdown_by_suffix(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: From front matter\n---\nBody line.\n", encoding="utf-8")
    assert reading.read_file(path).title == "From front matter"


def test_read_file_rejections(tmp_path):
    with pytest.raises(Rejected, match="^cannot read: "):
        reading.read_file(tmp_path / "missing.txt")
    with pytest.raises(Rejected, match="^cannot read: "):
        reading.read_file(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(Rejected, match="^empty file$"):
        reading.read_file(tmp_path / "empty.txt")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_read_file_permission_denied(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("text")
    path.chmod(0)
    try:
        with pytest.raises(Rejected) as err:
            reading.read_file(path)
        assert err.value.reason == "cannot read: Permission denied"
    finally:
        path.chmod(0o644)


def test_find_article_files(tmp_path):
    for rel in ("b.txt", "A.md", "notes.markdown", "image.png", ".hidden.txt", "Thumbs.db",
                "desktop.ini", "sub/z.TXT", "sub/deeper/y.txt", ".git/c.txt", "_site/d.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    direct = tmp_path / "image.png"
    found, problems = find_article_files([tmp_path, direct, tmp_path / "b.txt", tmp_path / "nope"])
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    # A folder's own files come before its subfolders'; duplicates are listed once.
    assert rel == ["A.md", "b.txt", "notes.markdown", "_site/d.md", "sub/z.TXT", "sub/deeper/y.txt",
                   "image.png"]
    assert all(p.is_absolute() for p in found)
    assert problems == [(tmp_path / "nope", "not found")]


def test_find_article_files_is_deterministic(tmp_path):
    for name in ("c.txt", "a.txt", "b.txt"):
        (tmp_path / name).write_text("x")
    assert find_article_files([tmp_path]) == find_article_files([str(tmp_path)])


# ------------------------------------------------------------------ real seed files

@pytest.mark.shared
def test_seed_files_detected():
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    if len(seeds) < 2:
        pytest.skip("../shared not present: fewer than two seed files")
    arts = [reading.read_file(p) for p in seeds[:2]]
    dated, undated = arts if arts[0].published else arts[::-1]
    assert dated.published_how == "dateline" and undated.published_how == "none"
    for art in arts:
        first_body = next(line for line in art.text.splitlines() if len(line) > 200)
        start = art.text.index(first_body)
        assert all(e <= start or s >= start + len(first_body) for s, e in art.debris)
        assert art.title and not art.title.startswith("Home")
        assert art.text.rstrip().endswith(art.text[art.debris[-1][0]:art.debris[-1][1]])
        assert len(art.debris) >= 5
