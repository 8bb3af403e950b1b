"""Import throughput on the news corpus against spaCy's own `nlp.pipe` over the same texts."""
from __future__ import annotations

import cProfile
import io
import pathlib
import pstats
import tempfile
import time

from desktop_app.core import extract_pool, nlp, reading
from desktop_app.db import ingest, session

TARGET_RATIO = 1.3


def ner_seconds(texts: list[str], processes: int) -> float:
    """spaCy alone: the import's pipeline (same model, exclusions, batch size, processes)."""
    pipeline = nlp.load()
    start = time.perf_counter()
    for _ in pipeline.pipe(texts, batch_size=nlp.BATCH_SIZE, n_process=processes):
        pass
    return time.perf_counter() - start


def full_import(files: list[pathlib.Path], profile: bool = False) -> tuple[float, ingest.ImportReport, str]:
    """The real import path (read, extract on both cores, one transaction per article, relink)."""
    with tempfile.TemporaryDirectory() as tmp:
        factory = session.open_database(f"sqlite:///{tmp}/bench.timeline")
        profiler = cProfile.Profile() if profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        report = ingest.ingest(factory, files)
        seconds = time.perf_counter() - start
        text = ""
        if profiler:
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("desktop_app", 25)
            text = out.getvalue()
        return seconds, report, text


def run(corpus: pathlib.Path, count: int | None = None, profile: bool = False) -> dict:
    files = sorted(corpus.glob("*.txt"))[:count]
    nlp.load()  # model loading is start-up cost, not throughput
    texts = [reading.read_file(p).extraction_text() for p in files]
    words = sum(len(t.split()) for t in texts)
    processes = extract_pool.worker_count() if len(files) >= ingest.POOL_MIN_FILES else 1
    seconds, report, profile_text = full_import(files, profile)
    ner = ner_seconds(texts, processes)
    return {"files": len(files), "imported": report.count("imported"), "processes": processes,
            "seconds": seconds, "ner_s": ner, "ratio": seconds / ner, "target": TARGET_RATIO,
            "articles_per_s": len(files) / seconds, "words": words, "words_per_s": words / seconds,
            "profile": profile_text}


def print_table(r: dict) -> None:
    print(f"Import of {r['files']} news articles ({r['words']:,} words) into a fresh SQLite database, "
          f"{r['processes']} process(es)")
    print(f"  {'stage':<34}{'seconds':>9}{'articles/s':>12}")
    print(f"  {'import (ingest.ingest)':<34}{r['seconds']:>9.1f}{r['articles_per_s']:>12.1f}")
    print(f"  {'spaCy nlp.pipe, same pipeline':<34}{r['ner_s']:>9.1f}{r['files'] / r['ner_s']:>12.1f}")
    verdict = "ok" if r["ratio"] <= r["target"] else "over"
    print(f"  import / spaCy = {r['ratio']:.2f} (target <= {r['target']}: {verdict}); "
          f"{r['imported']} imported")
