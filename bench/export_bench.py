"""PDF report export speed: 1,000 and 10,000 events from the news corpus, seconds and pages.

`python -m bench.export_bench [--articles N] [--events 1000 10000]` runs it alone; `python -m bench`
runs it as its last stage. News articles are imported through the real path until there are
enough events for the smallest size; larger sizes copy those events (with their time
expressions) in SQL, shifted by whole years, so the import cost stays that of a few articles.
Targets on a 2-core machine: 1,000 events within 5 s, 10,000 within 30 s.
"""
from __future__ import annotations

import argparse
import pathlib
import resource
import shutil
import sys
import tempfile
import time

import sqlalchemy as sa

from desktop_app.db import ingest, queries, session

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news-corpus"
TARGETS = {1000: 5.0, 10000: 30.0}


def timeline_events(factory) -> int:
    with factory() as s:
        return len(queries.event_ids(s))


def import_until(factory, files: list[pathlib.Path], events: int, batch: int = 20) -> int:
    """Import news articles in batches until the timeline holds `events`; returns the files read."""
    done = 0
    while done < len(files) and timeline_events(factory) < events:
        ingest.ingest(factory, files[done:done + batch])
        done += batch
    return min(done, len(files))


def replicate(factory, events: int) -> None:
    """Copy timeline events (and their time expressions) a year later each round until `events`."""
    shift = 0
    while timeline_events(factory) < events:
        shift += 1
        with factory.begin() as s:
            originals = s.execute(sa.text("SELECT MAX(id) FROM timexes")).scalar() or 0
            last_event = s.execute(sa.text("SELECT MAX(id) FROM events")).scalar() or 0
            s.execute(sa.text(
                "INSERT INTO timexes (article_id, start, \"end\", text, type, value, mod, begin, end_date, "
                "granularity) SELECT article_id, start, \"end\", text, type, value, mod, "
                "date(begin, :years), date(end_date, :years), granularity FROM timexes "
                "WHERE id <= :last AND begin IS NOT NULL"),
                {"years": f"+{shift} years", "last": originals})
            # A copy points at the copied expression: same article and offsets, the newest id.
            s.execute(sa.text(
                "INSERT INTO events (article_id, timex_id, start, \"end\", text, begin, end_date, lead_id, "
                "flags, open_start, open_end) SELECT e.article_id, (SELECT MAX(t2.id) FROM timexes t2 "
                "WHERE t2.article_id = e.article_id AND t2.start = t.start AND t2.id > :last), e.start, "
                "e.\"end\", e.text, date(e.begin, :years), date(e.end_date, :years), NULL, e.flags, "
                "e.open_start, e.open_end FROM events e LEFT JOIN timexes t ON t.id = e.timex_id "
                "WHERE e.begin IS NOT NULL AND COALESCE(e.lead_id, e.id) = e.id AND e.id <= :last_event"),
                {"years": f"+{shift} years", "last": originals, "last_event": last_event})


def trim(factory, events: int) -> None:
    """Drop timeline events after the first `events` in timeline order (and their members)."""
    with factory.begin() as s:
        ids = queries.event_ids(s)[events:]
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            s.execute(sa.text("DELETE FROM events WHERE id IN (%s) OR lead_id IN (%s)"
                              % (",".join(map(str, chunk)), ",".join(map(str, chunk)))))


def export(factory, out: pathlib.Path) -> tuple[float, int, int]:
    from desktop_app.export import pdf

    start = time.perf_counter()
    result = pdf.write_pdf(factory, queries.Filters(), out, title="News corpus benchmark")
    return time.perf_counter() - start, result.pages, result.events


def run(corpus: pathlib.Path, sizes: list[int], articles: int | None = None) -> dict:
    """Build a database per size, export it, and return seconds, pages and peak memory."""
    from desktop_app.export import qt_app

    qt_app.ensure_gui_app()
    files = sorted(corpus.glob("*.txt"))[:articles] if articles else sorted(corpus.glob("*.txt"))
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = pathlib.Path(tmp) / "base.timeline"
        factory = session.open_database(f"sqlite:///{base}")
        t0 = time.perf_counter()
        read = import_until(factory, files, min(sizes))
        results["import"] = {"articles": read, "events": timeline_events(factory),
                             "seconds": time.perf_counter() - t0}
        factory.kw["bind"].dispose()
        for size in sorted(sizes):
            path = pathlib.Path(tmp) / f"events-{size}.timeline"
            shutil.copyfile(base, path)
            sized = session.open_database(f"sqlite:///{path}")
            replicate(sized, size)
            trim(sized, size)
            seconds, pages, events = export(sized, pathlib.Path(tmp) / f"report-{size}.pdf")
            size_mb = (pathlib.Path(tmp) / f"report-{size}.pdf").stat().st_size / 1e6
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
            results[str(size)] = {"events": events, "seconds": seconds, "pages": pages,
                                  "pdf_mb": size_mb, "peak_rss_mb": peak,
                                  "target_s": TARGETS.get(size)}
            sized.kw["bind"].dispose()
    return results


def report(results: dict) -> list[str]:
    imported = results["import"]
    lines = [f"PDF report export (news corpus: {imported['articles']} articles imported in "
             f"{imported['seconds']:.1f} s, {imported['events']} timeline events)"]
    for key, r in results.items():
        if key == "import":
            continue
        target = f"  (target ≤ {r['target_s']:.0f} s)" if r["target_s"] else ""
        lines.append(f"  {r['events']:>6} events: {r['seconds']:.2f} s, {r['pages']} pages, "
                     f"{r['pdf_mb']:.1f} MB, peak RSS {r['peak_rss_mb']:.0f} MB{target}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.export_bench")
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--articles", type=int, default=None, help="most news articles to import")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent")
        return 0
    print("\n".join(report(run(CORPUS, args.events, args.articles))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
