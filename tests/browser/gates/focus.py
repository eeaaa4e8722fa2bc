"""Tab from the top of the page reaches every control, each with a visible focus indicator."""

from __future__ import annotations

from playwright.sync_api import Page

from .problem import Problem, page_name

_DESCRIBE = """const describe = el => {
  const id = el.id ? `#${el.id}` : '';
  const cls = !id && el.classList.length ? `.${[...el.classList].join('.')}` : '';
  const text = (el.getAttribute('aria-label') || el.textContent || '').replace(/\\s+/g, ' ').trim();
  return `${el.localName}${id}${cls}` + (text ? ` "${text.slice(0, 40)}"` : '');
};"""

# Tags every control a keyboard user should reach and returns their descriptions;
# controls hidden from everyone (display:none, closed <details>) are left out.
_EXPECTED = (
    "() => {"
    + _DESCRIBE
    + """
  const controls = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]';
  const found = [];
  for (const el of document.querySelectorAll(controls)) {
    if (el.matches(':disabled') || (el.hasAttribute('tabindex') && el.tabIndex < 0)) continue;
    if (el.localName === 'summary' && el.parentElement.querySelector(':scope > summary') !== el) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    el.setAttribute('data-focus-gate', found.length);
    found.push(describe(el));
  }
  return found;
}"""
)

_FOCUSED = (
    "() => {"
    + _DESCRIBE
    + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const index = el.getAttribute('data-focus-gate');
  return {index: index === null ? null : Number(index), label: describe(el), indicated: outline || style.boxShadow !== 'none'};
}"""
)


def focus_problems(page: Page) -> list[Problem]:
    name = page_name(page)
    expected: list[str] = page.evaluate(_EXPECTED)
    reached: set[int] = set()
    stops: list[dict] = []
    # Chromium also stops at scrollable regions, so allow more presses than controls.
    for _ in range(2 * len(expected) + 10):
        page.keyboard.press("Tab")
        stop = page.evaluate(_FOCUSED)
        if stop is None:
            if stops:
                break  # past the last control: focus went back to the document
            continue
        if stop["index"] in reached or stop in stops:
            break  # wrapped round to a stop already seen
        if stop["index"] is not None:
            reached.add(stop["index"])
        stops.append(stop)
    problems = [Problem(name, "focus-indicator", f"{stop['label']} shows no outline or box-shadow on focus") for stop in stops if not stop["indicated"]]
    problems += [Problem(name, "focus-unreachable", f"{label} is never reached by Tab") for index, label in enumerate(expected) if index not in reached]
    return problems
