"""PDF text layers: running heads, page numbers and hyphenation removed; scans and damage rejected."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core import read_pdf, reading
from desktop_app.core.reading import Rejected
from tests.pdf_maker import COUNCIL_PAGES, make_pdf


def test_text_layer_without_furniture_and_hyphens():
    art = read_pdf.read_pdf(make_pdf(COUNCIL_PAGES), "c.pdf")
    assert art.title == "Westbrook council backs new cycle lanes"
    assert (art.published, art.published_how, art.encoding) == (dt.date(2026, 3, 9), "dateline", "pdf")
    assert "Westbrook Weekly" not in art.text and "Page 1" not in art.text
    assert "regional transport grant" in art.text
    # A paragraph running across a line (and a page) break is one line of text.
    assert "early next year." in art.text and "make the school run safer" in art.text


def test_metadata_title_only_when_the_text_opens_with_it():
    assert read_pdf.read_pdf(make_pdf(COUNCIL_PAGES, title="Microsoft Word - draft3.docx"),
                             "c.pdf").title == "Westbrook council backs new cycle lanes"


def test_page_numbers_removed_on_a_single_page():
    pages = [["Harbour fees rise", "", "Harbour fees rise by four per cent in June, the board said.", "- 1 -"]]
    assert "- 1 -" not in read_pdf.read_pdf(make_pdf(pages), "p.pdf").text


def test_reflow_joins_wrapped_lines_and_keeps_short_ones():
    lines = ["Short headline", "x" * 60 + " a long line that wraps into the", "next one and ends here.",
             "A second para-", "graph."]
    assert read_pdf.reflow(lines).split("\n") == [
        "Short headline", "x" * 60 + " a long line that wraps into the next one and ends here.",
        "A second paragraph."]


@pytest.mark.parametrize("data, reason", [
    (make_pdf(COUNCIL_PAGES, scanned=True), "^no text layer \\(scanned\\?\\)$"),
    (make_pdf(COUNCIL_PAGES)[:700], "^malformed PDF: "),
    (b"%PDF-1.4\n" + b"garbage " * 40, "^malformed PDF: "),
    (b"", "^empty file$"),
])
def test_bad_pdfs_are_rejected(tmp_path, data, reason):
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(Rejected, match=reason):
        reading.read_file(path)


def test_pdf_named_otherwise_is_read_by_content(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(make_pdf(COUNCIL_PAGES))
    assert reading.read_file(path).encoding == "pdf"
    text_as_pdf = tmp_path / "note.pdf"
    text_as_pdf.write_text("Just a note, not a PDF.\n")
    with pytest.raises(Rejected, match="no %PDF header"):
        reading.read_file(text_as_pdf)
