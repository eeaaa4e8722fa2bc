"""Chart legibility: text large enough on screen, no two labels on top of each other, compact.

A chart's SVG may be scaled to fit its column, so the size a reader sees is the text's computed
font size times the SVG's screen scale (from getScreenCTM, which includes every transform and
the viewBox). Each problem names the page, the chart and the label.
"""

from __future__ import annotations

from playwright.sync_api import Page

from .problem import Problem, page_name

MIN_PX = 12
# The national chapter's hex map: a figure of its own (its key is HTML), measured like a chart.
MAP = "figure.hexmap-figure"
# A chart taller than a 1280 x 800 window must be a list of councils the reader scrolls on purpose.
MAX_HEIGHT = 800
# Glyph boxes of lines set 13 px apart touch by about a pixel; more than this is an overlap.
OVERLAP_PX = 2

_MEASURE = """([minPx, overlapPx, selector]) => [...document.querySelectorAll(selector)].map((fig, i) => {
  const chart = fig.id ? `figure#${fig.id}` : `${fig.className} number ${i + 1}`;
  const svg = fig.querySelector('svg');
  if (!svg) return {chart, small: [], overlaps: [], height: 0, list: false};
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0);
  const small = [];
  for (const t of texts) {
    const m = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    if (px < minPx - 0.05) small.push([t.textContent.trim(), Math.round(px * 10) / 10]);
  }
  const boxes = texts.map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
  const overlaps = [];
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const [p, r] = boxes[a], [q, s] = boxes[b];
    const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
    const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
    if (w > overlapPx && h > overlapPx) overlaps.push([p, q]);
  }
  return {chart, small, overlaps, height: svg.getBoundingClientRect().height, list: fig.hasAttribute('data-council-list')};
})"""


def legibility_problems(page: Page, check_height: bool) -> list[Problem]:
    name = page_name(page)
    problems = []
    for chart in page.evaluate(_MEASURE, [MIN_PX, OVERLAP_PX, f"figure.chart, {MAP}"]):
        where = chart["chart"]
        problems += [Problem(name, "chart-text-small", f"{where}: {text!r} renders at {px} px (< {MIN_PX})") for text, px in chart["small"]]
        problems += [Problem(name, "chart-labels-overlap", f"{where}: {a!r} overlaps {b!r}") for a, b in chart["overlaps"]]
        if check_height and not chart["list"] and chart["height"] > MAX_HEIGHT:
            problems.append(Problem(name, "chart-too-tall", f"{where}: {chart['height']:.0f} px tall (> {MAX_HEIGHT}) and not a list of councils"))
    return problems
