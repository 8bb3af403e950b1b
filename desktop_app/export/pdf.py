"""PDF export: the report's sections laid out by QTextDocument (text) and report_timeline (the
graphic), painted page by page on a QPdfWriter, then given an outline and metadata."""
from __future__ import annotations

import dataclasses
import errno
import getpass
import os
import pathlib
from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QGuiApplication, QPageLayout, QPageSize,
                           QPagedPaintDevice, QPainter, QPdfWriter, QTransform)

from desktop_app.db import queries
from desktop_app.export import files, pdf_outline, qt_app, report_html, report_pages
from desktop_app.export import report_style as st

CREATOR = "Timeline Reader"
RESOLUTION = 300  # dpi; text stays vector, this only sets the layout grid
PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(20, 13, 20, 12)  # left, top, right, bottom
HEADER_MM, FOOTER_MM = 10.0, 10.0  # bands inside the margins for the running header and footer
SECTIONS = ("title", "timeline", "events", "sources", "index")
SECTION_NAMES = {"title": "Title page", "timeline": "Timeline graphic", "events": "Event list",
                 "sources": "Sources", "index": "Entity index"}
Progress = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class PdfResult:
    path: pathlib.Path
    pages: int
    events: int


@dataclasses.dataclass(frozen=True)
class ReportOptions:
    """What the user chose in the export dialog or on the command line."""

    title: str | None = None
    page_size: str = "A4"
    landscape: bool = False
    sections: tuple[str, ...] = SECTIONS
    author: str | None = None  # None: the logged-in user's name

    def __post_init__(self):
        page_size_id(self.page_size)
        unknown = set(self.sections) - set(SECTIONS)
        if unknown:
            raise ValueError(f"Unknown report section(s) {sorted(unknown)}: use {', '.join(SECTIONS)}.")
        if not self.sections:
            raise ValueError("Choose at least one section for the report.")


@dataclasses.dataclass(frozen=True)
class Frame:
    """Page geometry in device pixels, relative to the painter's origin (the margin corner)."""

    width: float
    header: float
    body: float
    footer: float
    dpi: float


def page_size_id(page_size: str) -> QPageSize.PageSizeId:
    """'A4' or 'Letter' (any case) as a Qt page size."""
    try:
        return PAGE_SIZES[page_size.strip().lower()]
    except KeyError:
        raise ValueError(f"Unknown page size {page_size!r}: use A4 or Letter.") from None


def page_layout(options: ReportOptions) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if options.landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(page_size_id(options.page_size)), orientation, MARGINS_MM,
                       QPageLayout.Unit.Millimeter)


def frame_of(device: QPagedPaintDevice) -> Frame:
    """The header, body and footer bands of the device's current page layout."""
    dpi = float(device.resolution())
    paint = device.pageLayout().paintRectPixels(int(dpi))
    header, footer = HEADER_MM * dpi / 25.4, FOOTER_MM * dpi / 25.4
    return Frame(paint.width(), header, paint.height() - header - footer, footer, dpi)


def make_writer(path: str, options: ReportOptions, title: str) -> QPdfWriter:
    """A QPdfWriter with page layout and the metadata Qt can write itself."""
    writer = QPdfWriter(path)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(page_layout(options))
    writer.setTitle(title)
    writer.setCreator(CREATOR)
    writer.setAuthor(author_of(options))
    return writer


def author_of(options: ReportOptions) -> str:
    if options.author:
        return options.author
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        return CREATOR


@dataclasses.dataclass(frozen=True)
class Chrome:
    """Font and colours of the running header and footer, made once per document."""

    font: QFont
    ink: QColor
    rule: QColor
    title: str  # the report title, elided to fit the running header

    @classmethod
    def make(cls, title: str, device: QPagedPaintDevice, frame: Frame) -> Chrome:
        font = st.make_font(st.CHROME_FAMILIES, 7.5)
        metrics = QFontMetricsF(font, device)  # the device's dpi, as painted
        title = metrics.elidedText(title, Qt.TextElideMode.ElideRight, frame.width * 0.75)
        return cls(font, QColor(report_html.MUTED), QColor("#c8c8cc"), title)


def paint_chrome(painter: QPainter, frame: Frame, chrome: Chrome, number: int, total: int,
                 generated: str) -> None:
    """The running header (title, date) and footer (creator, page X of Y) of one page."""
    painter.setFont(chrome.font)
    painter.setPen(chrome.ink)
    flags = Qt.AlignmentFlag
    hairline = frame.header / 60
    band = QRectF(0, 0, frame.width, frame.header * 0.55)
    painter.drawText(band, int(flags.AlignLeft | flags.AlignBottom), chrome.title)
    painter.drawText(band, int(flags.AlignRight | flags.AlignBottom), generated)
    painter.fillRect(QRectF(0, frame.header * 0.7, frame.width, hairline), chrome.rule)
    foot_top = frame.header + frame.body
    painter.fillRect(QRectF(0, foot_top + frame.footer * 0.3, frame.width, hairline), chrome.rule)
    band = QRectF(0, foot_top + frame.footer * 0.4, frame.width, frame.footer * 0.6)
    painter.drawText(band, int(flags.AlignRight | flags.AlignVCenter), f"Page {number} of {total}")
    painter.drawText(band, int(flags.AlignLeft | flags.AlignVCenter), CREATOR)


def render(content: report_html.ReportContent, device: QPagedPaintDevice, options: ReportOptions,
           progress: Callable[[float], None] | None = None) -> report_pages.Plan:
    """Lay out and paint the whole report on `device` (a QPdfWriter, or a QPrinter to preview)."""
    frame = frame_of(device)
    plan = report_pages.plan(content, device, frame, options.sections)
    chrome = Chrome.make(content.title, device, frame)
    generated = report_html.format_day(content.generated)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(errno.EIO, "the PDF file could not be opened for writing")
    try:
        for number in range(plan.pages):
            if number:
                device.newPage()
            base = painter.transform()
            painter.setTransform(QTransform.fromTranslate(0, frame.header), True)
            plan.paint_body(painter, number)
            painter.setTransform(base)
            paint_chrome(painter, frame, chrome, number + 1, plan.pages, generated)
            if progress is not None and number % 10 == 0:
                progress(number / plan.pages)
    finally:
        painter.end()
        plan.release()
    return plan


def _complete(path: pathlib.Path) -> bool:
    """Does the file end like a whole PDF (an %%EOF marker in its last kilobyte)?"""
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - 1024))
        return b"%%EOF" in fh.read()


def write_pdf(session_factory, filters: queries.Filters, out_path, title: str | None = None,
              page_size: str = "A4", progress: Progress | None = None,
              options: ReportOptions | None = None) -> PdfResult:
    """Write the filtered timeline as a PDF report; progress goes from 0 to 100 (per cent)."""
    options = options or ReportOptions(title=title, page_size=page_size)  # checks the page size
    out = pathlib.Path(out_path).expanduser()
    if not out.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"folder {out.parent} does not exist", str(out))

    def step(share: float, start: int, width: int) -> None:
        if progress is not None:
            progress(min(start + int(share * width), 100), 100)

    with session_factory() as session:
        content = report_html.build_report(session, filters, options.title,
                                           lambda done, total: step(done / max(total, 1), 0, 40))
    app = qt_app.ensure_gui_app()
    if not isinstance(app, QGuiApplication):
        raise RuntimeError("PDF export needs a QGuiApplication, but a plain QCoreApplication is running.")
    with files.replacing(out) as partial:  # a failure never leaves half a PDF in place
        writer = make_writer(str(partial), options, content.title)
        plan = render(content, writer, options, lambda share: step(share, 40, 55))
        del writer  # closes the file: the outline is added to the finished PDF
        if not _complete(partial):  # QPdfWriter reports no write errors; a full disk truncates
            raise files.disk_full(out.parent, OSError(errno.ENOSPC, "truncated PDF"))
        pdf_outline.finish(partial, plan.outline, {
            "/Subject": f"Timeline of {report_html.plural(content.events, 'event')}; "
                        f"filters: {content.filters_text}",
            "/Keywords": "timeline, news, events, citations"})
    step(1.0, 95, 5)
    return PdfResult(out, plan.pages, content.events)
