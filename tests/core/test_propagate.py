"""Tests for desktop_app.core.propagate (pure, no spaCy)."""
from __future__ import annotations

from desktop_app.core.model import Mention
from desktop_app.core.propagate import propagate


def mention(text: str, name: str, label: str, etype: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(start, start + len(name), name, label, etype, name)


def found(text: str, mentions: list[Mention]) -> list[tuple[str, str, int]]:
    return [(m.text, m.type, m.start) for m in propagate(text, mentions)]


def test_surname_and_exact_names_are_found_again():
    text = "Anna Lindqvist runs Norvik Builders.\nLindqvist met Norvik Builders staff in Tromso."
    known = [mention(text, "Anna Lindqvist", "PERSON", "PERSON"),
             mention(text, "Norvik Builders", "ORG", "ORG")]
    out = propagate(text, known)
    assert [(m.text, m.type) for m in out] == [
        ("Anna Lindqvist", "PERSON"), ("Norvik Builders", "ORG"),
        ("Lindqvist", "PERSON"), ("Norvik Builders", "ORG")]
    assert all(text[m.start:m.end] == m.text for m in out)


def test_surname_beats_a_disputed_label():
    text = "Carla Moreno spoke. Moreno left. Moreno said no."
    known = [mention(text, "Carla Moreno", "PERSON", "PERSON"),
             mention(text, "Moreno", "ORG", "ORG", nth=1)]
    new = [m for m in propagate(text, known) if m not in known]
    assert [(m.text, m.type, m.start) for m in new] == [("Moreno", "PERSON", text.rindex("Moreno"))]


def test_word_bounds_longer_names_and_headlines_are_respected():
    text = ("Dana Whitfield sued.\nWHITFIELD WINS CASE\nWhitfields and Whitfield-Smith differ; "
            "Whitfield Avenue is closed. Later Whitfield spoke.")
    known = [mention(text, "Dana Whitfield", "PERSON", "PERSON")]
    new = [x for x in found(text, known) if x[2] != 0]
    assert new == [("Whitfield", "PERSON", text.rindex("Whitfield"))]


def test_amounts_and_short_forms_do_not_propagate():
    text = "It cost $5 million. Jo Li came. $5 million again, Li said."
    known = [mention(text, "$5 million", "MONEY", "AMOUNT"), mention(text, "Jo Li", "PERSON", "PERSON")]
    assert propagate(text, known) == sorted(known, key=lambda m: m.start)


def test_company_and_model_merge_before_propagation():
    text = "The Zenta A420 flew. Later the A420 landed."
    known = [mention(text, "Zenta", "ORG", "ORG"), mention(text, "A420", "PRODUCT", "PRODUCT", 1)]
    assert found(text, known) == [("Zenta A420", "PRODUCT", 4), ("A420", "PRODUCT", 31)]


def test_demonyms_are_dropped_but_a_full_names_surname_stays():
    text = "Ronnie Irani met Canadian officials.\nIrani said the Canadians agreed in Canada."
    known = [mention(text, "Ronnie Irani", "PERSON", "PERSON"), mention(text, "Irani", "PERSON", "PERSON", 1),
             mention(text, "Canadian", "GPE", "PLACE"), mention(text, "Canadians", "ORG", "ORG"),
             mention(text, "Canada", "GPE", "PLACE")]
    assert [t for t, _, _ in found(text, known)] == ["Ronnie Irani", "Irani", "Canada"]


def test_bare_model_words_of_a_named_product_and_lettered_plurals():
    text = ("The Vantor 515 flew on Monday.\nLater the 515 landed, and 24 C220s were ordered.\n"
            "Flight 515 was full; 515 million people watched; the 616 is unrelated.")
    known = [mention(text, "Vantor 515", "ORG", "PRODUCT")]
    got = [(t, kind) for t, kind, _ in found(text, known)]
    assert got == [("Vantor 515", "PRODUCT"), ("515", "PRODUCT"), ("C220s", "PRODUCT")]


def test_occurrences_match_one_alternation_regex_of_the_forms():
    # What the scan replaced: longest form first, whole words only, left to right, no overlaps.
    import random
    import re

    from desktop_app.core.propagate import _occurrences

    rng = random.Random(6)
    for _ in range(3000):
        text = "".join(rng.choice("ab -'’_éA1") for _ in range(rng.randint(0, 30)))
        forms = {"".join(rng.choice("abA ") for _ in range(rng.randint(1, 4))).strip() or "a"
                 for _ in range(rng.randint(1, 4))}
        regex = re.compile(r"(?<![\w’'-])(?:" + "|".join(
            re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])")
        assert _occurrences(text, forms) == [m.span() for m in regex.finditer(text)], (text, forms)
