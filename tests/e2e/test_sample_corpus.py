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
    assert len({e["sources"][0]["article"] for e in events}) == 8


@pytest.mark.parametrize("prefix,phrase,value", [
    ("01", "signed last April", "2025-04"),
    ("01", "could begin this fall", "2026-FA"),
    ("03", "on Tuesday", "2026-03-03"),
    ("05", "third quarter", "2026-Q3"),
])
def test_relative_dates_resolve_against_the_article(export, prefix, phrase, value):
    article = by_file(export, prefix)
    values = [e["date"]["value"] for e in export["events"]
              if phrase in e["text"] and e["sources"][0]["article"] == article["id"]]
    assert value in values


@pytest.mark.parametrize("full,short", [("Tomasz Brandt", "Brandt"), ("Elena Vasquez", "Vasquez")])
def test_people_link_across_outlets(export, full, short):
    (person,) = [e for e in export["entities"] if e["name"] == full]
    assert person["type"] == "PERSON" and short in person["aliases"]
    assert len({m["article"] for m in export["mentions"] if m["entity"] == person["id"]}) >= 4


def test_debris_makes_no_events_or_entities(export):
    texts = " ".join(e["text"] for e in export["events"])
    assert "RELATED ARTICLES" not in texts and "Please enter" not in texts
    assert not [e for e in export["entities"] if "RELATED" in e["name"] or "Home" in e["name"]]
