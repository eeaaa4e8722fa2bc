"""Every gate over a sample of the SYNTHETIC national site: 153 councils x 10 years.

bench/generate.py writes the national package; the real content/, templates/ and site.toml
are copied beside it into a throwaway project root (as bench/run.py does), which build.py
builds. Checking all of its ~1,700 pages would take too long, so the gates check a sample:
the home page, the chapter with the most charts and three authority pages. The site-wide
gates check what the sample reaches: links from the sample pages, vnu on the sample files,
and the data page's zip (the whole national package).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from .gates import report
from .gates.charts import CHART
from .server import serve
from .site import GATES, Site
from .tools import REPO

pytestmark = pytest.mark.browser

# The two councils with real rows, and a synthetic county council (an E10 code).
COUNCILS = ("coventry", "leicester", "kent")


@pytest.fixture(scope="module")
def national_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("national")
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "site.toml", root / "site.toml")
    run([sys.executable, str(REPO / "bench" / "generate.py"), str(root / "data")])
    run([sys.executable, str(REPO / "build.py"), "build", "--root", str(root)])
    built = root / "site"
    pages = ["index.html", chapter_with_most_charts(built), *(f"councils/{slug}.html" for slug in COUNCILS)]
    with serve(built) as url:
        yield Site(built, url).sampled(pages)  # ValueError if the build left out a sample page


def run(command: list[str]) -> None:
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def chapter_with_most_charts(built: Path) -> str:
    """The chapter page (a top-level folder's index.html) with the most charts; the first by name on a tie."""
    counts = {
        page.relative_to(built).as_posix(): len(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(CHART))
        for page in sorted(built.glob("*/index.html"))
    }
    chapter = max(counts, key=lambda page: counts[page], default=None)
    if chapter is None or counts[chapter] == 0:
        pytest.fail(f"no chapter of the national site has a {CHART}")
    return chapter


def test_sample_is_home_a_chapter_and_three_councils(national_site: Site) -> None:
    assert len(national_site.pages) == 5, national_site.pages
    assert {"index.html", "councils/coventry.html", "councils/leicester.html", "councils/kent.html"} < set(national_site.pages)


@pytest.mark.parametrize("gate", GATES)
def test_gate_finds_nothing_on_the_sample(browser: Browser, national_site: Site, gate: str) -> None:
    problems = GATES[gate](browser, national_site)
    assert not problems, report(problems)
