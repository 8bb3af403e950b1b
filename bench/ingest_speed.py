"""Import throughput on the news corpus, with the time each stage takes."""
from __future__ import annotations

import pathlib
import tempfile
import time

from desktop_app.core import extract, nlp, reading, timex
from desktop_app.db import ingest, session


def stage_times(files: list[pathlib.Path]) -> dict[str, float]:
    """Seconds spent reading, in spaCy and in our tagger, over `files`, measured side by side."""
    t0 = time.perf_counter()
    articles = [reading.read_file(p) for p in files]
    t1 = time.perf_counter()
    texts = [a.extraction_text() for a in articles]
    list(nlp.analyse_many(texts))
    t2 = time.perf_counter()
    for article, text in zip(articles, texts):
        timex.tag(text, article.published)
    t3 = time.perf_counter()
    words = sum(len(a.text.split()) for a in articles)
    return {"read": t1 - t0, "spacy": t2 - t1, "timex": t3 - t2, "words": words}


def full_import(files: list[pathlib.Path]) -> tuple[float, ingest.ImportReport]:
    """The real import path (one transaction per article, then relinking) into a temp database."""
    with tempfile.TemporaryDirectory() as tmp:
        factory = session.open_database(f"sqlite:///{tmp}/bench.timeline")
        start = time.perf_counter()
        report = ingest.ingest(factory, files)
        return time.perf_counter() - start, report


def run(corpus: pathlib.Path, count: int) -> dict:
    files = sorted(corpus.glob("*.txt"))[:count]
    nlp.load()  # model loading is start-up cost, not throughput
    extract.extract_many([])
    stages = stage_times(files)
    seconds, report = full_import(files)
    return {"files": len(files), "imported": report.count("imported"), "seconds": seconds,
            "articles_per_s": len(files) / seconds, "words_per_s": stages["words"] / seconds,
            **{f"{k}_s": v for k, v in stages.items() if k != "words"},
            "words": stages["words"], "timex_share_of_spacy": stages["timex"] / stages["spacy"]}
