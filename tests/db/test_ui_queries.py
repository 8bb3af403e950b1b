"""Read queries for the window: they agree with the slower general ones."""
from __future__ import annotations

from desktop_app.db import queries, ui_queries
from tests import factories


def test_totals_agree_with_the_corpus_summary(session_factory):
    with session_factory() as s:
        assert ui_queries.totals(s) == ui_queries.Totals(0, 0)
    factories.build_story(session_factory)
    with session_factory() as s:
        summary = queries.corpus_summary(s)
        assert summary.articles and summary.events
        assert ui_queries.totals(s) == ui_queries.Totals(summary.articles, summary.events,
                                                         summary.articles - summary.undated)
