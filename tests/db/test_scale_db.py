"""The scale-benchmark generator: the sample corpus imported once, then copied in SQL."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from bench import scale_db
from desktop_app.db import queries, session
from tests.conftest import SAMPLE_CORPUS

EVENTS = 1000


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A ~1,000-event database from the sample corpus (rule pipeline), seed cached in tmp."""
    tmp = tmp_path_factory.mktemp("scale")
    patch = pytest.MonkeyPatch()
    patch.setattr(scale_db, "CACHE", tmp / "cache")
    try:
        seed_url = f"sqlite:///{tmp / 'seed.timeline'}"  # the seed alone, to compare against
        seed = scale_db.build(seed_url, 1, SAMPLE_CORPUS, "rules", processes=1, log=lambda _: None)
        path = tmp / "big.timeline"
        stats = scale_db.build(f"sqlite:///{path}", EVENTS, SAMPLE_CORPUS, "rules", processes=1,
                               log=lambda _: None)
    finally:
        patch.undo()
    db = sqlite3.connect(path)
    yield seed, stats, path, db
    db.close()


def test_lands_near_the_target_with_whole_copies_of_the_seed(built):
    seed, stats, _, db = built
    assert seed["copies"] == 0 and stats["import_s"] == 0  # the second build reused the seed
    assert abs(stats["events"] - EVENTS) <= EVENTS // 100
    full = stats["copies"] - 1  # the last copy may be a prefix of the articles
    assert stats["articles"] > (full + 1) * seed["articles"]
    for k in range(1, full + 1):
        (articles,) = db.execute("SELECT count(*) FROM articles WHERE path LIKE ?", (f"%#copy{k}",)).fetchone()
        (events,) = db.execute(
            f"SELECT count(*) FROM events WHERE {scale_db.TIMELINE} AND article_id IN "
            "(SELECT id FROM articles WHERE path LIKE ?)", (f"%#copy{k}",)).fetchone()
        assert (articles, events) == (seed["articles"], seed["events"])
    assert db.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone() == (stats["articles"],)


def test_dates_move_by_whole_weeks_of_364_days(built):
    _, _, _, db = built
    rows = db.execute(
        "SELECT c.path, c.published, o.published FROM articles c JOIN articles o "
        "ON c.path LIKE o.path || '#copy%' WHERE o.path NOT LIKE '%#copy%'").fetchall()
    assert rows
    for path, copied, original in rows:
        if original is None:  # an undated article stays undated
            assert copied is None
            continue
        k = int(path.rsplit("#copy", 1)[1])
        days = (dt.date.fromisoformat(copied) - dt.date.fromisoformat(original)).days
        assert days == 364 * k
    # Copy k of event i is event i + k * (the seed's largest event id).
    rows = db.execute("SELECT e.id, e.begin, e.end_date, a.path FROM events e "
                      "JOIN articles a ON a.id = e.article_id").fetchall()
    seed = {i: (begin, end) for i, begin, end, path in rows if "#copy" not in path}
    step, checked = max(seed), 0
    for i, begin, end, path in rows:
        k = int(path.rsplit("#copy", 1)[1]) if "#copy" in path else 0
        original = seed[i - k * step]
        if original[0] is not None:
            shift = [(dt.date.fromisoformat(d) - dt.date.fromisoformat(o)).days
                     for d, o in zip((begin, end), original)]
            assert shift == [364 * k] * 2
            checked += k > 0
    assert checked > len(seed)


def test_copies_rename_some_entities_and_share_the_rest(built):
    _, stats, _, db = built
    renamed = db.execute("SELECT e.name, o.name FROM entities e JOIN entities o ON e.key LIKE o.key || ' %' "
                         "AND e.name = o.name || substr(e.key, length(o.key) + 1)").fetchall()
    assert renamed and all(new != old for new, old in renamed)
    assert db.execute("SELECT count(DISTINCT name) FROM entities").fetchone() == (stats["entities"],)
    # A renamed entity is mentioned only in its own copy's articles, under its new name.
    rows = db.execute("SELECT e.key, m.name, a.path FROM mentions m JOIN entities e ON e.id = m.entity_id "
                      "JOIN articles a ON a.id = m.article_id WHERE e.id > (SELECT max(id) FROM entities "
                      "WHERE key NOT GLOB '* [0-9]*')").fetchall()
    assert rows
    for key, mention, path in rows:
        k = key.rsplit(" ", 1)[1]
        assert mention.endswith(" " + k) and path.endswith("#copy" + k)
    # ...and some entities keep their mentions in several copies.
    assert db.execute("SELECT max(n) FROM (SELECT count(DISTINCT a.published) n FROM mentions m "
                      "JOIN articles a ON a.id = m.article_id GROUP BY m.entity_id)").fetchone()[0] > 2


def test_groups_stay_within_their_copy(built):
    _, _, _, db = built
    copy = "CASE WHEN {0}.path LIKE '%#copy%' THEN substr({0}.path, instr({0}.path, '#copy')) END"
    bad = db.execute("SELECT count(*) FROM events e JOIN events l ON l.id = e.lead_id "
                     "JOIN articles a ON a.id = e.article_id JOIN articles b ON b.id = l.article_id "
                     f"WHERE {copy.format('a')} IS NOT {copy.format('b')}").fetchone()
    assert bad == (0,)
    assert db.execute("SELECT count(*) FROM events WHERE lead_id IS NULL OR lead_id NOT IN "
                      "(SELECT id FROM events)").fetchone() == (0,)


def test_database_is_sound_and_searchable(built):
    _, stats, path, db = built
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")} >= {
        "events_fts_ai", "events_fts_ad", "events_fts_au"}
    word = db.execute("SELECT text FROM events ORDER BY id LIMIT 1").fetchone()[0].split()[0]
    factory = session.open_database(f"sqlite:///{path}")
    try:
        with factory() as s:
            found = queries.event_ids(s, queries.Filters(query=word))
            copies = s.execute(queries.sa.text("SELECT count(*) FROM events e JOIN articles a ON a.id = "
                                               "e.article_id WHERE a.path LIKE '%#copy%' AND e.id IN "
                                               f"({','.join(map(str, found))})")).scalar()
    finally:
        factory.kw["bind"].dispose()
    assert copies > len(found) // 2


def test_per_day_counts_kept_by_their_triggers_match(built):
    _, stats, _, db = built
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_days'").fetchone():
        pytest.skip("no event_days table in this schema")
    kept = db.execute("SELECT day, events FROM event_days ORDER BY day").fetchall()
    counted = db.execute(f"SELECT begin, count(*) FROM events WHERE {scale_db.TIMELINE} "
                         "GROUP BY begin ORDER BY begin").fetchall()
    assert kept == counted and sum(n for _, n in kept) == stats["events"]


def test_event_keys_kept_by_their_triggers_match(built):
    """The copies go in by INSERT … SELECT: 0009's triggers fill event_keys row by row."""
    _, _, _, db = built
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_keys'").fetchone():
        pytest.skip("no event_keys table in this schema")
    kept = db.execute('SELECT id, lead_id, day, end_day, article_id, start, "end" FROM event_keys '
                      "ORDER BY id").fetchall()
    mirrored = db.execute("SELECT id, coalesce(lead_id, id), CAST(julianday(begin) - 1721424.5 AS INTEGER), "
                          "CAST(julianday(end_date) - 1721424.5 AS INTEGER), article_id, start, \"end\" "
                          "FROM events ORDER BY id").fetchall()
    assert kept == mirrored and len(kept) > 1000


def test_postgresql_gets_the_same_copies(tmp_path, monkeypatch):
    """The same generator against a throwaway PostgreSQL server (skipped without one)."""
    pytest.importorskip("psycopg")
    from tests.pg import conftest as pg

    monkeypatch.setattr(scale_db, "CACHE", tmp_path / "cache")
    cluster = pg.start_cluster()
    try:
        url = cluster.create_database("scale")
        stats = scale_db.build(url, 400, SAMPLE_CORPUS, "rules", processes=1, log=lambda _: None)
        assert abs(stats["events"] - 400) <= 4 and stats["copies"] >= 2
        factory = session.open_database(url)
        try:
            with factory() as s:
                sql = queries.sa.text
                shifts = s.execute(sql("SELECT DISTINCT (c.published - o.published) % 364 FROM articles c "
                                       "JOIN articles o ON c.path LIKE o.path || '#copy%' "
                                       "WHERE o.path NOT LIKE '%#copy%' AND o.published IS NOT NULL")).scalars().all()
                assert shifts == [0]
                word = s.execute(sql("SELECT text FROM events ORDER BY id LIMIT 1")).scalar().split()[0]
                found = queries.event_ids(s, queries.Filters(query=word))
                assert max(found) > s.execute(sql("SELECT max(id) FROM events WHERE article_id <= 8")).scalar()
                if s.execute(sql("SELECT to_regclass('event_days')")).scalar():
                    assert s.execute(sql("SELECT sum(events) FROM event_days")).scalar() == stats["events"]
                if s.execute(sql("SELECT to_regclass('event_keys')")).scalar():
                    assert s.execute(sql("SELECT count(*) FROM event_keys k JOIN events e ON e.id = k.id "
                                         "AND k.lead_id = coalesce(e.lead_id, e.id)")).scalar() == \
                        s.execute(sql("SELECT count(*) FROM events")).scalar()
                # The sequences moved past the copied ids: a new row gets a fresh id.
                s.execute(sql("INSERT INTO entities (key, name, type) VALUES ('X:new', 'New', 'ORG')"))
                s.commit()
        finally:
            factory.kw["bind"].dispose()
    finally:
        cluster.stop()


def test_cli_says_when_the_corpus_is_absent(tmp_path, capsys):
    out = tmp_path / "x.timeline"
    assert scale_db.main(["--events", "10", "--out", str(out), "--source", str(tmp_path / "none")]) == 2
    assert "absent" in capsys.readouterr().err and not out.exists()
