"""Tests for desktop_app.core.entities.clean_mention (pure, no spaCy)."""
from __future__ import annotations

import pytest

from desktop_app.core.entities import (LABEL_TYPES, clean_mention, clean_spans, merge_products, model_key,
                                      preceding_role, role_of, table_teams)
from desktop_app.core import entities
from desktop_app.core.model import Mention


def span_of(sentence: str, raw: str, label: str):
    """Clean `raw` as found in `sentence`, checking the result still indexes the sentence."""
    start = sentence.index(raw)
    mention = clean_mention(raw, start, label, sentence)
    if mention is not None:
        assert sentence[mention.start:mention.end] == mention.text
    return mention


@pytest.mark.parametrize("label", ["DATE", "TIME", "CARDINAL", "ORDINAL", "NORP", "EVENT",
                                   "WORK_OF_ART", "LAW", "LANGUAGE"])
def test_unmapped_labels_are_dropped(label):
    assert clean_mention("Olympics", 0, label) is None


def test_label_types():
    assert {LABEL_TYPES[k] for k in ("GPE", "LOC", "FAC")} == {"PLACE"}
    assert {LABEL_TYPES[k] for k in ("MONEY", "PERCENT", "QUANTITY")} == {"AMOUNT"}


@pytest.mark.parametrize("raw", ["Merkel’s", "Merkel's"])
def test_possessive_is_cut_from_span_and_name(raw):
    sentence = f"Critics questioned {raw} energy policy on Monday."
    m = span_of(sentence, raw, "PERSON")
    assert (m.text, m.name, m.type) == ("Merkel", "Merkel", "PERSON")
    assert m.end == sentence.index(raw) + len("Merkel")


def test_plural_possessive():
    m = span_of("The Joneses’ lawyer spoke.", "Joneses’", "PERSON")
    assert m.name == "Joneses"


def test_leading_article_is_cut():
    sentence = "Officials at the Federal Reserve said rates would hold."
    m = span_of(sentence, "the Federal Reserve", "ORG")
    assert (m.text, m.name, m.start) == ("Federal Reserve", "Federal Reserve", sentence.index("Federal"))
    assert span_of("The Kremlin denied it.", "The Kremlin", "ORG").name == "Kremlin"
    assert span_of("Judges in The Hague ruled.", "The Hague", "GPE").name == "The Hague"


@pytest.mark.parametrize("raw, name", [
    ("President Emmanuel Macron", "Emmanuel Macron"),
    ("German Chancellor Olaf Scholz", "Olaf Scholz"),
    ("Australian Prime Minister Anthony Albanese", "Anthony Albanese"),
    ("U.S. Commerce Secretary Gina Raimondo", "Gina Raimondo"),
    ("US Trade Representative Katherine Tai", "Katherine Tai"),
    ("Ontario Premier Doug Ford", "Doug Ford"),
    ("Secretary of State Antony Blinken", "Antony Blinken"),
    ("Dr. Anthony Fauci", "Anthony Fauci"),
    ("Mrs. Thatcher’s", "Thatcher"),
    ("Senator Elizabeth Warren", "Elizabeth Warren"),
    ("Governor Gavin Newsom", "Gavin Newsom"),
    ("Ambassador Caroline Kennedy", "Caroline Kennedy"),
    ("Prince Harry", "Prince Harry"),
    ("Mark Rutte", "Mark Rutte"),
])
def test_titles_are_stripped_from_person_spans(raw, name):
    sentence = f"Yesterday {raw} arrived in Brussels."
    m = span_of(sentence, raw, "PERSON")
    assert m.name == name and m.text == name


def test_titles_kept_in_org_names_but_honorific_dropped():
    assert span_of("He watches the Premier League.", "the Premier League", "ORG").name == "Premier League"
    assert span_of("He met President Lula there.", "President Lula", "ORG").name == "Lula"


def test_title_alone_is_not_stripped_to_nothing():
    assert span_of("The Governor spoke.", "Governor", "PERSON").name == "Governor"


@pytest.mark.parametrize("raw, label", [
    ("RELATED ARTICLES", "ORG"),
    ("MOST POPULAR STORIES", "ORG"),
    ("HomeBusiness & MarketsThe", "ORG"),
    ("World NewsA", "ORG"),
    ("News | Opinion", "ORG"),
    ("AI", "GPE"),
    ("COVID-19", "ORG"),
    ("—", "ORG"),
    ("X", "PERSON"),
    ("Boeing 737", "PERSON"),
])
def test_debris_and_non_names_are_dropped(raw, label):
    assert clean_mention(raw, 0, label, f"Something about {raw} here.") is None


def test_mention_in_all_caps_line_is_dropped():
    assert clean_mention("REPLY", 8, "ORG", "LEAVE A REPLY") is None
    assert clean_mention("NATO", 0, "ORG", "NATO allies met in Vilnius.") is not None


@pytest.mark.parametrize("raw", ["McDonald", "DeSantis", "iPhone Maker", "MacKenzie Scott", "BofA"])
def test_camel_case_names_survive(raw):
    assert clean_mention(raw, 0, "ORG", f"A story about {raw}.") is not None


@pytest.mark.parametrize("raw, label, name", [
    ("$2.3 trillion", "MONEY", "$2.3 trillion"),
    ("42%", "PERCENT", "42%"),
    ("25 percent", "PERCENT", "25 percent"),
    ("only 7%", "PERCENT", "7%"),
    ("300 tonnes", "QUANTITY", "300 tonnes"),
])
def test_amounts_keep_their_text(raw, label, name):
    sentence = f"The figure was {raw} last year."
    m = span_of(sentence, raw, label)
    assert (m.type, m.name, m.text) == ("AMOUNT", name, name)


def test_acronyms_and_quotes():
    m = span_of("Officials in the U.S. said so.", "the U.S.", "GPE")
    assert (m.text, m.type) == ("U.S.", "PLACE")
    m = span_of("He praised “Goldman Sachs” twice.", "“Goldman Sachs”", "ORG")
    assert m.text == "Goldman Sachs"


def test_whitespace_inside_span_collapses_in_name():
    m = clean_mention("New   York", 10, "GPE")
    assert (m.start, m.end, m.text, m.name) == (10, 20, "New   York", "New York")


@pytest.mark.parametrize("raw, name, role", [
    ("US Treasury Secretary Jane Holt", "Jane Holt", "Treasury Secretary"),
    ("Canadian Prime Minister Ray Doyle", "Ray Doyle", "Prime Minister"),
    ("Ontario Premier Sam Reid", "Sam Reid", "Premier"),
    ("Secretary of State Ann Pike", "Ann Pike", "Secretary of State"),
    ("Sen. Joe Marsh", "Joe Marsh", "Senator"),
    ("Dr. Ida Kemp", "Ida Kemp", ""),
    ("Ida Kemp", "Ida Kemp", ""),
])
def test_stripped_title_becomes_role(raw, name, role):
    m = span_of(f"On Monday {raw} flew home.", raw, "PERSON")
    assert (m.name, m.role) == (name, role)


@pytest.mark.parametrize("before, role", [
    ("Talks with Canadian Prime Minister ", "Prime Minister"),
    ("said the prime minister ", "Prime Minister"),
    ("according to Finance Minister ", "Finance Minister"),
    ("said Mr. ", ""),
    ("said on Monday that ", ""),
])
def test_role_written_before_the_span(before, role):
    assert preceding_role(before) == role
    sentence = before + "Ray Doyle left."
    m = clean_mention("Ray Doyle", len(before), "PERSON", sentence, before)
    assert (m.name, m.role) == ("Ray Doyle", role)


def test_role_of_normalises_capitalisation():
    assert role_of("vice president ") == "Vice President"
    assert role_of("Apple CEO ") == "CEO"


def test_products_are_their_own_type():
    m = span_of("Fans queued for the Zephyr X2 phone.", "Zephyr X2", "PRODUCT")
    assert (m.type, m.name) == ("PRODUCT", "Zephyr X2")


@pytest.mark.parametrize("raw, label, etype", [
    ("Harlow Widgets Corp", "PERSON", "ORG"),
    ("Greyfield Party", "GPE", "ORG"),
    ("Tamsin River", "PERSON", "PLACE"),
    ("Spokeswoman Jane Doe", "ORG", "PERSON"),
    ("the Marvels", "PERSON", "ORG"),
])
def test_telling_words_fix_the_type(raw, label, etype):
    assert span_of(f"Reports on {raw} grew.", raw, label).type == etype


def test_score_line_spans_are_split_at_numbers():
    line = "Oldtown 2 Newbridge Rovers 1"
    assert [m.name for m in clean_spans(line, 0, "ORG", line)] == ["Oldtown", "Newbridge Rovers"]
    sentence = "The Kestrel 400 jet flew."
    assert [m.name for m in clean_spans("Kestrel 400", 4, "ORG", sentence)] == ["Kestrel 400"]


def test_score_table_names_are_teams():
    line = "Oldtown 4 2 1 1 7 5 7"
    assert [(m.text, m.type) for m in table_teams(line, 10, [])] == [("Oldtown", "ORG")]
    line = "Freedonia 2 Sylvania 1"
    place = Mention(0, 9, "Freedonia", "GPE", "PLACE", "Freedonia")
    out = table_teams(line, 0, [place])
    assert [(m.text, m.type) for m in out] == [("Freedonia", "PLACE"), ("Sylvania", "ORG")]
    prose = [place]
    assert table_teams("Freedonia won 2 of 3 games.", 0, prose) is prose


def test_camel_case_norp_is_a_product():
    m = span_of("Songs sold on zTunes rose.", "zTunes", "NORP")
    assert (m.type, m.name) == ("PRODUCT", "zTunes")
    assert span_of("The Canadian team won.", "Canadian", "NORP") is None


def test_plural_person_after_the_is_a_group():
    sentence = "Fans of the Wombles cheered."
    start = sentence.index("Wombles")
    m = clean_mention("Wombles", start, "PERSON", sentence, before=sentence[:start])
    assert m.type == "ORG"
    m = clean_mention("Obama", 4, "PERSON", "the Obama plan", before="the ")
    assert m.type == "PERSON"


def test_spaced_dash_after_multi_word_name_splits():
    text = "Port Verin - Zarco"
    assert [(m.name, m.start) for m in clean_spans(text, 0, "GPE")] == [("Port Verin", 0), ("Zarco", 13)]
    assert [m.name for m in clean_spans("Wal - Mart", 0, "ORG")] == ["Wal - Mart"]


@pytest.mark.parametrize("word, key", [("A420", "a420"), ("747", "747"), ("737s", "737"),
                                       ("737-800", "737-800"), ("777-200LR", "777-200lr"),
                                       ("500", None), ("2005", None), ("4", None), ("Zephyr", None)])
def test_model_key(word, key):
    assert model_key(word) == key


def test_company_and_model_become_one_product():
    text = "The Zenta A420 flew. Zenta 's 787 is late. Zenta 's staff. Zenta 300 million."
    ms = [Mention(text.index("Zenta"), text.index("Zenta") + 5, "Zenta", "ORG", "ORG", "Zenta")]
    for nth in (1, 2, 3):
        at = -1
        for _ in range(nth + 1):
            at = text.index("Zenta", at + 1)
        ms.append(Mention(at, at + 5, "Zenta", "ORG", "ORG", "Zenta"))
    out = merge_products(text, ms)
    assert [(m.text, m.type, m.name) for m in out] == [
        ("Zenta A420", "PRODUCT", "Zenta A420"), ("Zenta", "ORG", "Zenta"), ("787", "PRODUCT", "787"),
        ("Zenta", "ORG", "Zenta"), ("Zenta", "ORG", "Zenta")]
    assert all(text[m.start:m.end] == m.text for m in out)


def test_model_before_a_name_and_air_before_a_country():
    text = "The 787 Skyliner and Air Chile flights."
    sky = Mention(8, 16, "Skyliner", "PERSON", "PERSON", "Skyliner")
    chile = Mention(25, 30, "Chile", "GPE", "PLACE", "Chile")
    out = merge_products(text, [sky, chile])
    assert [(m.text, m.type) for m in out] == [("787 Skyliner", "PRODUCT"), ("Air Chile", "ORG")]


def test_org_span_with_a_model_is_a_product_but_not_a_flight():
    assert span_of("The Zenta A420 flew.", "Zenta A420", "ORG").type == "PRODUCT"
    assert span_of("Zenta Air Flight 574 fell.", "Zenta Air Flight 574", "ORG").type == "ORG"
    assert span_of("The S&P 500 fell.", "S&P 500", "ORG").type == "ORG"


def _m(text: str, name: str, label: str, etype: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(start, start + len(name), name, label, etype, name)


def test_context_types_org_noun_before_a_person_label_makes_an_org_for_the_document():
    text = "The retailer Best Buy grew. Sales at Best Buy rose."
    out = entities.context_types(text, [_m(text, "Best Buy", "PERSON", "PERSON"),
                                        _m(text, "Best Buy", "PERSON", "PERSON", 1)])
    assert [m.type for m in out] == ["ORG", "ORG"]


def test_context_types_single_word_person_before_a_country_is_a_place():
    text = "It was flown to Toulouse, France. Crowds in Toulouse cheered."
    out = entities.context_types(text, [_m(text, "Toulouse", "PERSON", "PERSON"),
                                        _m(text, "Toulouse", "PERSON", "PERSON", 1)])
    assert [m.type for m in out] == ["PLACE", "PLACE"]


def test_context_types_surname_of_a_full_name_stays_a_person():
    text = "John Smith spoke. Later, in Smith, France was mentioned."
    out = entities.context_types(text, [_m(text, "John Smith", "PERSON", "PERSON"),
                                        _m(text, "Smith", "PERSON", "PERSON", 1)])
    assert [m.type for m in out] == ["PERSON", "PERSON"]


def test_context_types_flight_number_leaves_the_airline():
    text = "the loss of Adam Air Flight 574 last year"
    out = entities.context_types(text, [_m(text, "Adam Air Flight 574", "ORG", "PRODUCT")])
    assert [(m.name, m.type) for m in out] == [("Adam Air", "ORG")]


def test_context_types_finds_camel_case_products_with_versions():
    text = "Apple unveils iPhone 4, iOS 4 and iCloud; it sold 3 million units."
    out = entities.context_types(text, [_m(text, "Apple", "ORG", "ORG")])
    assert [(m.name, m.type) for m in out] == [("Apple", "ORG"), ("iPhone 4", "PRODUCT"),
                                                ("iOS 4", "PRODUCT"), ("iCloud", "PRODUCT")]


def test_product_mention_widens_over_a_version_after_it():
    text = "Zorp showed the zPad 5GX, a zPad 7 for schools, the zTab nano and two zPad 7s."
    out = entities.context_types(text, [_m(text, "zPad", "PRODUCT", "PRODUCT"),
                                        _m(text, "zTab", "ORG", "ORG")])
    assert [(m.text, m.name, m.type) for m in out] == [
        ("zPad 5GX", "zPad 5GX", "PRODUCT"), ("zPad 7", "zPad 7", "PRODUCT"),
        ("zTab nano", "zTab nano", "PRODUCT"), ("zPad 7s", "zPad 7", "PRODUCT")]


def test_product_version_before_it_is_named_after_it():
    text = "Buyers queued for the 4G zPad while the 64GB zPad and 3D zPad sold slowly."
    spans = [_m(text, "zPad", "PRODUCT", "PRODUCT", n) for n in range(3)]
    out = entities.context_types(text, spans)
    assert [(m.text, m.name) for m in out] == [("4G zPad", "zPad 4G"), ("zPad", "zPad"), ("zPad", "zPad")]


def test_figures_and_software_numbers_are_no_versions():
    text = "zPad 2.0 software reached zPad 3 million owners; zPad users liked it."
    spans = [_m(text, "zPad", "PRODUCT", "PRODUCT", n) for n in range(3)]
    assert [m.name for m in entities.context_types(text, spans)] == ["zPad", "zPad", "zPad"]
    assert entities.version_of("zPad 5GX") == ("zPad", "5GX")
    assert entities.version_of("Zenta A420") is None and entities.version_of("zPad users") is None


def test_context_types_country_opening_the_sentence_after_its_airline_is_the_airline():
    text = "Zembla Airways , which flies to Oslo , ordered jets .\nZembla has two more on order ."
    out = entities.context_types(text, [_m(text, "Zembla Airways", "ORG", "ORG"),
                                        _m(text, "Oslo", "GPE", "PLACE"),
                                        _m(text, "Zembla", "GPE", "PLACE", 1)])
    assert (out[2].type, out[2].name) == ("ORG", "Zembla Airways")


def test_context_types_country_not_after_its_airline_stays_a_place():
    text = "Zembla Airways ordered jets .\nThe Oslo office agreed .\nZembla has a new law ."
    out = entities.context_types(text, [_m(text, "Zembla Airways", "ORG", "ORG"),
                                        _m(text, "Oslo", "GPE", "PLACE"),
                                        _m(text, "Zembla", "GPE", "PLACE", 1)])
    assert out[2].type == "PLACE"
    mid = "Planes left Zembla Airways hubs . Zembla has a new law ."
    out = entities.context_types(mid, [_m(mid, "Zembla Airways", "ORG", "ORG"),
                                       _m(mid, "Zembla", "GPE", "PLACE", 1)])
    assert out[1].type == "PLACE"


def test_names_ending_in_center_are_places():
    assert entities._retype("Quarlo Delivery Center", "ORG") == "PLACE"
    assert entities._retype("National Quarlo Centre", "PERSON") == "PLACE"
