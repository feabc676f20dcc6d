"""Server-drawn SVG charts for the report tables: no JavaScript, printable, light and dark.

Colours come from CSS classes (``c0``…``c7``, defined in ``static/css/app.css`` for light, dark
and print), text and axes from ``currentColor``, so a chart follows the page's theme. Only SVG
presentation attributes are used, never ``style=`` (the CSP forbids inline styles). Each bar or
point links to the claims behind it, like the table beside it, and carries a ``<title>`` with its
figure for screen readers and hover.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.reports.tables import Table

WIDTH = 640
PALETTE_SIZE = 8


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    values: list[float]
    hrefs: list[str]


def series_from(table: Table, columns: Sequence[tuple[str, str]], *, skip_last_row: bool = False) -> list[Series]:
    """Series for ``(column key, css class)`` pairs of a table (``skip_last_row`` drops a total row)."""
    index = {c.key: i for i, c in enumerate(table.columns)}
    rows = table.rows[:-1] if skip_last_row else table.rows
    out = []
    for key, css in columns:
        i = index[key]
        out.append(
            Series(
                name=table.columns[i].label,
                css=css,
                values=[float(row[i].value or 0) for row in rows],
                hrefs=[row[i].href for row in rows],
            )
        )
    return out


def labels_of(table: Table, *, skip_last_row: bool = False) -> list[str]:
    rows = table.rows[:-1] if skip_last_row else table.rows
    return [str(row[0].value) for row in rows]


def colour(index: int) -> str:
    return f"c{index % PALETTE_SIZE}"


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` whose quarters are round too (ticks at 1, 2, 2.5
    or 5 times a power of ten, and never below 1: the figures are counts)."""
    quarter = value / 4
    if quarter <= 1:
        return 4.0
    power = 10 ** math.floor(math.log10(quarter))
    for step in (1, 2, 2.5, 5, 10):
        if quarter <= step * power:
            return float(4 * step * power)
    return float(40 * power)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _open(title: str, height: int, chart_id: str) -> list[str]:
    return [
        # No fixed size: the viewBox keeps the proportions and the chart scales to its container
        # (width 100%, at most WIDTH px: app.css), so a phone does not scroll sideways.
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{chart_id}-title" class="report-chart" '
        f'font-size="12" fill="currentColor">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]


def _legend(series: Sequence[Series], y: int) -> list[str]:
    parts, x = [], 0
    for s in series:
        parts.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" class="{s.css}"/>')
        parts.append(f'<text x="{x + 16}" y="{y}">{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    return parts


def _segment(x: float, y: float, w: float, h: float, css: str, href: str, tip: str) -> str:
    rect = (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" class="{css}">'
        f"<title>{escape(tip)}</title></rect>"
    )
    return f'<a href="{escape(href)}">{rect}</a>' if href else rect


def hbar_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, chart_id: str) -> SafeString:
    """Horizontal bars, stacked when there are several series (e.g. a speaker's verdicts by rating)."""
    label_w, row_h, top = 170, 22, 28 if len(series) > 1 else 8
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    scale_max = _nice_max(max(totals, default=0))
    bar_w = WIDTH - label_w - 60
    height = top + row_h * max(len(labels), 1) + 24
    parts = _open(title, height, chart_id)
    if len(series) > 1:
        parts += _legend(series, 14)
    for i, label in enumerate(labels):
        y = top + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(_clip(label, 26))}</text>')
        x = float(label_w)
        for s in series:
            w = bar_w * s.values[i] / scale_max
            if s.values[i]:
                tip = f"{label} · {s.name}: {_fmt(s.values[i])}"
                parts.append(_segment(x, y + 3, w, row_h - 6, s.css, s.hrefs[i], tip))
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{_fmt(totals[i])}</text>')
    axis_y = top + row_h * max(len(labels), 1)
    parts.append(
        f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{axis_y}" stroke="currentColor" stroke-opacity="0.5"/>'
    )
    parts.append(f'<text x="{label_w}" y="{axis_y + 16}" class="axis">0</text>')
    parts.append(
        f'<text x="{label_w + bar_w}" y="{axis_y + 16}" text-anchor="end" class="axis">{_fmt(scale_max)}</text>'
    )
    if not labels:
        parts.append(f'<text x="{label_w + 8}" y="{top + 15}">No data for these filters.</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text node above is escaped


def _x_axis(labels: Sequence[str], left: int, step: float, base_y: int) -> list[str]:
    parts = []
    every = max(1, math.ceil(len(labels) / 8))  # at most eight labels, so they never overlap
    for i, label in enumerate(labels):
        if i % every == 0:
            x = left + step * i + step / 2
            parts.append(f'<text x="{x:.1f}" y="{base_y + 16}" text-anchor="middle">{escape(_clip(label, 12))}</text>')
    return parts


def _y_axis(scale_max: float, left: int, top: int, plot_h: int, right: int) -> list[str]:
    parts = []
    for k in range(5):
        value = scale_max * k / 4
        y = top + plot_h - plot_h * k / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="currentColor" '
            f'stroke-opacity="{0.5 if k == 0 else 0.15}"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(value)}</text>')
    return parts


def column_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, chart_id: str) -> SafeString:
    """Vertical stacked columns over periods (verdicts per week by rating)."""
    left, top, plot_h, right = 48, 30, 200, WIDTH - 8
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    scale_max = _nice_max(max(totals, default=0))
    step = (right - left) / max(len(labels), 1)
    parts = _open(title, top + plot_h + 24, chart_id)
    parts += _legend(series, 14)
    parts += _y_axis(scale_max, left, top, plot_h, right)
    for i, label in enumerate(labels):
        y = float(top + plot_h)
        for s in series:
            h = plot_h * s.values[i] / scale_max
            if s.values[i]:
                tip = f"{label} · {s.name}: {_fmt(s.values[i])}"
                parts.append(_segment(left + step * i + step * 0.1, y - h, step * 0.8, h, s.css, s.hrefs[i], tip))
            y -= h
    parts += _x_axis(labels, left, step, top + plot_h)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text node above is escaped


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, chart_id: str) -> SafeString:
    """One line per series over periods (claims through each step of the desk)."""
    left, top, plot_h, right = 48, 30, 200, WIDTH - 8
    scale_max = _nice_max(max((v for s in series for v in s.values), default=0))
    step = (right - left) / max(len(labels), 1)
    parts = _open(title, top + plot_h + 24, chart_id)
    parts += _legend(series, 14)
    parts += _y_axis(scale_max, left, top, plot_h, right)
    for s in series:
        points = [(left + step * i + step / 2, top + plot_h - plot_h * v / scale_max) for i, v in enumerate(s.values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke-width="2" class="line {s.css}"/>')
        for (x, y), value, href, label in zip(points, s.values, s.hrefs, labels, strict=True):
            dot = (
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="{s.css}">'
                f"<title>{escape(f'{label} · {s.name}: {_fmt(value)}')}</title></circle>"
            )
            parts.append(f'<a href="{escape(href)}">{dot}</a>' if href else dot)
    parts += _x_axis(labels, left, step, top + plot_h)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text node above is escaped
