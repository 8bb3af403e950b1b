"""Measure imports and timeline queries on SQLite and PostgreSQL (figures in docs/scaling.md).

    python -m tests.pg.measure [--events 100000]

Imports a generated corpus through `ingest` (rule pipeline, one process) into both databases,
then copies its events with shifted dates up to --events and times the timeline queries."""
from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import statistics
import tempfile
import time

import sqlalchemy as sa

from desktop_app.core import nlp
from desktop_app.db import graph_queries, ingest, queries, session
from desktop_app.db.queries import Filters
from tests.pg import conftest, corpus

COPY_SQL = {  # one more copy of the imported events, `:k` days later, with a word of its own
    "sqlite": "INSERT INTO events (article_id, timex_id, start, \"end\", text, begin, end_date, flags, "
              "open_start, open_end) SELECT article_id, timex_id, start, \"end\", text || ' lot' || :k, "
              "date(begin, '+' || :k || ' days'), date(end_date, '+' || :k || ' days'), flags, open_start, "
              "open_end FROM events WHERE id <= :n",
    "postgresql": "INSERT INTO events (article_id, timex_id, start, \"end\", text, begin, end_date, flags, "
                  "open_start, open_end) SELECT article_id, timex_id, start, \"end\", text || ' lot' || :k, "
                  "begin + CAST(:k AS integer), end_date + CAST(:k AS integer), flags, open_start, open_end "
                  "FROM events WHERE id <= :n",
}


def timed(fn, runs: int = 7) -> float:
    """Median milliseconds of `fn()` over `runs` runs, after one warm-up."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(url: str, folder: pathlib.Path, events: int) -> dict[str, float]:
    factory = session.open_database(url)
    start = time.perf_counter()
    report = ingest.ingest(factory, [folder], pipeline=nlp.rule_pipeline(), processes=1)
    results = {"import (articles/s)": report.count("imported") / (time.perf_counter() - start)}
    with factory.begin() as s:
        n = s.scalar(sa.text("SELECT max(id) FROM events"))
        k = 1
        while s.scalar(sa.text("SELECT count(*) FROM events")) < events:
            s.execute(sa.text(COPY_SQL[s.get_bind().dialect.name]), {"k": k, "n": n})
            k += 1
        s.execute(sa.text("UPDATE events SET lead_id = id"))
    with factory() as s:
        s.execute(sa.text("ANALYZE"))  # both: fresh planner statistics after the bulk copy
        s.commit()
        results["events"] = s.scalar(sa.text("SELECT count(*) FROM events"))
        olsen = queries.entity_ids_by_name(s, "Rhea Olsen")
        cases = {
            "all events (ids)": Filters(),
            "text: rare word": Filters(query="lot17"),
            "text: common prefix": Filters(query="berth"),
            'text: phrase': Filters(query='"harbour board met"'),
            "one entity": Filters(entity_ids=tuple(olsen)),
            "date range (1 month)": Filters(date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 6, 30)),
            "text + date range": Filters(query="repairs", date_from=dt.date(2026, 6, 1),
                                         date_to=dt.date(2026, 6, 30)),
        }
        for name, filters in cases.items():
            results[name + " (ms)"] = timed(lambda: queries.event_ids(s, filters))
        results["density by month (ms)"] = timed(lambda: graph_queries.density(s, Filters(), "month"))
    factory.kw["bind"].dispose()
    return results


def importers(cluster, tmp: pathlib.Path, articles: int) -> dict[str, float]:
    """Seconds for two folders imported by one command line client, then by two at once."""
    from tests.pg.test_pg_concurrent_import import run_both, start_import

    a, b = tmp / "a", tmp / "b"
    corpus.write(a, articles=corpus.many(articles, "a"))
    corpus.write(b, articles=corpus.many(articles, "b"))
    start = time.perf_counter()
    one = start_import([a, b], cluster.create_database("one_client"))
    one.communicate(timeout=1200)  # reads the pipes: a full one would stall the client
    assert one.returncode == 0
    results = {f"one client, 2 x {articles} articles (s)": time.perf_counter() - start}
    start = time.perf_counter()
    run_both([a], [b], cluster.create_database("two_clients"))
    results[f"two clients, {articles} articles each (s)"] = time.perf_counter() - start
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.pg.measure")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--importers", type=int, default=0, metavar="N",
                        help="also time two PostgreSQL clients importing N articles each")
    args = parser.parse_args()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="timeline-measure-"))
    corpus.write(tmp / "corpus", articles=corpus.many(args.articles, "m"))
    cluster = conftest.start_cluster()
    try:
        rows = {"SQLite": measure(f"sqlite:///{tmp / 'm.db'}", tmp / "corpus", args.events),
                "PostgreSQL": measure(cluster.create_database("measure"), tmp / "corpus", args.events)}
        clients = importers(cluster, tmp, args.importers) if args.importers else {}
    finally:
        cluster.stop()
    print(f"| measure | {' | '.join(rows)} |\n|---|---|---|")
    for key in rows["SQLite"]:
        print(f"| {key} | " + " | ".join(f"{r[key]:.1f}" for r in rows.values()) + " |")
    for key, seconds in clients.items():
        print(f"PostgreSQL, {key}: {seconds:.1f}")


if __name__ == "__main__":
    main()
