"""TimeML (.tml) and MEANTIME (.xml) reading and TempEval-3 scoring of the temporal tagger, on
character spans.

Strict = identical span, relaxed = overlapping span; value and type F1 = attribute accuracy
over relaxed matches times relaxed F1. The tagger is run through `extract.tag_timexes`, the
same path as import and `timeline-reader extract --dct`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import pathlib
import re
from collections.abc import Callable, Iterator

from desktop_app.core import extract, meantime, model, reading


MEANTIME_TIMEX_SENTENCES = 6  # the title and the first five sentences
MEANTIME_TITLE = "Wikinews article\n\n"


@dataclasses.dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclasses.dataclass(frozen=True)
class Scores:
    documents: int
    gold: int
    predicted: int
    strict_matches: int
    relaxed_matches: int
    values_ok: int
    types_ok: int

    @staticmethod
    def _f1(matched: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = matched / predicted if predicted else 0.0
        r = matched / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def strict(self) -> tuple[float, float, float]:
        return self._f1(self.strict_matches, self.predicted, self.gold)

    @property
    def relaxed(self) -> tuple[float, float, float]:
        return self._f1(self.relaxed_matches, self.predicted, self.gold)

    @property
    def value_f1(self) -> float:
        """TempEval-3: attribute accuracy over relaxed matches times relaxed F1."""
        return self.relaxed[2] * self.values_ok / self.relaxed_matches if self.relaxed_matches else 0.0

    @property
    def type_f1(self) -> float:
        return self.relaxed[2] * self.types_ok / self.relaxed_matches if self.relaxed_matches else 0.0


def read_tml(path: pathlib.Path) -> tuple[str, dt.date, list[GoldTimex]]:
    """The plain text of a .tml file's <TEXT>, its DCT and the gold TIMEX3 spans in that text."""
    raw = path.read_text(encoding="utf-8")
    found = re.search(r'<DCT>\s*<TIMEX3[^>]*value="(\d{4})-?(\d\d)-?(\d\d)', raw)
    if found is None:
        raise ValueError(f"{path}: no DCT")
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    pieces: list[str] = []
    gold: list[list] = []
    pos = 0
    for piece in re.split(r"(<[^>]+>)", body):
        if piece.startswith("<TIMEX3"):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', piece))
            gold.append([pos, None, attrs.get("type", ""), attrs.get("value", "")])
        elif piece == "</TIMEX3>":
            gold[-1][1] = pos
        elif not piece.startswith("<"):
            piece = html.unescape(piece)  # &amp; etc. are one character of the text
            pieces.append(piece)
            pos += len(piece)
    dct = dt.date(*map(int, found.groups()))
    return "".join(pieces), dct, [GoldTimex(*g) for g in gold]


def documents(root: pathlib.Path) -> Iterator[tuple[pathlib.Path, str, dt.date, list[GoldTimex]]]:
    """TimeML .tml files under `root`, and MEANTIME CAT .xml files: their tokens joined as written
    text ("June 9, 2008"), one sentence per line, cut after the title and the first five
    sentences, the part MEANTIME annotates with time expressions."""
    for path in sorted(root.glob("**/*.tml")):
        yield (path, *read_tml(path))
    for path in sorted(root.glob("**/*.xml")):
        doc = meantime.read(path, natural=True)
        if doc.dct is not None and doc.text:
            # MEANTIME's first "sentence" runs title, date and first sentence together; a title
            # line of our own keeps the reader from taking all of it for the article's title.
            body = "\n".join(doc.text.split("\n")[:MEANTIME_TIMEX_SENTENCES])
            shift = len(MEANTIME_TITLE)
            yield path, MEANTIME_TITLE + body, doc.dct, [
                GoldTimex(s + shift, e + shift, kind, value) for s, e, kind, value in doc.timexes
                if e <= len(body)]


@dataclasses.dataclass(frozen=True)
class Error:
    """A miss, a spurious hit or a wrong attribute, with the text around it."""

    path: str
    kind: str  # missed, spurious, value, type
    text: str
    gold: str
    got: str
    context: str


def tag_document(path: pathlib.Path, text: str, dct: dt.date) -> list[model.Timex]:
    """Tag a document's text the way `extract FILE --dct DCT` does."""
    article = dataclasses.replace(reading.parse_text(text, str(path), markdown=False),
                                  published=dct, published_how="user")
    return extract.tag_timexes(article)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def score(root: pathlib.Path, tagger: Callable = tag_document,
          errors: list[Error] | None = None) -> Scores:
    """Tag every .tml file under `root` and score it; append each error to `errors` if given."""
    docs = gold_n = predicted = strict = relaxed = values = types = 0
    for path, text, dct, gold in documents(root):
        docs += 1
        found = tagger(path, text, dct)
        gold_n += len(gold)
        predicted += len(found)
        used: set[int] = set()
        for t in found:
            hit = next((i for i, g in enumerate(gold)
                        if i not in used and t.start < g.end and g.start < t.end), None)
            if hit is None:
                if errors is not None:
                    errors.append(Error(path.name, "spurious", t.text, "", f"{t.type} {t.value}",
                                        _context(text, t.start, t.end)))
                continue
            g = gold[hit]
            used.add(hit)
            relaxed += 1
            strict += (t.start, t.end) == (g.start, g.end)
            values += t.value == g.value
            types += t.type == g.type
            if errors is not None and (t.value != g.value or t.type != g.type):
                kind = "value" if t.value != g.value else "type"
                errors.append(Error(path.name, kind, t.text, f"{g.type} {g.value} "
                                    f"[{text[g.start:g.end]}]", f"{t.type} {t.value}",
                                    _context(text, t.start, t.end)))
        if errors is not None:
            errors.extend(Error(path.name, "missed", text[g.start:g.end], f"{g.type} {g.value}", "",
                                _context(text, g.start, g.end))
                          for i, g in enumerate(gold) if i not in used)
    return Scores(docs, gold_n, predicted, strict, relaxed, values, types)


def report(name: str, s: Scores) -> list[str]:
    """The figures as printed by `timeline-reader eval-timeml`."""
    return [f"{name}: {s.documents} documents, {s.gold} gold TIMEX3, {s.predicted} found",
            "  strict   P {:5.1f}  R {:5.1f}  F1 {:5.1f}".format(*(100 * x for x in s.strict)),
            "  relaxed  P {:5.1f}  R {:5.1f}  F1 {:5.1f}".format(*(100 * x for x in s.relaxed)),
            f"  value F1 {100 * s.value_f1:5.1f}   type F1 {100 * s.type_f1:5.1f}"]
