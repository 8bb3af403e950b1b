"""Entity evals: MEANTIME name recall, type accuracy and cross-document B³; CoNLL-2003 NER P/R/F1.

Both run the product through `extract_json.extract_batch` (the `extract --batch` path) and, beside
it, "spaCy alone": the raw model's name spans (every label but the numeric ones), uncleaned, with
PERSON/ORG/GPE/LOC/FAC mapped to our types (other labels stay as they are, so never a right type),
linked by identical text.
"""
from __future__ import annotations

import collections
import dataclasses
import pathlib
import tempfile
from collections.abc import Callable, Hashable, Sequence

from desktop_app.app import extract_json
from desktop_app.core import meantime, model

# Our name types (every entity type but figures); spaCy labels as our types; non-name labels.
NAME_TYPES = tuple(t for t in model.ENTITY_TYPES if t != "AMOUNT")
SPACY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# MEANTIME ent_type -> our type. The dev topics also have PRO (products: "A380", "iPhone") and FIN
# (financial); those, and any other type, are left out of type accuracy but count for the rest.
MEANTIME_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
# Our type -> CoNLL type. CoNLL MISC (nationalities, events, products...) has no counterpart.
CONLL_TYPES = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC"}
SYSTEMS = ("spaCy alone", "Timeline Reader")


@dataclasses.dataclass(frozen=True)
class SysMention:
    start: int
    end: int
    text: str
    type: str  # PERSON, ORG or PLACE; for spaCy alone also the other labels (NORP, PRODUCT...)
    entity: Hashable  # the linked entity (topic-wide)
    name: str = ""


Runner = Callable[[Sequence[str], Sequence], list[list[SysMention]]]


def run_product(texts: Sequence[str], dcts: Sequence) -> list[list[SysMention]]:
    """Write the texts as .txt files and extract them together, as `extract --batch` does."""
    with tempfile.TemporaryDirectory(prefix="entity-eval-") as tmp:
        jobs = []
        for i, text in enumerate(texts):
            path = pathlib.Path(tmp, f"{i:04d}.txt")
            path.write_text(text, encoding="utf-8", newline="")
            dct = dcts[i]
            jobs.append((str(path), dct.isoformat() if dct else None, True))
        found = []
        for text, obj in zip(texts, extract_json.extract_batch(jobs)):
            if "error" in obj:
                raise ValueError(f"{obj['path']}: {obj['error']}")
            found.append([SysMention(e["start"], e["end"], e["text"], e["type"], e["entity"],
                                     e["name"]) for e in obj["entities"] if e["type"] in NAME_TYPES])
            if any(text[m.start:m.end] != m.text for m in found[-1]):
                raise ValueError(f"{obj['path']}: mention offsets do not index the text")
    return found


def run_spacy(texts: Sequence[str], dcts: Sequence = ()) -> list[list[SysMention]]:
    """The raw model over each whole text; mentions with identical text are one entity."""
    from desktop_app.core import nlp

    return [[SysMention(e.start_char, e.end_char, e.text, SPACY_TYPES.get(e.label_, e.label_),
                        e.text, e.text)
             for e in doc.ents if e.label_ not in NUMERIC_LABELS]
            for doc in nlp.load().pipe(texts, batch_size=nlp.BATCH_SIZE)]


RUNNERS: dict[str, Runner] = {"spaCy alone": run_spacy, "Timeline Reader": run_product}


def b_cubed(items: Sequence[tuple[Hashable, Hashable]]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of (gold cluster, system cluster) pairs, one per mention."""
    if not items:
        return 0.0, 0.0, 0.0
    both = collections.Counter(items)
    gold = collections.Counter(g for g, _ in items)
    system = collections.Counter(s for _, s in items)
    p = sum(both[g, s] / system[s] for g, s in items) / len(items)
    r = sum(both[g, s] / gold[g] for g, s in items) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(gold: Sequence, found: Sequence[SysMention]) -> list[SysMention | None]:
    """For each gold span, the overlapping system mention with the largest overlap (or None)."""
    out = []
    for g in gold:
        best, best_overlap = None, 0
        for m in found:
            overlap = min(g.end, m.end) - max(g.start, m.start)
            if overlap > best_overlap:
                best, best_overlap = m, overlap
        out.append(best)
    return out


# ---------------------------------------------------------------------------- MEANTIME

@dataclasses.dataclass(frozen=True)
class TopicScores:
    gold: int
    matched: int
    typed: int  # matched gold mentions of type PER/ORG/LOC
    types_ok: int
    b3: tuple[float, float, float]

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.types_ok / self.typed if self.typed else 0.0


@dataclasses.dataclass(frozen=True)
class Error:
    kind: str  # wrong merge, missed merge, missed, type (a matched PER/ORG/LOC typed otherwise)
    text: str


def gold_names(doc: meantime.Document) -> list[meantime.GoldMention]:
    """The scored gold: NAM mentions that REFER_TO an entity (without one there is no cluster)."""
    return [m for m in doc.mentions if m.syntactic_type == "NAM" and m.cluster]


def score_topic(docs: Sequence[meantime.Document], found: Sequence[Sequence[SysMention]],
                errors: list[Error] | None = None) -> TopicScores:
    """Recall, type accuracy and B³ of one system's mentions over a topic's gold NAM mentions."""
    pairs: list[tuple[meantime.GoldMention, SysMention, str]] = []
    type_errors: list[Error] = []  # listed last, after the merges and missed mentions
    gold_n = typed = types_ok = 0
    for doc, mentions in zip(docs, found):
        gold = gold_names(doc)
        gold_n += len(gold)
        for g, m in zip(gold, match(gold, mentions)):
            if m is None:
                if errors is not None:
                    errors.append(Error("missed", f"{doc.name}: {g.text!r} ({g.ent_type or '-'} "
                                                  f"{g.descriptor}) {_context(doc.text, g)}"))
                continue
            pairs.append((g, m, doc.name))
            if g.ent_type in MEANTIME_TYPES:
                typed += 1
                types_ok += MEANTIME_TYPES[g.ent_type] == m.type
                if errors is not None and MEANTIME_TYPES[g.ent_type] != m.type:
                    type_errors.append(Error("type", f"{doc.name}: {g.text!r} is {g.ent_type}, we "
                                                     f"say {m.type} ({m.name!r}) {_context(doc.text, g)}"))
    if errors is not None:
        errors[:0] = _merge_errors(pairs)
        errors.extend(type_errors)
    return TopicScores(gold_n, len(pairs), typed, types_ok,
                       b_cubed([(g.cluster, m.entity) for g, m, _ in pairs]))


def _context(text: str, g, width: int = 30) -> str:
    left = text[max(0, g.start - width):g.start].replace("\n", " ")
    return f"…{left}[{text[g.start:g.end]}]{text[g.end:g.end + width].replace(chr(10), ' ')}…"


def _merge_errors(pairs) -> list[Error]:
    """System clusters mixing gold instances, then gold instances split across system clusters."""
    by_system: dict[Hashable, list] = collections.defaultdict(list)
    by_gold: dict[str, list] = collections.defaultdict(list)
    for g, m, _ in pairs:
        by_system[m.entity].append((g, m))
        by_gold[g.cluster].append((g, m))

    def texts(group, key) -> str:
        counts = collections.Counter(key(g, m) for g, m in group)
        return ", ".join(f"{t!r}" + (f" ×{n}" if n > 1 else "") for t, n in counts.most_common())

    out = []
    for entity, group in by_system.items():
        clusters = {g.cluster: g for g, _ in group}
        if len(clusters) > 1:
            name = group[0][1].name or group[0][1].text
            parts = "; ".join(f"{c.descriptor or c.cluster}: "
                              + texts([x for x in group if x[0].cluster == k], lambda g, m: g.text)
                              for k, c in clusters.items())
            out.append(Error("wrong merge", f"{name!r} joins {parts}"))
    for cluster, group in by_gold.items():
        systems = {m.entity for _, m in group}
        if len(systems) > 1:
            parts = " | ".join(texts([x for x in group if x[1].entity == e], lambda g, m: m.text)
                               for e in systems)
            out.append(Error("missed merge", f"{group[0][0].descriptor or cluster} split: {parts}"))
    return out


def evaluate_topic(folder: pathlib.Path, runners: dict[str, Runner] | None = None,
                   errors: list[Error] | None = None
                   ) -> tuple[list[meantime.Document], dict[str, TopicScores]]:
    """Read a MEANTIME topic folder, run each system over it and score; errors are the product's."""
    docs = meantime.read_topic(folder)
    texts, dcts = [d.text for d in docs], [d.dct for d in docs]
    scores = {}
    for name, run in (runners or RUNNERS).items():
        scores[name] = score_topic(docs, run(texts, dcts),
                                   errors if name == SYSTEMS[-1] else None)
    return docs, scores


def topic_report(name: str, docs: Sequence[meantime.Document],
                 scores: dict[str, TopicScores]) -> list[str]:
    """The figures as printed by `timeline-reader eval-entities`."""
    any_scores = next(iter(scores.values()))
    nam = sum(m.syntactic_type == "NAM" for d in docs for m in d.mentions)
    lines = [f"{name}: {len(docs)} documents, {any_scores.gold} gold NAM mentions scored "
             f"({nam - any_scores.gold} more refer to no entity)",
             f"{'':18}" + "".join(f"{s:>17}" for s in scores)]

    def row(label: str, values) -> None:
        lines.append(f"{label:18}" + "".join(f"{100 * v:17.1f}" for v in values))

    row("mention recall", [s.recall for s in scores.values()])
    row("type accuracy", [s.type_accuracy for s in scores.values()])
    for i, label in enumerate(("B3 precision", "B3 recall", "B3 F1")):
        row(label, [s.b3[i] for s in scores.values()])
    return lines


# ---------------------------------------------------------------------------- CoNLL-2003

@dataclasses.dataclass(frozen=True)
class NerScores:
    counts: dict[str, tuple[int, int, int]]  # type (and "all") -> (correct, predicted, gold)
    misc_gold: int
    misc_exact: int  # gold MISC spans a system mention covers exactly (with any type or label)
    misc_overlap: int  # gold MISC spans some system mention overlaps

    def prf(self, key: str) -> tuple[float, float, float]:
        correct, predicted, gold = self.counts[key]
        p = correct / predicted if predicted else 0.0
        r = correct / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_ner(docs: Sequence, found: Sequence[Sequence[SysMention]]) -> NerScores:
    """Exact span and type over PER/ORG/LOC; every PER/ORG/LOC system mention is a prediction,
    so one on a gold MISC span is a false positive; other labels (NORP...) predict nothing."""
    counts = {t: [0, 0, 0] for t in ("all", "PER", "ORG", "LOC")}
    misc = [0, 0, 0]
    for doc, mentions in zip(docs, found):
        predicted = {(m.start, m.end, CONLL_TYPES[m.type])
                     for m in mentions if m.type in CONLL_TYPES}
        spans = {(m.start, m.end) for m in mentions}
        for start, end, etype in predicted:
            counts[etype][1] += 1
        for g in doc.spans:
            if g.type == "MISC":
                misc[0] += 1
                misc[1] += (g.start, g.end) in spans
                misc[2] += any(s < g.end and g.start < e for s, e in spans)
                continue
            counts[g.type][2] += 1
            counts[g.type][0] += (g.start, g.end, g.type) in predicted
    for t in ("PER", "ORG", "LOC"):
        counts["all"] = [a + b for a, b in zip(counts["all"], counts[t])]
    return NerScores({k: tuple(v) for k, v in counts.items()}, *misc)


def evaluate_ner(docs: Sequence, runners: dict[str, Runner] | None = None) -> dict[str, NerScores]:
    """Run each system over the CoNLL documents (no DCT) and score it."""
    texts = [d.text for d in docs]
    return {name: score_ner(docs, run(texts, [None] * len(texts)))
            for name, run in (runners or RUNNERS).items()}


def ner_report(name: str, docs: Sequence, scores: dict[str, NerScores]) -> list[str]:
    """The figures as printed by `timeline-reader eval-ner`."""
    any_scores = next(iter(scores.values()))
    lines = [f"{name}: {len(docs)} documents, {sum(d.tokens for d in docs)} tokens, "
             f"{any_scores.counts['all'][2]} gold PER/ORG/LOC, {any_scores.misc_gold} gold MISC",
             f"{'':9}" + "".join(f"{s:>24}" for s in scores),
             f"{'':9}" + f"{'P':>10}{'R':>7}{'F1':>7}" * len(scores)]
    for key in ("all", "PER", "ORG", "LOC"):
        lines.append(f"{key:9}" + "".join("{:10.1f}{:7.1f}{:7.1f}".format(*(100 * x for x in s.prf(key)))
                                          for s in scores.values()))
    lines.append(f"MISC: {any_scores.misc_gold} gold, not scored; how many a mention (any label) "
                 "spans exactly / overlaps:")
    lines.append("  " + ";  ".join(f"{system} {s.misc_exact} / {s.misc_overlap}"
                                   for system, s in scores.items()))
    return lines
