"""Setting, clearing and restoring an article's date re-dates its events; proposals; JSON export."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from desktop_app.core import model
from desktop_app.db import article_dates, ingest, models, queries
from desktop_app.export import json_export
from tests import factories

D = dt.date


@pytest.fixture(scope="module")
def blank_pipeline():
    """Sentences without the model: a blank English pipeline with a rule-based sentencizer."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture
def undated_id(story_db):
    return factories.add_undated_relative(story_db)


def article_events(factory, article_id) -> list[tuple[str, str]]:
    """(date value, sentence) of the article's events, in timeline order."""
    with factory() as s:
        rows = queries.events_by_ids(s, queries.event_ids(s, queries.Filters(article_ids=(article_id,))))
    return [(r.value, r.text) for r in rows]


def mention_rows(factory, article_id):
    m = models.Mention
    with factory() as s:
        return s.execute(sa.select(m.id, m.entity_id, m.start, m.end)
                         .where(m.article_id == article_id).order_by(m.id)).all()


def set_date(factory, article_id, date, how="user", pipeline=None):
    with factory.begin() as s:
        article_dates.set_publication_date(s, article_id, date, how, pipeline)


def test_setting_a_date_resolves_relative_expressions(story_db, undated_id, blank_pipeline):
    assert article_events(story_db, undated_id) == []
    mentions = mention_rows(story_db, undated_id)
    set_date(story_db, undated_id, D(2026, 1, 28), pipeline=blank_pipeline)
    assert article_events(story_db, undated_id) == [
        ("2026-W04", "The board met last week to plan the harbour works with Ana Lind."),
        ("2026-02", "Its report on Portvale is due next month.")]
    with story_db() as s:
        assert article_dates.publication_date(s, undated_id) == article_dates.ArticleDate(
            D(2026, 1, 28), "user")
        (row,) = [a for a in queries.articles(s) if a.id == undated_id]
        assert (row.published, row.published_how) == (D(2026, 1, 28), "user")
    assert mention_rows(story_db, undated_id) == mentions  # entity links survive
    with story_db() as s:  # the new events find their entities and their words
        lind = queries.entity_ids_by_name(s, "Ana Lind")
        assert len(queries.event_ids(s, queries.Filters(entity_ids=tuple(lind)))) == 4
        assert len(queries.event_ids(s, queries.Filters(query="harbour works"))) == 1


def test_clearing_the_date_makes_it_undated_again(story_db, undated_id, blank_pipeline):
    set_date(story_db, undated_id, D(2026, 1, 28), pipeline=blank_pipeline)
    set_date(story_db, undated_id, None, pipeline=blank_pipeline)
    assert article_events(story_db, undated_id) == []
    with story_db() as s:
        assert article_dates.publication_date(s, undated_id) == article_dates.ArticleDate(None, "none")
        values = s.scalars(sa.select(models.Timex.value)
                           .where(models.Timex.article_id == undated_id)).all()
    assert values == ["XXXX-WXX", "XXXX-XX"]
    with story_db() as s:
        dated = sa.select(sa.func.count()).select_from(models.Event).where(models.Event.begin.is_not(None))
        assert s.scalar(dated) == 7
        # Undated again, its sentences float (dated only by unresolved expressions): kept for
        # cross-article merging, off the timeline, and the FTS index followed the changes.
        floating = s.scalars(sa.select(models.Event.id).where(models.Event.begin.is_(None))).all()
        assert floating and {e.article_id for e in s.scalars(sa.select(models.Event).where(
            models.Event.id.in_(floating)))} == {undated_id}
        hits = s.execute(sa.text("SELECT rowid FROM events_fts WHERE events_fts MATCH 'board'"))
        assert set(hits.scalars()) <= set(floating)
        assert not queries.event_ids(s, queries.Filters(query="board"))


def test_change_reports_before_and_after_and_restores_how_exactly(story_db, blank_pipeline):
    with story_db() as s:
        dated = next(a for a in queries.articles(s) if a.path == "a.txt")
    change = article_dates.change_publication_date(story_db, dated.id, D(2026, 3, 10),
                                                   pipeline=blank_pipeline)
    assert change == article_dates.DateChange(
        dated.id, "Council backs harbour plan", article_dates.ArticleDate(D(2026, 3, 4), "dateline"),
        article_dates.ArticleDate(D(2026, 3, 10), "user"))
    # "on Tuesday" now means the Tuesday before 10 March.
    assert ("2026-03-10", "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind.") \
        in article_events(story_db, dated.id)
    undo = article_dates.change_publication_date(story_db, dated.id, change.before.published,
                                                 change.before.how, blank_pipeline)
    assert undo.after == change.before
    assert ("2026-03-03", "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind.") \
        in article_events(story_db, dated.id)


def test_failed_extraction_changes_nothing(story_db, undated_id):
    class Broken:
        def pipe(self, *args, **kwargs):
            raise RuntimeError("model broke")

    with pytest.raises(RuntimeError, match="model broke"):
        article_dates.change_publication_date(story_db, undated_id, D(2026, 1, 28), pipeline=Broken())
    with story_db() as s:
        assert article_dates.publication_date(s, undated_id).published is None
        assert s.scalar(sa.select(sa.func.count()).select_from(models.Timex)
                        .where(models.Timex.article_id == undated_id)) == 2


@pytest.mark.parametrize("how", ["none", "guessed", ""])
def test_a_date_needs_a_real_how(story_db, undated_id, how):
    with pytest.raises(ValueError, match="published_how"):
        set_date(story_db, undated_id, D(2026, 1, 28), how)


def test_unknown_article(story_db):
    with pytest.raises(LookupError):
        set_date(story_db, 999, D(2026, 1, 28))
    with story_db() as s, pytest.raises(LookupError):
        article_dates.proposed_date(s, 999)


def test_stored_article_reproduces_the_extraction_text_exactly(session_factory):
    text = "Title\nMarch 2, 2026\n\nBody line one.\t \n  Share this | Tweet\t\nLast line.\n"
    debris = ((text.index("Share"), text.index("Tweet") + 5),)
    meta = ((0, 5), (6, 19))
    article = model.ParsedArticle("x.txt", "Title", text, D(2026, 3, 2), "dateline", "h", "utf-8",
                                  debris, meta)
    with session_factory.begin() as s:
        article_id = ingest.store_article(s, article, model.Extraction((), (), (), ()))
    with session_factory() as s:
        row = s.get(models.Article, article_id)
        again = article_dates.stored_article(row)
        assert again.extraction_text() == row.clean_text == article.extraction_text()
        assert (again.text, again.title, again.path, again.content_hash) == (text, "Title", "x.txt", "h")


def test_proposal_from_the_articles_own_dates(session_factory):
    article, found = factories.make_article(
        "Undated report", "The council met on March 3, 2026 and last week.\n"
        "A vote followed on March 17, 2026. More is due in April 2026.", None, "p.txt", [], [])
    with session_factory.begin() as s:
        article_id = ingest.store_article(s, article, found)
    with session_factory() as s:
        proposal = article_dates.proposed_date(s, article_id)
    assert proposal is not None and proposal.date == D(2026, 3, 17)
    assert proposal.reason == "latest date mentioned in the text: 17 Mar 2026 (“March 17, 2026”)"


def test_no_proposal_without_an_exact_day(story_db):
    with story_db() as s:
        undated = next(a for a in queries.articles(s) if a.published is None)
        assert article_dates.proposed_date(s, undated.id) is None  # "in 2019", "in 2021"


def test_export_json_says_the_user_set_the_date(story_db, undated_id, blank_pipeline):
    set_date(story_db, undated_id, D(2026, 1, 28), pipeline=blank_pipeline)
    with story_db() as s:
        data = json_export.build(s)
    (article,) = [a for a in data["articles"] if a["id"] == undated_id]
    assert (article["published"], article["published_how"]) == ("2026-01-28", "user")
    values = {e["date"]["value"] for e in data["events"] if e["sources"][0]["article"] == undated_id}
    assert values == {"2026-W04", "2026-02"}


@pytest.mark.spacy
def test_setting_a_date_with_the_real_model(story_db, undated_id):
    set_date(story_db, undated_id, D(2026, 1, 28))
    assert [v for v, _ in article_events(story_db, undated_id)] == ["2026-W04", "2026-02"]
    with story_db() as s:
        assert len(mention_rows(story_db, undated_id)) == 2
        assert article_dates.publication_date(s, undated_id).how == "user"
