"""Following an entity through the timeline: the next or previous listed event naming it."""
from __future__ import annotations

import pytest

from desktop_app.db import queries


def brute_force(session, filters, event_id, entity_id, delta):
    order = queries.event_ids(session, filters)
    naming = set(queries.event_ids(session, queries.Filters(entity_ids=(entity_id,))))
    position = order.index(event_id)
    rest = order[position + 1:] if delta > 0 else reversed(order[:position])
    return next((i for i in rest if i in naming), None)


@pytest.mark.parametrize("filters", [queries.Filters(), queries.Filters(query="harbour"),
                                     queries.Filters(hide_possible=True)])
def test_next_naming_agrees_with_walking_every_listed_id(story_db, filters):
    with story_db() as s:
        entities = [n.id for n in queries.entities(s)]
        listed = queries.event_ids(s, filters)
        assert listed and entities
        found = 0
        for event_id in listed:
            for entity_id in entities:
                for delta in (1, -1):
                    expected = brute_force(s, filters, event_id, entity_id, delta)
                    assert queries.next_naming(s, filters, event_id, entity_id, delta) == expected
                    found += expected is not None
        assert found  # the story has events to follow an entity to


def test_an_unknown_event_has_no_next(story_db):
    with story_db() as s:
        entity_id = queries.entities(s)[0].id
        assert queries.next_naming(s, queries.Filters(), 10_000, entity_id, 1) is None
