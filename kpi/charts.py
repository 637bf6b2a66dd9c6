"""Charts drawn on the server as inline SVG: no script, no outside library.

Each chart is an image (``role="img"``, named by its title) whose figures
are also in the table printed beside it, for screen readers and for
anyone who wants the numbers. Colours keep a 3:1 contrast with white (WCAG 1.4.11).
"""

import math

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH = 640
HEIGHT = 280
LEFT = 56
RIGHT = 16
TOP = 36
BOTTOM = 40

BAR = "#0b4ea2"
LINE = "#00585c"
TARGET = "#b3261e"
GRID = "#d0d5dd"
TEXT = "#1a1a1c"


def _nice_max(value):
    """A round number at or above ``value`` for the axis (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


def _n(value):
    """A coordinate, to one decimal."""
    return f"{value:.1f}"


def _fmt(value):
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def bar_chart(labels, values, *, title, line=None, target=None, line_label="", target_label=""):
    """Bars of ``values`` under ``labels``; optionally a line (cumulative
    values) and a dashed horizontal target. Returns safe SVG markup."""
    values = [v or 0 for v in values]
    peak = max([*values, *(line or []), target or 0, 0])
    top = _nice_max(peak)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(values), 1)
    bar_w = slot * 0.6

    def y(value):
        return TOP + plot_h - (value / top) * plot_h

    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
        (
            (LEFT, _n(y(t)), WIDTH - RIGHT, _n(y(t)), GRID, LEFT - 6, _n(y(t) + 4), TEXT, _fmt(t))
            for t in (0, top / 2, top)
        ),
    )
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
        "<title>{}: {}</title></rect>"
        '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
        (
            (
                _n(LEFT + i * slot + (slot - bar_w) / 2),
                _n(y(value)),
                _n(bar_w),
                _n(max(plot_h - (y(value) - TOP), 0)),
                BAR,
                label,
                _fmt(value),
                _n(LEFT + i * slot + slot / 2),
                HEIGHT - BOTTOM + 18,
                TEXT,
                label,
            )
            for i, (label, value) in enumerate(zip(labels, values, strict=True))
        ),
    )
    extra = []
    if line:
        points = " ".join(
            f"{LEFT + i * slot + slot / 2:.1f},{y(v or 0):.1f}" for i, v in enumerate(line)
        )
        extra.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
                points,
                LINE,
            )
        )
        extra.append(
            format_html_join(
                "",
                '<circle cx="{}" cy="{}" r="3" fill="{}"/>',
                ((_n(LEFT + i * slot + slot / 2), _n(y(v or 0)), LINE) for i, v in enumerate(line)),
            )
        )
    if target:
        extra.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{} {}</text>',
                LEFT,
                _n(y(target)),
                WIDTH - RIGHT,
                _n(y(target)),
                TARGET,
                WIDTH - RIGHT,
                _n(y(target) - 4),
                TARGET,
                target_label,
                _fmt(target),
            )
        )
    legend = []
    if line and line_label:
        legend.append((LINE, line_label))
    if target and target_label:
        legend.append((TARGET, target_label))
    legend_html = format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="3" fill="{}"/>'
        '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
        (
            (LEFT + 8 + i * 140, 10, colour, LEFT + 24 + i * 140, 15, TEXT, text)
            for i, (colour, text) in enumerate(legend)
        ),
    )
    return format_html(
        '<svg class="kpi-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
        "<title>{}</title>{}{}{}{}</svg>",
        WIDTH,
        HEIGHT,
        title,
        title,
        grid,
        bars,
        mark_safe("".join(str(part) for part in extra)),  # noqa: S308 (built by format_html)
        legend_html,
    )
