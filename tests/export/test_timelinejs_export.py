"""export-timelinejs: checked against TimelineJS's published JSON format.

The validator below follows Knight Lab's documentation, https://timeline.knightlab.com/docs/json-format.html
(NUKnightLab/TimelineJS3, eleventy/docs/json-format.njk): required and optional properties of
the timeline object, slides, dates and text. It is first run on the shape of TimelineJS's own
example files, so it accepts what TimelineJS ships, then on our export.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json

import pytest

from desktop_app.db import queries
from desktop_app.export import timelinejs_export
from tests import factories

D = dt.date

TIMELINE_KEYS = {"events": True, "title": False, "eras": False, "scale": False}  # name: required
SLIDE_KEYS = {"start_date", "end_date", "text", "media", "group", "display_date", "background",
              "autolink", "unique_id"}
DATE_RANGES = {"month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59),
               "second": (0, 59), "millisecond": (0, 999)}
TEXT_KEYS = {"headline", "text"}
MEDIA_KEYS = {"url", "caption", "credit", "thumbnail", "alt", "title", "link", "link_target"}

# The shape of TimelineJS's examples (values shortened): website/templates/examples/houston/
# timeline3.json, whose dates are strings and whose slides carry media, and
# compiled/examples/group_sample.json, with groups and empty-string date parts.
HOUSTON_SHAPE = {
    "title": {"media": {"url": "//www.flickr.com/photos/x/1/", "caption": "c", "credit": "<a href='x'>y</a>"},
              "text": {"headline": "Whitney Houston<br/> 1963 - 2012", "text": "<p>t</p>"}},
    "events": [
        {"media": {"url": "x.jpg", "caption": "c", "credit": "c"},
         "start_date": {"month": "8", "day": "9", "year": "1963"},
         "text": {"headline": "A Musical Heritage", "text": "<p>t</p>"}},
        {"media": {"url": "https://youtu.be/x", "caption": "", "credit": ""},
         "start_date": {"year": "1978"}, "text": {"headline": "First Recording", "text": "t"}},
    ]}
GROUP_SHAPE = {
    "title": {"text": {"headline": "Demo of groups", "text": "<p>Demo</p>"}},
    "events": [{"start_date": {"year": "2016", "month": "11", "day": "13", "hour": "9", "minute": "30",
                               "second": "", "millisecond": "", "format": ""},
                "group": "Group 1", "text": {"headline": "event 1", "text": "text 1"}}]}


def _number(value, strict: bool):
    """A date part as TimelineJS reads it; `strict` (our export) allows only real integers."""
    if strict:
        assert type(value) is int, f"not an integer: {value!r}"
        return value
    if value == "":
        return None  # the examples leave unused parts blank
    assert isinstance(value, (int, str)) and str(value).lstrip("-").isdigit(), value
    return int(value)


def validate_date(date: dict, strict: bool) -> tuple:
    assert isinstance(date, dict) and "year" in date, date  # "year: required"
    assert set(date) <= {"year", *DATE_RANGES, "display_date", "format"}, date
    parts = {"year": _number(date["year"], strict)}
    assert parts["year"] is not None
    for key, (lo, hi) in DATE_RANGES.items():
        if key in date:
            parts[key] = _number(date[key], strict)
            assert parts[key] is None or lo <= parts[key] <= hi, (key, date)
    if strict:
        # A finer part never comes without the coarser one, and the day exists in its month.
        assert "day" not in parts or "month" in parts
        if "day" in parts:
            assert parts["day"] <= calendar.monthrange(parts["year"], parts["month"])[1]
    for key in ("display_date", "format"):
        assert key not in date or isinstance(date[key], str)
    return tuple(parts.get(k) or 0 for k in ("year", "month", "day"))


def validate_slide(slide: dict, strict: bool, title: bool = False) -> None:
    assert isinstance(slide, dict) and set(slide) <= SLIDE_KEYS, slide
    if not title:
        assert "start_date" in slide  # "Yes, except for title slides"
    start = validate_date(slide["start_date"], strict) if "start_date" in slide else None
    if "end_date" in slide:
        end = validate_date(slide["end_date"], strict)
        assert start is None or end >= start
    if "text" in slide:
        assert set(slide["text"]) <= TEXT_KEYS
        assert all(isinstance(v, str) for v in slide["text"].values())
    if "media" in slide:
        assert "url" in slide["media"] and set(slide["media"]) <= MEDIA_KEYS
    for key in ("group", "display_date", "unique_id"):
        assert key not in slide or isinstance(slide[key], str)
    assert "autolink" not in slide or isinstance(slide["autolink"], bool)


def validate(doc: dict, strict: bool = True) -> None:
    """Raise AssertionError unless `doc` is a TimelineJS 3 timeline as documented."""
    assert isinstance(doc, dict) and set(doc) <= set(TIMELINE_KEYS), doc.keys()
    assert all(key in doc for key, required in TIMELINE_KEYS.items() if required)
    assert isinstance(doc["events"], list)
    if "title" in doc:
        validate_slide(doc["title"], strict, title=True)
    for slide in doc["events"]:
        validate_slide(slide, strict)
    assert doc.get("scale", "human") in ("human", "cosmological")
    ids = [s["unique_id"] for s in doc["events"] if "unique_id" in s]
    assert len(ids) == len(set(ids))  # "unique among all slides"


@pytest.mark.parametrize("example", [HOUSTON_SHAPE, GROUP_SHAPE], ids=["houston", "groups"])
def test_validator_accepts_timelinejs_examples(example):
    validate(example, strict=False)


@pytest.mark.parametrize("bad", [
    {"title": {"text": {"headline": "no events"}}},
    {"events": [{"text": {"headline": "no start date"}}]},
    {"events": [{"start_date": {"month": 3}}]},
    {"events": [{"start_date": {"year": 2026, "month": 13}}]},
    {"events": [{"start_date": {"year": "2026"}}]},  # our export writes numbers
    {"events": [{"start_date": {"year": 2026, "day": 3}}]},
    {"events": [{"start_date": {"year": 2026}, "end_date": {"year": 2025}}]},
    {"events": [{"start_date": {"year": 2026}, "colour": "red"}]},
])
def test_validator_rejects_what_the_format_forbids(bad):
    with pytest.raises(AssertionError):
        validate(bad)


def export(factory, filters=queries.Filters(), title=None) -> dict:
    with factory() as s:
        return timelinejs_export.build(s, filters, title)


def test_story_export_follows_the_format(story_db, tmp_path):
    result = timelinejs_export.write(story_db, queries.Filters(), tmp_path / "t.json")
    doc = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    validate(doc)
    assert result.events == 7 and len(doc["events"]) == 7
    # The same keys TimelineJS's examples use for each slide, plus our optional extras.
    for slide in doc["events"]:
        assert set(GROUP_SHAPE["events"][0]) <= set(slide)
    assert doc["title"]["text"]["headline"] == timelinejs_export.DEFAULT_TITLE
    assert "7 events from 3 articles" in doc["title"]["text"]["text"]
    headlines = [s["text"]["headline"].replace("<b>", "").replace("</b>", "") for s in doc["events"]]
    assert headlines == factories.STORY_ORDER


def test_dates_keep_their_precision(story_db):
    slides = {s["text"]["headline"].replace("<b>", "").replace("</b>", ""): s
              for s in export(story_db)["events"]}
    day = slides["The council voted on Tuesday to back the harbour plan of Mayor Ana Lind."]
    assert day["start_date"] == {"year": 2026, "month": 3, "day": 3} and "end_date" not in day
    assert day["display_date"] == "3 Mar 2026"
    month = slides["The Harbour Trust raised $40 million in January."]
    assert month["start_date"] == {"year": 2026, "month": 1} and "end_date" not in month
    season = slides["Critics in Portvale want a review this fall."]
    assert (season["start_date"], season["end_date"]) == ({"year": 2026, "month": 9},
                                                          {"year": 2026, "month": 11})
    assert season["display_date"] == "Fall 2026"
    year = slides["The trust was founded in 2019 by Oskar Berg."]
    assert year["start_date"] == {"year": 2019} and "end_date" not in year


def test_open_intervals_and_publication_dates(session_factory):
    from tests.db import test_event_flags

    test_event_flags.store(session_factory)
    doc = export(session_factory)
    validate(doc)
    (since,) = [s for s in doc["events"] if s["display_date"] == "since Apr 2025"]
    assert since["start_date"] == {"year": 2025, "month": 4}
    assert since["end_date"] == {"year": 2026, "month": 1}  # up to the publication day's month
    (by_publication,) = [s for s in doc["events"] if "publication day" in s["text"]["text"]]
    assert by_publication["start_date"] == {"year": 2026, "month": 1, "day": 15}


def test_groups_are_entity_lanes(story_db):
    doc = export(story_db)
    groups = {s["text"]["headline"].split(".")[0]: s["group"] for s in doc["events"]}
    assert groups["Mayor <b>Ana Lind</b> will meet investors next month"] == "Ana Lind"
    assert groups["The <b>Harbour Trust</b> raised $40 million in January"] == "Harbour Trust"
    assert all(isinstance(g, str) and g for g in groups.values())
    assert len(set(groups.values())) <= timelinejs_export.MAX_GROUPS
    with story_db() as s:
        (lind,) = queries.entity_ids_by_name(s, "Ana Lind")
    filtered = export(story_db, queries.Filters(entity_ids=(lind,)))
    # Every event names the entity filtered on, so the lanes split by the others.
    assert {s["group"] for s in filtered["events"]} != {"Ana Lind"}


def test_text_is_html_escaped(story_db):
    from tests.export.test_csv_export import add_article

    add_article(story_db, "A <script> & co", "Ana Lind said <b>no</b> & left on Friday.",
                [("on Friday", "2026-04-03", D(2026, 4, 3), D(2026, 4, 4), "day")],
                [("Ana Lind", "PERSON", "PERSON")])
    doc = export(story_db, queries.Filters(query="Friday"), title="<Report>")
    validate(doc)
    (slide,) = doc["events"]
    assert slide["text"]["headline"] == "<b>Ana Lind</b> said &lt;b&gt;no&lt;/b&gt; &amp; left on Friday."
    assert "A &lt;script&gt; &amp; co" in slide["text"]["text"]
    assert doc["title"]["text"]["headline"] == "&lt;Report&gt;"
    assert "text contains" in doc["title"]["text"]["text"]
