"""entity_stats (migration 0008) stays equal to a fresh count through imports, relinking,
curation, undo and deletes; the list pages read through it in every order."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from desktop_app.core import nlp
from desktop_app.db import curation, entity_list, ingest, interrupt, models, queries
from tests.conftest import SAMPLE_CORPUS

FRESH = ("SELECT entity_id, count(*), count(DISTINCT article_id) FROM mentions "
         "GROUP BY entity_id ORDER BY entity_id")


def assert_exact(factory) -> None:
    with factory() as s:
        kept = s.execute(sa.text("SELECT entity_id, mentions, articles FROM entity_stats "
                                 "ORDER BY entity_id")).all()
        assert kept == s.execute(sa.text(FRESH)).all()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from desktop_app.db import session as db_session

    path = tmp_path_factory.mktemp("stats") / "corpus.timeline"
    factory = db_session.open_database(f"sqlite:///{path}")
    ingest.ingest(factory, [SAMPLE_CORPUS], pipeline=nlp.rule_pipeline(), processes=1)
    return factory


def named(factory, name: str) -> queries.EntityRow:
    with factory() as s:
        return next(e for e in queries.entities(s, include_hidden=True, include_figures=True)
                    if e.name == name)


def test_stats_follow_import_curation_undo_and_delete(corpus):
    assert_exact(corpus)
    with corpus() as s:
        top = queries.entities(s)[:4]
        assert s.scalar(sa.select(sa.func.count()).select_from(models.EntityStat)) > 10
    with corpus.begin() as s:
        merged = curation.merge(s, top[1].id, top[0].id)
    assert_exact(corpus)
    target = named(corpus, top[0].name)
    with corpus() as s:
        alias = next(n for n, _k in queries.entity_details(s, target.id).aliases if n != target.name)
        article, start = s.execute(sa.select(models.Mention.article_id, models.Mention.start)
                                   .where(models.Mention.entity_id == top[2].id)).first()
    with corpus.begin() as s:
        split = curation.split_alias(s, target.id, alias)
    assert_exact(corpus)
    with corpus.begin() as s:
        one = curation.split_mention(s, article, start, top[2].id)
        hidden = curation.hide(s, top[3].id)
    assert_exact(corpus)
    for decision in (one, split, merged, hidden):  # undo, newest first, then redo
        with corpus.begin() as s:
            curation.set_active(s, decision.decision.id, False)
        assert_exact(corpus)
    with corpus.begin() as s:
        curation.set_active(s, merged.decision.id, True)
    assert_exact(corpus)
    with corpus.begin() as s:
        ids = [a.id for a in queries.articles(s)]
        ingest.delete_articles(s, ids[:3])
    assert_exact(corpus)
    ingest.ingest(corpus, [SAMPLE_CORPUS], pipeline=nlp.rule_pipeline(), processes=1)  # back again
    assert_exact(corpus)


def test_multi_row_statements_count_articles_once(session_factory):
    """Several mentions of one entity in one article, inserted, moved and deleted together."""
    with session_factory.begin() as s:
        s.execute(sa.text(
            "INSERT INTO articles (id, path, title, original_text, clean_text, published_how, content_hash, "
            "encoding, imported_at) VALUES (1, 'a', 'A', '', '', '', 'h1', 'utf-8', '2026-01-01'), "
            "(2, 'b', 'B', '', '', '', 'h2', 'utf-8', '2026-01-01')"))
        s.execute(sa.text("INSERT INTO entities (id, key, name, type) VALUES (1, 'k1', 'One', 'ORG'), "
                          "(2, 'k2', 'Two', 'ORG')"))
        s.execute(sa.text("INSERT INTO mentions (article_id, entity_id, start, \"end\", text, name, label) "
                          "VALUES (1, 1, 0, 1, 'x', 'x', 'ORG'), (1, 1, 2, 3, 'x', 'x', 'ORG'), "
                          "(2, 1, 0, 1, 'x', 'x', 'ORG')"))
    assert_exact(session_factory)
    with session_factory.begin() as s:
        s.execute(sa.text("UPDATE mentions SET entity_id = 2 WHERE article_id = 1"))
    assert_exact(session_factory)
    with session_factory.begin() as s:
        s.execute(sa.text("UPDATE mentions SET article_id = 2"))
    assert_exact(session_factory)
    with session_factory.begin() as s:
        s.execute(sa.text("DELETE FROM mentions WHERE entity_id = 2"))
        s.execute(sa.text("DELETE FROM entities WHERE id = 2"))
    assert_exact(session_factory)
    with session_factory.begin() as s:
        s.execute(sa.text("DELETE FROM articles"))
    assert_exact(session_factory)


@pytest.mark.parametrize("column", [entity_list.NAME, entity_list.TYPE, entity_list.MENTIONS,
                                    entity_list.ARTICLES])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("text", ["", "a"])
def test_pages_walk_the_whole_list_in_order(corpus, column, descending, text):
    spec = entity_list.ListSpec(column=column, descending=descending, text=text)
    with corpus() as s:
        whole = entity_list.page(s, spec, limit=10_000)
        walked, after = [], None
        while rows := entity_list.page(s, spec, after, limit=3):
            walked += rows
            after = rows.after
        every = [r for r in queries.entities(s) if not text or text in r.name.casefold()
                 or any(text in a.casefold() for a, _k in queries.entity_details(s, r.id).aliases)]
    assert walked == whole and sorted(r.id for r in whole) == sorted(r.id for r in every)
    key = {entity_list.NAME: lambda r: r.name.lower(), entity_list.TYPE: lambda r: r.type,
           entity_list.MENTIONS: lambda r: r.mention_count,
           entity_list.ARTICLES: lambda r: r.article_count}[column]
    keys = [(key(r), r.id) for r in whole]
    assert keys == sorted(keys, reverse=descending)
    assert {(r.id, r.mention_count, r.article_count) for r in whole} == {
        (r.id, r.mention_count, r.article_count) for r in every}


def test_a_cancelled_page_stops_and_the_session_goes_on(corpus, monkeypatch):
    monkeypatch.setattr(interrupt, "STEPS", 1)
    spec = entity_list.ListSpec(text="zzzz")  # no match: a scan of every entity
    with corpus() as s:
        stopped = entity_list.page(s, spec, cancelled=lambda: True)
        if s.bind.dialect.name == "sqlite":
            assert stopped is None
        assert entity_list.page(s, spec, cancelled=lambda: False) == []
        assert len(entity_list.page(s, entity_list.ListSpec(), limit=2)) == 2
