"""Import throughput on the news corpus against spaCy's own `nlp.pipe` over the same texts."""
from __future__ import annotations

import cProfile
import collections
import contextlib
import io
import pathlib
import pstats
import resource
import tempfile
import time

from desktop_app.core import extract_pool, nlp, reading
from desktop_app.db import entity_store, event_groups, ingest, session

TARGET_RATIO = 1.3
# Main-process stages timed during the import: (owner, attribute, label).
STAGES = ((reading, "read_articles", "read files"),
          (extract_pool.Extractor, "result", "wait for workers"),
          (ingest._Run, "_store_one", "store articles"),
          (entity_store, "relink", "relink the corpus"),
          (event_groups, "regroup", "regroup events"))


@contextlib.contextmanager
def stage_timer():
    """Wall seconds the importing process spends in each of STAGES (the rest is "other")."""
    seconds: collections.Counter = collections.Counter()
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in STAGES]

    def timed(original, label):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[label] += time.perf_counter() - start
        return wrapper

    for (owner, name, original), (_, _, label) in zip(originals, STAGES):
        setattr(owner, name, timed(original, label))
    try:
        yield seconds
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of this process, and of its finished child processes (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def ner_seconds(texts: list[str], processes: int) -> tuple[float, float]:
    """spaCy alone: the import's pipeline (same model, exclusions, batch size, processes);
    wall seconds and CPU seconds (its worker processes included)."""
    pipeline = nlp.load()
    cpu = sum(cpu_seconds())
    start = time.perf_counter()
    for _ in pipeline.pipe(texts, batch_size=nlp.BATCH_SIZE, n_process=processes):
        pass
    return time.perf_counter() - start, sum(cpu_seconds()) - cpu


def full_import(files: list[pathlib.Path], profile: bool = False) -> tuple[float, ingest.ImportReport, str, dict]:
    """The real import path (read, extract on both cores, one transaction per article, relink)."""
    with tempfile.TemporaryDirectory() as tmp, stage_timer() as stages:
        factory = session.open_database(f"sqlite:///{tmp}/bench.timeline")
        profiler = cProfile.Profile() if profile else None
        own, children = cpu_seconds()
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        report = ingest.ingest(factory, files)
        seconds = time.perf_counter() - start
        stages = {**stages, "other": seconds - sum(stages.values())}
        own_after, children_after = cpu_seconds()
        stages["cpu"] = {"main": own_after - own, "workers": children_after - children}
        text = ""
        if profiler:
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("desktop_app", 25)
            text = out.getvalue()
        return seconds, report, text, stages


def run(corpus: pathlib.Path, count: int | None = None, profile: bool = False) -> dict:
    files = sorted(corpus.glob("*.txt"))[:count]
    nlp.load()  # model loading is start-up cost, not throughput
    texts = [reading.read_file(p).extraction_text() for p in files]
    words = sum(len(t.split()) for t in texts)
    processes = extract_pool.worker_count() if len(files) >= ingest.POOL_MIN_FILES else 1
    # spaCy runs before and after the import and the two are averaged, so load that comes or goes
    # during the run weighs on both sides of the ratio alike.
    ner_before, cpu_before = ner_seconds(texts, processes)
    seconds, report, profile_text, stages = full_import(files, profile)
    ner_after, cpu_after = ner_seconds(texts, processes)
    ner, ner_cpu = (ner_before + ner_after) / 2, (cpu_before + cpu_after) / 2
    cpu = stages.pop("cpu")
    return {"files": len(files), "imported": report.count("imported"), "processes": processes,
            "seconds": seconds, "ner_s": ner, "ratio": seconds / ner, "target": TARGET_RATIO,
            "ner_runs_s": [ner_before, ner_after], "cpu_s": cpu, "ner_cpu_s": ner_cpu,
            "articles_per_s": len(files) / seconds, "words": words, "words_per_s": words / seconds,
            "stages": stages, "profile": profile_text}


def print_table(r: dict) -> None:
    print(f"Import of {r['files']} news articles ({r['words']:,} words) into a fresh SQLite database, "
          f"{r['processes']} process(es)")
    print(f"  {'stage':<34}{'seconds':>9}{'articles/s':>12}")
    print(f"  {'import (ingest.ingest)':<34}{r['seconds']:>9.1f}{r['articles_per_s']:>12.1f}")
    for label, seconds in r["stages"].items():  # where the importing process's time went
        print(f"    {label:<32}{seconds:>9.1f}")
    print(f"  {'spaCy nlp.pipe, same pipeline':<34}{r['ner_s']:>9.1f}{r['files'] / r['ner_s']:>12.1f}"
          f"   (mean of {r['ner_runs_s'][0]:.1f} s before and {r['ner_runs_s'][1]:.1f} s after the import)")
    cpu = r["cpu_s"]
    print(f"  CPU seconds (less sensitive to other load): import {cpu['main'] + cpu['workers']:.1f} "
          f"(main process {cpu['main']:.1f}, workers {cpu['workers']:.1f}), spaCy {r['ner_cpu_s']:.1f}")
    verdict = "ok" if r["ratio"] <= r["target"] else "over"
    print(f"  import / spaCy = {r['ratio']:.2f} (target <= {r['target']}: {verdict}); "
          f"{r['imported']} imported")
