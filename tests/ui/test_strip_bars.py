"""The density strip's bars: a rectangle per run of equal heights, as the periods painted them."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from desktop_app.db import timeline_index
from desktop_app.ui import density_strip
from desktop_app.ui.density_strip import DensityStrip, bar_heights, runs

D = dt.date


def counts_of(days: list[tuple[dt.date, int]], end: dt.date) -> timeline_index.DayCounts:
    # As day_counts builds them from its (ordinal, count) rows.
    return timeline_index._counts([(d.toordinal(), n) for d, n in days], end)


def test_each_column_gets_the_tallest_bar_over_it():
    # Two periods of 10 days at 10 px a day, the second a quarter as full: half as high (sqrt).
    heights = bar_heights([(0, 10, 4), (10, 20, 1)], 0, 10.0, 1.0, 20.0, 250)
    assert heights[:100] == [20.0] * 100 and heights[100:200] == [10.0] * 100
    assert heights[200:] == [0.0] * 50
    # Half a pixel a day: the last two periods' bars share column 1, and the fuller one shows.
    assert bar_heights([(0, 1, 1), (1, 2, 9), (2, 3, 1)], 0, 0.5, 1.0, 30.0, 3) == [10.0, 30.0, 0.0]
    assert bar_heights([(0, 1, 1)], 0, 0.1, 1.0, 30.0, 4)[0] == 30.0  # one pixel at least


def test_a_lone_event_beside_a_full_period_still_shows():
    heights = bar_heights([(0, 1, 10_000), (5, 6, 1)], 0, 10.0, 1.0, 20.0, 60)
    assert heights[50] == 2.0


def test_runs_join_equal_heights_and_skip_empty_columns():
    assert runs([0.0, 2.0, 2.0, 5.0, 0.0, 0.0, 2.0]) == [(1, 3, 2.0), (3, 4, 5.0), (6, 7, 2.0)]
    assert runs([]) == [] and runs([0.0, 0.0]) == []


def _per_period(strip: DensityStrip, ratio: float) -> QImage:
    """The bars drawn the way the strip drew them before: one rectangle per period."""
    image = QImage(strip.size() * ratio, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(density_strip.BAR)
    plot_h = strip.height() - density_strip.LABEL_H
    periods = strip.counts().periods(strip.bucket)
    top = max(n for _s, _e, n in periods)
    a, b = strip._extent
    scale = max(strip.width() - 1, 1) / (b - a)
    for start, after, n in periods:
        x0, x1 = (start - a) * scale, (after - a) * scale
        h = max(2.0, (plot_h - 4) * (n / top) ** 0.5)
        p.drawRect(QRectF(x0, plot_h - h, max(x1 - x0 - 0.5, 1.0), h))
    p.end()
    return image


@pytest.mark.parametrize("ratio", [1.0, 2.0])
@pytest.mark.parametrize("days, end, bucket", [
    ([(D(2020, 1, 1) + dt.timedelta(days=d), 1 + d % 7) for d in range(0, 30, 2)],
     D(2020, 1, 30), "day"),
    ([(D(2020, 1, 1) + dt.timedelta(days=d), 1 + d % 40) for d in range(0, 1100, 11)],
     D(2023, 1, 6), "month"),
    ([(D(2020, 6, 1), 5)], D(2020, 6, 2), "day"),
])
def test_the_runs_paint_the_pixels_the_periods_painted(qtbot, days, end, bucket, ratio):
    strip = DensityStrip()
    qtbot.addWidget(strip)
    strip.resize(400, 44)
    strip.set_counts(counts_of(days, end), bucket)
    mine = strip._draw_bars(ratio).toImage()
    theirs = _per_period(strip, ratio)
    bar = density_strip.BAR.rgb()
    rows = int((strip.height() - density_strip.LABEL_H) * ratio)
    for y in range(rows):
        for x in range(mine.width()):
            assert (mine.pixel(x, y) == bar) == (theirs.pixel(x, y) == bar), (x, y)
