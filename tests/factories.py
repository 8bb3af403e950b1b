"""Hand-made articles stored through ingest.store_article: fast, deterministic, no spaCy."""
from __future__ import annotations

import datetime as dt
import re

from desktop_app.core import model
from desktop_app.db import ingest

D = dt.date


def make_article(title: str, body: str, published: dt.date | None, path: str,
                 timexes: list[tuple[str, str, dt.date, dt.date, str]],
                 names: list[tuple[str, str, str]]):
    """Build (ParsedArticle, Extraction) from a body and the phrases to mark in it.

    timexes: (phrase, value, begin, end, granularity); names: (phrase, label, type).
    Each sentence of the body is one line; each phrase is found at its first occurrence
    in order of appearance, then every later occurrence for names.
    """
    text = f"{title}\n\n{body}\n"
    found_timexes = []
    for phrase, value, begin, end, granularity in timexes:
        for m in re.finditer(re.escape(phrase), text):
            found_timexes.append(model.Timex(m.start(), m.end(), phrase, "DATE", value, None, begin,
                                             end, granularity))
    found_mentions = []
    for phrase, label, kind in names:
        # Word edges that also hold beside "$" or "%" (\b does not: "$40 million").
        for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text):
            if not any(x.start < m.end() and m.start() < x.end for x in found_mentions):
                found_mentions.append(model.Mention(m.start(), m.end(), phrase, label, kind, phrase))
    found_timexes.sort(key=lambda t: t.start)
    found_mentions.sort(key=lambda t: t.start)
    sentences, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            sentences.append(model.Sentence(pos, pos + len(line)))
        pos += len(line) + 1
    from desktop_app.core import events

    found_events = events.find_events(text, sentences, found_timexes, found_mentions)
    article = model.ParsedArticle(path=path, title=title, text=text, published=published,
                                  published_how="dateline" if published else "none",
                                  content_hash=f"hash-{path}", encoding="utf-8")
    floating = events.floating_events(text, sentences, found_timexes, found_mentions)
    extraction = model.Extraction(tuple(found_timexes), tuple(found_mentions), tuple(sentences),
                                  tuple(found_events), tuple(floating))
    return article, extraction


STORY = [
    ("Council backs harbour plan", D(2026, 3, 4), "a.txt",
     "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind.\n"
     "Lind said the Harbour Trust had pushed for it since last April.\n"
     "Critics in Portvale want a review this fall.",
     [("on Tuesday", "2026-03-03", D(2026, 3, 3), D(2026, 3, 4), "day"),
      ("last April", "2025-04", D(2025, 4, 1), D(2025, 5, 1), "month"),
      ("this fall", "2026-FA", D(2026, 9, 1), D(2026, 12, 1), "season")],
     [("Ana Lind", "PERSON", "PERSON"), ("Lind", "PERSON", "PERSON"),
      ("Harbour Trust", "ORG", "ORG"), ("Portvale", "GPE", "PLACE")]),
    ("Harbour Trust raises funds", D(2026, 5, 12), "b.txt",
     "The Harbour Trust raised $40 million in January.\n"
     "Mayor Ana Lind will meet investors next month.\n"
     "Nothing is dated in this sentence about Portvale.",
     [("in January", "2026-01", D(2026, 1, 1), D(2026, 2, 1), "month"),
      ("next month", "2026-06", D(2026, 6, 1), D(2026, 7, 1), "month")],
     [("Harbour Trust", "ORG", "ORG"), ("$40 million", "MONEY", "AMOUNT"),
      ("Ana Lind", "PERSON", "PERSON"), ("Portvale", "GPE", "PLACE")]),
    ("Undated background piece", None, "c.txt",
     "The trust was founded in 2019 by Oskar Berg.\n"
     "Berg left Portvale in 2021.",
     [("in 2019", "2019", D(2019, 1, 1), D(2020, 1, 1), "year"),
      ("in 2021", "2021", D(2021, 1, 1), D(2022, 1, 1), "year")],
     [("Oskar Berg", "PERSON", "PERSON"), ("Berg", "PERSON", "PERSON"),
      ("Portvale", "GPE", "PLACE")]),
]


# The story's seven events in timeline order (by begin date), as build_story stores them.
STORY_ORDER = [
    "The trust was founded in 2019 by Oskar Berg.",
    "Berg left Portvale in 2021.",
    "Lind said the Harbour Trust had pushed for it since last April.",
    "The Harbour Trust raised $40 million in January.",
    "The council voted on Tuesday to back the harbour plan of Mayor Ana Lind.",
    "Mayor Ana Lind will meet investors next month.",
    "Critics in Portvale want a review this fall.",
]


def build_story(session_factory) -> None:
    """Store STORY: 3 articles, 7 events from 2019 to Fall 2026, linked entities."""
    for title, published, path, body, timexes, names in STORY:
        article, extraction = make_article(title, body, published, path, timexes, names)
        with session_factory.begin() as session:
            ingest.store_article(session, article, extraction)
    with session_factory.begin() as session:
        from desktop_app.db import entity_store

        entity_store.relink(session)


# An undated article whose only dates are relative: no events until it gets a date.
UNDATED_RELATIVE = ("Harbour works follow-up", None, "d.txt",
                    "The board met last week to plan the harbour works with Ana Lind.\n"
                    "Its report on Portvale is due next month.",
                    [("last week", "XXXX-WXX", None, None, None),
                     ("next month", "XXXX-XX", None, None, None)],
                    [("Ana Lind", "PERSON", "PERSON"), ("Portvale", "GPE", "PLACE")])


def add_undated_relative(session_factory) -> int:
    """Store UNDATED_RELATIVE beside whatever is there; return its article id."""
    title, published, path, body, timexes, names = UNDATED_RELATIVE
    article, extraction = make_article(title, body, published, path, timexes, names)
    with session_factory.begin() as session:
        article_id = ingest.store_article(session, article, extraction)
    with session_factory.begin() as session:
        from desktop_app.db import entity_store

        entity_store.relink(session)
    return article_id
