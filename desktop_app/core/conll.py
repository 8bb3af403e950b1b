"""CoNLL-2003 reading (IOB1 tags) and the token-to-text rebuilding shared by the entity evals."""
from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Sequence


_NO_SPACE_BEFORE = frozenset(", . ; : ! ? ) ] % 's 'S n't ' ’s".split())
_NO_SPACE_AFTER = frozenset("( [ $ £ €".split())


def rebuild_text(sentences: Sequence[Sequence[str]], natural: bool = False) -> tuple[str, list[list[tuple[int, int]]]]:
    """Tokens joined by one space, one sentence per line; returns the text and each token's span.
    `natural` leaves out the space before punctuation and clitics ("June 9, 2008", "Apple's")."""
    lines: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    pos = 0
    for tokens in sentences:
        sentence_spans = []
        line = ""
        for i, token in enumerate(tokens):
            if i and not (natural and (token in _NO_SPACE_BEFORE or tokens[i - 1] in _NO_SPACE_AFTER)):
                line += " "
            sentence_spans.append((pos + len(line), pos + len(line) + len(token)))
            line += token
        pos += len(line) + 1  # the newline ending the sentence
        lines.append(line)
        spans.append(sentence_spans)
    return "\n".join(lines), spans


@dataclasses.dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str  # PER, ORG, LOC, MISC


@dataclasses.dataclass(frozen=True)
class Document:
    text: str
    tokens: int
    spans: tuple[Span, ...]


def _entity_spans(tags: list[str], spans: list[tuple[int, int]]) -> list[Span]:
    """IOB1: I-X continues an X entity (or opens one after another type); B-X always opens one."""
    found: list[list] = []
    previous = "O"
    for tag, (start, end) in zip(tags, spans):
        if tag == "O":
            previous = "O"
            continue
        prefix, _, etype = tag.partition("-")
        if prefix == "B" or previous != etype:
            found.append([start, end, etype])
        else:
            found[-1][1] = end
        previous = etype
    return [Span(*f) for f in found]


def parse(text: str) -> list[Document]:
    """The documents of a CoNLL-2003 file's text (word, POS, chunk, NER tag per line)."""
    raw_docs: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []

    def close_sentence() -> None:
        nonlocal sentence
        if sentence:
            if not raw_docs:
                raw_docs.append([])
            raw_docs[-1].append(sentence)
            sentence = []

    for line in text.splitlines():
        fields = line.split()
        if not fields:
            close_sentence()
        elif fields[0] == "-DOCSTART-":
            close_sentence()
            raw_docs.append([])
        else:
            sentence.append((fields[0], fields[-1]))
    close_sentence()
    documents = []
    for sentences in raw_docs:
        if not sentences:
            continue
        body, token_spans = rebuild_text([[w for w, _ in s] for s in sentences])
        spans = [span for s, ts in zip(sentences, token_spans)
                 for span in _entity_spans([t for _, t in s], ts)]
        documents.append(Document(body, sum(map(len, sentences)), tuple(spans)))
    return documents


def read(path: pathlib.Path) -> list[Document]:
    return parse(pathlib.Path(path).read_text(encoding="utf-8"))
