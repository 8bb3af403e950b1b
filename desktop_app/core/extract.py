"""The extraction pipeline for one article: time expressions, entity mentions, events."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence

from desktop_app.core import events, markup, model, nlp, propagate, timex


def extract_many(articles: Iterable[model.ParsedArticle], pipeline=None) -> Iterator[model.Extraction]:
    """Extract each article in turn, batching the spaCy work."""
    articles = list(articles)
    texts = [a.extraction_text() for a in articles]
    analysed = nlp.analyse_many(texts, pipeline)
    for article, text, (sentences, mentions) in zip(articles, texts, analysed):
        yield _assemble(article, text, sentences, mentions)


def extract(article: model.ParsedArticle, pipeline=None) -> model.Extraction:
    return next(extract_many([article], pipeline))


@dataclasses.dataclass(frozen=True)
class Failed:
    """Extraction raised on this article: the reason, for the import report."""

    reason: str


def extract_each(articles: Sequence[model.ParsedArticle],
                 pipeline=None) -> list[model.Extraction | Failed]:
    """`extract_many` with one article's failure kept to that article (a missing model still raises)."""
    try:
        return list(extract_many(articles, pipeline))
    except nlp.ModelError:
        raise
    except Exception as exc:
        if len(articles) == 1:
            return [_failure(exc)]
    return [_extract_or_fail(a, pipeline) for a in articles]  # find the culprit: one at a time


def _extract_or_fail(article: model.ParsedArticle, pipeline) -> model.Extraction | Failed:
    try:
        return extract(article, pipeline)
    except nlp.ModelError:
        raise
    except Exception as exc:
        return _failure(exc)


def _failure(exc: Exception) -> Failed:
    return Failed(str(exc).strip() or type(exc).__name__)


def tag_timexes(article: model.ParsedArticle) -> list[model.Timex]:
    """The article's time expressions, resolved against its publication date.

    The one entry point for tagging: import, `extract` and `eval-timeml` all come through here.
    """
    return timex.tag(article.extraction_text(), article.published)


def _assemble(article, text, sentences, mentions) -> model.Extraction:
    mentions = propagate.propagate(text, mentions)
    timexes = tag_timexes(article)
    # A time expression is not a name: drop entity mentions that overlap one.
    mentions = [m for m in mentions if not _overlaps_any(m, timexes)]
    # Cues (modal verbs, reporting verbs) are read in `text`, where debris is blanked.
    found = events.find_events(article.text, sentences, timexes, mentions, article.published, text)
    floating = events.floating_events(article.text, sentences, timexes, mentions, text)
    if markup.is_markdown(article.path):
        # The event text is what a reader sees; its offsets still point at the Markdown source.
        found = [dataclasses.replace(e, text=markup.plain(e.text)) for e in found]
        floating = [dataclasses.replace(e, text=markup.plain(e.text)) for e in floating]
    return model.Extraction(tuple(timexes), tuple(mentions), tuple(sentences), tuple(found),
                            tuple(floating))


def _overlaps_any(mention: model.Mention, timexes: list[model.Timex]) -> bool:
    return any(t.start < mention.end and mention.start < t.end for t in timexes)
