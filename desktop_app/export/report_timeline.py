"""The report's timeline graphic: events on date axes, one band per calendar window, split over
pages with the axis repeated, painted with QPainter as vectors (no image is ever made)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QLinearGradient, QPainter, QPen

from desktop_app.core.timex_calendar import MONTH_ABBR
from desktop_app.db import queries
from desktop_app.export import report_style as st

HEAD_MM = 17.0  # "Timeline" and the legend, on the first page only
AXIS_MM = 11.0  # band title and tick labels above a band's rows
BAND_GAP_MM = 5.0
ROW_MM, COMPACT_ROW_MM = 4.6, 1.9
LABEL_MM = 46.0  # room a label takes right of its mark
MIN_TICK_MM = 13.0
POINT_MM, BAR_MM = 1.9, 2.3
# A band needing more labelled rows than this many pages is drawn compact, without labels:
# the event list below has every sentence, the graphic must stay a picture of density.
MAX_LABELLED_PAGES = 1.5
# Window lengths in months, finest first; the first that gives few enough bands wins.
LADDER = (1, 3, 6, 12, 24, 60, 120, 300, 600, 1200, 3000, 6000, 12000)
EVENTS_PER_BAND = 25  # more bands are allowed as the report grows
MIN_BANDS = 10


@dataclasses.dataclass(frozen=True)
class Tick:
    x: float  # mm from the band's left edge
    label: str
    major: bool


@dataclasses.dataclass(frozen=True)
class Mark:
    event_id: int
    x0: float  # mm from the band's left edge
    x1: float
    row: int
    label: str
    granularity: str | None
    fade_start: bool  # open interval, or cut by the window's edge
    fade_end: bool
    point: bool
    side: str = "right"  # where the label goes: "right" or "left" of the mark, or "inside" a long bar


@dataclasses.dataclass(frozen=True)
class Band:
    lo: dt.date
    hi: dt.date  # exclusive
    title: str
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    rows: int
    compact: bool

    @property
    def row_mm(self) -> float:
        return COMPACT_ROW_MM if self.compact else ROW_MM


@dataclasses.dataclass(frozen=True)
class Piece:
    """Rows [first, last) of one band drawn at `top` mm below the page body's top."""

    band: int
    first: int
    last: int
    top: float
    continued: bool


def _month_start(index: int) -> dt.date:
    year, month = divmod(index, 12)
    return dt.date.max if year > dt.MAXYEAR else dt.date(max(year, 1), month + 1, 1)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def window_months(begins: Sequence[dt.date]) -> int:
    """The finest window length (months) whose non-empty windows stay few for this many events.

    Windows shorter than a year only when every event begins within one: a year-long bar cut
    into quarters would read as four events.
    """
    most = max(MIN_BANDS, len(begins) // EVENTS_PER_BAND)
    within_year = _month_index(max(begins)) - _month_index(min(begins)) < 12
    for months in LADDER if within_year else LADDER[3:]:
        if len({_month_index(d) // months for d in begins}) <= most:
            return months
    return LADDER[-1]


def band_title(lo: dt.date, hi: dt.date, months: int) -> str:
    last = hi - dt.timedelta(days=1)
    if months == 1:
        return f"{MONTH_ABBR[lo.month - 1]} {lo.year}"
    if months < 12:
        if lo.year == last.year:
            return f"{MONTH_ABBR[lo.month - 1]} – {MONTH_ABBR[last.month - 1]} {lo.year}"
        return f"{MONTH_ABBR[lo.month - 1]} {lo.year} – {MONTH_ABBR[last.month - 1]} {last.year}"
    return str(lo.year) if months == 12 else f"{lo.year} – {last.year}"


def ticks(lo: dt.date, hi: dt.date, width: float) -> list[Tick]:
    """Ticks across [lo, hi) at the finest step that leaves MIN_TICK_MM between labels."""
    per_day = width / max((hi - lo).days, 1)
    steps = [("day", 1), ("day", 7), ("month", 1), ("month", 3), ("month", 6)] + [
        ("year", n) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)]
    size = {"day": 1.0, "month": 30.44, "year": 365.25}
    unit, step = next((s for s in steps if size[s[0]] * s[1] * per_day >= MIN_TICK_MM), steps[-1])
    out: list[Tick] = []

    def x(day: dt.date) -> float:
        return (day - lo).days * per_day

    if unit == "day":
        day = lo
        while day < hi:
            if step == 1 or day.day in (1, 8, 15, 22):
                major = day.day == 1
                label = f"{day.day} {MONTH_ABBR[day.month - 1]}" if major else str(day.day)
                out.append(Tick(x(day), label, major))
            day += dt.timedelta(days=1)
    elif unit == "month":
        for index in range(_month_index(lo), _month_index(hi - dt.timedelta(days=1)) + 1):
            day = _month_start(index)
            if (day.month - 1) % step == 0:
                major = day.month == 1
                out.append(Tick(x(day), str(day.year) if major else MONTH_ABBR[day.month - 1], major))
    else:
        for year in range(math.ceil(lo.year / step) * step, hi.year + 1, step):
            if 1 <= year <= dt.MAXYEAR and dt.date(year, 1, 1) < hi:
                out.append(Tick(x(dt.date(year, 1, 1)), str(year), year % (step * 5) == 0))
    return out


def _pack(spans: list[tuple[float, float]], gap: float, limit: int | None = None) -> list[int] | None:
    """First-fit row for each (x0, x1) span, in the order given, so no two overlap; None once
    more than `limit` rows would be needed."""
    ends: list[float] = []
    rows = []
    for x0, x1 in spans:
        row = next((r for r, end in enumerate(ends) if end + gap <= x0), len(ends))
        if row == len(ends):
            if limit is not None and row >= limit:
                return None
            ends.append(x1)
        else:
            ends[row] = x1
        rows.append(row)
    return rows


def make_band(lo: dt.date, hi: dt.date, title: str, rows: Sequence[queries.EventRow],
              width: float, max_rows: int) -> Band:
    """Place one window's events: points for days, bars for coarser dates, labels beside them."""
    per_day = width / max((hi - lo).days, 1)
    shapes = []
    for row in rows:
        point = (row.end_date - row.begin).days <= 1
        if point:
            middle = ((row.begin - lo).days + 0.5) * per_day
            x0, x1 = middle - POINT_MM / 2, middle + POINT_MM / 2
        else:
            x0 = max((row.begin - lo).days, 0) * per_day
            x1 = max(min((row.end_date - lo).days * per_day, width), x0 + 1.2)
        shapes.append((row, x0, x1, point))
    # Labels go right of the mark, left of it near the right edge, or inside a bar too wide
    # for either (a whole-year event in a year's band).
    sides = ["right" if width - x1 >= LABEL_MM / 2 else "left" if x0 >= LABEL_MM / 2 else "inside"
             for _, x0, x1, _ in shapes]
    spans = [(x0, x1 + LABEL_MM) if side == "right" else (x0 - LABEL_MM, x1) if side == "left"
             else (x0, x1) for (_, x0, x1, _), side in zip(shapes, sides)]
    placed = _pack(spans, 1.0, max_rows)
    compact = placed is None
    if placed is None:
        placed = _pack([(x0, x1) for _, x0, x1, _ in shapes], 0.3) or []
    marks = tuple(Mark(row.id, x0, x1, r,
                       "" if compact else f"{row.date_label}: {' '.join(row.text.split())}",
                       row.granularity, row.open_start or row.begin < lo, row.open_end or row.end_date > hi,
                       point, side) for (row, x0, x1, point), r, side in zip(shapes, placed, sides))
    return Band(lo, hi, title, tuple(ticks(lo, hi, width)), marks, max(placed, default=-1) + 1, compact)


def layout(rows: Sequence[queries.EventRow], width: float, height: float) -> list[Band]:
    """The bands for all events: `width` and page body `height` in mm."""
    if not rows:
        return []
    months = window_months([r.begin for r in rows])
    windows: dict[int, list[queries.EventRow]] = {}
    for row in rows:
        windows.setdefault(_month_index(row.begin) // months, []).append(row)
    max_rows = int(MAX_LABELLED_PAGES * (height - AXIS_MM) / ROW_MM)
    bands = []
    for key in sorted(windows):
        lo, hi = _month_start(key * months), _month_start((key + 1) * months)
        bands.append(make_band(lo, hi, band_title(lo, hi, months), windows[key], width, max_rows))
    return bands


def paginate(bands: Sequence[Band], height: float) -> list[list[Piece]]:
    """Pages of band pieces; a band too tall for what is left goes on, axis repeated, overleaf."""
    pages: list[list[Piece]] = []
    page: list[Piece] = []
    y = HEAD_MM
    for b, band in enumerate(bands):
        first = 0
        while first < band.rows:
            fit = int((height - y - AXIS_MM) // band.row_mm)
            if fit < min(3, band.rows - first) and page:
                pages.append(page)
                page, y = [], 0.0
                continue
            last = min(first + max(fit, 1), band.rows)
            page.append(Piece(b, first, last, y, first > 0))
            y += AXIS_MM + (last - first) * band.row_mm + BAND_GAP_MM
            first = last
    pages.append(page)
    return pages


def event_pages(bands: Sequence[Band], pages: Sequence[Sequence[Piece]]) -> dict[int, int]:
    """Each event's page (0-based within the graphic)."""
    found: dict[int, int] = {}
    for number, page in enumerate(pages):
        for piece in page:
            for mark in bands[piece.band].marks:
                if piece.first <= mark.row < piece.last:
                    found.setdefault(mark.event_id, number)
    return found


class Painter:
    """Paints timeline pages on one device; lengths in mm become device pixels here."""

    def __init__(self, painter: QPainter, dpi: float, left: float, top: float, width: float):
        self.p, self.k, self.left, self.top, self.width = painter, dpi / 25.4, left, top, width
        device = painter.device()
        self.title_font = st.make_font(st.CHROME_FAMILIES, 20, bold=True)
        self.band_font = st.make_font(st.CHROME_FAMILIES, 8.5, bold=True)
        self.small = st.make_font(st.CHROME_FAMILIES, 6.5)
        self.small_bold = st.make_font(st.CHROME_FAMILIES, 6.5, bold=True)
        self.label_font = st.make_font(st.CHROME_FAMILIES, 6.2)
        self.label_metrics = QFontMetricsF(self.label_font, device)

    def pt(self, x: float, y: float) -> QPointF:
        return QPointF(self.left + x * self.k, self.top + y * self.k)

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.left + x * self.k, self.top + y * self.k, w * self.k, h * self.k)

    def page(self, bands: Sequence[Band], pieces: Sequence[Piece], first: bool, total: int) -> None:
        if first:
            self._head(total)
        if not pieces:
            self.p.setFont(self.band_font)
            self.p.setPen(st.MUTED)
            self.p.drawText(self.pt(0, HEAD_MM + 6), "No events match these filters.")
        for piece in pieces:
            self._piece(bands[piece.band], piece)

    def _head(self, total: int) -> None:
        p = self.p
        p.setFont(self.title_font)
        p.setPen(QColor("#1d1d1f"))
        p.drawText(self.pt(0, 8), "Timeline")
        y = 13.0
        p.setFont(self.small)
        p.setPen(st.TEXT)
        x = 0.0
        for kind, text in (("point", "a day"), ("bar", "a month, season or year: paler when coarser"),
                           ("open", "open-ended (“since April 2025”)")):
            self._sample(kind, x, y)
            p.setPen(st.TEXT)
            p.setFont(self.small)
            p.drawText(self.pt(x + 8, y + 0.9), text)
            x += 11 + QFontMetricsF(self.small, p.device()).horizontalAdvance(text) / self.k
        note = f"{total} event{'s' if total != 1 else ''}"
        right = Qt.AlignmentFlag.AlignRight
        p.drawText(self.rect(0, y - 2, self.width, 4), int(right | Qt.AlignmentFlag.AlignVCenter), note)

    def _sample(self, kind: str, x: float, y: float) -> None:
        if kind == "point":
            self._point(x + 2.5, y, POINT_MM / 2)
        else:
            self._bar(x, x + 6.5, y, BAR_MM, "year" if kind == "bar" else "month", False, kind == "open")

    def _piece(self, band: Band, piece: Piece) -> None:
        p, y = self.p, piece.top
        rows_h = (piece.last - piece.first) * band.row_mm
        p.fillRect(self.rect(0, y + AXIS_MM, self.width, rows_h), st.BAND_TINT)
        p.setFont(self.band_font)
        p.setPen(QColor("#1d1d1f"))
        title = band.title + (" (continued)" if piece.continued else "")
        p.drawText(self.pt(0, y + 3.2), title)
        count = len(band.marks)
        p.setFont(self.small)
        p.setPen(st.MUTED)
        note = f"{count} event{'s' if count != 1 else ''}" + (" · compact: see the list for each"
                                                            if band.compact else "")
        right = Qt.AlignmentFlag.AlignRight
        p.drawText(self.rect(0, y, self.width, 4.4), int(right | Qt.AlignmentFlag.AlignBottom), note)
        axis = y + AXIS_MM
        for tick in band.ticks:
            p.setPen(QPen(st.MAJOR_GRID if tick.major else st.GRID, 0.25 * self.k))
            p.drawLine(self.pt(tick.x, axis - (1.6 if tick.major else 0.8)), self.pt(tick.x, axis + rows_h))
            p.setFont(self.small_bold if tick.major else self.small)
            p.setPen(st.TEXT if tick.major else st.MUTED)
            p.drawText(self.pt(tick.x + 0.6, axis - 1.6), tick.label)
        p.setPen(QPen(st.MAJOR_GRID, 0.3 * self.k))
        p.drawLine(self.pt(0, axis), self.pt(self.width, axis))
        p.setFont(self.label_font)
        for mark in band.marks:
            if piece.first <= mark.row < piece.last:
                self._mark(band, mark, axis + (mark.row - piece.first + 0.5) * band.row_mm)

    def _mark(self, band: Band, mark: Mark, cy: float) -> None:
        size = 0.45 if band.compact else 1.0
        if mark.point:
            self._point((mark.x0 + mark.x1) / 2, cy, POINT_MM / 2 * size)
        else:
            # A bar carrying its own label stays pale enough for the text to read.
            self._bar(mark.x0, mark.x1, cy, BAR_MM * (0.6 if band.compact else 1.0), mark.granularity,
                      mark.fade_start, mark.fade_end, 70 if mark.side == "inside" else None)
        if not mark.label:
            return
        inside = mark.side == "inside"
        room = ((mark.x1 - mark.x0 - 3.0) if inside else (LABEL_MM - 1.5)) * self.k
        text = self.label_metrics.elidedText(mark.label, Qt.TextElideMode.ElideRight, room)
        self.p.setPen(st.TEXT)
        if mark.side == "left":
            x = mark.x0 - 1.0 - self.label_metrics.horizontalAdvance(text) / self.k
        else:
            x = mark.x0 + 1.5 if inside else mark.x1 + 1.0
        self.p.drawText(self.pt(x, cy + 0.8), text)

    def _point(self, cx: float, cy: float, radius: float) -> None:
        self.p.setPen(QPen(st.MARK.darker(130), 0.2 * self.k))
        self.p.setBrush(st.MARK)
        self.p.drawEllipse(self.pt(cx, cy), radius * self.k, radius * self.k)

    def _bar(self, x0: float, x1: float, cy: float, height: float, granularity: str | None,
             fade_start: bool, fade_end: bool, most_alpha: int | None = None) -> None:
        rect = self.rect(x0, cy - height / 2, x1 - x0, height)
        fill = QColor(st.MARK)
        alpha = st.ALPHA.get(granularity or "", 120)
        fill.setAlpha(min(alpha, most_alpha) if most_alpha else alpha)
        edge = QColor(st.MARK.darker(130))
        self.p.setPen(QPen(self._brush(rect, edge, fade_start, fade_end), 0.2 * self.k))
        self.p.setBrush(self._brush(rect, fill, fade_start, fade_end))
        self.p.drawRoundedRect(rect, 0.5 * self.k, 0.5 * self.k)

    @staticmethod
    def _brush(rect: QRectF, color: QColor, fade_start: bool, fade_end: bool) -> QBrush:
        """`color` made opaque over the band's tint, fading into the tint on open sides.

        Opaque because Qt's PDF engine drops the alpha of gradient stops: a translucent fade
        prints as a solid bar, which would read as a known end.
        """
        if not (fade_start or fade_end):
            return QBrush(_over_tint(color, color.alphaF()))
        gradient = QLinearGradient(rect.left(), 0.0, rect.right(), 0.0)
        for position, opacity in st.fade_stops(fade_start, fade_end):
            gradient.setColorAt(position, _over_tint(color, color.alphaF() * opacity))
        return QBrush(gradient)


def _over_tint(color: QColor, alpha: float) -> QColor:
    """What `color` at `alpha` looks like painted on the band's tint, as an opaque colour."""
    tint = st.BAND_TINT
    return QColor.fromRgbF(*(c * alpha + t * (1 - alpha) for c, t in (
        (color.redF(), tint.redF()), (color.greenF(), tint.greenF()), (color.blueF(), tint.blueF()))))
