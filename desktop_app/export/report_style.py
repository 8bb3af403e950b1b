"""Fonts and colours the PDF report shares between its text pages and its timeline graphic."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont

BODY_FAMILIES = ["Source Serif 4", "Georgia", "Cambria", "DejaVu Serif", "Times New Roman", "serif"]
CHROME_FAMILIES = ["Segoe UI", "Helvetica Neue", "Arial", "DejaVu Sans", "sans-serif"]

# The timeline's colours, shared with the app's graph (ui.graph_paint): print reads like screen.
MARK = QColor("#2563eb")
GRID = QColor("#e5e7eb")
MAJOR_GRID = QColor("#cbd5e1")
TEXT = QColor("#374151")
MUTED = QColor("#6b7280")
BAND_TINT = QColor("#f5f7fa")
# Coarser dates are paler: the bar's extent is the uncertainty, not a duration.
ALPHA = {"month": 150, "season": 110, "quarter": 110, "year": 80, "decade": 60, "century": 50}
# Share of a bar that fades out on an open side: "since April 2025" has no known end, so the
# bar must not end in a hard edge that reads as one.
FADE = 0.4


def make_font(families: list[str], points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(points)
    font.setBold(bold)
    # Without ligatures "staff" extracts and searches as "staff", not "sta\ufb00".
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag.fromString(tag), 0)
    return font


def fade_stops(open_start: bool, open_end: bool) -> list[tuple[float, float]]:
    """Gradient stops (position 0-1 along the bar, opacity 0-1): an open side fades to nothing."""
    stops = [(0.0, 0.0), (FADE, 1.0)] if open_start else [(0.0, 1.0)]
    return stops + ([(1.0 - FADE, 1.0), (1.0, 0.0)] if open_end else [(1.0, 1.0)])
