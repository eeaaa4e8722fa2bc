"""Charts: readable without JavaScript, and with it a tooltip that shows each mark's value.

The contract: a chart is a <figure class="chart"> holding an inline <svg role="img">
with an accessible name and no text cut off at its edges, a <table> of its data and
a link to a .csv. Each mark is an SVG element with an aria-label such as
"council: Coventry; children: 297" (as vl-convert writes them), and the site's script
shows a <div class="chart-tooltip" role="status"> whose text holds every value of the
mark under the pointer or the keyboard focus.
"""

from __future__ import annotations

from playwright.sync_api import ElementHandle, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .problem import Problem, page_name

CHART = "figure.chart"
MARK_LAYER = "svg .role-mark"  # vl-convert's group of one layer's marks
MARK = f"{MARK_LAYER} > [aria-label]"
TOOLTIP = 'div.chart-tooltip[role="status"]'

_FIGURES = """() => [...document.querySelectorAll('figure.chart')].map((fig, i) => {
  const label = fig.id ? `figure#${fig.id}` : `figure.chart number ${i + 1}`;
  const problems = [];
  const svg = fig.querySelector('svg');
  if (!svg) return {label, problems: [['chart-svg', 'no inline <svg>']]};
  const box = svg.getBoundingClientRect();
  if (!(box.width > 0 && box.height > 0) || !svg.checkVisibility({visibilityProperty: true}))
    problems.push(['chart-hidden', `the svg is not shown (box ${box.width}x${box.height})`]);
  if (getComputedStyle(svg).overflow !== 'visible') {
    const out = [...svg.querySelectorAll('text')].filter(text => {
      const r = text.getBoundingClientRect();
      return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1);
    });
    if (out.length) problems.push(['chart-text-clipped', `${out.length} text(s) cut off at the svg's edge, first ${JSON.stringify(out[0].textContent)}`]);
  }
  if (svg.getAttribute('role') !== 'img')
    problems.push(['chart-role', `svg role is ${JSON.stringify(svg.getAttribute('role'))}, not "img"`]);
  const refText = attr => {
    const ids = (svg.getAttribute(attr) || '').split(/\\s+/).filter(Boolean);
    const found = ids.map(id => document.getElementById(id));
    if (found.includes(null)) problems.push(['chart-ref', `${attr} names an id not on the page`]);
    return found.filter(Boolean).map(el => el.textContent).join(' ').trim();
  };
  const name = refText('aria-labelledby') || (svg.getAttribute('aria-label') || '').trim();
  refText('aria-describedby');
  if (!name) problems.push(['chart-name', 'the svg has no accessible name (aria-label or aria-labelledby)']);
  if (!fig.querySelector('table')) problems.push(['chart-table', 'no <table> of its data']);
  if (!fig.querySelector('a[href$=".csv"]')) problems.push(['chart-csv', 'no link to a .csv download']);
  return {label, problems};
})"""


def chart_count(page: Page) -> int:
    return page.locator(CHART).count()


def chart_problems(page: Page) -> list[Problem]:
    """Meant for a page loaded with JavaScript off: what every reader gets first."""
    name = page_name(page)
    return [Problem(name, rule, f"{figure['label']}: {detail}") for figure in page.evaluate(_FIGURES) for rule, detail in figure["problems"]]


def mark_values(label: str) -> list[str]:
    """The values in a mark's aria-label: "a: 1; b: x" gives ["1", "x"]."""
    values = []
    for part in label.split(";"):
        key, sep, value = part.partition(": ")
        if text := (value if sep else key).strip():
            values.append(text)
    return values


def tooltip_problems(page: Page, marks_per_layer: int = 3) -> list[Problem]:
    """Hover (and, where focusable, focus) the first, middle and last mark of each layer."""
    name = page_name(page)
    problems = []
    for index, figure in enumerate(page.query_selector_all(CHART), start=1):
        figure_id = figure.get_attribute("id")
        where = f"figure#{figure_id}" if figure_id else f"{CHART} number {index}"
        layers = [layer.query_selector_all(":scope > [aria-label]") for layer in figure.query_selector_all(MARK_LAYER)]
        if not any(layers):
            problems.append(Problem(name, "chart-marks", f"{where}: no mark matches {MARK!r}"))
            continue
        for mark in [mark for marks in layers if marks for mark in _sample(marks, marks_per_layer)]:
            label = mark.get_attribute("aria-label") or ""
            problems += [Problem(name, "tooltip", f"{where}, mark {label!r}: {how}: {found}") for how, found in _try_mark(page, mark, mark_values(label))]
    return problems


def _sample(marks: list[ElementHandle], count: int) -> list[ElementHandle]:
    picks = sorted({round(i * (len(marks) - 1) / max(count - 1, 1)) for i in range(count)})
    return [marks[i] for i in picks]


def _try_mark(page: Page, mark: ElementHandle, values: list[str]) -> list[tuple[str, str]]:
    """(way of reaching the mark, what the tooltip showed) for each way that failed."""
    failed = []
    mark.scroll_into_view_if_needed()
    _point_at(page, mark)
    if (found := _tooltip_shows(page, values)) is not None:
        failed.append(("on hover", found))
    page.mouse.move(0, 0)
    if mark.evaluate("el => el.tabIndex >= 0 && el.hasAttribute('tabindex')"):
        mark.focus()
        if (found := _tooltip_shows(page, values)) is not None:
            failed.append(("on focus", found))
        mark.evaluate("el => el.blur()")
    return failed


_HIT_POINT = """el => {
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return null;  // a bar for zero: nothing to point at
  const points = [[box.left + box.width / 2, box.top + box.height / 2]];
  if (el.getTotalLength && el.getScreenCTM()) {
    const length = el.getTotalLength(), ctm = el.getScreenCTM();
    for (const f of [0.5, 0.25, 0.75, 0.1, 0.9, 0]) {
      const p = el.getPointAtLength(length * f);
      const q = new DOMPoint(p.x, p.y).matrixTransform(ctm);
      points.push([q.x, q.y]);
    }
  }
  return points.find(([x, y]) => el.contains(document.elementFromPoint(x, y))) || null;
}"""


def _point_at(page: Page, mark: ElementHandle) -> None:
    # A thin line or a mark under another has no hit point at its centre: look for
    # one along the mark's outline, and fall back to the events a pointer would fire.
    point = mark.evaluate(_HIT_POINT)
    if point is not None:
        page.mouse.move(*point)
        return
    for event in ("pointerover", "pointerenter", "mouseover", "mouseenter", "pointermove", "mousemove"):
        mark.dispatch_event(event)


_SHOWS = """values => [...document.querySelectorAll('div.chart-tooltip[role="status"]')]
  .filter(el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}))
  .some(el => values.every(v => el.textContent.replace(/\\s+/g, ' ').includes(v)))"""

_SHOWN = """() => [...document.querySelectorAll('div.chart-tooltip[role="status"]')]
  .map(el => (el.checkVisibility({opacityProperty: true, visibilityProperty: true}) ? '' : '(hidden) ')
    + JSON.stringify(el.textContent.trim()))"""


def _tooltip_shows(page: Page, values: list[str], timeout_ms: int = 1500) -> str | None:
    """None when a visible tooltip holds every value; else what the tooltips showed."""
    try:
        page.wait_for_function(_SHOWS, arg=values, timeout=timeout_ms)
        return None
    except PlaywrightTimeout:
        shown = page.evaluate(_SHOWN)
        return f"expected a visible {TOOLTIP} holding {values}, found {shown or 'none'}"
