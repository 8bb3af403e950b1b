"""tests/db/test_entity_stats.py on PostgreSQL: the plpgsql trigger keeps entity_stats exact
(multi-row statements included) and the list pages read the same rows in every order."""
from __future__ import annotations

import pytest

from desktop_app.core import nlp
from desktop_app.db import ingest
from tests.conftest import SAMPLE_CORPUS
from tests.db.test_entity_stats import *  # noqa: F401,F403


@pytest.fixture(scope="module")
def corpus(pg_url):
    from desktop_app.db import session as db_session

    factory = db_session.open_database(pg_url)
    ingest.ingest(factory, [SAMPLE_CORPUS], pipeline=nlp.rule_pipeline(), processes=1)
    yield factory
    factory.kw["bind"].dispose()
