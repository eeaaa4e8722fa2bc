"""axe-core's WCAG 2.2 AA rules, run inside the page."""

from __future__ import annotations

from playwright.sync_api import Page

from ..tools import AXE_JS, require
from .problem import Problem, page_name

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN = """tags => axe.run(document, {
  runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations'],
}).then(result => result.violations.map(v => ({
  id: v.id,
  help: v.help,
  targets: v.nodes.map(node => node.target.flat().join(' ')),
})))"""


def axe_violations(page: Page) -> list[Problem]:
    """One problem per violated rule, naming the offending elements' selectors.

    The page's context needs bypass_csp=True when the site sets a
    Content-Security-Policy, since axe arrives as an inline script.
    """
    page.add_script_tag(path=require(AXE_JS))
    found = page.evaluate(_RUN, WCAG_TAGS)
    name = page_name(page)
    return [Problem(name, v["id"], f"{v['help']}; at {' | '.join(v['targets'])}") for v in found]
