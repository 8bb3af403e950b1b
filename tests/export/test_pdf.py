"""The PDF report, read back with pypdf: title block, timeline order, grouping, page numbers."""
from __future__ import annotations

import datetime as dt
import re
import threading

import pytest

from desktop_app.db import ingest, queries
from desktop_app.export import pdf, report_html
from tests import factories

pypdf = pytest.importorskip("pypdf")

STORY_ORDER = factories.STORY_ORDER
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def pages_text(path) -> list[str]:
    """Each page's text with whitespace runs made single spaces (Qt's PDFs extract with tabs)."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def squash(text: str) -> str:
    """Text without any whitespace: pypdf breaks lines at bold runs and wraps, never inside words."""
    return re.sub(r"\s+", "", text)


def positions(haystack: str, needles: list[str]) -> list[int]:
    """Index of each needle in the squashed haystack; fails naming the first one missing."""
    flat = squash(haystack)
    found = []
    for needle in needles:
        index = flat.find(squash(needle))
        assert index >= 0, f"not in the PDF: {needle!r}"
        found.append(index)
    return found


def assert_in_order(haystack: str, needles: list[str]) -> None:
    """Each needle occurs after the previous one (searching on from there)."""
    flat, at = squash(haystack), 0
    for needle in needles:
        found = flat.find(squash(needle), at)
        assert found >= 0, f"not in the PDF after the previous item: {needle!r}"
        at = found + len(squash(needle))


def outline_pages(path) -> dict[str, int]:
    """Top-level outline titles and their 0-based pages."""
    reader = pypdf.PdfReader(path)
    return {item.title: reader.get_destination_page_number(item)
            for item in reader.outline if not isinstance(item, list)}


def section_texts(path, title: str) -> list[str]:
    """The pages of one top-level outline section ("Events", "Sources", ...)."""
    pages = outline_pages(path)
    texts = pages_text(path)
    start = pages[title]
    end = min([p for p in pages.values() if p > start] + [len(texts)])
    return texts[start:end]


def assert_page_numbers(texts: list[str]) -> None:
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


def store_many(session_factory, count: int) -> list[str]:
    """Store one article with `count` day-dated events, one every three days from 2024; returns them."""
    lines, timexes = [], []
    for i in range(count):
        day = dt.date(2024, 1, 2) + dt.timedelta(days=3 * i)
        phrase = f"on {day.day} {MONTHS[day.month - 1]} {day.year}"
        lines.append(f"Filler event number {i} about harbour works was recorded {phrase} by the clerk.")
        timexes.append((phrase, day.isoformat(), day, day + dt.timedelta(days=1), "day"))
    article, extraction = factories.make_article("Harbour works log", "\n".join(lines),
                                                 dt.date(2026, 6, 2), "log.txt", timexes, [])
    with session_factory.begin() as session:
        ingest.store_article(session, article, extraction)
    return lines


@pytest.fixture
def story_pdf(story_db, tmp_path):
    result = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "story.pdf")
    return result, pages_text(result.path)


def test_the_title_block_describes_corpus_filters_and_count(story_pdf):
    result, texts = story_pdf
    first = texts[0]
    assert "Timeline Reader report" in first
    assert "3 articles (1 undated), published 4 Mar 2026 – 12 May 2026" in first
    assert "Filters: none" in first
    assert "7 events" in first
    assert f"generated {report_html.format_day(dt.date.today())}" in first
    assert result.events == 7


def test_every_event_appears_once_in_timeline_order(story_pdf, story_db):
    result, _ = story_pdf
    everything = " ".join(section_texts(result.path, "Events"))
    found = positions(everything, STORY_ORDER)
    assert found == sorted(found)
    with story_db() as session:
        rows = queries.events_by_ids(session, queries.event_ids(session))
    assert [" ".join(r.text.split()) for r in rows] == STORY_ORDER
    for sentence in STORY_ORDER:
        assert squash(everything).count(squash(sentence)) == 1


def test_events_are_grouped_under_years_months_and_their_own_coarser_labels(story_pdf):
    _, texts = story_pdf
    everything = " ".join(texts)
    for label in ("Apr 2025", "Fall 2026", "3 Mar 2026", "Jan 2026", "Jun 2026"):
        assert label in everything
    body = everything.split("generated", 1)[1]  # past the title block's dates
    assert_in_order(body, ["2019", "2019 (whole year)", STORY_ORDER[0], "2021", "2021 (whole year)",
                           STORY_ORDER[1], "2025", "April 2025", "Apr 2025", STORY_ORDER[2], "2026",
                           "January 2026", STORY_ORDER[3], "March 2026", "3 Mar 2026", STORY_ORDER[4],
                           "June 2026", STORY_ORDER[5], "Fall 2026", "Fall 2026", STORY_ORDER[6]])
    # A season is not filed under a month it does not belong to.
    assert "September 2026" not in everything and "November 2026" not in everything


def test_each_event_names_its_source(story_pdf):
    _, texts = story_pdf
    everything = " ".join(texts)
    assert "Council backs harbour plan · 4 Mar 2026 · a.txt" in everything
    assert "Harbour Trust raises funds · 12 May 2026 · b.txt" in everything
    assert "Undated background piece · undated · c.txt" in everything


def test_pages_are_numbered_and_metadata_set(story_pdf):
    result, texts = story_pdf
    assert result.pages == len(texts) >= 1
    assert_page_numbers(texts)
    meta = pypdf.PdfReader(result.path).metadata
    assert meta.title == "Timeline Reader report"
    assert meta.creator == "Timeline Reader"


def test_text_is_real_text_not_images(story_pdf):
    result, _ = story_pdf
    for page in pypdf.PdfReader(result.path).pages:
        assert not list(page.images)


def test_an_entity_filter_keeps_only_its_events_and_says_so(story_db, tmp_path):
    with story_db() as session:
        ana = next(e.id for e in queries.entities(session) if e.name == "Ana Lind")
        filters = queries.Filters(entity_ids=(ana,))
        wanted = [" ".join(r.text.split()) for r in
                  queries.events_by_ids(session, queries.event_ids(session, filters))]
    assert 0 < len(wanted) < len(STORY_ORDER)
    result = pdf.write_pdf(story_db, filters, tmp_path / "ana.pdf", title="Ana Lind dossier")
    texts = pages_text(result.path)
    everything = squash(" ".join(texts))
    assert result.events == len(wanted)
    assert "Ana Lind dossier" in texts[0]
    assert "Filters: involving Ana Lind" in texts[0]
    assert f"{len(wanted)} event" in texts[0]
    found = positions(" ".join(texts), wanted)
    assert found == sorted(found)
    for sentence in STORY_ORDER:
        if sentence not in wanted:
            assert squash(sentence) not in everything
    assert pypdf.PdfReader(result.path).metadata.title == "Ana Lind dossier"


def test_no_matching_events_still_gives_a_report_that_says_so(story_db, tmp_path):
    result = pdf.write_pdf(story_db, queries.Filters(query="zeppelin"), tmp_path / "none.pdf")
    texts = pages_text(result.path)
    # Title page, an empty timeline, an empty list, no sources and no index entries.
    assert (result.pages, result.events) == (5, 0)
    assert "Filters: text contains “zeppelin”" in texts[0]
    assert "No events match these filters." in texts[1] and "No events match these filters." in texts[2]
    assert_page_numbers(texts)


def test_a_long_report_spans_pages_numbered_and_keeps_each_event_whole(story_db, tmp_path):
    filler = store_many(story_db, 300)
    progress: list[tuple[int, int]] = []
    result = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "long.pdf",
                           progress=lambda done, total: progress.append((done, total)))
    assert result.events == 307
    assert_page_numbers(pages_text(result.path))
    texts = section_texts(result.path, "Events")
    assert result.pages > len(texts) >= 5
    found = positions(" ".join(texts), filler)
    assert found == sorted(found)
    # Pagination moves an event that would straddle a page end to the next page.
    for sentence in filler:
        assert sum(squash(sentence) in squash(t) for t in texts) == 1
    # No page ends on a heading or part of an event: each body ends with an event's citation.
    for text in texts:
        assert re.search(r"\] Timeline Reader report \d+ \w+ \d{4} Page \d+ of \d+", text), text[-200:]
    # Running header on every page.
    assert all(t.startswith("Timeline Reader report") or "Timeline Reader report" in t for t in texts)
    # Progress in per cent, from 0 to 100, never going back.
    assert progress[0] == (0, 100) and progress[-1] == (100, 100)
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)


def test_letter_and_a4_page_sizes(story_db, tmp_path):
    a4 = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "a4.pdf")
    letter = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "letter.pdf", page_size="Letter")
    box = pypdf.PdfReader(a4.path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    box = pypdf.PdfReader(letter.path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert_page_numbers(pages_text(letter.path))
    with pytest.raises(ValueError, match="A4 or Letter"):
        pdf.write_pdf(story_db, queries.Filters(), tmp_path / "x.pdf", page_size="A3")


def test_article_text_is_escaped_not_read_as_markup(session_factory, tmp_path):
    body = "The <b>board</b> & staff met on 2 March 2026 to discuss <script>x</script>."
    article, extraction = factories.make_article(
        "Q&A: <draft> notes", body, dt.date(2026, 3, 5), "q&a.txt",
        [("on 2 March 2026", "2026-03-02", dt.date(2026, 3, 2), dt.date(2026, 3, 3), "day")], [])
    with session_factory.begin() as session:
        ingest.store_article(session, article, extraction)
    result = pdf.write_pdf(session_factory, queries.Filters(), tmp_path / "esc.pdf")
    text = " ".join(pages_text(result.path))
    positions(text, [body, "Q&A: <draft> notes", "q&a.txt"])


def test_a_missing_folder_is_reported_and_nothing_is_left_behind(story_db, tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        pdf.write_pdf(story_db, queries.Filters(), tmp_path / "absent" / "r.pdf")
    result = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "r.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]
    assert result.path.read_bytes().startswith(b"%PDF")


def test_write_pdf_runs_in_a_worker_thread(story_db, tmp_path):
    """The window exports in the background, so the whole path must work off the GUI thread."""
    results, errors = [], []

    def work():
        try:
            results.append(pdf.write_pdf(story_db, queries.Filters(), tmp_path / "bg.pdf"))
        except Exception as exc:  # surfaced below with the assertion
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(120)
    assert not errors and results[0].events == 7
    assert_page_numbers(pages_text(results[0].path))
