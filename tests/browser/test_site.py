"""The gates over the real site, built fresh by build.py: each must find nothing."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Browser

from .gates import report
from .site import GATES, Site, take_chart_screenshots, take_screenshots
from .tools import SCREENSHOTS

pytestmark = pytest.mark.browser


def _without_profiles(site: Site) -> Site:
    """Every page but the 171 council profiles, which share one template: the gates run on a
    chosen sample of them (test_profile_sample.py) and on 20 at random (test_profiles_sample.py);
    every profile on every gate would take the best part of two hours."""
    return site.sampled(page for page in site.pages if not page.startswith("councils/") or page == "councils/index.html")


@pytest.mark.parametrize("gate", GATES)
def test_gate_finds_nothing(browser: Browser, served_site: Site, gate: str) -> None:
    problems = GATES[gate](browser, _without_profiles(served_site))
    assert not problems, report(problems)


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(browser: Browser, served_site: Site, width: int) -> None:
    shots = take_screenshots(browser, _without_profiles(served_site), width, SCREENSHOTS)
    assert all(shot.stat().st_size > 0 for shot in shots)


@pytest.mark.parametrize("scheme", ["light", "dark", "print"])
@pytest.mark.parametrize("width", [375, 1280])
def test_chart_screenshots(browser: Browser, served_site: Site, width: int, scheme: str) -> None:
    # The chapters' charts; profiles' charts are photographed on a sample (test_profile_sample.py),
    # since every council's two charts in six variants would be some 2,000 pictures nobody looks at.
    chapters = served_site.sampled(page for page in served_site.pages if not page.startswith("councils/"))
    shots = take_chart_screenshots(browser, chapters, width, scheme, SCREENSHOTS)
    assert shots and all(shot.stat().st_size > 0 for shot in shots)


def test_missing_page_gets_the_404_page(served_site: Site) -> None:
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(served_site.url + "no/such/page.html", timeout=10)
    assert raised.value.code == 404
    assert raised.value.read() == (served_site.root / "404.html").read_bytes()
