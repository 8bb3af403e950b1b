"""The bundled sample corpus makes a rich first timeline: checked through the real import path."""
from __future__ import annotations

import pytest

from tests.conftest import SAMPLE_CORPUS
from tests.e2e import helpers

pytestmark = pytest.mark.spacy


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    return helpers.ingest_and_export(SAMPLE_CORPUS, tmp_path_factory.mktemp("sample"))


by_file = helpers.article_by_file


def test_all_articles_import_with_their_dates(export):
    published = {a["path"].rsplit("/", 1)[-1][:2]: (a["published"], a["published_how"])
                 for a in export["articles"]}
    assert published == {
        "01": ("2026-01-20", "dateline"), "02": ("2026-02-11", "metadata"),
        "03": ("2026-03-04", "dateline"), "04": ("2026-03-24", "dateline"),
        "05": ("2026-04-14", "metadata"), "06": ("2026-05-06", "dateline"),
        "07": ("2026-06-02", "metadata"), "08": (None, "none")}


def test_the_timeline_is_rich_and_ordered(export):
    events = export["events"]
    assert len(events) >= 40
    begins = [e["date"]["begin"] for e in events]
    assert begins == sorted(begins)
    assert len({s["article"] for e in events for s in e["sources"]}) == 8


@pytest.mark.parametrize("prefix,phrase,value", [
    ("01", "signed last April", "2025-04"),
    ("01", "could begin this fall", "2026-FA"),
    ("03", "on Tuesday", "2026-03-03"),
    ("05", "third quarter", "2026-Q3"),
])
def test_relative_dates_resolve_against_the_article(export, prefix, phrase, value):
    article = by_file(export, prefix)
    # A merged event is dated by its most precise source, so the value may be a finer one.
    found = [e for e in export["events"] if helpers.reported_in(e, article["id"], phrase)]
    assert any(e["date"]["value"] == value or _within(e["date"], value) for e in found)


def _within(date: dict, value: str) -> bool:
    """Whether the exported interval lies inside the period TimeML `value` names (year/month/quarter/season)."""
    year, _, part = value.partition("-")
    if not date["begin"].startswith(year):
        return False
    months = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "SP": (3, 5), "SU": (6, 8),
              "FA": (9, 11), "WI": (12, 12)}.get(part)
    if months is None:
        return part == "" or date["begin"][5:7] == part
    return months[0] <= int(date["begin"][5:7]) <= months[1]


@pytest.mark.parametrize("full,short", [("Tomasz Brandt", "Brandt"), ("Elena Vasquez", "Vasquez")])
def test_people_link_across_outlets(export, full, short):
    (person,) = [e for e in export["entities"] if e["name"] == full]
    assert person["type"] == "PERSON" and short in person["aliases"]
    assert len({m["article"] for m in export["mentions"] if m["entity"] == person["id"]}) >= 4


def test_debris_makes_no_events_or_entities(export):
    texts = " ".join(e["text"] for e in export["events"])
    assert "RELATED ARTICLES" not in texts and "Please enter" not in texts
    assert not [e for e in export["entities"] if "RELATED" in e["name"] or "Home" in e["name"]]
