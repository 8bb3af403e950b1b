"""The PDF report's acceptance checks, read back with pypdf: title page, dates, citations,
outline, links, index, page numbers, metadata, fonts, and rendered pages that are not blank."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
import sqlalchemy as sa

from desktop_app.db import event_groups, models, queries
from desktop_app.export import pdf, pdf_outline, report_timeline
from tests import factories
from tests.export.test_pdf import (assert_in_order, assert_page_numbers, outline_pages, pages_text,
                                   section_texts, squash, store_many)

pypdf = pytest.importorskip("pypdf")

STORY_ORDER = factories.STORY_ORDER
LABELLED = [("2019", STORY_ORDER[0]), ("2021", STORY_ORDER[1]), ("Apr 2025", STORY_ORDER[2]),
            ("Jan 2026", STORY_ORDER[3]), ("3 Mar 2026", STORY_ORDER[4]), ("Jun 2026", STORY_ORDER[5]),
            ("Fall 2026", STORY_ORDER[6])]


@pytest.fixture
def report(story_db, tmp_path):
    result = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "report.pdf", title="Harbour file")
    return result, pypdf.PdfReader(result.path)


def links(reader) -> list[tuple[int, dict]]:
    """(page index, annotation) for every link annotation."""
    found = []
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot["/Subtype"] == "/Link":
                found.append((number, annot))
    return found


def test_the_title_page_states_corpus_filters_date_and_counts(story_db, tmp_path):
    with story_db() as s:
        (lind,) = queries.entity_ids_by_name(s, "Ana Lind")
    filters = queries.Filters(entity_ids=(lind,), date_from=dt.date(2026, 1, 1), hide_possible=True)
    result = pdf.write_pdf(story_db, filters, tmp_path / "f.pdf", title="Lind in 2026")
    first = pages_text(result.path)[0]
    assert first.startswith("Lind in 2026")
    assert "Filters: involving Ana Lind; dated from 2026-01-01; without planned or possible events" in first
    assert "Corpus: 3 articles (1 undated), published 4 Mar 2026 – 12 May 2026" in first
    assert "Outlets: none recorded" in first
    assert f"Generated: {dt.date.today().day} " in first
    assert f"Contents: {result.events} event" in first and "1 entity" in first and "1 source cited" in first


def test_outlets_are_named_on_the_title_page(story_db, tmp_path):
    with story_db.begin() as s:
        s.execute(sa.update(models.Article).where(models.Article.path.like("%a.txt"))
                  .values(outlet="Harbour Gazette"))
    text = pages_text(pdf.write_pdf(story_db, queries.Filters(), tmp_path / "o.pdf").path)[0]
    assert "Outlets: 1 outlet: Harbour Gazette" in text


def test_events_are_chronological_with_their_precise_dates_and_flags(report):
    result, _ = report
    text = " ".join(section_texts(result.path, "Events"))
    assert_in_order(text, [part for label, sentence in LABELLED for part in (label, sentence)])
    assert "Apr 2025 · reported, attributed to a speaker" in text
    assert "Jun 2026 · planned" in text


def test_a_date_resolved_against_an_inferred_publication_date_says_so(story_db, tmp_path):
    with story_db.begin() as s:
        s.execute(sa.update(models.Article).where(models.Article.path.like("%a.txt"))
                  .values(published_how="inferred"))
    result = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "i.pdf")
    events = " ".join(section_texts(result.path, "Events"))
    assert "3 Mar 2026 (inferred)" in events and "Fall 2026 (inferred)" in events
    assert "Jan 2026 (inferred)" not in events  # from b.txt, whose date is its dateline
    assert "4 Mar 2026 (inferred)" in " ".join(section_texts(result.path, "Sources"))


def test_every_citation_resolves_to_its_source_entry(report):
    result, reader = report
    destinations = reader.named_destinations
    sources = section_texts(result.path, "Sources")
    first_source_page = outline_pages(result.path)["Sources"]
    cited = set()
    for page, annot in links(reader):
        name = str(annot["/Dest"])
        if name.startswith("src-"):
            number = int(name[4:])
            cited.add(number)
            target = reader.get_destination_page_number(destinations[name])
            assert target >= first_source_page
            assert f"[{number}]" in sources[target - first_source_page]
    events = " ".join(section_texts(result.path, "Events"))
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", events)}
    assert numbers == cited == {1, 2, 3}
    listed = " ".join(sources)
    assert_in_order(listed, ["[1] Undated background piece · undated · c.txt",
                             "[2] Council backs harbour plan · 4 Mar 2026 · a.txt",
                             "[3] Harbour Trust raises funds · 12 May 2026 · b.txt"])


def test_a_merged_event_cites_every_source(story_db, tmp_path):
    with story_db.begin() as s:
        rows = queries.events_by_ids(s, queries.event_ids(s))
        by_text = {" ".join(r.text.split()): r for r in rows}
        event_groups.merge(s, by_text[STORY_ORDER[5]].id, by_text[STORY_ORDER[4]].id)
    result = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "m.pdf")
    events = squash(" ".join(section_texts(result.path, "Events")))
    # The council's vote (a.txt, source [2]) now also stands for b.txt's sentence ([3]).
    assert squash(STORY_ORDER[4] + " [2][3]") in events


def test_the_outline_has_sections_years_and_months(report):
    result, reader = report
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == ["Title page", "Timeline", "Events", "Sources", "Index"]
    years_at = top.index("Events") + 1
    years = [item for item in outline[years_at] if not isinstance(item, list)]
    assert [y.title for y in years] == ["2019", "2021", "2025", "2026"]
    months = outline[years_at][-1]
    assert [m.title for m in months] == ["January 2026", "March 2026", "June 2026", "Fall 2026"]
    texts = pages_text(result.path)
    for item in years + months:
        assert item.title in texts[reader.get_destination_page_number(item)]
    pages = outline_pages(result.path)
    assert pages["Title page"] == 0 and pages["Timeline"] == 1
    assert texts[pages["Sources"]].startswith("Sources") and texts[pages["Index"]].startswith("Index")


def test_every_link_points_inside_the_document(report):
    _, reader = report
    found = links(reader)
    assert len(found) >= 7 + 4  # citations, and the index's page references
    destinations = reader.named_destinations
    for _page, annot in found:
        assert "/A" not in annot  # no URI or launch action: nothing leaves the file
        target = reader.get_destination_page_number(destinations[str(annot["/Dest"])])
        assert 0 <= target < len(reader.pages)


def test_the_index_gives_each_entity_its_type_and_event_pages(report):
    result, reader = report
    index = " ".join(section_texts(result.path, "Index"))
    texts = pages_text(result.path)
    events_page = outline_pages(result.path)["Events"] + 1
    for entry in ("Ana Lind (person)", "Harbour Trust (organisation)", "Oskar Berg (person)",
                  "Portvale (place)"):
        assert f"{entry} {events_page}" in index
    assert "$40 million" not in index  # figures are not entities
    for page, annot in links(reader):
        name = str(annot["/Dest"])
        if name.startswith("ev-"):
            target = reader.get_destination_page_number(reader.named_destinations[name])
            assert target + 1 == events_page and "Events" in texts[target]


def test_pages_are_numbered_with_the_running_header(report):
    result, _ = report
    texts = pages_text(result.path)
    assert len(texts) == result.pages == 5
    assert_page_numbers(texts)
    assert all(t.count("Harbour file") >= 1 for t in texts)
    assert all(re.search(r"Harbour file \d+ \w+ \d{4} Page \d+ of 5", t) for t in texts)


def test_metadata_and_embedded_fonts(report):
    _, reader = report
    meta = reader.metadata
    assert meta.title == "Harbour file"
    assert meta.creator == "Timeline Reader"
    assert meta.author
    assert meta.subject == "Timeline of 7 events; filters: none"
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font


def test_the_timeline_graphic_is_vector_with_a_date_axis(report):
    result, reader = report
    page = reader.pages[1]
    assert not list(page.images)
    text = pages_text(result.path)[1]
    assert text.startswith("Harbour file") or "Timeline" in text
    assert_in_order(text, ["Timeline", "2019", "2021", "2025", "2026"])
    for month in ("Feb", "Jun", "Dec"):
        assert month in text  # tick labels of the year bands


def test_a_long_timeline_continues_on_more_pages_with_its_axis(story_db, tmp_path):
    store_many(story_db, 300)
    result = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "long.pdf",
                           options=pdf.ReportOptions(sections=("timeline",), landscape=True))
    texts = pages_text(result.path)
    assert len(texts) >= 2
    continued = [t for t in texts if "(continued)" in t]
    assert continued
    for text in continued:
        assert "Jan" in text or "2024" in text  # the axis is drawn again
    assert_page_numbers(texts)


def test_chosen_sections_only(story_db, tmp_path):
    options = pdf.ReportOptions(title="List", page_size="Letter", landscape=True,
                                sections=("events", "index"))
    result = pdf.write_pdf(story_db, queries.Filters(), tmp_path / "s.pdf", options=options)
    reader = pypdf.PdfReader(result.path)
    assert [i.title for i in reader.outline if not isinstance(i, list)] == ["Events", "Index"]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    # Without a source list, citations stay as text and nothing links to a missing entry.
    assert all(not str(a["/Dest"]).startswith("src-") for _, a in links(reader))
    assert "[1]" in pages_text(result.path)[0]
    with pytest.raises(ValueError, match="section"):
        pdf.ReportOptions(sections=("cover",))


def ink_share(png) -> float:
    """Share of pixels that are not near-white."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull()
    inked = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y).lightness() < 200:
                inked += 1
    return inked / ((image.width() // 2) * (image.height() // 2))


def test_page_one_and_the_timeline_page_render_with_ink(report, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed, and PySide6 here has no QtPdf")
    result, _ = report
    for page in (1, 2):
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page),
                        "-singlefile", str(result.path), str(tmp_path / f"p{page}")], check=True)
        share = ink_share(tmp_path / f"p{page}.png")
        assert 0.005 < share < 0.5, (page, share)


def test_window_length_and_ticks():
    d = dt.date
    assert report_timeline.window_months([d(2026, 3, 1), d(2026, 3, 20)]) == 1
    assert report_timeline.window_months([d(2019, 1, 1), d(2025, 4, 1), d(2026, 6, 1)]) == 12
    ticks = report_timeline.ticks(d(2026, 1, 1), d(2027, 1, 1), 170.0)
    assert [t.label for t in ticks][:3] == ["2026", "Feb", "Mar"] and len(ticks) == 12
    assert report_timeline.band_title(d(2026, 1, 1), d(2027, 1, 1), 12) == "2026"
    assert report_timeline.band_title(d(2020, 1, 1), d(2025, 1, 1), 60) == "2020 – 2024"


def test_outline_counts_open_the_top_level_and_close_deeper_levels(tmp_path):
    Item = pdf_outline.OutlineItem
    pages = [pypdf.generic.IndirectObject(n, 0, None) for n in (3, 4)]
    root, objects = pdf_outline._outline_objects(
        [Item(0, "Events", 0), Item(1, "2026", 0), Item(2, "March 2026", 1), Item(0, "Index", 1)],
        pages, 10)
    assert objects[root]["/Count"] == 3  # Events, 2026 (shown: Events is open), Index
    assert objects[11]["/Count"] == 1 and objects[12]["/Count"] == -1
