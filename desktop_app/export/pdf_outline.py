"""Finish a PDF Qt wrote: add the outline (bookmarks) and the metadata Qt has no API for.

QPdfWriter (Qt 6.11) writes title, author and creator, links and named destinations, but no
outline and no subject. They are appended as a PDF incremental update (ISO 32000-1, 7.5.6): a
new catalog and Info dictionary, the outline items, an xref section and a trailer pointing back
at Qt's. Qt's pages stay byte for byte, and the cost is that of the outline, not of the pages
(pypdf's own writer copies every object first: seconds for a few hundred pages).
"""
from __future__ import annotations

import dataclasses
import io
import pathlib
import re
from collections.abc import Sequence

import pypdf
from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject,
                           PdfObject, TextStringObject)

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


@dataclasses.dataclass(frozen=True)
class OutlineItem:
    level: int  # 0 for top-level entries, 1 under the previous level-0 entry, and so on
    title: str
    page: int  # 0-based


def _ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)  # type: ignore[arg-type]  # only ever written out


def _outline_objects(outline: Sequence[OutlineItem], pages: Sequence[IndirectObject],
                     first_number: int) -> tuple[int, dict[int, DictionaryObject]]:
    """The outline root's number and every outline dictionary, numbered from `first_number`."""
    root = first_number
    objects = {root: DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})}
    children: dict[int, list[int]] = {root: []}
    parents = [root]
    for number, item in enumerate(outline, start=root + 1):
        del parents[item.level + 1:]
        parent = parents[-1]
        page = pages[min(item.page, len(pages) - 1)]
        objects[number] = DictionaryObject({
            NameObject("/Title"): TextStringObject(item.title),
            NameObject("/Parent"): _ref(parent),
            NameObject("/Dest"): ArrayObject([page, NameObject("/Fit")])})
        children[parent].append(number)
        children[number] = []
        parents.append(number)
    level = {root: -1, **{root + 1 + i: item.level for i, item in enumerate(outline)}}

    def shown(node: int) -> int:
        """Entries visible under `node` when it is open (ISO 32000-1, 12.3.3 /Count)."""
        return sum(1 + (shown(kid) if level[kid] == 0 else 0) for kid in children[node])

    for parent, kids in children.items():
        if not kids:
            continue
        node = objects[parent]
        node[NameObject("/First")], node[NameObject("/Last")] = _ref(kids[0]), _ref(kids[-1])
        for before, after in zip(kids, kids[1:]):
            objects[before][NameObject("/Next")] = _ref(after)
            objects[after][NameObject("/Prev")] = _ref(before)
        # Top-level entries open, deeper ones (months under years) closed: a negative count.
        count = shown(parent) if level[parent] <= 0 else -len(kids)
        node[NameObject("/Count")] = NumberObject(count)
    return root, objects


def finish(path: pathlib.Path, outline: Sequence[OutlineItem], metadata: dict[str, str]) -> None:
    """Append `outline` and `metadata` (PDF Info keys such as "/Subject") to the PDF at `path`."""
    reader = pypdf.PdfReader(str(path), strict=True)
    with open(path, "rb") as handle:
        handle.seek(-64, 2)
        found = _STARTXREF.search(handle.read())
    if found is None:
        raise ValueError(f"{path} does not end with a cross-reference offset")
    trailer = reader.trailer
    size = int(trailer["/Size"])
    root_ref, info_ref = trailer.raw_get("/Root"), trailer.raw_get("/Info")
    pages = [page.indirect_reference for page in reader.pages]
    objects: dict[int, PdfObject] = {}
    catalog = DictionaryObject(reader.trailer["/Root"])
    if outline and pages:
        root, items = _outline_objects(outline, pages, size)
        objects.update(items)
        catalog[NameObject("/Outlines")] = _ref(root)
        # Open the viewer with the bookmarks showing: they are the report's table of contents.
        catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    objects[root_ref.idnum] = catalog
    info = DictionaryObject(reader.trailer["/Info"]) if info_ref is not None else DictionaryObject()
    info.update({NameObject(k): TextStringObject(v) for k, v in metadata.items()})
    if info_ref is None:
        info_ref = _ref(max([size - 1, *objects]) + 1)
    objects[info_ref.idnum] = info
    new_size = max([size - 1, *objects]) + 1
    _append(path, objects, {"/Size": NumberObject(new_size), "/Root": root_ref, "/Info": info_ref,
                            "/Prev": NumberObject(int(found.group(1))),
                            **({"/ID": trailer["/ID"]} if "/ID" in trailer else {})})


def _append(path: pathlib.Path, objects: dict[int, PdfObject], trailer: dict) -> None:
    """Write `objects`, their xref section and `trailer` after the end of the file."""
    with open(path, "r+b") as handle:
        handle.seek(0, 2)
        body = io.BytesIO()
        start = handle.tell() + 1  # after the newline written first
        body.write(b"\n")
        offsets = {}
        for number in sorted(objects):
            offsets[number] = start + body.tell() - 1
            body.write(f"{number} 0 obj\n".encode())
            objects[number].write_to_stream(body)
            body.write(b"\nendobj\n")
        xref = start + body.tell() - 1
        # The free-list head first, as a full table has it: readers (pypdf among them) take a
        # section starting past object 0 for a wrongly numbered table and re-check every object.
        body.write(b"xref\n0 1\n0000000000 65535 f\r\n")
        for number in sorted(offsets):  # one subsection per object: they need not be contiguous
            body.write(f"{number} 1\n{offsets[number]:010d} 00000 n\r\n".encode())
        body.write(b"trailer\n")
        DictionaryObject({NameObject(k): v for k, v in trailer.items()}).write_to_stream(body)
        body.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
        handle.write(body.getvalue())
