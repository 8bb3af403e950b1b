"""session.DataVersion: tells commits by any connection apart from none, for SQLite files only."""
from __future__ import annotations

import sqlalchemy as sa

from desktop_app.db import models, session
from tests import factories


def test_a_commit_by_any_connection_changes_the_version(tmp_path):
    url = f"sqlite:///{tmp_path / 'story.timeline'}"
    factory = session.open_database(url)
    versions = session.DataVersion(url)
    before = versions.current()
    with factory() as s:  # reads leave it as it was
        s.scalar(sa.select(sa.func.count(models.Article.id)))
    assert versions.current() == before is not None
    factories.build_story(factory)
    after = versions.current()
    assert after != before and versions.current() == after
    versions.close()
    factory.kw["bind"].dispose()


def test_other_databases_have_no_version(session_factory):
    assert session.DataVersion("sqlite://").current() is None
    assert session.DataVersion("postgresql+psycopg://u@localhost/x").current() is None
