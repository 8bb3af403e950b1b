"""Cross-article entity linking: group cleaned mentions into entities (pure Python, no spaCy)."""
from __future__ import annotations

import collections
import dataclasses
import re
from typing import Hashable, Sequence

from desktop_app.core import aliases, product_linking
from desktop_app.core.aliases import demonym_place, normalise  # noqa: F401 (public helpers)
from desktop_app.core.model import ENTITY_TYPES, Mention


@dataclasses.dataclass(frozen=True)
class LinkedEntity:
    """One real-world entity: a stable `key`, display `name`, `type` and all surface names."""

    key: str
    name: str
    type: str
    aliases: tuple[str, ...]
    alias_counts: tuple[tuple[str, int], ...] = ()  # surface name -> number of mentions


# Labels whose single-token spans may be a person's surname mislabelled by spaCy.
_SURNAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
# Place labels only join a surname within their own document: a batch-wide match would turn
# every "Washington" or "Jordan" into a person somewhere in a large corpus.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# "Full Name (ACR)" or "Full Name ( ACR" inside one span: the text defines the acronym.
_DEFINED = re.compile(r"(.*\w)\s*\(\s*([A-Z][A-Za-z.&]{1,7})\s*\)?")
_TYPE_ORDER = {t: i for i, t in enumerate(ENTITY_TYPES)}


class _Nodes:
    """Union-find over name nodes: ("A", amount), ("C", canonical place), ("N", normal name)."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}
        self.parent: list[int] = []

    def id(self, node: tuple[str, str]) -> int:
        i = self.ids.get(node)
        if i is None:
            i = self.ids[node] = len(self.parent)
            self.parent.append(i)
        return i

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)  # the older node stays the root


def link(items: Sequence[tuple[Hashable, Mention]]) -> tuple[list[LinkedEntity], list[int]]:
    """Link (document id, mention) pairs; return the entities and each item's entity index."""
    norm_cache: dict[str, str] = {}

    def norm(name: str) -> str:
        n = norm_cache.get(name)
        if n is None:
            n = norm_cache[name] = normalise(name)
        return n

    names = [m.name for _, m in items]
    defined: dict[int, str] = {}  # item -> acronym its span defines
    for i, (_, m) in enumerate(items):
        if "(" in m.name and m.type != "AMOUNT" and (hit := _DEFINED.fullmatch(m.name)):
            names[i], defined[i] = hit.group(1), hit.group(2).replace(".", "")
    norms = [norm(n) for n in names]

    # Full (multi-token) PERSON names indexed by their last token, per document and batch-wide.
    doc_full: dict[tuple[Hashable, str], set[str]] = collections.defaultdict(set)
    batch_full: dict[str, set[str]] = collections.defaultdict(set)
    for (doc, mention), n in zip(items, norms):
        if mention.label == "PERSON" and " " in n:
            last = n.rsplit(" ", 1)[1]
            doc_full[doc, last].add(n)
            batch_full[last].add(n)

    alias_cache: dict[tuple[str, str], tuple[str, str] | None] = {}

    def place_alias(name: str, n: str, label: str) -> tuple[str, str] | None:
        key = (name, label)
        if key not in alias_cache:
            alias_cache[key] = aliases.place_alias(name, n, label)
        return alias_cache[key]

    nodes = _Nodes()
    node_of: list[int] = []
    surname_join: set[int] = set()  # items joined to a full person name by their surname
    placed: set[int] = set()  # items named by a country alias
    for i, ((doc, mention), n) in enumerate(zip(items, norms)):
        if mention.type == "AMOUNT":
            node_of.append(nodes.id(("A", n)))
            continue
        full = None
        if " " not in n and mention.label in _SURNAME_LABELS and not (
                mention.label in _PLACE_LABELS and place_alias(names[i], n, mention.label)):
            # a country is nobody's surname ("Garuda Indonesia" ... "Indonesia")
            full = doc_full.get((doc, n))
            if full is None and mention.label not in _PLACE_LABELS and not place_alias(
                    names[i], n, mention.label):
                full = batch_full.get(n)
        if full is not None and len(full) == 1:
            node_of.append(nodes.id(("N", next(iter(full)))))
            surname_join.add(i)
            continue
        alias = place_alias(names[i], n, mention.label)
        if alias:
            node_of.append(nodes.id(("C", alias[0])))
            placed.add(i)
            continue
        if mention.type == "PRODUCT" or (" " not in n and n[:1].isalpha() and mention.type == "ORG"):
            key = product_linking.model_of(names[i])  # a lone "A330s" spaCy called ORG is the model too
            if key:  # "Airbus A380", "A380 superjumbo" and "A380s" are the A380
                norms[i] = n = key
        if mention.type == "ORG" and " " in n:
            n = aliases.strip_company_suffix(n)
            lead = aliases.leading_place(n) if " " in n else None
            if lead:  # "US Air Force" = "United States Air Force"
                n = f"{normalise(lead[0])} {lead[1]}"
            norms[i] = n
        node_of.append(nodes.id(("N", n)))

    product_linking.join_maker_numbers(items, names, norms, node_of, nodes)
    _join_variants(nodes)
    _join_org_short_forms(items, norms, node_of, nodes, surname_join)
    _join_acronyms(items, names, norms, node_of, nodes, defined, placed | surname_join)
    _join_cut_names(items, norms, node_of, nodes)
    product_linking.join_product_tails(items, names, norms, node_of, nodes, placed | surname_join)
    product_linking.join_single_versions(items, names, norms, node_of, nodes, placed | surname_join)
    return _build(items, node_of, nodes, surname_join, norm)


def _join_variants(nodes: _Nodes) -> None:
    """Names equal up to spaces, hyphens, dots and apostrophes are one ("Wal - Mart", "Walmart")."""
    by_compact: dict[str, int] = {}
    for (kind, value), i in list(nodes.ids.items()):
        if kind == "N":
            c = aliases.compact(value)
            if len(c) >= 4:
                j = by_compact.setdefault(c, i)
                if j != i:
                    nodes.union(i, j)


def _join_org_short_forms(items, norms, node_of, nodes: _Nodes, surname_join) -> None:
    """Join short ORG forms to longer ORG names: "Apple" ~ "Apple Computer", "Northrop" ~ "Northrop Grumman"."""
    org_docs: dict[str, set] = collections.defaultdict(set)  # ORG normal form -> its documents
    place_names: set[str] = set()  # PLACE normal forms (spaCy sometimes calls a company GPE)
    gpe_docs: dict[str, set] = collections.defaultdict(set)  # single-word GPE forms -> documents
    product_docs: dict[str, set] = collections.defaultdict(set)  # single-word PRODUCT forms
    prefixes: dict[tuple[Hashable, str], set[str]] = collections.defaultdict(set)
    for i, ((doc, mention), n) in enumerate(zip(items, norms)):
        if i in surname_join:
            continue
        if mention.type == "PLACE":
            place_names.add(n)
            if mention.label == "GPE" and " " not in n:
                gpe_docs[n].add(doc)
        if mention.type == "PRODUCT" and " " not in n:
            org_docs[n].add(doc)  # "iTunes" ~ "iTunes Music Store"
            product_docs[n].add(doc)
            continue
        if mention.type != "ORG":
            continue
        org_docs[n].add(doc)
        words = n.split()
        for k in range(1, len(words)):
            prefixes[doc, " ".join(words[:k])].add(n)
        lead = aliases.leading_place(n) if len(words) > 1 else None
        if lead:  # "Air Force" within "United States Air Force"
            prefixes[doc, lead[1]].add(n)
    if not prefixes:
        return

    def usable(short: str) -> bool:
        return not aliases.is_known_place(short) and aliases.demonym_place(short) is None

    # A trade word after a name seen on its own: the same company everywhere.
    for n in list(org_docs):
        stem = aliases.descriptor_stem(n)
        if stem and (stem in org_docs or stem in place_names) and usable(stem):
            nodes.union(nodes.id(("N", n)), nodes.id(("N", stem)))
    # Otherwise a proper word-prefix of exactly one longer name in the document joins it, unless
    # the short form lives mostly in documents without that name (then it names something else).
    joins: dict[str, dict[Hashable, str]] = collections.defaultdict(dict)
    # A single word spaCy called a GPE that is no known place ("Northline" beside "Northline
    # Freight Group") is the company's short form on the same terms.
    for (doc, short), longs in prefixes.items():
        if len(longs) != 1 or not usable(short):
            continue
        as_org = short in org_docs and doc in org_docs[short]
        if not as_org and not (" " not in short and doc in gpe_docs.get(short, ())):
            continue
        long = next(iter(longs))
        if len(long.split()) < 2:
            continue
        seen = org_docs.get(short, set()) | gpe_docs.get(short, set())
        # A product word written with its longer name in several documents is that name's.
        if (len(seen - org_docs[long]) < len(org_docs[long])
                or len(product_docs.get(short, set()) & org_docs[long]) >= 2):
            joins[short][doc] = long
    per_doc: dict[tuple[Hashable, str], str] = {}
    for short, by_doc in joins.items():
        targets = {nodes.find(nodes.id(("N", long))) for long in by_doc.values()}
        if len(targets) == 1:
            nodes.union(nodes.id(("N", short)), targets.pop())
        else:  # different names in different documents: join each document's own
            per_doc.update(((doc, short), long) for doc, long in by_doc.items())
    if per_doc:
        for i, ((doc, mention), n) in enumerate(zip(items, norms)):
            if (doc, n) in per_doc and mention.type in ("ORG", "PLACE", "PRODUCT") and i not in surname_join:
                node_of[i] = nodes.id(("N", per_doc[doc, n]))


def _join_cut_names(items, norms, node_of, nodes: _Nodes) -> None:
    """A multi-word ORG name that stops before "and"/"&" where one organisation's longer name
    goes on ("European Aeronautic Defence" | "and Space Company") is that organisation, cut."""
    cut: dict[str, set[int]] = collections.defaultdict(set)
    for (_, mention), n, node in zip(items, norms, node_of):
        if mention.type == "ORG":
            words = n.split()
            for k in range(2, len(words) - 1):
                if words[k] in ("and", "&"):
                    cut[" ".join(words[:k])].add(node)
    if not cut:
        return
    for i, ((_, mention), n) in enumerate(zip(items, norms)):
        if mention.type == "ORG" and n in cut:
            roots = {nodes.find(j) for j in cut[n]}
            if len(roots) == 1:
                nodes.union(node_of[i], roots.pop())


def acronym_candidates(items, names, norms, node_of) -> dict[str, dict[Hashable, set[int]]]:
    """Initials -> document -> nodes of multi-word ORG/PLACE names with those initials."""
    out: dict[str, dict[Hashable, set[int]]] = collections.defaultdict(lambda: collections.defaultdict(set))
    cache: dict[str, str] = {}
    for (doc, mention), name, n, node in zip(items, names, norms, node_of):
        if mention.type in ("ORG", "PLACE") and " " in n:
            letters = cache.get(name)
            if letters is None:
                letters = cache[name] = aliases.initials(name)
            if 2 <= len(letters) <= 6:
                out[letters][doc].add(node)
    return out


def _join_acronyms(items, names, norms, node_of, nodes: _Nodes, defined, fixed) -> None:
    """Acronyms join the name a span defines, else the one name in batch whose initials spell them."""
    for i, acronym in defined.items():
        nodes.union(node_of[i], nodes.id(("N", acronym.lower())))
    by_letters = value_of = None
    loose: dict[tuple[Hashable, str], int | None] = {}
    for i, ((doc, mention), name) in enumerate(zip(items, names)):
        if mention.type not in ("ORG", "PLACE") or " " in norms[i] or i in fixed:
            continue
        letters = aliases.acronym_letters(name)
        if letters is None:
            continue
        if by_letters is None:
            by_letters = acronym_candidates(items, names, norms, node_of)
            doc_names = collections.defaultdict(list)  # document -> its multi-word ORG/PLACE items
            for j, ((d, m), n) in enumerate(zip(items, norms)):
                if m.type in ("ORG", "PLACE") and " " in n:
                    doc_names[d].append(j)
        per_doc = by_letters.get(letters)
        if not per_doc:  # no exact initials: one loose match in the document will do
            key = (doc, letters)
            if key not in loose:
                hits = {node_of[j] for j in doc_names.get(doc, ()) if aliases.loosely_spells(letters, names[j])}
                loose[key] = hits.pop() if len(hits) == 1 else None
            if loose[key] is not None:
                node_of[i] = loose[key]
            continue
        here = {nodes.find(n) for n in per_doc.get(doc, ())}
        batch = {nodes.find(n) for ns in per_doc.values() for n in ns}
        if len(batch) > 1:  # "Defence"/"Defense" spellings of one expansion count once
            value_of = value_of or {i: v[1] for v, i in nodes.ids.items()}
            first, *rest = batch
            if all(aliases.spelling_variants(value_of[first], value_of[r]) for r in rest):
                for r in rest:
                    nodes.union(first, r)
                batch = {nodes.find(first)}
        if len(batch) == 1 or len(here) == 1:
            target = (batch if len(batch) == 1 else here).pop()
            if len(batch) == 1:
                nodes.union(node_of[i], target)
            else:  # several expansions in the batch: only this mention joins its document's one
                node_of[i] = target


def _build(items, node_of, nodes: _Nodes, surname_join, norm) -> tuple[list[LinkedEntity], list[int]]:
    """Group items by node component; make one entity per component (pooling equal keys)."""
    value_of = {i: node for node, i in nodes.ids.items()}
    members: dict[int, list[int]] = {}
    for i, node in enumerate(node_of):
        members.setdefault(nodes.find(node), []).append(i)
    entities: list[LinkedEntity] = []
    index_by_key: dict[str, int] = {}
    root_index: dict[int, int] = {}
    for root, group in members.items():
        if len(group) == 1 and value_of[root][0] != "C":  # the common case, kept cheap
            m = items[group[0]][1]
            entity = LinkedEntity(f"{m.type}:{norm(m.name)}", m.name, m.type, (m.name,), ((m.name, 1),))
        else:
            canonical = next((value_of[node_of[i]][1] for i in group if value_of[node_of[i]][0] == "C"), None)
            entity = _make_entity([items[i][1] for i in group], [i in surname_join for i in group],
                                  canonical, value_of[root][0] == "A", norm)
        idx = index_by_key.get(entity.key)
        if idx is None:
            idx = index_by_key[entity.key] = len(entities)
            entities.append(entity)
        else:  # Two components that name the same thing: keep the first, pool the aliases.
            first = entities[idx]
            counts = collections.Counter(dict(first.alias_counts)) + collections.Counter(dict(entity.alias_counts))
            entities[idx] = dataclasses.replace(first, aliases=tuple(sorted(counts)),
                                                alias_counts=tuple(sorted(counts.items())))
        root_index[root] = idx
    return entities, [root_index[nodes.find(node)] for node in node_of]


def _make_entity(mentions: list[Mention], joined: list[bool], canonical: str | None,
                 amount: bool, norm=normalise) -> LinkedEntity:
    """Pick type, display name and aliases for one cluster of mentions."""
    counts = {mentions[0].name: 1} if len(mentions) == 1 else collections.Counter(m.name for m in mentions)
    if canonical is not None:
        name = canonical
        etype = (aliases.UNIONS.get(norm(canonical)) or (canonical, "PLACE"))[1]
    elif len(mentions) == 1:  # the common case
        name, etype = mentions[0].name, mentions[0].type
    else:
        votes = collections.Counter("PERSON" if j else m.type for m, j in zip(mentions, joined))
        orgs = [m.name for m in mentions if m.type == "ORG" and " " in m.name]
        if votes.get("PLACE") and orgs:
            # A single place-labelled word joined as the short form of a company name is the company.
            moved = sum(1 for m, j in zip(mentions, joined) if not j and m.type == "PLACE"
                        and " " not in m.name and any(o.startswith(m.name + " ") for o in orgs))
            if moved:
                votes["PLACE"] -= moved
                votes["ORG"] += moved
                votes += collections.Counter()
        products = [m.name for m in mentions if m.type == "PRODUCT" and " " in m.name]
        if products:  # "Skyliner" joined to "787 Skyliner" is the product, and so is "A330s"
            moved = collections.Counter(m.type for m, j in zip(mentions, joined)
                                        if not j and m.type != "PRODUCT" and " " not in m.name
                                        and (product_linking.model_of(m.name) or any(
                                            p.endswith(" " + m.name) or p.endswith(" " + m.name + "s")
                                            for p in products)))
            for t, k in moved.items():
                votes[t] -= k
                votes["PRODUCT"] += k
            votes += collections.Counter()
        if votes.get("PERSON") and not any(joined) and any(
                m.label == "PERSON" and m.type == "ORG" for m in mentions) and not any(
                m.type == "PERSON" and " " in m.name for m in mentions):
            votes["ORG"] += votes.pop("PERSON")  # "the Beatles": a person's name takes no article
        etype = min(votes, key=lambda t: (-votes[t], _TYPE_ORDER.get(t, len(_TYPE_ORDER)), t))
        full = [m.name for m in mentions if m.type in (("PRODUCT",) if etype == "PRODUCT" else ("PERSON", "ORG"))]
        if full and etype == "PRODUCT" and not amount:
            # The most used complete form: "Airbus A380", not a one-off "First Airbus A380".
            name = min(full, key=lambda s: (" " not in s, -counts[s], -len(s.split()), s))
        elif full and not amount:
            # Most tokens wins; ties go to the most frequent, then alphabetical for stability.
            name = min(full, key=lambda s: (-len(s.split()), -counts[s], s))
        else:
            name = min(counts, key=lambda s: (-counts[s], -len(s), s))
    alias_counts = tuple(sorted(counts.items()))
    names = tuple(sorted(set(counts) | {name}))
    return LinkedEntity(key=f"{etype}:{norm(name)}", name=name, type=etype, aliases=names,
                        alias_counts=alias_counts)


@dataclasses.dataclass(frozen=True)
class Suggestion:
    """A merge linking refused for lack of evidence: entity indexes `a` (short form) and `b`."""

    a: int
    b: int
    reason: str


_MAX_CANDIDATES = 5  # more candidates than this is no suggestion, just a common word


def suggest_merges(entities: Sequence[LinkedEntity], items: Sequence[tuple[Hashable, Mention]],
                   assignment: Sequence[int]) -> list[Suggestion]:
    """Near-misses for the user to accept or reject: shared surnames, short forms, acronyms."""
    docs: dict[int, set] = collections.defaultdict(set)
    for (doc, _), e in zip(items, assignment):
        docs[e].add(doc)
    by_last: dict[str, set[int]] = collections.defaultdict(set)
    by_first: dict[str, set[int]] = collections.defaultdict(set)
    by_initials: dict[str, set[int]] = collections.defaultdict(set)
    for idx, e in enumerate(entities):
        if e.type == "AMOUNT":
            continue
        for alias in e.aliases:
            n = normalise(alias)
            if " " not in n:
                continue
            if e.type == "PERSON":
                by_last[n.rsplit(" ", 1)[1]].add(idx)
            else:
                by_first[n.split(" ", 1)[0]].add(idx)
                by_initials[aliases.initials(alias)].add(idx)
    out: dict[tuple[int, int], str] = {}
    for idx, e in enumerate(entities):
        n = normalise(e.name)
        if e.type == "AMOUNT" or " " in n:
            continue
        letters = aliases.acronym_letters(e.name)
        firsts = None if aliases.is_known_place(n) else by_first.get(n)
        for pool, what in ((by_last.get(n), "surname"), (firsts, "short name"),
                           (by_initials.get(letters) if letters else None, "acronym")):
            others = (pool or set()) - {idx}
            if not others or len(others) > _MAX_CANDIDATES:
                continue
            for other in sorted(others):
                where = "same document" if docs[idx] & docs[other] else "other documents"
                n_alt = f" (one of {len(others)})" if len(others) > 1 else ""
                out.setdefault((idx, other), f"{what} of {entities[other].name}{n_alt}, {where}")
    return [Suggestion(a, b, reason) for (a, b), reason in out.items()]
