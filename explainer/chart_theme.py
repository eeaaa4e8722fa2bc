"""The charts' visual language, defined once: fonts, sizes, and one colour per population.

Every chart kind takes its colours from here, so "looked after" is the same colour on every
page. Colours are dark enough for 3:1 contrast against the page's light and dark backgrounds
(WCAG 1.4.11) and pair blue with orange, which stay apart for the common colour-vision
deficiencies.
"""

from __future__ import annotations

from dataclasses import dataclass

# vl-convert measures text with its bundled Liberation Sans; Arial has the same metrics, so labels
# laid out at build time fit when the browser draws them.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
# The SVG is shown at its own size, never scaled down: drawn no wider than a 375 px phone's
# column (343 px), its 12 px text stays 12 px. WIDTH is the plot; axis names and value labels
# take the rest.
PAGE_COLUMN = 343
WIDTH = 280
NARROW_WIDTH = 236  # beside an axis of short names (bands, years)
# Vega adds this around everything drawn (value labels beyond the plot included); the rest is
# room for text drawn in a wider fallback font (DejaVu Sans) than the one it was measured in.
PADDING = {"left": 12, "right": 12, "top": 4, "bottom": 4}
FONT_SIZE = 12
STEP = 18  # px per line of marks: 12 px text with room to spare, so labels never touch
# Beyond this many councils a chart shows each council's position among all others instead of a bar each.
MANY_COUNCILS = 12
# Text and marks that are no population's: ink (labels, values), muted (suppressed markers),
# axes and grid. Vega writes these colours into the SVG; the page's stylesheet maps each one to a
# custom property (see `css`), so dark mode and print restyle the inline SVG without a new drawing.
INK = "#0b0c0c"
MUTED = "#505a5f"
AXIS = "#888"
GRID = "#ddd"
# The page backgrounds the marks must stand out from by 3:1 (WCAG 1.4.11).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#121314"


@dataclass(frozen=True)
class Population:
    label: str
    colour: str  # on the light page; also the colour written into the SVG and the PNG
    dark: str  # the same population on the dark page


# One colour per population on every chart. Blue and orange carry the common comparison
# (not looked after, looked after): they stay apart for red-green colour-vision deficiencies.
POPULATIONS = {
    "all": Population("All children", "#3f4b5b", "#c3cbd6"),
    "not_looked_after": Population("Not looked after", "#1d70b8", "#6fb3f0"),
    "looked_after": Population("Looked after", "#b35000", "#f59a4a"),
    "looked_after_out_of_area": Population("Placed out of area", "#7a3e9d", "#f08fc0"),
    "looked_after_placed_in": Population("Placed in the area", "#00707a", "#5fd39a"),
    # Children in need assessments (official statistics); not drawn beside the FOI populations today.
    "children_in_need": Population("Children in need", "#05068a", "#5cbb91"),
}
OTHER = Population("", "#505a5f", "#b1b4b6")


def population(population_id: str) -> Population:
    found = POPULATIONS.get(population_id)
    return found or Population(population_id.replace("_", " ").capitalize(), OTHER.colour, OTHER.dark)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def css() -> str:
    """The chart colours as custom properties, light and dark, and the rules that apply them to
    the colours Vega wrote into each SVG (a CSS rule outranks an SVG presentation attribute)."""
    named = {**{pid: p for pid, p in POPULATIONS.items()}, "other": OTHER}
    light = "".join(f" --pop-{_slug(pid)}: {p.colour};" for pid, p in named.items())
    dark = "".join(f" --pop-{_slug(pid)}: {p.dark};" for pid, p in named.items())
    rules = [
        f":root {{{light} --chart-axis: {AXIS}; --chart-grid: {GRID}; --chart-bg: {LIGHT_BACKGROUND}; }}",
        f"@media (prefers-color-scheme: dark) {{ :root {{{dark} --chart-axis: #9aa0a6; --chart-grid: #3b3f42; --chart-bg: {DARK_BACKGROUND}; }} }}",
        # On paper, the light colours whatever the screen's scheme: they print as distinct greys.
        f"@media print {{ :root {{{light} --chart-axis: {AXIS}; --chart-grid: {GRID}; --chart-bg: {LIGHT_BACKGROUND}; }} }}",
        '.chart-svg [fill="white"] { fill: var(--chart-bg); }',
        f'.chart-svg [fill="{INK}"], .chart-svg [fill="#000"] {{ fill: currentColor; }}',
        f'.chart-svg [fill="{MUTED}"] {{ fill: var(--muted); }}',
        f'.chart-svg [stroke="{AXIS}"] {{ stroke: var(--chart-axis); }}',
        f'.chart-svg [stroke="{GRID}"] {{ stroke: var(--chart-grid); }}',
    ]
    seen = {INK, MUTED}
    for pid, p in named.items():
        if p.colour not in seen:
            seen.add(p.colour)
            rules.append(f'.chart-svg [fill="{p.colour}"] {{ fill: var(--pop-{_slug(pid)}); }}')
            rules.append(f'.chart-svg [stroke="{p.colour}"] {{ stroke: var(--pop-{_slug(pid)}); }}')
    return "/* Generated from explainer/chart_theme.py: edit the colours there. */\n" + "\n".join(rules) + "\n"
