"""Import and every filter kind on PostgreSQL, checked against the same import on SQLite."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from desktop_app.core import nlp
from desktop_app.db import graph_queries, ingest, models, queries, report_queries, session, ui_queries
from desktop_app.db.queries import Filters
from tests import factories
from tests.pg import corpus

D = dt.date


@pytest.fixture(scope="module")
def dbs(pg_url, tmp_path_factory):
    """The corpus imported through `ingest` into PostgreSQL and into an SQLite file."""
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write(folder)
    pg = session.open_database(pg_url)
    lite = session.open_database(f"sqlite:///{tmp_path_factory.mktemp('lite') / 'lite.db'}")
    for factory in (pg, lite):
        report = ingest.ingest(factory, [folder], pipeline=nlp.rule_pipeline(), processes=1)
        assert report.count("imported") == len(corpus.ARTICLES), report.lines()
    yield pg, lite
    pg.kw["bind"].dispose()
    lite.kw["bind"].dispose()


def keys(factory, filters: Filters) -> list[tuple[str, int]]:
    """The timeline for `filters` as (file name, sentence offset): comparable across databases."""
    e, a = models.Event, models.Article
    with factory() as s:
        ids = queries.event_ids(s, filters)
        where = {r.id: (r.path.rsplit("/", 1)[-1], r.start) for r in s.execute(
            sa.select(e.id, a.path, e.start).join(a, a.id == e.article_id).where(e.id.in_(ids)))}
    return [where[i] for i in ids]


def entity(factory, name: str) -> int:
    with factory() as s:
        found = queries.entity_ids_by_name(s, name)
    assert found, name
    return found[0]


def both(dbs, make_filters) -> list[tuple[str, int]]:
    """The timeline on PostgreSQL, after checking SQLite gives the same one."""
    pg, lite = dbs
    on_pg, on_lite = keys(pg, make_filters(pg)), keys(lite, make_filters(lite))
    assert on_pg == on_lite
    return on_pg


def test_import_stores_every_article_and_the_same_events_as_sqlite(dbs):
    pg, lite = dbs
    timeline = both(dbs, lambda f: Filters())
    assert len(timeline) >= 10
    with pg() as s, lite() as t:
        for table in (models.Article, models.Mention, models.Timex, models.Event, models.Entity):
            assert s.scalar(sa.select(sa.func.count()).select_from(table)) == \
                t.scalar(sa.select(sa.func.count()).select_from(table)), table.__name__
        assert [e.name for e in queries.entities(s)] == [e.name for e in queries.entities(t)]
        assert queries.corpus_summary(s) == queries.corpus_summary(t)


@pytest.mark.parametrize("name", ["one entity", "all of two", "any of two", "types", "date range",
                                  "date from", "outlets", "article", "hide publication dated",
                                  "hide possible", "hide year only", "combination"])
def test_every_filter_kind_matches_sqlite(dbs, name):
    def make(f):
        marten, drozd = entity(f, "Ilse Marten"), entity(f, "Pavel Drozd")
        with f() as s:
            first_article = s.scalar(sa.select(models.Article.id).where(
                models.Article.path.like("%01-bridge-vote.txt")))
        return {
            "one entity": Filters(entity_ids=(marten,)),
            "all of two": Filters(entity_ids=(marten, entity(f, "Bridge Authority"))),
            "any of two": Filters(entity_ids=(marten, drozd), entity_mode="any"),
            "types": Filters(entity_types=("ORG",)),
            "date range": Filters(date_from=D(2026, 1, 1), date_to=D(2026, 6, 30)),
            "date from": Filters(date_from=D(2026, 5, 1)),
            "outlets": Filters(outlets=("Harbour Ledger",)),
            "article": Filters(article_ids=(first_article,)),
            "hide publication dated": Filters(hide_publication_dated=True),
            "hide possible": Filters(hide_possible=True),
            "hide year only": Filters(hide_year_only=True),
            "combination": Filters(query="quarry", entity_ids=(drozd,), date_from=D(2024, 6, 1),
                                   outlets=("Valley Courier", "Harbour Ledger"), hide_possible=True),
        }[name]
    found = both(dbs, make)
    everything = both(dbs, lambda f: Filters())
    assert found and set(found) <= set(everything)
    if name not in ("date from",):
        assert len(found) < len(everything) or name == "hide publication dated"


@pytest.mark.parametrize("query,expected", [
    ("bridge", {"01-bridge-vote.txt", "02-bridge-hearing.txt"}),
    ("BRIDG", {"01-bridge-vote.txt", "02-bridge-hearing.txt"}),  # prefix, any case
    ('"heavy trucks"', {"02-bridge-hearing.txt"}),  # a phrase
    ('"trucks heavy"', set()),  # word order matters in a phrase
    ("quarry delay", {"03-quarry-permit.txt", "04-quarry-court.txt"}),  # every word, as prefixes
    ("quarry suit", {"04-quarry-court.txt"}),
    ("example", {"01-bridge-vote.txt"}),  # inside a host name
    ("long term", {"01-bridge-vote.txt"}),  # inside a hyphenated word
    ("4.5", {"01-bridge-vote.txt"}),
    ("zebra", set()),
])
def test_full_text_search_matches_sqlite(dbs, query, expected):
    found = both(dbs, lambda f: Filters(query=query))
    assert {name for name, _ in found} == expected


@pytest.mark.parametrize("query", ['"', "' OR 1=1 --", "a:b & !c | (d", "\\", "_", "*", "NEAR(a b)",
                                   "ünïcödé", "x" * 300])
def test_hostile_searches_raise_only_query_error(dbs, query):
    pg, lite = dbs
    for factory in (pg, lite):
        with factory() as s:
            try:
                queries.event_ids(s, Filters(query=query))
            except queries.QueryError:
                pass


def test_graph_list_and_report_queries_agree_with_sqlite(dbs):
    pg, lite = dbs
    results = []
    for factory in (pg, lite):
        with factory() as s:
            filters = Filters(query="bridge")
            window = graph_queries.events_in_window(s, Filters(), D(2020, 1, 1), D(2030, 1, 1))
            results.append((
                [b.__class__(b.start, b.end, b.count) for b in graph_queries.density(s, Filters(), "month")],
                graph_queries.density(s, filters, "year"),
                graph_queries.density(s, Filters(), "day", D(2026, 3, 1), D(2026, 4, 1)),
                graph_queries.date_extent(s), len(window.events), window.total,
                report_queries.outlets(s), ui_queries.event_date_range(s),
                [f.name for f in queries.figures(s)],
                [(a.title, a.published) for a in queries.articles(s)],
            ))
    assert results[0] == results[1]
    assert results[0][0] and results[0][4] > 0


def test_case_folds_on_both_and_accents_only_on_sqlite(session_factory):
    """docs/scaling.md: FTS5 (remove_diacritics 2) folds accents; the 'simple' tsvector does not."""
    lite = session.open_database("sqlite://")
    found = {}
    for name, factory in (("pg", session_factory), ("sqlite", lite)):
        factories.build_story(factory)
        with factory.begin() as s:
            first = queries.event_ids(s)[0]
            s.execute(sa.update(models.Event).where(models.Event.id == first)
                      .values(text="ÉLECTIONS à Québec"))
        with factory() as s:
            found[name] = {q: bool(queries.event_ids(s, Filters(query=q)))
                           for q in ("élect", "ÉLECTIONS", "québec", "quebec")}
    assert found["sqlite"] == {"élect": True, "ÉLECTIONS": True, "québec": True, "quebec": True}
    assert found["pg"] == {"élect": True, "ÉLECTIONS": True, "québec": True, "quebec": False}
