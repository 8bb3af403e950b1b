"""MEANTIME CAT XML reading: rebuilt text, DCT, and entity mentions with their cross-document instance."""
from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import xml.etree.ElementTree as ET

from desktop_app.core.conll import rebuild_text


@dataclasses.dataclass(frozen=True)
class GoldMention:
    """An ENTITY_MENTION; `cluster` is its ENTITY's instance_id, a document-local key, or "" (none)."""

    start: int
    end: int
    text: str
    syntactic_type: str  # NAM, NOM, PRO, PRE.NAM, ... or "" when unannotated
    cluster: str
    ent_type: str  # PER, ORG, LOC, PRO, FIN, MIX, ... or "" when it refers to no ENTITY
    descriptor: str  # the ENTITY's TAG_DESCRIPTOR, e.g. "Northrop Grumman"


@dataclasses.dataclass(frozen=True)
class Document:
    name: str
    text: str
    dct: dt.date | None
    mentions: tuple[GoldMention, ...]
    # (start, end, type, value) of every TIMEX3 anchored in the text (the creation time is not)
    timexes: tuple[tuple[int, int, str, str], ...] = ()


def read(path: pathlib.Path, natural: bool = False) -> Document:
    """One CAT XML file: tokens space-joined (`natural`: without a space before punctuation), a
    newline between sentences; offsets index that text."""
    path = pathlib.Path(path)
    root = ET.parse(path).getroot()
    sentences: dict[str, list[tuple[str, str]]] = {}
    for token in root.iter("token"):
        sentences.setdefault(token.get("sentence", ""), []).append((token.get("t_id"), token.text or ""))
    text, spans = rebuild_text([[word for _, word in s] for s in sentences.values()], natural)
    where = {tid: span for s, ss in zip(sentences.values(), spans) for (tid, _), span in zip(s, ss)}

    markables = root.find("Markables")
    markables = markables if markables is not None else ET.Element("Markables")
    entities = {e.get("m_id"): e for e in markables.iter("ENTITY")}
    refers: dict[str, str] = {}
    for relation in root.iter("REFERS_TO"):
        target = relation.find("target")
        if target is not None and target.get("m_id") in entities:
            for source in relation.iter("source"):
                refers[source.get("m_id")] = target.get("m_id")

    dct = None
    for timex in markables.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            try:
                dct = dt.date.fromisoformat(timex.get("value", "")[:10])
            except ValueError:
                pass
    doc = root.get("doc_id") or path.stem
    mentions = []
    for mention in markables.iter("ENTITY_MENTION"):
        anchors = [where[a.get("t_id")] for a in mention.iter("token_anchor") if a.get("t_id") in where]
        if not anchors:
            continue
        start, end = min(s for s, _ in anchors), max(e for _, e in anchors)
        entity = entities.get(refers.get(mention.get("m_id")))
        if entity is None:  # REFERS_TO no ENTITY (13 NAM mentions of corpus_airbus)
            cluster, ent_type, descriptor = "", "", ""
        else:
            # A few ENTITYs lack an instance_id: they are then known to their own document only.
            cluster = entity.get("instance_id") or f"{doc}#{entity.get('m_id')}"
            ent_type, descriptor = entity.get("ent_type", ""), entity.get("TAG_DESCRIPTOR", "")
        mentions.append(GoldMention(start, end, text[start:end], mention.get("syntactic_type", ""),
                                    cluster, ent_type, descriptor))
    mentions.sort(key=lambda m: (m.start, m.end))
    timexes = []
    for timex in markables.iter("TIMEX3"):
        anchors = [where[a.get("t_id")] for a in timex.iter("token_anchor") if a.get("t_id") in where]
        if anchors:
            start, end = min(s for s, _ in anchors), max(e for _, e in anchors)
            timexes.append((start, end, timex.get("type", ""), timex.get("value", "")))
    return Document(path.name, text, dct, tuple(mentions), tuple(sorted(timexes)))


def read_topic(folder: pathlib.Path) -> list[Document]:
    """Every .xml document of a topic folder, in name order."""
    return [read(path) for path in sorted(pathlib.Path(folder).glob("*.xml"))]
