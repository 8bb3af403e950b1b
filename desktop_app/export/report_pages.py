"""The report cut into pages: each section laid out and paginated in turn, so the event pages
are known before the index that cites them is laid out (the index comes last), and the
outline's pages come from the same layout that is painted."""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPagedPaintDevice, QPainter, QTextBlock, QTextDocument, QTransform

from desktop_app.export import pdf_outline, report_html, report_timeline
from desktop_app.export import report_style as st
from desktop_app.export.report_html import EVENT, HEADING, KEEP_WHOLE, KEEP_WITH_NEXT, YEAR

Outline = pdf_outline.OutlineItem


def layout_document(html: str, device: QPagedPaintDevice, width: float) -> QTextDocument:
    """Lay the HTML out as one long column of `width` device pixels, in the device's dpi."""
    doc = QTextDocument()
    # Layout in the device's dpi, so point sizes come out right on paper.
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(st.make_font(st.BODY_FAMILIES, 10.5))
    doc.setHtml(html)
    # No page height: pages are cut by paginate(), which knows what must stay together.
    doc.setTextWidth(width)
    return doc


def _lines(block: QTextBlock, layout) -> list[tuple[float, float]]:
    """Top and bottom of each line of a block, in document coordinates."""
    # blockBoundingRect lays the document out up to this block, so ask it before reading lines.
    origin = layout.blockBoundingRect(block).top()
    text_layout = block.layout()
    spans = []
    for i in range(text_layout.lineCount() if text_layout is not None else 0):
        line = text_layout.lineAt(i)
        spans.append((origin + line.y(), origin + line.y() + line.height()))
    return spans


def _units(doc: QTextDocument, page_height: float) -> list[tuple[float, float]]:
    """Vertical spans no page may cut: an event whole, headings with what follows, else a line."""
    layout = doc.documentLayout()
    units: list[tuple[float, float]] = []
    heading: tuple[float, float] | None = None  # headings waiting to join what comes next
    block = doc.begin()
    while block.isValid():
        lines = _lines(block, layout)
        state = block.userState()
        if lines and state in KEEP_WITH_NEXT:
            heading = (heading[0] if heading else lines[0][0], lines[-1][1])
        elif lines:
            whole = (lines[0][0], lines[-1][1])
            pieces = [whole] if state in KEEP_WHOLE and whole[1] - whole[0] <= page_height else lines
            if heading and pieces[0][1] - heading[0] <= page_height:
                pieces[0] = (heading[0], pieces[0][1])
            elif heading:
                units.append(heading)
            heading = None
            units.extend(pieces)
        block = block.next()
    if heading:
        units.append(heading)
    return units


def paginate(units: Sequence[tuple[float, float]], page_height: float) -> list[tuple[float, float]]:
    """Pages as (top, bottom) spans of content, cut only between `units`."""
    pages: list[tuple[float, float]] = []
    start = bottom = 0.0
    for top, end in units:
        if end - start > page_height and top > start:
            # End at the content's bottom, not the next unit's top: a clip that touches the next
            # line would still write its text, invisible but found by search and copy.
            pages.append((start, bottom))
            start = top
        bottom = max(bottom, end)
    pages.append((start, max(bottom, start)))
    return pages


@dataclasses.dataclass
class TextSection:
    """Documents laid out one below the other (a long list is several), cut into pages."""

    docs: list[QTextDocument]
    offsets: list[float]  # each document's top in the section's coordinates
    spans: list[tuple[float, float]]
    first: int  # page number (0-based) of its first page

    @classmethod
    def make(cls, docs: list[QTextDocument], page_height: float, first: int) -> TextSection:
        offsets, units, y = [], [], 0.0
        for doc in docs:
            offsets.append(y)
            units.extend((y + top, y + bottom) for top, bottom in _units(doc, page_height))
            y += doc.documentLayout().documentSize().height()
        return cls(docs, offsets, paginate(units, page_height), first)

    def page_of(self, y: float) -> int:
        """The page (0-based, in the whole report) showing section position `y`."""
        tops = [top for top, _ in self.spans]
        return self.first + max(bisect.bisect_right(tops, y) - 1, 0)

    def blocks(self, states: frozenset[int]):
        """(block, page) for each block whose user state is in `states`, in document order."""
        for doc, offset in zip(self.docs, self.offsets):
            layout = doc.documentLayout()
            block = doc.begin()
            while block.isValid():
                if block.userState() in states:
                    yield block, self.page_of(offset + layout.blockBoundingRect(block).top())
                block = block.next()

    def paint(self, painter: QPainter, index: int, width: float, body: float) -> None:
        top, bottom = self.spans[index]
        bottom = min(bottom, top + body)
        base = painter.transform()
        for doc, offset in zip(self.docs, self.offsets):
            height = doc.documentLayout().documentSize().height()
            lo, hi = max(top, offset), min(bottom, offset + height)
            if lo < hi:
                painter.setTransform(QTransform.fromTranslate(0, offset - top), True)
                doc.drawContents(painter, QRectF(0, lo - offset, width, hi - lo))
                painter.setTransform(base)


@dataclasses.dataclass
class GraphicSection:
    bands: list[report_timeline.Band]
    pages: list[list[report_timeline.Piece]]
    first: int
    events: int


@dataclasses.dataclass
class Plan:
    """Every page of the report, what paints it, and the outline pointing into it."""

    frame: object  # pdf.Frame
    sections: list[TextSection | GraphicSection] = dataclasses.field(default_factory=list)
    outline: list[Outline] = dataclasses.field(default_factory=list)
    pages: int = 0
    event_pages: dict[int, int] = dataclasses.field(default_factory=dict)  # 0-based
    _painter: report_timeline.Painter | None = None

    def add_text(self, *docs: QTextDocument) -> TextSection:
        section = TextSection.make(list(docs), self.frame.body, self.pages)
        self.sections.append(section)
        self.pages += len(section.spans)
        return section

    def paint_body(self, painter: QPainter, number: int) -> None:
        """Paint page `number`'s body; the painter's origin is the body's top-left corner."""
        for section in self.sections:
            count = len(section.spans) if isinstance(section, TextSection) else len(section.pages)
            if section.first <= number < section.first + count:
                index = number - section.first
                if isinstance(section, TextSection):
                    section.paint(painter, index, self.frame.width, self.frame.body)
                else:
                    if self._painter is None or self._painter.p is not painter:
                        self._painter = report_timeline.Painter(painter, self.frame.dpi, 0, 0,
                                                                self.frame.width * 25.4 / self.frame.dpi)
                    self._painter.page(section.bands, section.pages[index], index == 0, section.events)
                return

    def release(self) -> None:
        """Drop each layout's pointer to the device, before the device goes."""
        self._painter = None
        for section in self.sections:
            if isinstance(section, TextSection):
                for doc in section.docs:
                    doc.documentLayout().setPaintDevice(None)


def _event_outline(section: TextSection, rows: Sequence) -> tuple[list[Outline], dict[int, int]]:
    """Outline entries for years and their months (or coarser sections), and each event's page."""
    items: list[Outline] = []
    pages: dict[int, int] = {}
    in_year = False
    events = iter(rows)
    for block, page in section.blocks(frozenset({EVENT, HEADING, YEAR})):
        state = block.userState()
        if state == EVENT:
            pages[next(events).id] = page
            continue
        text = block.text().strip()
        if state == YEAR:
            in_year = not text.endswith("(continued)")
            if in_year:
                items.append(Outline(1, text, page))
        elif not text.endswith("(continued)"):
            # Decades and centuries stand outside any year, so their headings sit one level up.
            items.append(Outline(2 if in_year else 1, text, page))
    return items, pages


def plan(content: report_html.ReportContent, device: QPagedPaintDevice, frame,
         sections: Sequence[str]) -> Plan:
    """Lay out the chosen sections in report order and number their pages."""
    result = Plan(frame)
    k = frame.dpi / 25.4  # device pixels per mm
    if "title" in sections:
        result.outline.append(Outline(0, "Title page", result.pages))
        result.add_text(layout_document(content.title_html, device, frame.width))
    graphic_pages: dict[int, int] = {}
    if "timeline" in sections:
        bands = report_timeline.layout(content.rows, frame.width / k, frame.body / k)
        pages = report_timeline.paginate(bands, frame.body / k)
        section = GraphicSection(bands, pages, result.pages, content.events)
        result.sections.append(section)
        result.outline.append(Outline(0, "Timeline", result.pages))
        graphic_pages = {e: result.pages + p for e, p in report_timeline.event_pages(bands, pages).items()}
        result.pages += len(pages)
    if "events" in sections:
        result.outline.append(Outline(0, "Events", result.pages))
        parts = content.list_parts if "sources" in sections else [
            report_html.without_citation_links(part) for part in content.list_parts]
        section = result.add_text(*(layout_document(part, device, frame.width) for part in parts))
        items, result.event_pages = _event_outline(section, content.rows)
        result.outline.extend(items)
    if "sources" in sections:
        result.outline.append(Outline(0, "Sources", result.pages))
        result.add_text(layout_document(content.sources_html, device, frame.width))
    if "index" in sections:
        # The index cites the list's pages, or the graphic's when there is no list.
        cited = result.event_pages or graphic_pages
        result.outline.append(Outline(0, "Index", result.pages))
        html = report_html.index_html(content.index, {e: p + 1 for e, p in cited.items()},
                                      linked=bool(result.event_pages))
        result.add_text(layout_document(html, device, frame.width))
    return result
