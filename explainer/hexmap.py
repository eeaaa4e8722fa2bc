"""A hex map of England as inline SVG: one hexagon per council, coloured by a value, each a link.

Drawn by our own few lines rather than by the chart engine: 150 identical shapes need no
layout, the SVG stays small, and it works with JavaScript off. The same figures are always
given in a table beside the map, which is where a screen reader user or a colour-blind reader
reads them; the colours only group councils into bands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from .hexlayout import Hex

# Sequential blues, light to dark (ColorBrewer "Blues", safe for common colour blindness).
BAND_COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_FIGURE_COLOUR = "#ffffff"
WIDTH = 20.0  # one hexagon's width, corner to corner across the flats, in SVG units
SIDE = WIDTH / math.sqrt(3)
ROW = SIDE * 1.5
# The outline of a pointy-top hexagon, drawn from its top corner.
OUTLINE = f"l{WIDTH / 2:g} {SIDE / 2:.1f}v{SIDE:.1f}l{-WIDTH / 2:g} {SIDE / 2:.1f}l{-WIDTH / 2:g} {-SIDE / 2:.1f}v{-SIDE:.1f}z"


@dataclass(frozen=True)
class Band:
    lower: float
    upper: float | None  # None: no upper limit
    colour: str
    label: str


@dataclass(frozen=True)
class HexValue:
    value: float | None  # None: no figure (suppressed, not published, or the council did not exist)
    text: str  # the figure in words, as the table gives it
    href: str | None


def bands(values: list[float], count: int = len(BAND_COLOURS), unit: str = "") -> list[Band]:
    """Bands holding about as many councils each, with whole-number limits so none is more
    precise than the figures (DfE publishes rates as whole numbers)."""
    ordered = sorted(values)
    if not ordered:
        return []
    cuts = sorted({round(ordered[len(ordered) * i // count]) for i in range(1, count)} - {round(ordered[0])})
    limits = [math.floor(ordered[0]), *cuts]
    result = []
    for i, lower in enumerate(limits):
        upper = limits[i + 1] if i + 1 < len(limits) else None
        text = f"{lower:g} or more" if upper is None else f"{lower:g} to under {upper:g}"
        result.append(Band(lower, upper, BAND_COLOURS[round(i * (len(BAND_COLOURS) - 1) / max(1, len(limits) - 1))], text + unit))
    return result


def band_of(value: float, scale: list[Band]) -> Band:
    return next(b for b in reversed(scale) if value >= b.lower)


def _centre(h: Hex, top_row: int) -> tuple[float, float]:
    x = WIDTH * h.q + (WIDTH / 2 if h.r % 2 else 0) + WIDTH / 2 + 1
    y = ROW * (top_row - h.r) + SIDE + 1
    return x, y


def svg(layout: dict[str, Hex], values: dict[str, HexValue], scale: list[Band], title: str, title_id: str) -> Markup:
    """The map; councils in the layout with no entry in `values` are drawn as having no figure, without a link."""
    if not layout:
        return Markup("")
    top = max(h.r for h in layout.values())
    width = WIDTH * (max(h.q for h in layout.values()) + 1.5) + 2
    height = ROW * (top - min(h.r for h in layout.values())) + 2 * SIDE + 2
    parts = [
        f'<svg class="hexmap" viewBox="0 0 {width:.0f} {height:.0f}" xmlns="http://www.w3.org/2000/svg" aria-labelledby="{title_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
    ]
    for h in sorted(layout.values(), key=lambda h: (-h.r, h.q)):
        entry = values.get(h.code, HexValue(None, "no figure", None))
        x, y = _centre(h, top)
        fill = NO_FIGURE_COLOUR if entry.value is None else band_of(entry.value, scale).colour
        cls = ' class="none"' if entry.value is None else ""
        label = escape(f"{h.name}: {entry.text}")
        shape = f'<path{cls} fill="{fill}" d="M{x:.1f} {y - SIDE:.1f}{OUTLINE}"/>'
        if entry.href:
            parts.append(f'<a href="{escape(entry.href)}" aria-label="{label}"><title>{label}</title>{shape}</a>')
        else:
            parts.append(f'<g role="img" aria-label="{label}"><title>{label}</title>{shape}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
