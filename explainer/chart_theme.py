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
# Vega adds this around everything drawn, value labels beyond the plot included.
PADDING = {"left": 4, "right": 8, "top": 4, "bottom": 4}
FONT_SIZE = 12
STEP = 18  # px per line of marks: 12 px text with room to spare, so labels never touch
# Beyond this many councils a chart shows each council's position among all others instead of a bar each.
MANY_COUNCILS = 12
# Marks and text that are not a population's: suppressed markers, value labels, axes.
INK = "#0b0c0c"
MUTED = "#505a5f"


@dataclass(frozen=True)
class Population:
    label: str
    colour: str


POPULATIONS = {
    "all": Population("All children", "#1d70b8"),
    "not_looked_after": Population("Not looked after", "#1d70b8"),
    "looked_after": Population("Looked after", "#b35000"),
    "looked_after_out_of_area": Population("Placed out of area", "#7a3e9d"),
    "looked_after_placed_in": Population("Placed in the area", "#00703c"),
}
OTHER = Population("", "#505a5f")


def population(population_id: str) -> Population:
    found = POPULATIONS.get(population_id)
    return found or Population(population_id.replace("_", " ").capitalize(), OTHER.colour)
