"""PDF export: the report's HTML laid out by QTextDocument and painted page by page on a QPdfWriter."""
from __future__ import annotations

import dataclasses
import errno
import os
import pathlib
from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QGuiApplication, QPageLayout, QPageSize,
                           QPainter, QPdfWriter, QTextBlock, QTextDocument, QTransform)

from desktop_app.db import queries
from desktop_app.export import qt_app, report_html

CREATOR = "Timeline Reader"
RESOLUTION = 300  # dpi; text stays vector, this only sets the layout grid
PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(20, 13, 20, 12)  # left, top, right, bottom
HEADER_MM, FOOTER_MM = 10.0, 10.0  # bands inside the margins for the running header and footer
BODY_FAMILIES = ["Source Serif 4", "Georgia", "Cambria", "DejaVu Serif", "Times New Roman", "serif"]
CHROME_FAMILIES = ["Segoe UI", "Helvetica Neue", "Arial", "DejaVu Sans", "sans-serif"]


@dataclasses.dataclass(frozen=True)
class PdfResult:
    path: pathlib.Path
    pages: int
    events: int


@dataclasses.dataclass(frozen=True)
class Frame:
    """Page geometry in device pixels, relative to the painter's origin (the margin corner)."""

    width: float
    header: float
    body: float
    footer: float


def page_size_id(page_size: str) -> QPageSize.PageSizeId:
    """'A4' or 'Letter' (any case) as a Qt page size."""
    try:
        return PAGE_SIZES[page_size.strip().lower()]
    except KeyError:
        raise ValueError(f"Unknown page size {page_size!r}: use A4 or Letter.") from None


def _mm(writer: QPdfWriter, mm: float) -> float:
    return mm * writer.resolution() / 25.4


def make_writer(path: str, page_size: str, title: str) -> tuple[QPdfWriter, Frame]:
    """A QPdfWriter with page size, margins and metadata set, and the frame it gives."""
    writer = QPdfWriter(path)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(page_size_id(page_size)))
    writer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator(CREATOR)
    paint = writer.pageLayout().paintRectPixels(writer.resolution())
    header, footer = _mm(writer, HEADER_MM), _mm(writer, FOOTER_MM)
    return writer, Frame(paint.width(), header, paint.height() - header - footer, footer)


def _font(families: list[str], points: float) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(points)
    # Without ligatures "staff" extracts and searches as "staff", not "sta\ufb00".
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag.fromString(tag), 0)
    return font


def layout_document(html: str, device: QPdfWriter, frame: Frame) -> QTextDocument:
    """Lay the HTML out as one long column of the frame's width, in the device's dpi."""
    doc = QTextDocument()
    # Layout in the writer's dpi, so point sizes come out right on paper.
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(_font(BODY_FAMILIES, 10.5))
    doc.setHtml(html)
    # No page height: pages are cut by paginate(), which knows what must stay together.
    doc.setTextWidth(frame.width)
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
        if lines and state == report_html.HEADING:
            heading = (heading[0] if heading else lines[0][0], lines[-1][1])
        elif lines:
            whole = (lines[0][0], lines[-1][1])
            pieces = [whole] if state == report_html.EVENT and whole[1] - whole[0] <= page_height else lines
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


def paginate(doc: QTextDocument, page_height: float) -> list[tuple[float, float]]:
    """The document's pages as (top, bottom) spans of content, cut only between units."""
    pages: list[tuple[float, float]] = []
    start = bottom = 0.0
    for top, end in _units(doc, page_height):
        if end - start > page_height and top > start:
            # End at the content's bottom, not the next unit's top: a clip that touches the next
            # line would still write its text, invisible but found by search and copy.
            pages.append((start, bottom))
            start = top
        bottom = max(bottom, end)
    pages.append((start, max(bottom, start)))
    return pages


@dataclasses.dataclass(frozen=True)
class Chrome:
    """Font and colours of the running header and footer, made once per document."""

    font: QFont
    ink: QColor
    rule: QColor
    title: str  # the report title, elided to fit the running header

    @classmethod
    def make(cls, title: str, device: QPdfWriter, frame: Frame) -> Chrome:
        font = _font(CHROME_FAMILIES, 7.5)
        metrics = QFontMetricsF(font, device)  # the writer's dpi, as painted
        title = metrics.elidedText(title, Qt.TextElideMode.ElideRight, frame.width * 0.75)
        return cls(font, QColor(report_html.MUTED), QColor("#c8c8cc"), title)


def paint_page(painter: QPainter, doc: QTextDocument, pages: list[tuple[float, float]], index: int,
               frame: Frame, content: report_html.ReportContent, chrome: Chrome) -> None:
    """Paint one page: its slice of the document, then the running header and the footer."""
    top, bottom = pages[index]
    base = painter.transform()
    painter.setTransform(QTransform.fromTranslate(0, frame.header - top), True)
    doc.drawContents(painter, QRectF(0, top, frame.width, min(bottom - top, frame.body)))
    painter.setTransform(base)
    painter.setFont(chrome.font)
    painter.setPen(chrome.ink)
    flags = Qt.AlignmentFlag
    hairline = frame.header / 60
    if index > 0:
        band = QRectF(0, 0, frame.width, frame.header * 0.55)
        painter.drawText(band, int(flags.AlignLeft | flags.AlignBottom), chrome.title)
        painter.drawText(band, int(flags.AlignRight | flags.AlignBottom),
                         report_html.format_day(content.generated))
        painter.fillRect(QRectF(0, frame.header * 0.7, frame.width, hairline), chrome.rule)
    foot_top = frame.header + frame.body
    painter.fillRect(QRectF(0, foot_top + frame.footer * 0.3, frame.width, hairline), chrome.rule)
    band = QRectF(0, foot_top + frame.footer * 0.4, frame.width, frame.footer * 0.6)
    painter.drawText(band, int(flags.AlignRight | flags.AlignVCenter), f"Page {index + 1} of {len(pages)}")
    painter.drawText(band, int(flags.AlignLeft | flags.AlignVCenter), CREATOR)


def write_pdf(session_factory, filters: queries.Filters, out_path, title: str | None = None,
              page_size: str = "A4", progress: Callable[[int, int], None] | None = None) -> PdfResult:
    """Write the filtered timeline as a paginated PDF with selectable text; progress counts events."""
    page_size_id(page_size)  # fail on a bad size before any work
    out = pathlib.Path(out_path).expanduser()
    if not out.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"folder {out.parent} does not exist", str(out))
    with session_factory() as session:
        content = report_html.build_report(session, filters, title, progress)
    app = qt_app.ensure_gui_app()
    if not isinstance(app, QGuiApplication):
        raise RuntimeError("PDF export needs a QGuiApplication, but a plain QCoreApplication is running.")
    # Write beside the target and rename at the end, so a failure never leaves half a PDF there.
    partial = out.with_name(f".{out.name}.part")
    try:
        pages = _render(content, partial, page_size)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return PdfResult(out, pages, content.events)


def _render(content: report_html.ReportContent, path: pathlib.Path, page_size: str) -> int:
    """Lay out and paint every page into the PDF at `path`; returns the page count."""
    writer, frame = make_writer(str(path), page_size, content.title)
    doc = layout_document(content.html, writer, frame)
    pages = paginate(doc, frame.body)
    chrome = Chrome.make(content.title, writer, frame)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(errno.EIO, "the PDF file could not be opened for writing", str(path))
    try:
        for index in range(len(pages)):
            if index:
                writer.newPage()
            paint_page(painter, doc, pages, index, frame, content, chrome)
    finally:
        painter.end()
        # The layout holds a raw pointer to the writer; drop it before the writer goes.
        doc.documentLayout().setPaintDevice(None)
    return len(pages)
