"""Tests for desktop_app.core.linking (pure Python)."""
from __future__ import annotations

import pytest

from desktop_app.core.entities import LABEL_TYPES
from desktop_app.core.linking import LinkedEntity, Suggestion, link, normalise, suggest_merges
from desktop_app.core.model import Mention


def mention(name: str, label: str = "PERSON") -> Mention:
    return Mention(start=0, end=len(name), text=name, label=label, type=LABEL_TYPES[label], name=name)


def entity_of(items, name: str, doc=None) -> LinkedEntity:
    """The entity linked to the first item whose mention has `name` (in `doc`, if given)."""
    entities, index = link(items)
    for (d, m), i in zip(items, index):
        if m.name == name and (doc is None or d == doc):
            return entities[i]
    raise AssertionError(name)


@pytest.mark.parametrize("raw, norm", [
    ("U.S.", "us"), ("U.S.A.", "usa"), ("  Angela   Merkel ", "angela merkel"),
    ("François Hollande", "francois hollande"), ("Macy’s", "macy's"), ("Rolls–Royce", "rolls-royce"),
    ("São Paulo", "sao paulo"), ("$1.5 billion", "$1.5 billion"), ("STRASSE", "strasse"),
])
def test_normalise(raw, norm):
    assert normalise(raw) == norm


def test_same_name_links_within_and_across_documents():
    items = [("a", mention("Angela Merkel")), ("b", mention("Angela Merkel")), ("b", mention("ANGELA MERKEL"))]
    entities, index = link(items)
    assert index == [0, 0, 0] and len(entities) == 1
    assert entities[0].aliases == ("ANGELA MERKEL", "Angela Merkel")


def test_country_aliases_join_one_place():
    items = [("a", mention("US", "GPE")), ("a", mention("U.S.", "GPE")), ("b", mention("United States", "GPE")),
             ("b", mention("America", "GPE")), ("c", mention("USA", "ORG")), ("c", mention("Britain", "GPE")),
             ("c", mention("U.K.", "GPE")), ("d", mention("EU", "ORG")), ("d", mention("European Union", "ORG"))]
    entities, index = link(items)
    assert len(set(index[:5])) == 1 and len(set(index[5:7])) == 1 and len(set(index[7:])) == 1
    us, uk, eu = entities[index[0]], entities[index[5]], entities[index[7]]
    assert (us.name, us.type, us.key) == ("United States", "PLACE", "PLACE:united states")
    assert "United States" in us.aliases and "U.S." in us.aliases
    assert (uk.name, uk.type) == ("United Kingdom", "PLACE")
    assert (eu.name, eu.type) == ("European Union", "PLACE")  # a union of countries (see UNIONS)


def test_america_inside_org_label_is_not_the_country():
    assert entity_of([("a", mention("America", "ORG"))], "America").name == "America"


def test_surname_joins_full_name_even_when_mislabelled():
    items = [("a", mention("Keir Starmer")), ("a", mention("Starmer", "ORG")),
             ("a", mention("Starmer", "GPE")), ("b", mention("Starmer")), ("c", mention("Starmer", "ORG"))]
    entities, index = link(items)
    assert len(entities) == 1 and index == [0] * 5
    e = entities[0]
    assert (e.name, e.type, e.key, e.aliases) == ("Keir Starmer", "PERSON", "PERSON:keir starmer",
                                                  ("Keir Starmer", "Starmer"))


def test_place_surname_needs_full_name_in_same_document():
    items = [("a", mention("George Washington")), ("b", mention("Washington", "GPE")),
             ("a", mention("Washington", "GPE"))]
    entities, index = link(items)
    assert entities[index[1]].name == "Washington" and entities[index[1]].type == "PLACE"
    assert index[2] == index[0]


def test_surname_prefers_same_document_full_name():
    items = [("a", mention("Melania Trump")), ("a", mention("Trump")),
             ("b", mention("Donald Trump")), ("b", mention("Trump"))]
    entities, index = link(items)
    assert index[1] == index[0] and index[3] == index[2] and index[0] != index[2]


def test_ambiguous_surname_is_left_alone():
    items = [("a", mention("Hunter Biden")), ("a", mention("Joe Biden")), ("a", mention("Biden")),
             ("b", mention("Biden"))]
    entities, index = link(items)
    assert len(entities) == 3 and index[2] == index[3]
    assert entities[index[2]].name == "Biden"


def test_surname_uses_batch_when_document_has_no_full_name():
    items = [("a", mention("Olaf Scholz")), ("b", mention("Scholz")), ("c", mention("Scholz", "ORG"))]
    assert len(set(link(items)[1])) == 1


def test_amounts_are_their_own_namespace():
    items = [("a", mention("$5 million", "MONEY")), ("b", mention("$5 million", "MONEY")),
             ("b", mention("5 million", "QUANTITY")), ("c", mention("Five", "ORG")),
             ("c", mention("Five", "MONEY"))]
    entities, index = link(items)
    assert index[0] == index[1] != index[2]
    assert index[3] != index[4]
    assert entities[index[0]].key == "AMOUNT:$5 million"


def test_type_and_name_of_cluster():
    items = [("a", mention("Nvidia", "ORG")), ("a", mention("Nvidia", "ORG")), ("b", mention("Nvidia", "GPE"))]
    e = entity_of(items, "Nvidia")
    assert (e.type, e.key) == ("ORG", "ORG:nvidia")
    # The most frequent surface spelling names a cluster without full names.
    items = [("a", mention("Alberta", "GPE")), ("b", mention("ALBERTA", "GPE")), ("c", mention("Alberta", "GPE"))]
    assert entity_of(items, "ALBERTA").name == "Alberta"


def test_keys_are_stable_across_batches_and_order():
    one = [("a", mention("Trump", "ORG")), ("a", mention("Donald Trump")), ("b", mention("Trump"))]
    keys = {e.key for e in link(one)[0]}
    assert keys == {e.key for e in link(list(reversed(one)))[0]} == {"PERSON:donald trump"}


def test_empty():
    assert link([]) == ([], [])


def test_cluster_type_is_a_vote_where_joined_surnames_count_as_person():
    def m(text, label, kind):
        return Mention(0, len(text), text, label, kind, text)

    entities, assignment = link([
        (1, m("Harlow Bay", "LOC", "PLACE")), (1, m("Harlow Bay", "LOC", "PLACE")),
        (2, m("Harlow Bay", "PERSON", "PERSON")),
        (1, m("Donald Rump", "PERSON", "PERSON")), (1, m("Rump", "ORG", "ORG")),
        (2, m("Rump", "ORG", "ORG")),
    ])
    types = {entities[i].name: entities[i].type for i in assignment}
    assert types == {"Harlow Bay": "PLACE", "Donald Rump": "PERSON"}


def test_alias_counts():
    items = [("a", mention("Keir Starmer")), ("a", mention("Starmer")), ("b", mention("Starmer"))]
    assert link(items)[0][0].alias_counts == (("Keir Starmer", 1), ("Starmer", 2))


def test_pycountry_place_aliases():
    items = [("a", mention("Russian Federation", "GPE")), ("b", mention("Russia", "GPE")),
             ("c", mention("DEU", "GPE")), ("c", mention("Germany", "GPE")), ("d", mention("IT", "ORG"))]
    entities, index = link(items)
    assert index[0] == index[1] and entities[index[0]].name == "Russia"
    assert index[2] == index[3] and entities[index[4]].name == "IT"


def test_acronyms_join_their_expansion():
    items = [("a", mention("North American Aerospace Defense Command", "ORG")), ("a", mention("NORAD", "ORG")),
             ("b", mention("Royal Air Force", "ORG")), ("c", mention("RAF", "ORG")),
             ("d", mention("Kerry Data Kit ( KDK", "ORG")), ("e", mention("KDK", "ORG"))]
    _, index = link(items)
    assert index[0] == index[1] and index[2] == index[3] and index[4] == index[5]


def test_acronym_with_several_expansions_is_only_suggested():
    items = [("a", mention("Party of Quebec", "ORG")), ("b", mention("Province of Quebec", "ORG")),
             ("c", mention("PQ", "ORG"))]
    entities, index = link(items)
    assert len(set(index)) == 3
    pairs = {(s.a, s.b) for s in suggest_merges(entities, items, index)}
    assert {(index[2], index[0]), (index[2], index[1])} <= pairs


def test_company_forms_join():
    items = [("a", mention("Northline Freight Group", "ORG")), ("a", mention("Northline", "ORG")),
             ("b", mention("Apple Inc.", "ORG")), ("c", mention("Apple", "ORG")), ("d", mention("Apple Computer", "ORG")),
             ("d", mention("Apple TV", "ORG")), ("e", mention("California Theater", "ORG")),
             ("e", mention("California", "ORG"))]
    entities, index = link(items)
    assert index[0] == index[1] and index[2] == index[3] == index[4] != index[5]
    assert index[6] != index[7]


def test_two_smiths_stay_apart_and_are_suggested():
    items = [("a", mention("John Smith")), ("b", mention("Jane Smith")), ("c", mention("Smith"))]
    entities, index = link(items)
    assert len(set(index)) == 3
    suggestions = suggest_merges(entities, items, index)
    assert {(s.a, s.b) for s in suggestions} == {(index[2], index[0]), (index[2], index[1])}
    assert all(isinstance(s, Suggestion) and "surname" in s.reason for s in suggestions)


def test_products_link_by_model_number():
    items = [("a", mention("Zenta A420", "PRODUCT")), ("a", mention("A420", "PRODUCT")),
             ("b", mention("A420s", "PRODUCT")), ("b", mention("A421", "PRODUCT"))]
    entities, index = link(items)
    assert index[0] == index[1] == index[2] != index[3]


def test_product_tail_word_joins_the_product_in_its_document():
    items = [("a", mention("787 Skyliner", "PRODUCT")), ("a", mention("Skyliner")),
             ("b", mention("Skyliner"))]
    entities, index = link(items)
    assert index[0] == index[1] != index[2]


def test_gpe_word_that_is_no_place_joins_the_one_company_it_starts():
    items = [("a", mention("Brockvale Freight Group", "ORG")), ("a", mention("Brockvale", "GPE")),
             ("b", mention("Brockvale Freight Group", "ORG")), ("b", mention("Brockvale", "GPE")),
             ("c", mention("Canada", "GPE")), ("c", mention("Canada Freight Group", "ORG"))]
    entities, index = link(items)
    assert index[0] == index[1] == index[3]
    assert (entities[index[1]].name, entities[index[1]].type) == ("Brockvale Freight Group", "ORG")
    assert index[4] != index[5] and entities[index[4]].type == "PLACE"


def test_a_country_is_no_surname():
    items = [("a", mention("Garla Peru")), ("a", mention("Peru", "GPE"))]
    entities, index = link(items)
    assert index[0] != index[1] and entities[index[1]].type == "PLACE"


def test_group_with_article_outvotes_person_label():
    group = Mention(0, 7, "Wombles", "PERSON", "ORG", "Wombles")
    items = [("a", group), ("a", mention("Wombles")), ("b", mention("Wombles"))]
    entities, index = link(items)
    assert len(set(index)) == 1 and entities[index[0]].type == "ORG"


def test_product_versions_are_entities_of_their_own():
    items = [("a", mention("zPad 5G", "PRODUCT")), ("a", mention("zPad", "PRODUCT")),
             ("b", mention("zPad 5GX", "PRODUCT")), ("b", mention("zPad", "PRODUCT")),
             ("b", mention("zPad 6", "PRODUCT")), ("c", mention("zPad", "ORG")),
             ("c", mention("zPad 5G", "PRODUCT"))]
    entities, index = link(items)
    # "a" and "c" name one version each: the bare word is that version; "b" names two
    assert index[0] == index[1] == index[5] == index[6]
    assert len({index[0], index[2], index[3], index[4]}) == 4
    assert entities[index[3]].name == "zPad"


def test_model_numbers_still_join_beside_versions():
    items = [("a", mention("Zenta A420", "PRODUCT")), ("a", mention("A420", "PRODUCT")),
             ("a", mention("A420s", "PRODUCT")), ("a", mention("zPad 5G", "PRODUCT"))]
    entities, index = link(items)
    assert index[0] == index[1] == index[2] != index[3]


def test_org_name_cut_before_and_joins_the_one_longer_name():
    items = [("a", mention("Halden Marine Survey and Salvage Company", "ORG")),
             ("b", mention("Halden Marine Survey", "ORG")),
             ("c", mention("Orvik Rail Works", "ORG")),
             ("d", mention("Orvik Rail Works and Signals", "ORG")), ("e", mention("Orvik Rail Works & Track", "ORG"))]
    entities, index = link(items)
    assert index[0] == index[1]
    # two different longer names go on after "and": the short one is neither of them
    assert len({index[2], index[3], index[4]}) == 3


def test_product_tail_joins_across_documents_when_the_document_names_the_product():
    items = [("a", mention("515 Skyliner", "PRODUCT")), ("b", mention("Vantor 515", "PRODUCT")),
             ("b", mention("Skyliner")), ("c", mention("Skyliner"))]
    entities, index = link(items)
    assert index[0] == index[1] == index[2] != index[3]
    assert entities[index[2]].type == "PRODUCT"


def test_lone_lettered_model_labelled_org_is_the_product():
    items = [("a", mention("Corvan C220", "PRODUCT")), ("b", mention("C220s", "ORG"))]
    entities, index = link(items)
    assert index[0] == index[1] and entities[index[0]].type == "PRODUCT"


def test_maker_and_number_is_the_lettered_model():
    items = [("a", mention("Corvan C220", "PRODUCT")), ("b", mention("Corvan 220", "PRODUCT")),
             ("c", mention("Corvan 330", "PRODUCT")), ("c", mention("Delmar 220", "PRODUCT"))]
    entities, index = link(items)
    assert index[0] == index[1]
    assert len({index[0], index[2], index[3]}) == 3  # no C330 known; "Delmar" does not spell C


def test_product_name_is_its_most_used_complete_form():
    items = [("a", mention("First Corvan C220", "PRODUCT")), ("b", mention("Corvan C220", "PRODUCT")),
             ("c", mention("Corvan C220", "PRODUCT")), ("c", mention("C220", "PRODUCT"))]
    entities, index = link(items)
    assert len(set(index)) == 1 and entities[index[0]].name == "Corvan C220"
