"""Chart geometry for server-rendered SVG (drawn by templates/reports/_charts.html).

Pure functions from report data to boxes and labels; templates escape every
label, and the page shows the same numbers as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from coursehub.reports.completion import DayCount, ModuleRow


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    css: str = "bar"


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (position, label)
    axis_labels: list[tuple[float, float, str]] = field(default_factory=list)
    plot: tuple[float, float, float, float] = (0, 0, 0, 0)  # left, top, right, bottom


def nice_max(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5 x 10^n)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover


def bucket_days(days: list[DayCount]) -> tuple[str, list[tuple[date, int]]]:
    """Group daily counts into days, weeks (from Monday) or months by the range's span."""
    if not days:
        return "day", []
    span = (days[-1].day - days[0].day).days
    if span <= 62:
        unit, start_of = "day", (lambda d: d)
    elif span <= 400:
        unit, start_of = "week", (lambda d: d - timedelta(days=d.weekday()))
    else:
        unit, start_of = "month", (lambda d: d.replace(day=1))
    buckets: dict[date, int] = {}
    for item in days:
        key = start_of(item.day)
        buckets[key] = buckets.get(key, 0) + item.completions
    return unit, sorted(buckets.items())


def timeline_chart(points: list[tuple[date, int]], width: int = 640, height: int = 240
                   ) -> Chart:
    """Vertical bars, one per period, with a labelled y axis."""
    left, top, right, bottom = 48, 12, width - 8, height - 36
    chart = Chart(width, height, plot=(left, top, right, bottom))
    top_value = nice_max(max((n for _, n in points), default=0))
    for i in range(5):
        value = top_value * i / 4
        chart.ticks.append((bottom - (bottom - top) * i / 4, f"{value:g}"))
    if not points:
        return chart
    slot = (right - left) / len(points)
    every = max(1, math.ceil(len(points) / 8))
    for i, (day, count) in enumerate(points):
        bar_height = (bottom - top) * count / top_value
        x = left + i * slot + slot * 0.1
        chart.bars.append(Bar(x, bottom - bar_height, max(slot * 0.8, 1), bar_height,
                              day.isoformat(), count))
        if i % every == 0:
            chart.axis_labels.append((left + i * slot + slot / 2, height - 16, day.isoformat()))
    return chart


FUNNEL_STEPS = ("enrolled", "started", "completed")


def funnel_chart(rows: list[ModuleRow], width: int = 640) -> Chart:
    """Per module, three horizontal bars: enrolled, started, completed."""
    left, right, bar, gap = 170, width - 60, 14, 14
    height = max(40, len(rows) * (3 * bar + gap) + gap)
    chart = Chart(width, height, plot=(left, 0, right, height))
    top_value = max((r.enrolled for r in rows), default=0) or 1
    y = gap / 2
    for row in rows:
        chart.axis_labels.append((left - 8, y + 1.5 * bar + 4, row.slug))
        for step in FUNNEL_STEPS:
            value = getattr(row, step)
            chart.bars.append(Bar(left, y, (right - left) * value / top_value, bar - 2,
                                  f"{row.slug}: {step}", value, css=f"bar bar-{step}"))
            y += bar
        y += gap
    return chart
