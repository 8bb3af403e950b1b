"""Timeline queries with each filter kind, entity relinking, and hostile searches."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from desktop_app.db import ingest, queries
from tests import factories


def texts(factory, filters=queries.Filters()):
    with factory() as s:
        return [e.text for e in queries.events_by_ids(s, queries.event_ids(s, filters))]


def entity_id(factory, name):
    with factory() as s:
        (found,) = queries.entity_ids_by_name(s, name)
        return found


def test_events_come_in_date_order(story_db):
    with story_db() as s:
        rows = queries.events_by_ids(s, queries.event_ids(s))
    assert [r.begin for r in rows] == sorted(r.begin for r in rows)
    assert len(rows) == 7
    assert rows[0].text == "The trust was founded in 2019 by Oskar Berg."
    assert rows[-1].text == "Critics in Portvale want a review this fall."


def test_surname_links_to_full_name_across_articles(story_db):
    with story_db() as s:
        by_name = {e.name: e for e in queries.entities(s)}
        aliases = queries.entity_aliases(s)
    lind = by_name["Ana Lind"]
    assert lind.type == "PERSON" and lind.mention_count == 3 and lind.article_count == 2
    assert "Lind" not in by_name
    assert set(aliases[lind.id]) == {"Ana Lind", "Lind"}
    assert by_name["Portvale"].article_count == 3


def test_entity_filter(story_db):
    lind = entity_id(story_db, "lind")  # alias, any case
    assert texts(story_db, queries.Filters(entity_ids=(lind,))) == [
        "Lind said the Harbour Trust had pushed for it since last April.",
        "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind.",
        "Mayor Ana Lind will meet investors next month.",
    ]


def test_two_entities_must_both_be_involved(story_db):
    lind, trust = entity_id(story_db, "Ana Lind"), entity_id(story_db, "Harbour Trust")
    assert texts(story_db, queries.Filters(entity_ids=(lind, trust))) == [
        "Lind said the Harbour Trust had pushed for it since last April."]


def test_date_range_is_inclusive_and_uses_overlap(story_db):
    got = texts(story_db, queries.Filters(date_from=dt.date(2026, 3, 3), date_to=dt.date(2026, 9, 1)))
    assert got == ["The council voted on Tuesday to back the harbour plan of Mayor Ana Lind.",
                   "Mayor Ana Lind will meet investors next month.",
                   "Critics in Portvale want a review this fall."]


def test_text_search_matches_word_prefixes(story_db):
    assert texts(story_db, queries.Filters(query="invest")) == [
        "Mayor Ana Lind will meet investors next month."]
    assert texts(story_db, queries.Filters(query="harbour TRUST")) == [
        "Lind said the Harbour Trust had pushed for it since last April.",
        "The Harbour Trust raised $40 million in January."]


def test_quoted_phrases_match_exactly_and_unbalanced_quotes_explain_themselves(story_db):
    assert texts(story_db, queries.Filters(query='"harbour trust raised"')) == [
        "The Harbour Trust raised $40 million in January."]
    assert texts(story_db, queries.Filters(query='"trust raised" lind')) == []
    assert texts(story_db, queries.Filters(query='"harbour plan" Lind')) == [
        "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind."]
    assert texts(story_db, queries.Filters(query='"harbour pla"')) == []  # a phrase is not a prefix
    with pytest.raises(queries.QueryError, match="Unbalanced quote"):
        texts(story_db, queries.Filters(query='"harbour trust'))


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(", "*", "a OR", "x\"y'z", "-", "🙂", "NOT"])
def test_hostile_search_never_raises_anything_but_query_error(story_db, query):
    try:
        texts(story_db, queries.Filters(query=query))
    except queries.QueryError as exc:
        assert str(exc)


def test_article_filter(story_db):
    with story_db() as s:
        undated = next(a for a in queries.articles(s) if a.published is None)
    assert texts(story_db, queries.Filters(article_ids=(undated.id,))) == [
        "The trust was founded in 2019 by Oskar Berg.", "Berg left Portvale in 2021."]


def test_article_source_spans(story_db):
    with story_db() as s:
        first = queries.articles(s)[0]
        source = queries.article_source(s, first.id)
    kinds = {(source.text[sp.start:sp.end], sp.kind) for sp in source.spans}
    assert ("Ana Lind", "PERSON") in kinds and ("last April", "TIMEX") in kinds
    assert all(0 <= sp.start < sp.end <= len(source.text) for sp in source.spans)


def test_describe_filters_in_words(story_db):
    lind = entity_id(story_db, "Ana Lind")
    with story_db() as s:
        text = queries.describe_filters(s, queries.Filters(query="vote", entity_ids=(lind,),
                                                           date_from=dt.date(2026, 1, 1)))
        assert queries.describe_filters(s, queries.Filters()) == "none"
    assert text == "text contains “vote”; involving Ana Lind; dated from 2026-01-01"


def test_describe_filters_takes_the_names_it_is_given_and_looks_up_the_rest(story_db):
    lind = entity_id(story_db, "Ana Lind")
    with story_db() as s:
        text = queries.describe_filters(s, queries.Filters(entity_ids=(10**9, lind)),
                                        {10**9: "Shown Name"})
    assert text == "involving Shown Name and Ana Lind"


def test_delete_articles_removes_everything_and_orphan_entities(story_db):
    with story_db.begin() as s:
        undated = next(a for a in queries.articles(s) if a.published is None)
        ingest.delete_articles(s, [undated.id])
    with story_db() as s:
        names = {e.name for e in queries.entities(s)}
        assert "Oskar Berg" not in names and "Portvale" in names
        assert len(queries.event_ids(s)) == 5


def test_relink_keeps_existing_entity_ids(story_db):
    lind = entity_id(story_db, "Ana Lind")
    article, extraction = factories.make_article(
        "Later piece", "Lind spoke again on May 2, 2026.", dt.date(2026, 5, 3), "d.txt",
        [("on May 2, 2026", "2026-05-02", dt.date(2026, 5, 2), dt.date(2026, 5, 3), "day")],
        [("Lind", "PERSON", "PERSON")])
    with story_db.begin() as s:
        ingest.store_article(s, article, extraction)
        from desktop_app.db import entity_store

        entity_store.relink(s)
    assert entity_id(story_db, "Lind") == lind
    assert "Lind spoke again on May 2, 2026." in texts(story_db, queries.Filters(entity_ids=(lind,)))


def test_entities_leave_figures_out(story_db):
    with story_db() as s:
        names = {e.name for e in queries.entities(s)}
        types = {e.type for e in queries.entities(s)}
        with_figures = {e.name for e in queries.entities(s, include_figures=True)}
        only_amounts = {e.name for e in queries.entities(s, kinds=("AMOUNT",))}
    assert "$40 million" not in names and "AMOUNT" not in types
    assert {"Ana Lind", "Harbour Trust", "Portvale"} <= names
    assert "$40 million" in with_figures and only_amounts == {"$40 million"}


def test_figures_list_the_story_amount(story_db):
    with story_db() as s:
        (figure,) = queries.figures(s)
        assert (figure.text, figure.name, figure.type) == ("$40 million", "$40 million", "AMOUNT")
        assert (figure.mention_count, figure.article_count) == (1, 1)
        # Filtered: only figures inside the events that pass.
        portvale = queries.entity_ids_by_name(s, "Portvale")[0]
        assert queries.figures(s, queries.Filters(entity_ids=(portvale,))) == []
        assert [f.text for f in queries.figures(s, queries.Filters(query="raised"))] == ["$40 million"]


def test_a_figure_filters_like_an_entity(story_db):
    figure = entity_id(story_db, "$40 million")
    assert texts(story_db, queries.Filters(entity_ids=(figure,))) == [
        "The Harbour Trust raised $40 million in January."]


def test_event_figures_and_event_entities(story_db):
    with story_db() as s:
        (event_id,) = queries.event_ids(s, queries.Filters(query="raised"))
        assert [f.text for f in queries.event_figures(s, event_id)] == ["$40 million"]
        assert [e.name for e in queries.event_entities(s, event_id, include_figures=False)] == [
            "Harbour Trust"]
        assert [e.name for e in queries.event_entities(s, event_id)] == ["Harbour Trust",
                                                                          "$40 million"]
        (other,) = queries.event_ids(s, queries.Filters(query="founded"))
        assert queries.event_figures(s, other) == []


def test_figures_stay_highlighted_as_amounts_in_the_source(story_db):
    with story_db() as s:
        (event_id,) = queries.event_ids(s, queries.Filters(query="raised"))
        (event,) = queries.events_by_ids(s, [event_id])
        source = queries.article_source(s, event.article_id)
    (span,) = [sp for sp in source.spans if sp.kind == "AMOUNT"]
    assert source.text[span.start:span.end] == "$40 million" and span.entity_id is not None


def test_any_entity_mode_needs_only_one_of_them(story_db):
    portvale, berg = entity_id(story_db, "Portvale"), entity_id(story_db, "Oskar Berg")
    both = queries.Filters(entity_ids=(portvale, berg))
    assert texts(story_db, both) == ["Berg left Portvale in 2021."]
    assert texts(story_db, dataclasses.replace(both, entity_mode="any")) == [
        "The trust was founded in 2019 by Oskar Berg.",
        "Berg left Portvale in 2021.",
        "Critics in Portvale want a review this fall."]
    with pytest.raises(ValueError):
        texts(story_db, dataclasses.replace(both, entity_mode="some"))


def test_entity_type_filter(story_db):
    assert texts(story_db, queries.Filters(entity_types=("ORG",))) == [
        "Lind said the Harbour Trust had pushed for it since last April.",
        "The Harbour Trust raised $40 million in January."]
    assert texts(story_db, queries.Filters(entity_types=("AMOUNT",))) == [
        "The Harbour Trust raised $40 million in January."]
    assert len(texts(story_db, queries.Filters(entity_types=("ORG", "PLACE")))) == 4
    with story_db() as s:
        assert queries.entity_types(s) == ["AMOUNT", "ORG", "PERSON", "PLACE"]
        types = queries.Filters(entity_types=("ORG",), entity_ids=(entity_id(story_db, "Ana Lind"),),
                                entity_mode="any")
        assert queries.describe_filters(s, types) == "involving Ana Lind; mentioning type ORG"


def test_entity_keys_map_both_ways(story_db):
    lind = entity_id(story_db, "Ana Lind")
    with story_db() as s:
        keys = queries.entity_keys(s, [lind])
        assert keys == {lind: "PERSON:ana lind"}
        assert queries.entity_ids_by_key(s, [keys[lind], "PERSON:nobody"]) == {keys[lind]: lind}


def test_outlet_filter(story_db):
    import sqlalchemy as sa

    from desktop_app.db import models

    with story_db.begin() as s:
        s.execute(sa.update(models.Article).where(models.Article.path == "c.txt").values(outlet="Coast Wire"))
    assert texts(story_db, queries.Filters(outlets=("Coast Wire",))) == [
        "The trust was founded in 2019 by Oskar Berg.", "Berg left Portvale in 2021."]
    assert texts(story_db, queries.Filters(outlets=("Nobody",))) == []
