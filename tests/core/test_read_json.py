"""Scraper JSON and JSON Lines: one article per object, unknown shapes named in the rejection."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop_app.core import reading
from desktop_app.core.read_json import read_json
from desktop_app.core.reading import Rejected

NEWS_PLEASE = {"title": "Ferry timetable changes", "maintext": "The summer timetable starts on May 1.\nBoats run hourly.",
               "date_publish": "2026-04-20 08:00:00", "url": "https://coast.example/ferry",
               "source_domain": "coast.example", "authors": ["Jane Doe", "Tom Roe"]}


def test_news_please_object():
    (art,) = read_json(json.dumps(NEWS_PLEASE).encode(), "a.json")
    assert art.path == "a.json" and art.title == "Ferry timetable changes"
    assert (art.published, art.published_how) == (dt.date(2026, 4, 20), "metadata")
    assert (art.outlet, art.author, art.url) == ("coast.example", "Jane Doe, Tom Roe", "https://coast.example/ferry")
    assert art.text == "Ferry timetable changes\n\nThe summer timetable starts on May 1.\nBoats run hourly."


def test_list_and_wrapped_list_give_numbered_articles():
    other = {"title": "Harbour fees rise", "content": "Fees rise by 4% in June.", "published": "2026-04-21"}
    for data in ([NEWS_PLEASE, other], {"articles": [NEWS_PLEASE, other]}):
        arts = read_json(json.dumps(data).encode(), "feed.json")
        assert [a.path for a in arts] == ["feed.json#1", "feed.json#2"]
        assert arts[1].published == dt.date(2026, 4, 21)


def test_jsonl_bad_line_is_one_rejection_and_the_rest_go_on():
    lines = [json.dumps(NEWS_PLEASE), "{not json", "", json.dumps({"text": "Only a body line here."})]
    items = read_json("\n".join(lines).encode(), "f.jsonl")
    assert isinstance(items[1], Rejected) and items[1].path == "f.jsonl#2"
    assert items[1].reason.startswith("malformed JSON on line 2:")
    assert items[2].path == "f.jsonl#4" and items[2].title == "Only a body line here."


def test_json_lines_under_a_json_name_are_read():
    data = (json.dumps(NEWS_PLEASE) + "\n" + json.dumps({**NEWS_PLEASE, "title": "Second"}) + "\n").encode()
    assert [a.title for a in read_json(data, "x.json")] == ["Ferry timetable changes", "Second"]


@pytest.mark.parametrize("data, reason", [
    ({"id": 3, "headline": "x", "score": 1}, "unknown JSON shape: no article text (fields found: headline, id, score;"),
    ([{"a": 1}, {"b": 2}], "unknown JSON shape: no article text (fields found: a;"),
    ([], "no articles in the JSON file"),
    ("just a string", "unknown JSON shape: a str"),
])
def test_unknown_shapes_are_rejected_naming_fields(data, reason):
    with pytest.raises(Rejected) as err:
        items = read_json(json.dumps(data).encode(), "x.json")
        raise items[0]
    assert err.value.reason.startswith(reason)


def test_malformed_json():
    with pytest.raises(Rejected, match="^malformed JSON: "):
        read_json(b'{"title": "x", "maintext": ', "x.json")


def test_text_file_holding_scraper_json_is_read_as_json(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text(json.dumps(NEWS_PLEASE), encoding="utf-8")
    assert reading.read_file(path).outlet == "coast.example"
    path.write_text("[1, 2, 3] is a list of numbers, as a note.\n", encoding="utf-8")
    assert reading.read_file(path).title.startswith("[1, 2, 3]")  # not JSON articles: plain text
