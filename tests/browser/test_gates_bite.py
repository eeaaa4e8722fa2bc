"""Each gate passes a site built to pass it and catches the problem planted for it.

Fixture sites live in fixtures/: good/ passes every gate; each planted-*/ site has
one defect, and the named gate must report exactly the rules listed for it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser

from .gates import report
from .site import GATES, Site

pytestmark = pytest.mark.browser

PLANTED = {
    # fixture site: (gate, rules it must report, text one of them must hold)
    "planted-missing-alt": ("axe-375", {"image-alt"}, "img"),
    "planted-external-script": ("load", {"external-request", "console-error"}, "https://example.com/x.js"),
    "planted-console-error": ("load", {"console-error"}, "planted failure"),
    "planted-broken-link": ("links", {"broken-link", "broken-fragment"}, "missing.html"),
    "planted-invalid-html": ("html", {"html"}, "line"),
    "planted-unnamed-chart": ("charts-no-js", {"chart-name"}, "accessible name"),
    "planted-clipped-chart-label": ("charts-no-js", {"chart-text-clipped"}, "Engaged in criminal activities"),
    "planted-no-tooltip": ("tooltips", {"tooltip"}, "chart-tooltip"),
    "planted-no-focus-style": ("focus", {"focus-indicator"}, "Home"),
    "planted-wide": ("no-scroll-320", {"horizontal-overflow"}, "div.poster"),
    "planted-clipped-text": ("text-200", {"clipped-text"}, "div.badge"),
    "planted-px-font": ("text-200", {"fixed-font-size"}, "14px"),
    "planted-bad-package": ("download", {"package-invalid"}, "children"),
    "planted-small-chart-text": ("chart-legibility-375-light", {"chart-text-small"}, "'Engaged in criminal activities' renders at"),
    "planted-overlapping-chart-labels": ("chart-legibility-1280-dark", {"chart-labels-overlap"}, "'200' overlaps '220'"),
    "planted-tall-chart": ("chart-legibility-1280-light", {"chart-too-tall"}, "figure#chart-times: 2100 px tall"),
}


@pytest.mark.parametrize("gate", GATES)
def test_good_site_passes(browser: Browser, fixture_site: Callable[[str], Site], gate: str) -> None:
    problems = GATES[gate](browser, fixture_site("good"))
    assert not problems, report(problems)


@pytest.mark.parametrize("name", PLANTED)
def test_planted_problem_is_caught(browser: Browser, fixture_site: Callable[[str], Site], name: str) -> None:
    gate, rules, text = PLANTED[name]
    problems = GATES[gate](browser, fixture_site(name))
    assert {p.rule for p in problems} == rules, report(problems)
    assert any(text in str(p) for p in problems), report(problems)
