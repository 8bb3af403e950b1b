"""The import's SQLite fast path writes exactly the rows SQLAlchemy's Core path writes."""
from __future__ import annotations

import re

from desktop_app.db import article_rows, session
from tests import factories

TABLES = ("articles", "entities", "mentions", "timexes", "events")


def stored_rows(monkeypatch, fast: bool) -> dict[str, list[tuple]]:
    if not fast:
        monkeypatch.setattr(article_rows, "driver_cursor", lambda s: None)
    factory = session.open_database("sqlite://")
    factories.build_story(factory)
    with factory() as s:
        conn = s.connection()
        return {t: [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY id")]
                for t in TABLES}


def test_fast_and_core_paths_store_the_same_rows(monkeypatch):
    fast = stored_rows(monkeypatch, fast=True)
    core = stored_rows(monkeypatch, fast=False)
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")
    for rows in (fast, core):
        assert rows["articles"] and rows["mentions"] and rows["timexes"] and rows["events"]
        # The import time differs between the runs; its stored format must not.
        assert all(stamp.fullmatch(r[9]) for r in rows["articles"])
        rows["articles"] = [r[:9] + r[10:] for r in rows["articles"]]
    assert fast == core
