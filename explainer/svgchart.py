"""Two small chart kinds drawn as inline SVG by our own code: a trend over years, and bars.

A profile page has a few simple charts, and there are 160 profiles: drawing them here costs
microseconds each, where a chart engine call costs tens of milliseconds. Each mark carries an
aria-label (read by the site's tooltip script and by screen readers through the table); a
figure that is withheld or absent is never drawn as zero, and a line never joins across it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Drawn at their own size, no wider than a phone's column (375 px less margins), so 12 px text
# is 12 px on screen everywhere: the chart is never scaled down.
WIDTH, HEIGHT = 340, 240
LEFT, RIGHT, BOTTOM = 48, 20, 34  # RIGHT: half the last year's label, centred on the last point
LEGEND_LINE = 16
GRID = "#b1b4b6"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per x label; None: no figure (a gap, never zero)
    colour: str
    dash: str = ""  # SVG stroke-dasharray, so lines differ by more than colour
    texts: Sequence[str] = ()  # each value as the table writes it (for labels)


def _short(name: str, most: int) -> str:
    """A name cut to fit beside a chart (the table below gives it whole); 12px text runs about 7px a character."""
    return name if len(name) <= most else name[: most - 1].rstrip(" ,") + "…"


def nice_top(peak: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above peak, for round gridlines."""
    if peak <= 0:
        return 1
    step = 10 ** (len(str(int(peak))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if factor * step >= peak:
            return factor * step
    return 10 * step


def _runs(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _open(height: float, title_id: str, desc_id: str) -> str:
    return (
        f'<svg class="chart-svg" width="{WIDTH}" height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" role="img"'
        f' aria-labelledby="{title_id}" aria-describedby="{desc_id}" xmlns="http://www.w3.org/2000/svg">'
    )


def trend(series: Sequence[Series], labels: Sequence[str], unit: str, title_id: str, desc_id: str) -> Markup:
    """Lines over years, broken wherever a value is missing; a dot on every value, so a year
    standing alone between two gaps still shows. A key above the plot names each line."""
    values = [v for s in series for v in s.values if v is not None]
    top = nice_top(max(values, default=0))
    legend_h = LEGEND_LINE * len(series) + 6
    plot_top = legend_h + 8
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - plot_top - BOTTOM
    step = plot_w / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return plot_top + plot_h * (1 - v / top)

    out = [_open(HEIGHT, title_id, desc_id), '<g aria-hidden="true" font-size="12" fill="currentColor">']
    for k, s in enumerate(series):
        ly = 4 + LEGEND_LINE * k + 8
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(f'<line class="s{k}" x1="4" x2="30" y1="{ly}" y2="{ly}" stroke="{s.colour}" stroke-width="2.5"{dash}/>')
        out.append(f'<text x="36" y="{ly + 4}">{escape(_short(s.name, 40))}</text>')
    for k in range(5):
        v = top * k / 4
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{GRID}" stroke-width="{1 if k else 1.5}"/>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:,g}</text>')
    for i, label in enumerate(labels):
        if len(labels) <= 5 or i % 2 == (len(labels) - 1) % 2:
            out.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{escape(label)}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" text-anchor="middle">{escape(unit)}</text>')
    out.append("</g>")
    for k, s in enumerate(series):
        points = [None if v is None else (x(i), y(v)) for i, v in enumerate(s.values)]
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        for run in _runs(points):
            if len(run) > 1:
                d = "M" + "L".join(f"{px:.1f} {py:.1f}" for px, py in run)
                out.append(f'<path class="s{k}" aria-hidden="true" d="{d}" fill="none" stroke="{s.colour}" stroke-width="2.5"{dash}/>')
        out.append('<g class="role-mark">')
        for i, v in enumerate(s.values):
            if v is not None:
                text = s.texts[i] if s.texts else f"{v:g}"
                label = escape(f"{s.name}; {labels[i]}: {text}")
                out.append(
                    f'<circle class="s{k}" role="graphics-symbol" cx="{x(i):.1f}" cy="{y(v):.1f}" r="4" fill="{s.colour}" aria-label="{label}"/>'
                )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as written, or why there is none
    highlight: bool = False


def bars(items: Sequence[Bar], unit: str, title_id: str, desc_id: str) -> Markup:
    """Horizontal bars, one per row; a row with no figure says so in words where its bar would be."""
    row, label_w, value_w = 22, 156, 40
    height = row * len(items) + 30
    plot_w = WIDTH - label_w - value_w
    top = nice_top(max((b.value for b in items if b.value is not None), default=0))
    out = [_open(height, title_id, desc_id), '<g aria-hidden="true" font-size="12" fill="currentColor">']
    for i, b in enumerate(items):
        weight = ' font-weight="700"' if b.highlight else ""
        # Bold (this council) runs wider than regular, so its name is cut shorter.
        out.append(f'<text x="{label_w - 6}" y="{i * row + 15}" text-anchor="end"{weight}>{escape(_short(b.label, 18 if b.highlight else 20))}</text>')
    # Set from the right edge: a long unit ("per 10,000 children aged 0 to 17") runs past it from label_w.
    out.append(f'<text x="{WIDTH - 4}" y="{height - 6}" text-anchor="end">{escape(unit)}</text></g><g class="role-mark">')
    for i, b in enumerate(items):
        label = escape(f"{b.label}: {b.text}")
        if b.value is None:
            out.append(
                f'<text role="graphics-symbol" x="{label_w + 4}" y="{i * row + 15}" font-size="12" fill="currentColor" aria-label="{label}">{escape(b.text)}</text>'
            )
            continue
        w = max(1.0, plot_w * b.value / top)
        kind = "bar-this" if b.highlight else "bar"
        fill = "#1d4f91" if b.highlight else "#6f9fd8"
        out.append(
            f'<rect class="{kind}" role="graphics-symbol" x="{label_w}" y="{i * row + 3}" width="{w:.1f}" height="{row - 6}" fill="{fill}" aria-label="{label}"/>'
        )
        out.append(
            f'<text aria-hidden="true" x="{label_w + w + 4:.1f}" y="{i * row + 15}" font-size="12" fill="currentColor">{escape(b.text)}</text>'
        )
    out.append("</g></svg>")
    return Markup("".join(out))
