"""Report HTML pieces: corpus line, grouping of events by month or coarser label, escaping."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db import ingest, queries
from desktop_app.export import report_html
from tests import factories

D = dt.date


def row(value: str, begin: dt.date, end: dt.date, granularity: str | None, mod: str | None = None):
    return queries.EventRow(1, "Something happened.", 1, "T", "t.txt", None, 0, 10, value, mod,
                            begin, end, granularity)


@pytest.mark.parametrize("summary,expected", [
    (queries.CorpusSummary(8, 1, D(2026, 1, 20), D(2026, 6, 2), 0, 0),
     "8 articles (1 undated), published 20 Jan 2026 – 2 Jun 2026"),
    (queries.CorpusSummary(2, 0, D(2026, 1, 20), D(2026, 6, 2), 0, 0),
     "2 articles, published 20 Jan 2026 – 2 Jun 2026"),
    (queries.CorpusSummary(1, 0, D(2026, 1, 5), D(2026, 1, 5), 0, 0), "1 article, published 5 Jan 2026"),
    (queries.CorpusSummary(3, 3, None, None, 0, 0), "3 articles, all undated"),
    (queries.CorpusSummary(0, 0, None, None, 0, 0), "No articles"),
])
def test_corpus_line(summary, expected):
    assert report_html.corpus_line(summary) == expected


@pytest.mark.parametrize("event,heading", [
    (row("2026-03-11", D(2026, 3, 11), D(2026, 3, 12), "day"), "March 2026"),
    (row("2026-04", D(2026, 4, 1), D(2026, 5, 1), "month"), "April 2026"),
    (row("2026-W10", D(2026, 3, 2), D(2026, 3, 9), "week"), "March 2026"),
    (row("2026-FA", D(2026, 9, 1), D(2026, 12, 1), "season"), "Fall 2026"),
    (row("2026-Q2", D(2026, 4, 1), D(2026, 7, 1), "quarter"), "Q2 2026"),
    (row("2025", D(2025, 1, 1), D(2026, 1, 1), "year"), "2025 (whole year)"),
    (row("2026", D(2026, 1, 1), D(2027, 1, 1), "year", "END"), "Late 2026"),
])
def test_events_coarser_than_a_month_get_their_own_heading(event, heading):
    assert report_html.section_of(event)[1] == heading


def test_decades_stand_outside_any_year():
    assert report_html.year_of(row("202", D(2020, 1, 1), D(2030, 1, 1), "decade")) is None
    assert report_html.year_of(row("2026-FA", D(2026, 9, 1), D(2026, 12, 1), "season")) == 2026


def test_entity_names_are_bold_and_everything_is_escaped():
    out = report_html._bold_names("Ana <Lind> & Lindsay met Lind.", ["Lind", "Ana"])
    assert out == "<b>Ana</b> &lt;<b>Lind</b>&gt; &amp; Lindsay met <b>Lind</b>."


def test_build_report_counts_events_and_states_the_date(story_db):
    with story_db() as session:
        content = report_html.build_report(session, queries.Filters(), generated=D(2026, 7, 1))
    assert content.events == 7
    assert content.title == report_html.DEFAULT_TITLE
    assert "generated 1 Jul 2026" in content.html
    assert content.html.count(f"-qt-user-state:{report_html.EVENT}") == 7


def test_a_month_split_by_a_coarser_event_is_marked_continued(session_factory):
    body = ("Works began on 1 January 2026.\nThe first quarter of 2026 was busy.\n"
            "A ship docked on 5 January 2026.")
    article, extraction = factories.make_article("Log", body, D(2026, 2, 1), "log.txt", [
        ("on 1 January 2026", "2026-01-01", D(2026, 1, 1), D(2026, 1, 2), "day"),
        ("first quarter of 2026", "2026-Q1", D(2026, 1, 1), D(2026, 4, 1), "quarter"),
        ("on 5 January 2026", "2026-01-05", D(2026, 1, 5), D(2026, 1, 6), "day")], [])
    with session_factory.begin() as session:
        ingest.store_article(session, article, extraction)
    with session_factory() as session:
        html = report_html.build_report(session, queries.Filters()).html
    order = [html.find(h) for h in (">2026<", ">January 2026<", ">Q1 2026<", ">January 2026 (continued)<")]
    assert -1 not in order and order == sorted(order)
