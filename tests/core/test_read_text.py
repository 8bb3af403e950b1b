"""Text-file header lines: bylines, outlet lines, URL lines, and the publication-date order."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core import header_lines
from desktop_app.core.datelines import url_date
from desktop_app.core.read_text import Metadata, parse_front_matter, parse_text

BODY = ("The county opened its new flood barrier on Monday, two years after the river burst its banks.\n\n"
        "Engineers said the barrier could hold back water a metre higher than the 2024 flood.\n")


def meta_lines(article) -> list[str]:
    return [article.text[s:e] for s, e in article.meta_spans]


def test_byline_outlet_and_url_lines_are_metadata():
    text = ("Flood barrier opens on the river\nBy Ana de la Cruz\nPublished by: Valley Echo\n"
            "Link: https://valleyecho.example/news/2026/04/02/flood-barrier\n\n" + BODY)
    art = parse_text(text, "a.txt")
    assert art.title == "Flood barrier opens on the river"
    assert (art.author, art.outlet) == ("Ana de la Cruz", "Valley Echo")
    assert art.url == "https://valleyecho.example/news/2026/04/02/flood-barrier"
    assert (art.published, art.published_how) == (dt.date(2026, 4, 2), "url")
    assert meta_lines(art) == ["By Ana de la Cruz", "Published by: Valley Echo",
                               "Link: https://valleyecho.example/news/2026/04/02/flood-barrier"]
    blanked = art.extraction_text()
    assert len(blanked) == len(text) and "Valley Echo" not in blanked and "Ana de la Cruz" not in blanked


@pytest.mark.parametrize("line, author, outlet, day", [
    ("By Jane Doe", "Jane Doe", "", None),
    ("BY Tom O'Neill and Rosa Lind", "Tom O'Neill and Rosa Lind", "", None),
    ("By Jane Doe, Valley Echo", "Jane Doe", "Valley Echo", None),
    ("By Jane Doe | Valley Echo", "Jane Doe", "Valley Echo", None),
    ("By Jane Doe, Staff Reporter", "Jane Doe", "", None),
    ("By Jane Doe, Tom Roe", "Jane Doe, Tom Roe", "", None),
    ("By Valley Wire Correspondent Jane Doe", "Jane Doe", "Valley Wire", None),
    ("By Sportswriter Tom Roe", "Tom Roe", "", None),
    ("Written by Jane Doe — April 2, 2026", "Jane Doe", "", dt.date(2026, 4, 2)),
])
def test_byline_forms(line, author, outlet, day):
    found = header_lines.byline(line)
    assert (found.author, found.outlet, found.published) == (author, outlet, day)


@pytest.mark.parametrize("line", [
    "By Tuesday the river had risen a metre.", "By the end of the week, roads reopened",
    "by jane doe", "Byron Bay surf club reopens",
])
def test_not_bylines(line):
    assert header_lines.byline(line) is None


def test_headline_starting_with_by_is_still_the_title():
    art = parse_text("By Royal Appointment\n\n" + BODY)
    assert art.title == "By Royal Appointment" and art.author == ""


@pytest.mark.parametrize("line, outlet, day", [
    ("Source: Valley Echo", "Valley Echo", None),
    ("Valley Echo | April 2, 2026", "Valley Echo", dt.date(2026, 4, 2)),
    ("2 April 2026 · Valley Echo", "Valley Echo", dt.date(2026, 4, 2)),
])
def test_outlet_line_forms(line, outlet, day):
    found = header_lines.outlet_line(line)
    assert (found.outlet, found.published) == (outlet, day)


def test_outlet_line_with_date_dates_the_article():
    art = parse_text("Flood barrier opens\nValley Echo | April 2, 2026\n\n" + BODY)
    assert (art.outlet, art.published, art.published_how) == ("Valley Echo", dt.date(2026, 4, 2), "dateline")


def test_wire_service_in_a_place_dateline_is_the_outlet():
    text = "Flood barrier opens\n\nRIVERTON (Valley Wire) — The county opened its flood barrier.\n"
    art = parse_text(text)
    assert art.outlet == "Valley Wire" and meta_lines(art) == ["(Valley Wire)"]
    assert "RIVERTON" in art.extraction_text()


def test_url_line_at_the_end_and_outlet_from_its_host():
    text = "Flood barrier opens\n\n" + BODY + "\nOriginally published at https://www.valleyecho.example/a\n"
    art = parse_text(text)
    assert (art.url, art.outlet, art.published_how) == ("https://www.valleyecho.example/a",
                                                        "valleyecho.example", "none")


def test_date_order_metadata_then_dateline_then_url():
    text = "Flood barrier opens\nApril 3, 2026\nhttps://valleyecho.example/2026/04/01/x\n\n" + BODY
    assert parse_text(text).published_how == "dateline"
    given = parse_text(text, metadata=Metadata(published=dt.date(2026, 4, 4)))
    assert (given.published, given.published_how) == (dt.date(2026, 4, 4), "metadata")
    no_dateline = parse_text(text.replace("April 3, 2026\n", ""))
    assert (no_dateline.published, no_dateline.published_how) == (dt.date(2026, 4, 1), "url")


def test_metadata_outlet_beats_text_and_text_beats_host():
    text = "Flood barrier opens\nSource: Valley Echo\nhttps://valleyecho.example/x\n\n" + BODY
    assert parse_text(text).outlet == "Valley Echo"
    assert parse_text(text, metadata=Metadata(outlet="Echo Group")).outlet == "Echo Group"


@pytest.mark.parametrize("url, day", [
    ("https://a.example/2026/03/11/story", dt.date(2026, 3, 11)),
    ("https://a.example/news/2026-03-11-story.html", dt.date(2026, 3, 11)),
    ("https://a.example/20260311/story", dt.date(2026, 3, 11)),
    ("https://a.example/2026/02/30/story", None),
    ("https://a.example/story-12345678", None),
    ("https://a.example/page?date=2026/03/11", None),
])
def test_url_dates(url, day):
    assert url_date(url) == day


def test_front_matter_lists_and_outlet_keys():
    text = ("---\ntitle: Flood barrier opens\noutlet: Valley Echo\nauthors:\n  - Jane Doe\n  - Tom Roe\n"
            "link: https://valleyecho.example/x\n---\n" + BODY)
    fields, end = parse_front_matter(text)
    assert fields == {"title": "Flood barrier opens", "source": "Valley Echo", "author": "Jane Doe, Tom Roe",
                      "url": "https://valleyecho.example/x"}
    art = parse_text(text, "a.md")
    assert (art.outlet, art.author) == ("Valley Echo", "Jane Doe, Tom Roe")
    assert parse_front_matter("---\nauthors: [Jane Doe, 'Tom Roe']\n---\n")[0]["author"] == "Jane Doe, Tom Roe"
