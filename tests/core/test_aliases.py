"""Tests for desktop_app.core.aliases (pycountry places, demonyms, acronyms, company names)."""
from __future__ import annotations

import pytest

from desktop_app.core import aliases


@pytest.mark.parametrize("name, label, want", [
    ("U.S.", "GPE", ("United States", "PLACE")), ("USA", "ORG", ("United States", "PLACE")),
    ("United States of America", "GPE", ("United States", "PLACE")), ("UK", "GPE", ("United Kingdom", "PLACE")),
    ("Britain", "GPE", ("United Kingdom", "PLACE")), ("South Korea", "GPE", ("South Korea", "PLACE")),
    ("Korea, Republic of", "GPE", ("South Korea", "PLACE")), ("Russia", "GPE", ("Russia", "PLACE")),
    ("Russian Federation", "GPE", ("Russia", "PLACE")), ("DEU", "GPE", ("Germany", "PLACE")),
    ("EU", "ORG", ("European Union", "PLACE")), ("America", "GPE", ("United States", "PLACE")),
    ("America", "ORG", None), ("Jordan", "PERSON", None), ("IT", "ORG", None), ("us", "GPE", None),
    ("Us", "GPE", None), ("Acme", "ORG", None),
])
def test_place_alias(name, label, want):
    assert aliases.place_alias(name, aliases.normalise(name), label) == want


@pytest.mark.parametrize("text, place", [
    ("Canadian", "Canada"), ("Canadians", "Canada"), ("American", "United States"), ("British", "United Kingdom"),
    ("Japanese", "Japan"), ("Brazilian", "Brazil"), ("German", "Germany"), ("Mexican", "Mexico"), ("Apple", None),
])
def test_demonym_place(text, place):
    assert aliases.demonym_place(text) == place


@pytest.mark.parametrize("text, place", [
    ("Nigerian", "Nigeria"),  # the closer derivation wins over Niger + "ian"
    ("Netherlands", None), ("Belarus", None), ("Philippines", None),  # places, not plurals
    ("Tajik", "Tajikistan"), ("Uzbeks", "Uzbekistan"), ("Briton", "United Kingdom"),
    ("Canadian Pacific", None),
])
def test_demonym_rules(text, place):
    assert aliases.demonym_place(text) == place


def test_demonyms_of_a_place():
    assert "canadian" in aliases.demonyms_of("Canada")
    assert aliases.demonyms_of("Atlantis") == frozenset()


def test_find_demonyms_skips_lowercase_and_taken_spans():
    text = "Canadians cheered while a CANADIAN paper and Canadian Pacific wrote of canadian bacon."
    pacific = (text.index("Canadian Pacific"), text.index("Canadian Pacific") + 16)
    found = aliases.find_demonyms(text, ["Canada", "Mexico"], [pacific])
    assert [(text[s:e], place, d) for s, e, place, d in found] == [
        ("Canadians", "Canada", "Canadian"), ("CANADIAN", "Canada", "Canadian")]
    assert aliases.find_demonyms(text, ["Atlantis"]) == []


@pytest.mark.parametrize("name, letters", [
    ("NORAD", "NORAD"), ("U.S.", "US"), ("NGOs", "NGO"), ("Apple", None), ("A", None), ("ABCDEFG", None),
])
def test_acronym_letters(name, letters):
    assert aliases.acronym_letters(name) == letters


@pytest.mark.parametrize("name, letters", [
    ("North American Aerospace Defense Command", "NAADC"), ("Royal Air Force", "RAF"),
    ("European Aeronautic Defence & Space NV", "EADS"), ("U.S. Air Force", "USAF"),
    ("Bank of the North-East", "BNE"), ("Government Accountability Office", "GAO"),
])
def test_initials(name, letters):
    assert aliases.initials(name) == letters


def test_company_forms():
    assert aliases.strip_company_suffix("aer lingus group plc") == "aer lingus"
    assert aliases.strip_company_suffix("apple inc.,") == "apple"
    assert aliases.strip_company_suffix("group") == "group"
    assert aliases.descriptor_stem("delta airlines") == "delta"
    assert aliases.descriptor_stem("apple tv") is None
    assert aliases.leading_place("us air force") == ("United States", "air force")
    assert aliases.spelling_variants("european defence agency", "european defense agency")
    assert not aliases.spelling_variants("european defence agency", "european space agency")
    assert aliases.is_known_place("california") and not aliases.is_known_place("northline")
