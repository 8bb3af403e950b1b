"""The `extract` command's JSON: one object per file, entity ids linked across the batch."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence

from desktop_app.core import extract, linking, model, reading


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date_obj(t: model.Timex) -> dict:
    return {"value": t.value, "begin": _iso(t.begin), "end": _iso(t.end_date),
            "granularity": t.granularity, "mod": t.mod, "text": t.text, "start": t.start,
            "end_offset": t.end}


def _event_date(e: model.Event) -> dict:
    """The event's interval and dating expression; none (day precision) when dated by publication."""
    begin, end = e.interval
    if e.timex is None:
        found = {"value": _iso(begin), "granularity": "day", "mod": None, "text": None, "start": None,
                 "end_offset": None}
    else:
        found = _date_obj(e.timex)
    return {**found, "begin": _iso(begin), "end": _iso(end), "open_start": e.open_start,
            "open_end": e.open_end}


def extract_batch(jobs: Sequence[tuple[str, str | None, bool]]) -> Iterator[dict]:
    """jobs: (path, dct ISO or None, whether the dct overrides the article's own date).

    A file that cannot be read yields {"path", "error"} in its place; a single file raises.
    """
    parsed: list[model.ParsedArticle | reading.Rejected] = []
    for path, dct, override in jobs:
        try:
            article = reading.read_file(path)
        except reading.Rejected as exc:
            if len(jobs) == 1:
                raise
            parsed.append(exc)
            continue
        if override or dct is not None:
            day = dt.date.fromisoformat(dct) if dct else None
            article = dataclasses.replace(article, published=day,
                                          published_how="user" if day else "none")
        parsed.append(article)
    articles = [a for a in parsed if isinstance(a, model.ParsedArticle)]
    found = list(extract.extract_many(articles))
    items = [(n, m) for n, f in enumerate(found) for m in f.mentions]
    entities, assignment = linking.link(items)
    entity_of = iter(assignment)
    results = iter(zip(articles, found))
    for (path, _, _), item in zip(jobs, parsed):
        if isinstance(item, reading.Rejected):
            yield {"path": path, "error": item.reason}
            continue
        article, extraction = next(results)
        ids = [next(entity_of) for _ in extraction.mentions]
        yield _as_json(path, article, extraction, ids, entities)


def _as_json(path: str, article: model.ParsedArticle, found: model.Extraction, ids: list[int],
             entities: list[linking.LinkedEntity]) -> dict:
    def entity_ref(i: int) -> dict:
        e = entities[ids[i]]
        return {"entity": ids[i] + 1, "name": e.name, "type": e.type}

    return {
        "path": path,
        "dct": _iso(article.published),
        "title": article.title,
        "published_how": article.published_how,
        "timexes": [{"start": t.start, "end": t.end, "text": t.text, "type": t.type,
                     "value": t.value, "mod": t.mod, "begin": _iso(t.begin),
                     "end_date": _iso(t.end_date), "granularity": t.granularity}
                    for t in found.timexes],
        "entities": [{"start": m.start, "end": m.end, "text": m.text, "label": m.label,
                      **entity_ref(i)} for i, m in enumerate(found.mentions)],
        "events": [{"start": e.start, "end": e.end, "text": e.text, "date": _event_date(e),
                    "flags": list(e.flags),
                    "entities": list({entity_ref(i)["entity"]: entity_ref(i)
                                      for i in e.mention_indexes}.values())}
                   for e in found.events],
    }
