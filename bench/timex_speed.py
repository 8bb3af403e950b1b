"""Tagger throughput on the news corpus, side by side with spaCy over the same texts."""
from __future__ import annotations

import datetime as dt
import pathlib
import time

from desktop_app.core import nlp, reading, timex


def load(corpus: pathlib.Path, limit: int | None = None) -> list[tuple[str, dt.date | None]]:
    """(extraction text, publication date) for each article, read the way import reads it."""
    articles = [reading.read_file(p) for p in sorted(corpus.glob("*.txt"))[:limit]]
    return [(a.extraction_text(), a.published) for a in articles]


def run(corpus: pathlib.Path, limit: int | None = None) -> dict:
    docs = load(corpus, limit)
    words = sum(len(text.split()) for text, _ in docs)
    start = time.perf_counter()
    found = sum(len(timex.tag(text, dct)) for text, dct in docs)
    tag_s = time.perf_counter() - start

    pipeline = nlp.load()
    texts = [text for text, _ in docs]
    start = time.perf_counter()
    list(nlp.analyse_many(texts, pipeline))
    analyse_s = time.perf_counter() - start
    # NER alone (with the tok2vec it listens to): the narrowest fair comparison.
    with pipeline.select_pipes(enable=["tok2vec", "ner"]):
        start = time.perf_counter()
        for _ in pipeline.pipe(texts, batch_size=64):
            pass
        ner_s = time.perf_counter() - start
    return {"articles": len(docs), "words": words, "timexes": found, "tag_s": tag_s,
            "tag_words_per_s": words / tag_s, "spacy_analyse_s": analyse_s, "spacy_ner_s": ner_s,
            "tag_to_ner": tag_s / ner_s, "tag_to_analyse": tag_s / analyse_s}
