"""export-json: figures (amounts, percentages, quantities) apart from entities, on the story
with its "$40 million" figure."""
from __future__ import annotations

import json

from desktop_app.db import queries
from desktop_app.export import json_export

RAISED = "The Harbour Trust raised $40 million in January."


def test_figures_are_listed_apart_from_entities(story_db):
    with story_db() as s:
        data = json_export.build(s)
    assert set(data) == {"articles", "entities", "figures", "mentions", "timexes", "events"}
    assert "$40 million" not in {e["name"] for e in data["entities"]}
    assert all(e["type"] != "AMOUNT" for e in data["entities"])
    (figure,) = data["figures"]
    assert set(figure) == {"id", "text", "mention_count", "article_count"}
    assert (figure["text"], figure["mention_count"], figure["article_count"]) == ("$40 million", 1, 1)
    assert figure["id"] not in {e["id"] for e in data["entities"]}


def test_mentions_keep_figures_and_say_their_kind(story_db):
    with story_db() as s:
        data = json_export.build(s)
    figure_id = data["figures"][0]["id"]
    entity_ids = {e["id"] for e in data["entities"]}
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for m in data["mentions"]:
        assert set(m) == {"article", "start", "end", "text", "entity", "kind"}
        assert texts[m["article"]][m["start"]:m["end"]] == m["text"]
        assert m["kind"] == ("figure" if m["entity"] == figure_id else "entity")
        assert m["entity"] == figure_id or m["entity"] in entity_ids
    assert [m["text"] for m in data["mentions"] if m["kind"] == "figure"] == ["$40 million"]


def test_events_carry_figures_beside_entities(story_db):
    with story_db() as s:
        data = json_export.build(s)
    (raised,) = [e for e in data["events"] if e["text"] == RAISED]
    assert raised["figures"] == [{"id": data["figures"][0]["id"], "text": "$40 million"}]
    assert [e["name"] for e in raised["entities"]] == ["Harbour Trust"]
    for event in data["events"]:
        assert "figures" in event and "entities" in event and "sources" in event
        if event["text"] != RAISED:
            assert event["figures"] == []


def test_entities_carry_roles(story_db):
    with story_db() as s:
        data = json_export.build(s)
    assert all(isinstance(e["roles"], list) for e in data["entities"])
    assert {"id", "name", "type", "aliases", "mention_count", "article_count"} <= set(
        data["entities"][0])


def test_filtered_export_keeps_only_the_figures_it_touches(story_db):
    with story_db() as s:
        (lind,) = queries.entity_ids_by_name(s, "Ana Lind")
        data = json_export.build(s, queries.Filters(entity_ids=(lind,)))
        figure = queries.entity_ids_by_name(s, "$40 million")[0]
        only_figure = json_export.build(s, queries.Filters(entity_ids=(figure,)))
    assert data["figures"] == [] or all(f["text"] == "$40 million" for f in data["figures"])
    assert [e["text"] for e in only_figure["events"]] == [RAISED]
    assert [f["text"] for f in only_figure["figures"]] == ["$40 million"]


def test_write_round_trips(story_db, tmp_path):
    out = tmp_path / "out.json"
    data = json_export.write(story_db, queries.Filters(), out)
    assert json.loads(out.read_text(encoding="utf-8")) == data


def test_events_carry_flags_and_their_sentence_as_the_source(story_db):
    with story_db() as s:
        data = json_export.build(s)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    by_text = {e["text"]: e for e in data["events"]}
    assert by_text["Mayor Ana Lind will meet investors next month."]["flags"] == ["planned"]
    assert by_text["Lind said the Harbour Trust had pushed for it since last April."]["flags"] == [
        "reported", "attributed"]
    assert by_text[RAISED]["flags"] == []
    for event in data["events"]:
        (source,) = event["sources"]  # one article each until cross-article merging
        assert set(source) == {"article", "start", "end", "text"}
        assert source["text"] == event["text"] == texts[source["article"]][source["start"]:source["end"]]
        assert event["date"]["open_start"] is False and event["date"]["open_end"] is False


def test_events_dated_by_publication_and_open_intervals_export(session_factory):
    from tests.db import test_event_flags

    test_event_flags.store(session_factory)
    with session_factory() as s:
        data = json_export.build(s)
        hidden = json_export.build(s, queries.Filters(hide_publication_dated=True))
    (undated,) = [e for e in data["events"] if "dated_by_publication" in e["flags"]]
    assert undated["date"] == {"value": "2026-01-15", "begin": "2026-01-15", "end": "2026-01-16",
                               "granularity": "day", "mod": None, "label": "15 Jan 2026",
                               "text": None, "start": None, "end_offset": None,
                               "open_start": False, "open_end": False}
    (since,) = [e for e in data["events"] if e["date"]["open_end"]]
    assert (since["date"]["begin"], since["date"]["end"], since["date"]["text"]) == (
        "2025-04-01", "2026-01-16", "last April")
    assert len(hidden["events"]) == len(data["events"]) - 1
    json.dumps(data)  # plain JSON all the way down
