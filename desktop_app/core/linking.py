"""Cross-article entity linking: group cleaned mentions into entities (pure Python, no spaCy)."""
from __future__ import annotations

import collections
import dataclasses
import re
import unicodedata
from typing import Hashable, Sequence

from desktop_app.core.model import ENTITY_TYPES, Mention


@dataclasses.dataclass(frozen=True)
class LinkedEntity:
    """One real-world entity: a stable `key`, display `name`, `type` and all surface names."""

    key: str
    name: str
    type: str
    aliases: tuple[str, ...]


# --- Country alias table ------------------------------------------------------------------
# A deliberately small stop-gap, to be replaced by pycountry-based lookup later.
# normalised alias -> (canonical name, entity type)
COUNTRY_ALIASES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        ("us", "usa", "united states", "united states of america", "america"),
        ("United States", "PLACE"),
    ),
    **dict.fromkeys(("uk", "britain", "great britain", "united kingdom"), ("United Kingdom", "PLACE")),
    **dict.fromkeys(("eu", "european union"), ("European Union", "ORG")),
}
# Aliases too ambiguous to trust unless spaCy called them a geopolitical entity
# ("America" also appears inside ORG names such as "Bank of America").
GPE_ONLY_ALIASES = frozenset({"america"})
# ------------------------------------------------------------------------------------------

# Labels whose single-token spans may be a person's surname mislabelled by spaCy.
_SURNAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
# Place labels only join a surname within their own document: a batch-wide match would turn
# every "Washington" or "Jordan" into a person somewhere in a large corpus.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

_QUOTE_MAP = str.maketrans({
    "’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})
_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.)+[^\W\d_]\b\.?")
_TYPE_ORDER = {t: i for i, t in enumerate(ENTITY_TYPES)}


def normalise(name: str) -> str:
    """Comparison form of a name: case-folded, no diacritics, "U.S." -> "us", spaces collapsed."""
    s = name
    if not s.isascii():  # fast path: most names need no Unicode work
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).translate(_QUOTE_MAP)
    s = s.casefold()
    s = _ACRONYM.sub(lambda m: m.group().replace(".", ""), s)
    return " ".join(s.split())


def link(items: Sequence[tuple[Hashable, Mention]]) -> tuple[list[LinkedEntity], list[int]]:
    """Link (document id, mention) pairs; return the entities and each item's entity index."""
    norm_cache: dict[str, str] = {}

    def norm(name: str) -> str:
        n = norm_cache.get(name)
        if n is None:
            n = norm_cache[name] = normalise(name)
        return n

    norms = [norm(mention.name) for _, mention in items]

    # Full (multi-token) PERSON names indexed by their last token, per document and batch-wide.
    doc_full: dict[tuple[Hashable, str], set[str]] = collections.defaultdict(set)
    batch_full: dict[str, set[str]] = collections.defaultdict(set)
    for (doc, mention), n in zip(items, norms):
        if mention.label == "PERSON" and " " in n:
            last = n.rsplit(" ", 1)[1]
            doc_full[doc, last].add(n)
            batch_full[last].add(n)

    # Each item gets a node: ("A", norm) for amounts, ("C", canonical) for the alias table,
    # ("N", norm) for names; a surname's node is its full name's node.
    node_of: list[tuple[str, str]] = []
    for (doc, mention), n in zip(items, norms):
        if mention.type == "AMOUNT":
            node_of.append(("A", n))
            continue
        alias = COUNTRY_ALIASES.get(n)
        if alias and (n not in GPE_ONLY_ALIASES or mention.label == "GPE"):
            node_of.append(("C", alias[0]))
            continue
        if " " not in n and mention.label in _SURNAME_LABELS:
            full = doc_full.get((doc, n))
            if full is None and mention.label not in _PLACE_LABELS:
                full = batch_full.get(n)
            if full is not None and len(full) == 1:
                node_of.append(("N", next(iter(full))))
                continue
        node_of.append(("N", n))

    # Collect mentions per node in order of first appearance.
    members: dict[tuple[str, str], list[Mention]] = {}
    for (_, mention), node in zip(items, node_of):
        members.setdefault(node, []).append(mention)

    entities: list[LinkedEntity] = []
    index_by_key: dict[str, int] = {}
    node_index: dict[tuple[str, str], int] = {}
    for node, mentions in members.items():
        entity = _make_entity(node, mentions, norm)
        idx = index_by_key.get(entity.key)
        if idx is None:
            idx = index_by_key[entity.key] = len(entities)
            entities.append(entity)
        else:  # Two nodes that name the same thing: keep the first, pool the aliases.
            first = entities[idx]
            aliases = tuple(sorted(set(first.aliases) | set(entity.aliases)))
            entities[idx] = dataclasses.replace(first, aliases=aliases)
        node_index[node] = idx
    return entities, [node_index[node] for node in node_of]


def _make_entity(node: tuple[str, str], mentions: list[Mention], norm=normalise) -> LinkedEntity:
    """Pick type, display name and aliases for one cluster of mentions."""
    kind, value = node
    if kind == "C":
        name, etype = value, COUNTRY_ALIASES[norm(value)][1]
        names = {m.name for m in mentions}
    elif len(mentions) == 1:  # the common case, without Counter overhead
        name, etype = mentions[0].name, mentions[0].type
        names = {name}
    else:
        etype = _cluster_type(mentions, value, norm)
        counts = collections.Counter(m.name for m in mentions)
        full = [m.name for m in mentions if m.type in ("PERSON", "ORG")]
        if full and kind == "N":
            # Most tokens wins; ties go to the most frequent, then alphabetical for stability.
            name = min(full, key=lambda s: (-len(s.split()), -counts[s], s))
        else:
            name = min(counts, key=lambda s: (-counts[s], -len(s), s))
        names = set(counts)
    aliases = tuple(sorted(names | {name}))
    return LinkedEntity(key=f"{etype}:{norm(name)}", name=name, type=etype, aliases=aliases)


def _cluster_type(mentions: list[Mention], node_name: str, norm=normalise) -> str:
    """Majority type; a surname joined to a full person name votes PERSON, whatever its label.

    spaCy often calls a lone surname ORG or GPE ("Trump’s", "Bessent"), and now and then calls
    a place a person ("Harlow Bay"): the vote lets the linking evidence outweigh either slip.
    """
    counts = collections.Counter(m.type if norm(m.name) == node_name else "PERSON"
                                 for m in mentions)
    return min(counts, key=lambda t: (-counts[t], _TYPE_ORDER.get(t, len(_TYPE_ORDER)), t))
