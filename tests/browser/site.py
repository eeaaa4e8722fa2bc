"""A served site and the gates run over all of its pages (or a sample of them)."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser

from . import gates
from .gates import Problem
from .visit import Visit, visit

DATA_PAGE = "data/index.html"


@dataclass(frozen=True)
class Site:
    root: Path
    url: str  # base URL, ending in "/"
    # The pages the gates check, when not all of them (see sampled); None means every page.
    sample: tuple[str, ...] | None = None

    @property
    def pages(self) -> list[str]:
        """The pages the gates check: every HTML file under root, or the sample, as paths relative to root."""
        if self.sample is not None:
            return list(self.sample)
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def sampled(self, pages: Iterable[str]) -> Site:
        """This site with the gates restricted to pages.

        Site-wide gates then check only what the sample reaches: links from the sample pages,
        vnu on the sample files; the download gate still uses the data page's zip.
        """
        sample = tuple(sorted(set(pages)))
        missing = [page for page in sample if not (self.root / page).is_file()]
        if missing or not sample:
            raise ValueError(f"{self.root} lacks the sample pages {missing}" if missing else "an empty sample")
        return dataclasses.replace(self, sample=sample)

    def page_url(self, page: str) -> str:
        return self.url + quote(page)


Gate = Callable[[Browser, Site], list[Problem]]


def each_page(browser: Browser, site: Site, check: Callable[[Visit], list[Problem]], **options: object) -> list[Problem]:
    problems: list[Problem] = []
    for page in site.pages:
        with visit(browser, site.page_url(page), **options) as record:  # type: ignore[arg-type]
            problems += check(record)
    return problems


def load_gate(browser: Browser, site: Site) -> list[Problem]:
    def check(record: Visit) -> list[Problem]:
        # Late requests (a script's fetch) count too.
        record.page.wait_for_load_state("networkidle")
        return gates.load_problems(record)

    return each_page(browser, site, check)


def axe_gate(width: int, scheme: str = "light") -> Gate:
    def run(browser: Browser, site: Site) -> list[Problem]:
        return each_page(browser, site, lambda r: gates.axe_violations(r.page), width=width, bypass_csp=True, color_scheme=scheme)

    return run


def html_gate(browser: Browser, site: Site) -> list[Problem]:
    return gates.vnu_errors([site.root / page for page in site.pages], site.root)


def links_gate(browser: Browser, site: Site) -> list[Problem]:
    if site.sample is not None:
        return gates.broken_links(site.root, pages=site.pages)
    return gates.broken_links(site.root)


def charts_gate(browser: Browser, site: Site) -> list[Problem]:
    counted: list[int] = []

    def check(record: Visit) -> list[Problem]:
        counted.append(gates.chart_count(record.page))
        return gates.chart_problems(record.page)

    problems = each_page(browser, site, check, javascript=False)
    if sum(counted) == 0:
        problems.append(Problem("/", "no-charts", 'no page has a <figure class="chart">'))
    return problems


def tooltips_gate(browser: Browser, site: Site) -> list[Problem]:
    # wait_for_function evaluates its predicate with eval, which the site's Content-Security-Policy refuses.
    return each_page(browser, site, lambda r: gates.tooltip_problems(r.page), bypass_csp=True)


def focus_gate(browser: Browser, site: Site) -> list[Problem]:
    return each_page(browser, site, lambda r: gates.focus_problems(r.page))


def narrow_gate(browser: Browser, site: Site) -> list[Problem]:
    return each_page(browser, site, lambda r: gates.overflow_problems(r.page), width=320)


def text_zoom_gate(browser: Browser, site: Site) -> list[Problem]:
    # 640px is a 1280px window at 200% zoom; doubling the text size on top of it
    # is what a reader who also enlarges text gets.
    return each_page(browser, site, lambda r: gates.text_zoom_problems(r.page), width=640, text_scale=2.0)


def legibility_gate(width: int, scheme: str) -> Gate:
    """Chart text at least 12 px on screen and no labels overlapping; at 1280 px, no chart taller than the window."""

    def run(browser: Browser, site: Site) -> list[Problem]:
        check = lambda r: gates.legibility_problems(r.page, check_height=width >= 1280)  # noqa: E731
        return each_page(browser, site, check, width=width, height=800, color_scheme=scheme)

    return run


def download_gate(browser: Browser, site: Site) -> list[Problem]:
    if not (site.root / DATA_PAGE).is_file():
        return [Problem(f"/{DATA_PAGE}", "no-data-page", "the site has no data page")]
    with tempfile.TemporaryDirectory() as workdir, visit(browser, site.page_url(DATA_PAGE)) as record:
        return gates.data_zip_problems(record.page, Path(workdir))


GATES: dict[str, Gate] = {
    "load": load_gate,
    "axe-375": axe_gate(375),
    "axe-1280": axe_gate(1280),
    "axe-375-dark": axe_gate(375, "dark"),
    "axe-1280-dark": axe_gate(1280, "dark"),
    "html": html_gate,
    "links": links_gate,
    "charts-no-js": charts_gate,
    "tooltips": tooltips_gate,
    "focus": focus_gate,
    "no-scroll-320": narrow_gate,
    "text-200": text_zoom_gate,
    "download": download_gate,
    **{f"chart-legibility-{w}-{scheme}": legibility_gate(w, scheme) for w in (375, 1280) for scheme in ("light", "dark")},
}


def take_chart_screenshots(browser: Browser, site: Site, width: int, scheme: str, out: Path) -> list[Path]:
    """Every chart and map of every page, as out/charts/<width>-<scheme>/<page>--<chart>.png, for a person
    to look at; scheme "print" is the print stylesheet, from a screen set to dark."""
    folder = out / "charts" / f"{width}-{scheme}"
    shutil.rmtree(folder, ignore_errors=True)
    shots = []
    for page in site.pages:
        stem = page.removesuffix(".html").removesuffix("/index").replace("/", "--")
        printed = scheme == "print"
        with visit(browser, site.page_url(page), width=width, height=800, color_scheme="dark" if printed else scheme) as record:
            if printed:  # on paper, even from a screen set to dark
                record.page.emulate_media(media="print")
            for index, figure in enumerate(record.page.locator(f"{gates.CHART}, {gates.MAP}").all(), start=1):
                is_map = "hexmap-figure" in (figure.get_attribute("class") or "")
                shot = folder / f"{stem}--{figure.get_attribute('id') or ('hexmap' if is_map else index)}.png"
                # A map is shown with its key, which is HTML beside the SVG.
                (figure if is_map else figure.locator(".chart-graphic")).screenshot(path=shot)
                shots.append(shot)
    return shots


def take_screenshots(browser: Browser, site: Site, width: int, out: Path) -> list[Path]:
    """Full-page screenshots of every page at width, as out/<width>/<page>.png.

    A page's name flattens its path so one folder lists them all:
    "sources/lei-rhi/index.html" gives "sources--lei-rhi.png".
    """
    folder = out / str(width)
    shutil.rmtree(folder, ignore_errors=True)  # no stale pictures of pages gone
    shots = []
    for page in site.pages:
        stem = page.removesuffix(".html").removesuffix("/index").replace("/", "--")
        shot = folder / f"{stem}.png"
        with visit(browser, site.page_url(page), width=width) as record:
            record.page.screenshot(path=shot, full_page=True)
        shots.append(shot)
    return shots
