"""A place's demonyms are related to it at query time, never merged into it."""
from __future__ import annotations

from desktop_app.db import entity_store, ingest, queries, related_places
from tests import factories


def store(factory, *articles) -> None:
    with factory.begin() as s:
        for title, body, path, names in articles:
            ingest.store_article(s, *factories.make_article(title, body, None, path, [], names))
        entity_store.relink(s)


def entity(factory, name: str) -> queries.EntityRow:
    with factory() as s:
        return {e.name: e for e in queries.entities(s)}[name]


OTTAWA = ("Ottawa answers", "Canada will reply, a Canadian minister said.\n"
          "Two Canadians were at the Canadian Pacific depot.\nThe canadian winter is long.",
          "o.txt", [("Canada", "GPE", "PLACE"), ("Canadian Pacific", "ORG", "ORG")])
TRADE = ("Trade talks", "Canadian farmers and Mexican growers met.\nThe U.S. side listened.",
         "t.txt", [("U.S.", "GPE", "PLACE")])


def test_place_details_list_its_demonyms_as_related(session_factory):
    store(session_factory, OTTAWA, TRADE)
    canada = entity(session_factory, "Canada")
    with session_factory() as s:
        details = queries.entity_details(s, canada.id)
        us = queries.entity_details(s, entity(session_factory, "United States").id)
    # "Canadian Pacific" is a company's name and "canadian winter" no capitalised demonym.
    assert details.related == (("Canadian", 3),)
    assert details.aliases == (("Canada", 1),)  # the demonym is never one of its mentions
    assert canada.mention_count == 1
    assert us.related == ()  # no "American" in the texts; "Mexican" belongs to Mexico


def test_related_demonyms_follow_new_articles_and_skip_non_places(session_factory):
    store(session_factory, OTTAWA)
    store(session_factory, ("More", "Canadians voted.", "m.txt", []))
    canada = entity(session_factory, "Canada")
    pacific = entity(session_factory, "Canadian Pacific")
    with session_factory() as s:
        found = related_places.demonyms(s)
        assert queries.entity_details(s, pacific.id).related == ()
    assert found == {canada.id: (("Canadian", 3),)}  # two in the first article, one in the new
    assert "Canadian" not in {e.name for e in _all(session_factory)}


def _all(factory):
    with factory() as s:
        return queries.entities(s)


def test_export_json_lists_a_places_related_demonyms(session_factory):
    from desktop_app.export import json_export

    store(session_factory, OTTAWA, TRADE)
    with session_factory() as s:
        data = json_export.build(s)
    by_name = {e["name"]: e for e in data["entities"]}
    assert by_name["Canada"]["related"] == [{"name": "Canadian", "mentions": 3}]
    assert by_name["Canadian Pacific"]["related"] == []
