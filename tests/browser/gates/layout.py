"""Reflow: no sideways scrolling on a narrow screen, nothing lost when text is doubled."""

from __future__ import annotations

from playwright.sync_api import Page

from .problem import Problem, page_name

_DESCRIBE = """const describe = el => {
  const id = el.id ? `#${el.id}` : '';
  const cls = !id && typeof el.className === 'string' && el.className.trim()
    ? `.${el.className.trim().split(/\\s+/).join('.')}` : '';
  return `${el.localName}${id}${cls}`;
};"""

# The outermost elements that stick out past the right edge of the viewport, unless
# a scroll container of their own holds them.
_WIDE = (
    "() => {"
    + _DESCRIBE
    + """
  const edge = document.documentElement.clientWidth + 0.5;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= edge || wide.some(w => w.contains(el))) continue;
    let held = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
      if (getComputedStyle(p).overflowX !== 'visible') { held = true; break; }
    if (!held) wide.push(el);
  }
  const said = wide.map(el => {
    const text = el.textContent.replace(/\\s+/g, ' ').trim().slice(0, 40);
    return `${describe(el)}${text ? ` "${text}"` : ''} reaches ${Math.round(el.getBoundingClientRect().right)}px`;
  });
  return [...new Set(said)].slice(0, 5);
}"""
)

# Elements whose text is cut off: overflow hidden or clipped and content larger than
# the box. One-pixel boxes are the usual visually-hidden text for screen readers.
_CLIPPED = (
    "() => {"
    + _DESCRIBE
    + """
  const cut = v => v === 'hidden' || v === 'clip';
  const clipped = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') || el.matches('input, select, textarea')) continue;
    const style = getComputedStyle(el);
    if (!cut(style.overflowX) && !cut(style.overflowY)) continue;
    if (el.clientWidth <= 1 || el.clientHeight <= 1 || !el.textContent.trim()) continue;
    const x = cut(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const y = cut(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (x || y) clipped.push(`${describe(el)} shows ${el.clientWidth}x${el.clientHeight}px of ${el.scrollWidth}x${el.scrollHeight}px`);
  }
  return clipped;
}"""
)

# Font sizes that cannot follow the reader's text size: px or viewport units with
# no rem, em or % part. SVG charts keep their own sizes; their tables carry the data.
_FIXED_FONTS = """() => {
  const fixed = v => /\\d(px|vw|vh|vmin|vmax)\\b/.test(v) && !/\\d(r?em|%)/.test(v) ;
  const found = [];
  const walk = (rules, where) => {
    for (const rule of rules) {
      if (rule.media && [...rule.media].every(m => m.trim() === 'print')) continue;
      if (rule.cssRules) walk(rule.cssRules, where);
      if (rule.style && fixed(rule.style.fontSize))
        found.push(`${rule.selectorText || '@' + rule.constructor.name} sets font-size: ${rule.style.fontSize} (${where})`);
    }
  };
  for (const sheet of document.styleSheets) {
    const where = sheet.href ? new URL(sheet.href).pathname : 'a <style> element';
    try { walk(sheet.cssRules, where); } catch { found.push(`cannot read the stylesheet ${where}`); }
  }
  for (const el of document.body.querySelectorAll('[style]'))
    if (!el.closest('svg') && fixed(el.style.fontSize))
      found.push(`<${el.localName}> style attribute sets font-size: ${el.style.fontSize}`);
  return found;
}"""


def horizontal_overflow(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth")


def overflow_problems(page: Page) -> list[Problem]:
    if not horizontal_overflow(page):
        return []
    width = page.evaluate("() => document.documentElement.clientWidth")
    culprits = "; ".join(page.evaluate(_WIDE)) or "no single element found"
    return [Problem(page_name(page), "horizontal-overflow", f"scrolls sideways at {width}px: {culprits}")]


def text_zoom_problems(page: Page) -> list[Problem]:
    """Meant for a page loaded with the browser's text size doubled (Visit text_scale=2)."""
    name = page_name(page)
    problems = overflow_problems(page)
    problems += [Problem(name, "clipped-text", found) for found in page.evaluate(_CLIPPED)]
    problems += [Problem(name, "fixed-font-size", found) for found in page.evaluate(_FIXED_FONTS)]
    return problems
