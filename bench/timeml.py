"""TimeML (.tml) reading and TempEval-3 scoring for the temporal tagger."""
from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import re
from collections.abc import Callable, Iterator


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
            pieces.append(piece)
            pos += len(piece)
    dct = dt.date(*map(int, found.groups()))
    return "".join(pieces), dct, [GoldTimex(*g) for g in gold]


def documents(root: pathlib.Path) -> Iterator[tuple[pathlib.Path, str, dt.date, list[GoldTimex]]]:
    for path in sorted(root.glob("**/*.tml")):
        yield (path, *read_tml(path))


def score(root: pathlib.Path, tagger: Callable) -> Scores:
    """Run `tagger(text, dct)` over every document under `root` and score it against the gold."""
    docs = gold_n = predicted = strict = relaxed = values = types = 0
    for _, text, dct, gold in documents(root):
        docs += 1
        found = tagger(text, dct)
        gold_n += len(gold)
        predicted += len(found)
        used: set[int] = set()
        for t in found:
            hit = next((i for i, g in enumerate(gold)
                        if i not in used and t.start < g.end and g.start < t.end), None)
            if hit is None:
                continue
            used.add(hit)
            relaxed += 1
            strict += (t.start, t.end) == (gold[hit].start, gold[hit].end)
            values += t.value == gold[hit].value
            types += t.type == gold[hit].type
    return Scores(docs, gold_n, predicted, strict, relaxed, values, types)
