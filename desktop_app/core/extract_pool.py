"""Extraction on both cores: worker processes each extract whole batches of articles.

Measured on the news corpus (2 cores), this beats spaCy's own `n_process` over our paragraph
docs: only small Extraction objects come back (no Doc serialisation per paragraph), and our
own passes (time expressions, events) run in the workers too.
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
import os
import sys
from collections.abc import Sequence

from desktop_app.core import event_merge, extract, linking, model, nlp


@dataclasses.dataclass(frozen=True)
class Prepared:
    """One article ready to store: its extraction (without sentences) and its mentions linked."""

    extraction: model.Extraction
    linked: tuple[list[linking.LinkedEntity], list[int]]
    # event_merge.content_words of each event (events, then floating ones), which regrouping
    # after the import would otherwise work out one by one on a single core.
    event_words: tuple[frozenset[str], ...] = ()


Result = list["Prepared | extract.Failed"]
TASK_ARTICLES = 8  # articles per task: small enough for steady progress, big enough for batching

_pipeline = None  # the worker process's pipeline (None: the pinned model, loaded on first use)


def worker_count() -> int:
    """Processes worth starting: one per core, at most two (the target machine has two)."""
    return max(1, min(2, os.cpu_count() or 1))


def _init_worker(pipeline) -> None:
    global _pipeline
    _pipeline = pipeline
    if sys.platform.startswith("linux"):
        # Die with the importer: a killed import must not leave workers waiting for work.
        import ctypes
        import signal

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def prepare(articles: Sequence[model.ParsedArticle], pipeline=None) -> Result:
    """Extract each article and link its own mentions: all the import stores, done off its thread.

    Sentences are dropped: nothing stores them, and they would only be pickled back."""
    out: Result = []
    for found in extract.extract_each(articles, pipeline):
        if isinstance(found, extract.Failed):
            out.append(found)
            continue
        linked = linking.link([(0, m) for m in found.mentions]) if found.mentions else ([], [])
        words = tuple(event_merge.content_words(e.text, event_merge.timex_span(e))
                      for e in (*found.events, *found.floating))
        out.append(Prepared(dataclasses.replace(found, sentences=()), linked, words))
    return out


def _work(articles: Sequence[model.ParsedArticle]) -> Result:
    return prepare(articles, _pipeline)


class _Done:
    """A batch extracted on demand in this process (the single-process path)."""

    def __init__(self, articles, pipeline):
        self._articles, self._pipeline = articles, pipeline

    def result(self) -> Result:
        return prepare(self._articles, self._pipeline)


class Extractor:
    """Extracts batches of articles in submission order, in `processes` workers or inline."""

    def __init__(self, pipeline=None, processes: int = 1):
        self.pipeline = pipeline
        self.processes = processes
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        # Batches in flight beyond the one being stored: enough that workers never wait on writes.
        self.depth = 4 * processes if processes > 1 else 0

    def submit(self, articles: Sequence[model.ParsedArticle]):
        """A handle whose `result()` is the batch's Prepared articles (or Failed), in order."""
        if self.processes > 1 and self._pool is None:
            self._start()
        if self._pool is not None:
            try:
                return self._pool.submit(_work, list(articles))
            except concurrent.futures.BrokenExecutor:
                self._fall_back()
        return _Done(list(articles), self.pipeline)

    def result(self, handle, articles: Sequence[model.ParsedArticle]) -> Result:
        """The handle's result; a worker that died is replaced by extraction in this process."""
        try:
            return handle.result()
        except concurrent.futures.BrokenExecutor:
            self._fall_back()
            return prepare(articles, self.pipeline)

    def _start(self) -> None:
        context = multiprocessing.get_context()
        pipeline = self.pipeline
        if context.get_start_method() == "fork":
            # Load before forking so the workers share the parent's copy of the model.
            pipeline = pipeline if pipeline is not None else nlp.load()
        elif pipeline is not None:  # spawned workers load the pinned model; others stay here
            self.processes, self.depth = 1, 0
            return
        self._pool = concurrent.futures.ProcessPoolExecutor(
            self.processes, mp_context=context, initializer=_init_worker, initargs=(pipeline,))

    def _fall_back(self) -> None:
        self.close(cancel=True)
        self.processes, self.depth = 1, 0

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=not cancel, cancel_futures=cancel)
            self._pool = None

    def __enter__(self) -> "Extractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close(cancel=exc[0] is not None)
