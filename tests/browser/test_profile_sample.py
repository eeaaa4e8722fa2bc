"""The chart gates over the real site's council profiles and national chapter, on a sample.

Those charts are drawn by explainer/svgchart.py and explainer/hexmap.py, not by the chart engine,
so they get the same legibility, contrast and dark-mode gates as the chapters' charts. Checking all
~200 profiles at two widths in two schemes would take too long; the sample is chosen by what the
pages show, not by name: the national chapter, England, the profile whose trend has the most
withheld years, a former council, and the profile with the longest chart label.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from .gates import report
from .site import GATES, Site, take_chart_screenshots
from .tools import SCREENSHOTS

pytestmark = pytest.mark.browser

NATIONAL = "across-england/index.html"
CHART_GATES = [name for name in GATES if name.startswith(("chart-legibility-", "axe-", "charts-no-js"))]


def profile_sample(root: Path) -> list[str]:
    """Pages whose charts are the hardest to lay out, found by reading the built profiles."""
    profiles = {p.relative_to(root).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in sorted((root / "councils").glob("*.html"))}
    profiles = {page: soup for page, soup in profiles.items() if soup.select("figure.chart")}
    if not profiles:
        pytest.fail("no council profile has a chart")

    def withheld(soup: BeautifulSoup) -> int:
        return sum(figure.get_text().count("[c]") for figure in soup.select('figure.chart[id$="-trend"]'))

    def longest_label(soup: BeautifulSoup) -> int:
        return max((len(t.get_text()) for t in soup.select("figure.chart svg text")), default=0)

    former = [page for page, soup in profiles.items() if any(dt.get_text() == "Existed until" for dt in soup.select("dt"))]
    if not former:
        pytest.fail("no former council's profile has a chart")
    sample = {
        NATIONAL,
        "councils/england.html",
        max(profiles, key=lambda page: withheld(profiles[page])),
        former[0],
        max(profiles, key=lambda page: longest_label(profiles[page])),
    }
    if withheld(profiles[max(profiles, key=lambda page: withheld(profiles[page]))]) == 0:
        pytest.fail("no profile's trend has a withheld year")
    return sorted(sample)


@pytest.fixture(scope="module")
def profiles(served_site: Site) -> Site:
    return served_site.sampled(profile_sample(served_site.root))


@pytest.mark.parametrize("gate", CHART_GATES)
def test_chart_gates_find_nothing_on_profiles(browser: Browser, profiles: Site, gate: str) -> None:
    problems = GATES[gate](browser, profiles)
    assert not problems, report(problems)


@pytest.mark.parametrize("scheme", ["light", "dark", "print"])
@pytest.mark.parametrize("width", [375, 1280])
def test_profile_chart_screenshots(browser: Browser, profiles: Site, width: int, scheme: str) -> None:
    shots = take_chart_screenshots(browser, profiles, width, scheme, SCREENSHOTS / "profiles")
    assert shots and all(shot.stat().st_size > 0 for shot in shots)
    assert any("hexmap" in shot.name for shot in shots), "the national chapter's hex map was not photographed"
