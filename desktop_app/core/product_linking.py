"""Product linking steps for `linking.link`: model keys, maker numbers, name tails, versions.

Each step works on link's parallel lists (items, names, norms, node_of) and its union-find nodes.
"""
from __future__ import annotations

import collections
from typing import Hashable

from desktop_app.core import aliases, entities
from desktop_app.core.aliases import normalise


def model_of(name: str) -> str | None:
    """The model designation in a product name ("Boeing 787 Dreamliner" -> "787"), or None."""
    keys = {k for w in name.split() if (k := entities.model_key(w))}
    return keys.pop() if len(keys) == 1 else None


def join_maker_numbers(items, names, norms, node_of, nodes) -> None:
    """"Airbus 380" is the "A380" when the batch knows that lettered model: makers letter their
    models with their initial."""
    lettered = {n for (_, m), n in zip(items, norms) if m.type == "PRODUCT" and n[:1].isalpha()
                and " " not in n and entities.model_key(n.upper())}
    if not lettered:
        return
    for i, (_, mention) in enumerate(items):
        words = names[i].split()
        if mention.type == "PRODUCT" and norms[i].isdigit() and len(words) == 2 and words[1] == norms[i]:
            key = words[0][:1].lower() + norms[i]
            if key in lettered:
                norms[i] = key
                node_of[i] = nodes.id(("N", key))


def join_product_tails(items, names, norms, node_of, nodes, fixed) -> None:
    """A single word that ends exactly one multi-word product name in its document is that
    product: "Dreamliner" after "787 Dreamliner", "Lion" after "Mac OS X Lion"."""
    tails: dict[tuple[Hashable, str], set[int]] = collections.defaultdict(set)
    for i, (doc, mention) in enumerate(items):
        if mention.type == "PRODUCT" and " " in names[i]:
            last = normalise(names[i].rsplit(None, 1)[1])
            if last[:1].isalpha() and len(last) >= 3:
                for tail in (last, last[:-1]) if last.endswith("s") else (last,):
                    tails[doc, tail].add(node_of[i])
                    tails[None, tail].add(nodes.find(node_of[i]))
    if not tails:
        return
    doc_products: dict[Hashable, set[int]] = collections.defaultdict(set)
    for i, (doc, mention) in enumerate(items):
        if mention.type == "PRODUCT":
            doc_products[doc].add(nodes.find(node_of[i]))
    for i, (doc, mention) in enumerate(items):
        if mention.type == "AMOUNT" or i in fixed or " " in norms[i]:
            continue
        hit = tails.get((doc, norms[i]))
        if not hit and mention.type in ("PRODUCT", "PERSON"):
            # Batch-wide when the document names that product otherwise: "Dreamliner" beside
            # "Boeing 787" is the "787 Dreamliner" of the other articles.
            hit = tails.get((None, norms[i]), set()) & doc_products[doc]
        if hit and len(hit) == 1 and not aliases.is_known_place(norms[i]):
            node_of[i] = next(iter(hit))


def join_single_versions(items, names, norms, node_of, nodes, fixed) -> None:
    """Each version of a product is its own entity ("iPhone 3G", "iPhone 3GS"); the bare product
    word ("iPhone") is the one version its document names, if it names exactly one, else the
    product in general."""
    versions: dict[tuple[Hashable, str], dict[int, int]] = collections.defaultdict(dict)
    for i, (doc, mention) in enumerate(items):
        if mention.type in ("PRODUCT", "ORG") and (hit := entities.version_of(names[i])):
            versions[doc, normalise(hit[0])].setdefault(nodes.find(node_of[i]), node_of[i])
    if not versions:
        return
    for i, (doc, mention) in enumerate(items):
        if mention.type not in ("PRODUCT", "ORG") or i in fixed or " " in names[i]:
            continue
        found = versions.get((doc, norms[i]))
        if found and len(found) == 1:
            node_of[i] = next(iter(found.values()))
