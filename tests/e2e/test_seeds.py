"""End to end on the two seed articles in ../shared/seeds, through `ingest` and `export-json`."""
from __future__ import annotations

import pytest

from tests.conftest import shared_path
from tests.e2e import helpers

pytestmark = pytest.mark.spacy


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    return helpers.ingest_and_export(shared_path("seeds"), tmp_path_factory.mktemp("seeds"))


article = helpers.article_by_file


def test_dateline_and_undated(export):
    a000, a001 = article(export, "000"), article(export, "001")
    assert (a000["published"], a000["published_how"]) == ("2026-03-11", "dateline")
    assert (a001["published"], a001["published_how"]) == (None, "none")
    assert a000["title"].startswith("A separatist group is asking for Trump")


def event_of_000(export, phrase, timex):
    a000 = article(export, "000")
    (event,) = [e for e in export["events"] if phrase in e["text"] and e["date"]["text"] == timex
                and e["sources"][0]["article"] == a000["id"]]
    return event


@pytest.mark.parametrize("phrase,timex,value,begin,end,event_end", [
    # "since last April": the meetings run from April 2025 up to the publication day (open).
    ("since last April", "last April", "2025-04", "2025-04-01", "2025-05-01", "2026-03-12"),
    ("as early as this fall", "this fall", "2026-FA", "2026-09-01", "2026-12-01", "2026-12-01"),
    ("passed last year", "last year", "2025", "2025-01-01", "2026-01-01", "2026-01-01"),
    ("A January poll", "January", "2026-01", "2026-01-01", "2026-02-01", "2026-02-01"),
])
def test_relative_dates_in_000(export, phrase, timex, value, begin, end, event_end):
    a000 = article(export, "000")
    event = event_of_000(export, phrase, timex)
    assert (event["date"]["value"], event["date"]["begin"], event["date"]["end"]) == (value, begin,
                                                                                      event_end)
    (found,) = [t for t in export["timexes"] if t["article"] == a000["id"] and t["text"] == timex]
    assert (found["value"], found["begin"], found["end_date"]) == (value, begin, end)


def test_meetings_since_last_april_run_up_to_the_publication_date(export):
    event = event_of_000(export, "since last April", "last April")
    assert article(export, "000")["published"] == "2026-03-11"
    assert (event["date"]["begin"], event["date"]["end"]) == ("2025-04-01", "2026-03-12")  # half-open
    assert event["date"]["open_end"] and not event["date"]["open_start"]
    assert event["date"]["label"] == "since Apr 2025"
    assert "dated_by_publication" not in event["flags"]


def test_the_fall_referendum_is_possible(export):
    event = event_of_000(export, "as early as this fall", "this fall")
    assert {"possible", "planned"} & set(event["flags"])
    assert event["date"]["begin"] == "2026-09-01"  # meteorological fall: September to November
    # The law of the same sentence was passed: only the referendum is tentative.
    passed = event_of_000(export, "passed last year", "last year")
    assert not {"possible", "planned", "expected"} & set(passed["flags"])


def test_flags_come_from_the_contract_vocabulary(export):
    vocabulary = {"reported", "planned", "possible", "expected", "negated", "attributed",
                  "dated_by_publication"}
    assert all(set(e["flags"]) <= vocabulary for e in export["events"])
    texts = {a["id"]: a["text"] for a in export["articles"]}
    for e in export["events"]:
        assert e["sources"][0]["text"] == e["text"]  # the event reads as its lead source
        for source in e["sources"]:
            assert source["text"] == texts[source["article"]][source["start"]:source["end"]]


def test_undated_reports_are_dated_by_publication_only_in_the_dated_article(export):
    a000 = article(export, "000")
    dated = [e for e in export["events"] if "dated_by_publication" in e["flags"]]
    assert dated, "000 has undated sentences with a past reporting or action verb"
    for e in dated:
        assert e["sources"][0]["article"] == a000["id"]  # 001 has no publication date
        assert (e["date"]["begin"], e["date"]["end"], e["date"]["granularity"]) == (
            "2026-03-11", "2026-03-12", "day")
        assert e["date"]["text"] is None
        assert e["text"].rstrip("”\"").endswith(".")  # prose, not a headline or debris
    responded = [e for e in dated if "responded by urging" in e["text"]]
    assert len(responded) == 1 and "reported" in responded[0]["flags"]


def test_the_dateline_is_not_an_event(export):
    a000 = article(export, "000")
    assert not [e for e in export["events"] if "Wednesday, March 11, 2026" in e["text"]]
    assert not [t for t in export["timexes"] if t["article"] == a000["id"] and t["start"] < 30]


def test_undated_article_keeps_relative_dates_unresolved(export):
    a001 = article(export, "001")
    (april,) = [t for t in export["timexes"] if t["article"] == a001["id"] and t["text"] == "last April"]
    assert april["begin"] is None and april["value"].startswith("XXXX")


def entity(export, name):
    (found,) = [e for e in export["entities"] if e["name"] == name]
    return found


def mention_texts(export, entity_id):
    return {m["text"] for m in export["mentions"] if m["entity"] == entity_id}


@pytest.mark.parametrize("full,short", [("Donald Trump", "Trump"), ("Mark Carney", "Carney"),
                                        ("Scott Bessent", "Bessent")])
def test_people_are_linked_across_both_articles(export, full, short):
    person = entity(export, full)
    assert person["type"] == "PERSON"
    assert {full, short} <= mention_texts(export, person["id"])
    articles = {m["article"] for m in export["mentions"] if m["entity"] == person["id"]}
    assert articles == {article(export, "000")["id"], article(export, "001")["id"]}
    assert not [e for e in export["entities"] if e["name"] == short]


def test_united_states_is_one_place(export):
    place = entity(export, "United States")
    assert place["type"] == "PLACE"
    assert {"US", "U.S.", "United States"} <= mention_texts(export, place["id"])
    others = [e for e in export["entities"]
              if e["id"] != place["id"] and e["name"] in ("US", "U.S.", "the United States")]
    assert others == []


def test_no_event_from_web_debris(export):
    texts = " ".join(e["text"] for e in export["events"])
    for debris in ("RELATED ARTICLES", "LEAVE A REPLY", "Most Popular", "Please enter", "Bookmark"):
        assert debris not in texts


def test_no_entity_from_web_debris(export):
    names = {e["name"] for e in export["entities"]}
    texts = {m["text"] for m in export["mentions"]}
    for debris in ("RELATED ARTICLES", "HomePolitics & SocietyA", "LEAVE A REPLY", "Most Popular"):
        assert not any(debris in n for n in names | texts), debris


def test_offsets_index_the_exported_text(export):
    texts = {a["id"]: a["text"] for a in export["articles"]}
    for m in export["mentions"]:
        assert texts[m["article"]][m["start"]:m["end"]] == m["text"]
    for e in export["events"]:
        for s in e["sources"]:
            assert texts[s["article"]][s["start"]:s["end"]] == s["text"]


def test_reimport_is_a_no_op(export, tmp_path):
    seeds = shared_path("seeds")
    helpers.ingest_and_export(seeds, tmp_path)
    again = helpers.ingest_and_export(seeds, tmp_path)  # same database: all already present
    assert [a["id"] for a in again["articles"]] == [a["id"] for a in export["articles"]]
    assert len(again["events"]) == len(export["events"])


def figure(export, text):
    (found,) = [f for f in export["figures"] if f["text"] == text]
    return found


def test_500_billion_is_a_figure_not_an_entity(export):
    found = figure(export, "$500 billion")
    assert set(found) == {"id", "text", "mention_count", "article_count"}
    assert found["article_count"] == 2
    assert not [e for e in export["entities"] if "$500 billion" in [e["name"], *e["aliases"]]]
    kinds = {m["kind"] for m in export["mentions"] if m["entity"] == found["id"]}
    assert kinds == {"figure"}


def test_an_event_of_000_carries_500_billion(export):
    found = figure(export, "$500 billion")
    carrying = [e for e in export["events"] if {"id": found["id"], "text": "$500 billion"} in e["figures"]]
    assert [e for e in carrying if helpers.reported_in(e, article(export, "000")["id"], "$500 billion")]
    assert not [e for e in carrying if "$500 billion" in {x["name"] for x in e["entities"]}]


def test_the_meetings_since_april_2025_are_one_event_with_two_sources(export):
    a000, a001 = article(export, "000"), article(export, "001")
    (event,) = [e for e in export["events"]
                if any("Alberta Prosperity Project" in s["text"] and "since last April" in s["text"]
                       for s in e["sources"])]
    assert [s["article"] for s in event["sources"]] == [a000["id"], a001["id"]]
    assert (event["date"]["begin"], event["date"]["open_end"]) == ("2025-04-01", True)
    assert "Alberta Prosperity Project" in {x["name"] for x in event["entities"]}


def test_the_500_billion_credit_request_is_one_event_with_two_sources(export):
    found = figure(export, "$500 billion")
    (event,) = [e for e in export["events"] if {"id": found["id"], "text": "$500 billion"} in e["figures"]]
    assert {s["article"] for s in event["sources"]} == {article(export, "000")["id"],
                                                        article(export, "001")["id"]}


def entities_mentioning(export, word):
    """Entities whose name or any alias contains `word`, and the mentions that contain it."""
    found = [e for e in export["entities"] if any(word in n for n in [e["name"], *e["aliases"]])]
    linked = {m["entity"] for m in export["mentions"] if word in m["text"] and m["kind"] == "entity"}
    return found, linked


@pytest.mark.parametrize("name,word,surface", [("Pete Hoekstra", "Hoekstra", {"Hoekstra"}),
                                               ("Carlo Dade", "Dade", {"Dade"}),
                                               ("Alberta Prosperity Project", "Prosperity", set())])
def test_each_is_one_entity_across_the_export(export, name, word, surface):
    found, linked = entities_mentioning(export, word)
    assert [e["name"] for e in found] == [name]
    assert linked == {found[0]["id"]}
    assert {name} | surface <= set(found[0]["aliases"])


def test_prime_minister_is_a_role_not_part_of_mark_carneys_name(export):
    carney = entity(export, "Mark Carney")
    assert "Prime Minister" in carney["roles"]
    assert not [n for n in [carney["name"], *carney["aliases"]] if "Prime Minister" in n]
    assert not [e for e in export["entities"] if "Prime Minister" in e["name"]]
    assert all(isinstance(e["roles"], list) for e in export["entities"])


def test_demonyms_are_related_to_their_place_not_merged(export):
    canada = entity(export, "Canada")
    assert canada["related"] == [{"name": "Canadian", "mentions": 11}]  # "Canadian(s)", both seeds
    assert not [n for n in canada["aliases"] if n.startswith("Canadian")]
    assert not [e for e in export["entities"] if e["name"] in ("Canadian", "Canadians", "Americans")]
