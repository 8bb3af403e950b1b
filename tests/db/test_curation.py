"""Curation use cases: decisions stored, replayed on relink, undone and redone."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from desktop_app.db import curation, entity_store, ingest, models, queries, session as db_session
from tests import factories


def by_name(factory, include_hidden=False) -> dict[str, queries.EntityRow]:
    with factory() as s:
        return {e.name: e for e in queries.entities(s, include_hidden=include_hidden)}


def aliases_of(factory, name: str) -> list[str]:
    with factory() as s:
        entity_id = by_name(factory, True)[name].id
        return queries.entity_aliases(s)[entity_id]


def test_merge_moves_mentions_and_undo_redo(story_db):
    before = by_name(story_db)
    with story_db.begin() as s:
        out = curation.merge(s, before["Oskar Berg"].id, before["Ana Lind"].id)
    after = by_name(story_db)
    assert "Oskar Berg" not in after
    ana = after["Ana Lind"]
    assert ana.mention_count == before["Ana Lind"].mention_count + before["Oskar Berg"].mention_count
    assert ana.key == out.entity_key
    assert set(aliases_of(story_db, "Ana Lind")) == {"Ana Lind", "Lind", "Oskar Berg", "Berg"}
    with story_db.begin() as s:
        curation.set_active(s, out.decision.id, False)  # undo
    assert by_name(story_db)["Oskar Berg"].mention_count == before["Oskar Berg"].mention_count
    with story_db.begin() as s:
        assert curation.decisions(s, active_only=True) == []
        curation.set_active(s, out.decision.id, True)  # redo
    assert "Oskar Berg" not in by_name(story_db)


def test_merge_survives_reimport_and_applies_to_new_articles(story_db):
    names = by_name(story_db)
    with story_db.begin() as s:
        curation.merge(s, names["Portvale"].id, names["Harbour Trust"].id)
    # Re-import the same articles: delete them and store them again, then relink.
    with story_db.begin() as s:
        ingest.delete_articles(s, [a.id for a in queries.articles(s)])
        assert s.scalar(sa.select(sa.func.count(models.Entity.id))) == 0
    factories.build_story(story_db)
    merged = by_name(story_db)
    assert "Portvale" not in merged and merged["Harbour Trust"].mention_count == 6
    factories.add_undated_relative(story_db)  # a new article mentioning Portvale
    assert "Portvale" not in by_name(story_db)
    assert by_name(story_db)["Harbour Trust"].mention_count == 7


def test_split_alias_and_undo(story_db):
    ana = by_name(story_db)["Ana Lind"]
    with story_db.begin() as s:
        out = curation.split_alias(s, ana.id, "LIND")
    after = by_name(story_db)
    assert after["Lind"].mention_count == 1
    assert after["Ana Lind"].mention_count == ana.mention_count - 1
    assert after["Lind"].type == "PERSON" and after["Lind"].key == out.entity_key
    with story_db.begin() as s:
        curation.set_active(s, out.decision.id, False)
    assert "Lind" not in by_name(story_db)


def test_split_one_mention(story_db):
    ana = by_name(story_db)["Ana Lind"]
    with story_db() as s:
        article = next(a for a in queries.articles(s) if a.path == "b.txt")
        text = queries.article_source(s, article.id).text
    offset = text.index("Ana Lind") + 2
    with story_db.begin() as s:
        out = curation.split_mention(s, article.id, offset)
    with story_db() as s:
        rows = [e for e in queries.entities(s) if e.name == "Ana Lind"]
        assert sorted(e.mention_count for e in rows) == [1, ana.mention_count - 1]
        split_id = curation.entity_id_by_key(s, out.entity_key)
        spans = queries.article_source(s, article.id).spans
        assert any(sp.entity_id == split_id and sp.start == offset - 2 for sp in spans)


def test_hide_leaves_lists_filters_and_highlights_until_unhidden(story_db):
    trust = by_name(story_db)["Harbour Trust"]
    with story_db.begin() as s:
        curation.hide(s, trust.id)
    assert "Harbour Trust" not in by_name(story_db)
    hidden = by_name(story_db, include_hidden=True)["Harbour Trust"]
    assert hidden.hidden
    with story_db() as s:
        assert queries.entity_ids_by_name(s, "Harbour Trust") == []
        for article in queries.articles(s):
            assert all(sp.entity_id != hidden.id for sp in queries.article_source(s, article.id).spans)
    with story_db.begin() as s:
        curation.unhide(s, hidden.id)
    assert not by_name(story_db)["Harbour Trust"].hidden


def test_json_export_follows_curation(story_db):
    from desktop_app.export import json_export

    trust = by_name(story_db)["Harbour Trust"]
    lind = by_name(story_db)["Ana Lind"]
    with story_db.begin() as s:
        curation.hide(s, trust.id)
        curation.rename(s, lind.id, "Ana M. Lind")
    with story_db() as s:
        data = json_export.build(s)
    ids = {e["id"] for e in data["entities"]}
    assert "Harbour Trust" not in {e["name"] for e in data["entities"]}
    assert "Ana M. Lind" in {e["name"] for e in data["entities"]}
    assert {m["entity"] for m in data["mentions"]} <= ids | {f["id"] for f in data["figures"]}
    assert not any(m["text"] == "Harbour Trust" for m in data["mentions"])


def test_rename_and_retype_hold_after_relink(story_db):
    trust = by_name(story_db)["Harbour Trust"]
    with story_db.begin() as s:
        curation.rename(s, trust.id, "Portvale Harbour Trust")
        curation.retype(s, trust.id, "product")
    with story_db.begin() as s:
        entity_store.relink(s)
    renamed = by_name(story_db)["Portvale Harbour Trust"]
    assert renamed.type == "PRODUCT" and renamed.key == trust.key


def test_entity_details(story_db):
    ana = by_name(story_db)["Ana Lind"]
    with story_db() as s:
        details = queries.entity_details(s, ana.id)
    assert details.aliases == (("Ana Lind", 2), ("Lind", 1))
    assert [a.path for a in details.articles] == ["a.txt", "b.txt"]
    assert details.first_event.text == "Lind said the Harbour Trust had pushed for it since last April."
    assert details.last_event.text == "Mayor Ana Lind will meet investors next month."
    assert details.roles == ()


@pytest.mark.parametrize("twin_id", [-1, 10**6])
def test_entity_details_breaks_ties_by_id_as_the_list_does(story_db, twin_id):
    """Two events of one sentence with the same dates: first is the lower id, last the higher."""
    ana = by_name(story_db)["Ana Lind"]
    e = models.Event
    with story_db.begin() as s:
        first = s.get(e, queries.entity_details(s, ana.id).first_event.id)
        columns = [c.key for c in sa.inspect(e).column_attrs if c.key not in ("id", "span_class")]
        twin = e(**{c: getattr(first, c) for c in columns})
        s.add(twin)
        s.flush()
        # The twin comes first in a scan of its sentence's events: only the id tie-break decides.
        s.execute(sa.update(e).where(e.id == twin.id).values(id=twin_id))
        tied = sorted((twin_id, first.id))
    with story_db() as s:
        details = queries.entity_details(s, ana.id)
    assert details.first_event.id == tied[0]


def test_roles_are_stored_and_shown(session_factory):
    article, found = factories.make_article("T", "Mayor Ana Lind spoke on Monday.", None, "r.txt",
                                            [], [("Ana Lind", "PERSON", "PERSON")])
    mention = found.mentions[0]
    found = found.__class__(found.timexes, (mention.__class__(mention.start, mention.end, mention.text,
                                                              mention.label, mention.type,
                                                              mention.name, "Mayor"),),
                            found.sentences, found.events)
    with session_factory.begin() as s:
        ingest.store_article(s, article, found)
        entity_store.relink(s)
    with session_factory() as s:
        (entity,) = queries.entities(s)
        assert queries.entity_details(s, entity.id).roles == (("Mayor", 1),)


def test_curation_survives_reopening_a_file_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'curated.timeline'}"
    factory = db_session.open_database(url)
    factories.build_story(factory)
    names = by_name(factory)
    with factory.begin() as s:
        curation.merge(s, names["Oskar Berg"].id, names["Ana Lind"].id)
        curation.hide(s, names["Portvale"].id)
    factory.kw["bind"].dispose()
    reopened = db_session.open_database(url)
    after = by_name(reopened)
    assert "Oskar Berg" not in after and "Portvale" not in after
    with reopened.begin() as s:
        entity_store.relink(s)
        assert [d.kind for d in curation.decisions(s)] == ["merge", "hide"]
    assert "Oskar Berg" not in by_name(reopened)
    reopened.kw["bind"].dispose()


def build_smiths(factory) -> None:
    """Three articles: John Smith, Jane Smith, and a bare "Smith" linking cannot place."""
    for path, body, name in [("j.txt", "John Smith spoke.", "John Smith"),
                             ("k.txt", "Jane Smith wrote.", "Jane Smith"),
                             ("l.txt", "Smith agreed.", "Smith")]:
        article, found = factories.make_article(path, body, None, path, [],
                                                [(name, "PERSON", "PERSON")])
        with factory.begin() as s:
            ingest.store_article(s, article, found)
    with factory.begin() as s:
        entity_store.relink(s)


def test_suggestions_accept_reject_and_undo(session_factory):
    build_smiths(session_factory)
    with session_factory() as s:
        found = curation.suggestions(s)
    assert {(x.source_name, x.target_name) for x in found} == {("Smith", "John Smith"),
                                                              ("Smith", "Jane Smith")}
    assert all("surname" in x.reason for x in found)
    jane = next(x for x in found if x.target_name == "Jane Smith")
    with session_factory.begin() as s:
        rejected = curation.reject_suggestion(s, jane)
    with session_factory() as s:
        assert [x.target_name for x in curation.suggestions(s)] == ["John Smith"]
    with session_factory.begin() as s:
        curation.set_active(s, rejected.decision.id, False)  # undo the rejection
        assert len(curation.suggestions(s)) == 2
        john = next(x for x in curation.suggestions(s) if x.target_name == "John Smith")
        accepted = curation.accept_suggestion(s, john)
    assert "Smith" not in by_name(session_factory)
    assert by_name(session_factory)["John Smith"].mention_count == 2
    with session_factory() as s:
        assert curation.suggestions(s) == []  # "Smith" has its place now
    with session_factory.begin() as s:
        curation.set_active(s, accepted.decision.id, False)
        assert len(curation.suggestions(s)) == 2
