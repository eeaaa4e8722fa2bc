"""Council profiles against the package: every figure shown equals the package's, for a random
sample of councils (the seed is printed), and suppressed figures are never drawn."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from explainer.dataset import Dataset, load
from explainer.errors import Problems
from explainer.formatting import format_value
from explainer.model import STATUS_SHORTHAND
from explainer.urls import council_page, source_page

SAMPLE = 20


@pytest.fixture(scope="module")
def ds() -> Dataset:
    loaded = load(ROOT / "data", Problems())
    assert loaded is not None
    return loaded


def _official(ds: Dataset, code: str, year: str, metric: str) -> list:
    return [
        o
        for o in ds.find(code, year, metric, "looked_after") + ds.find(code, year, metric, "all")
        if ds.sources[o.source_id].is_official
    ]


def _expected_text(ds: Dataset, obs) -> str:
    if not obs.is_reported:
        return STATUS_SHORTHAND[obs.status]
    return format_value(obs.value, "percent" if ds.metrics[obs.metric_id].unit == "percent" else "children")


def _expected_rate(ds: Dataset, code: str, year: str) -> str:
    """Worked out here from the package's rows, not with the site's code."""
    count = _official(ds, code, year, "cla_missing_children")
    end = int(year[:4]) + 1
    population = [
        o for o in ds.by_authority[code] if o.metric_id == "population_0_17" and o.period.end.year == end - 1 and o.period.end.month == 6
    ]
    if not count or not population:
        return "no figure"
    if not count[0].is_reported:
        return STATUS_SHORTHAND[count[0].status]
    if not population[0].is_reported:
        return STATUS_SHORTHAND[population[0].status]
    return f"{round(10_000 * count[0].value / population[0].value):,}"


def _sample(ds: Dataset, real_site: Path) -> list[str]:
    councils = sorted(a.code for a in ds.authorities.values() if a.area_level == "local_authority")
    # PROFILE_SEED replays a run's sample.
    seed = int(os.environ.get("PROFILE_SEED") or random.randrange(1_000_000))
    print(f"profile sample seed: {seed} (PROFILE_SEED={seed} replays it)")
    chosen = random.Random(seed).sample(councils, min(SAMPLE, len(councils)))
    return chosen


def test_every_latest_figure_on_a_profile_equals_the_package(ds: Dataset, real_site: Path) -> None:
    sample = _sample(ds, real_site)
    assert len(sample) >= SAMPLE, "fewer councils with official figures than the sample needs"
    checked = 0
    for code in sample:
        soup = BeautifulSoup((real_site / council_page(ds.authorities[code].slug)).read_text(encoding="utf-8"), "html.parser")
        heading = soup.find(id="latest")
        if heading is None:
            assert not any(_official(ds, code, y, "cla_missing_children") for y in {o.period.label for o in ds.by_authority[code]}), code
            continue
        year = heading["data-year"]
        for row in soup.select("table.profile-latest tr[data-metric]"):
            metric = row["data-metric"]
            for cell in row.select("td[data-area]"):
                area, shown = cell["data-area"], cell.get_text(" ", strip=True)
                if metric == "rate_per_10000":
                    expected = _expected_rate(ds, area, year)
                else:
                    found = _official(ds, area, year, metric)
                    expected = _expected_text(ds, found[0]) if found else "no figure"
                assert shown.startswith(expected), f"{code} {year} {metric} {area}: page {shown!r}, package {expected!r}"
                checked += 1
    assert checked > 0


def test_no_suppressed_year_is_drawn_on_a_trend(ds: Dataset, real_site: Path) -> None:
    for code in _sample(ds, real_site):
        authority = ds.authorities[code]
        soup = BeautifulSoup((real_site / council_page(authority.slug)).read_text(encoding="utf-8"), "html.parser")
        figure = soup.find(id=f"chart-{authority.slug}-trend")
        if figure is None:
            continue
        drawn = {
            c["aria-label"].split("; ")[1].split(":")[0]
            for c in figure.select("circle[aria-label]")
            if c["aria-label"].startswith(authority.name + ";")
        }
        for row in figure.select("tbody tr"):
            year = row.th.get_text(strip=True)
            label = f"{int(year) - 1}-{year[2:]}"
            expected = _expected_rate(ds, code, label)
            assert row.select("td")[0].get_text(strip=True) == (expected if expected != "no figure" else "[x]"), (code, year)
            assert (year in drawn) == expected[:1].isdigit(), (code, year, expected)


def test_the_hex_map_has_a_linked_hexagon_for_every_current_council(ds: Dataset, real_site: Path) -> None:
    from explainer.hexlayout import read_layout

    layout = read_layout(ROOT / "inputs", Problems())
    soup = BeautifulSoup((real_site / "across-england" / "index.html").read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one("svg.hexmap")
    assert svg is not None
    assert len(svg.find_all("path")) == len(layout)
    linked = {a["href"].removeprefix("../") for a in svg.find_all("a")}
    assert all((real_site / href).is_file() for href in linked)
    current = [a for a in ds.authorities.values() if a.area_level == "local_authority" and a.valid_to is None]
    assert current
    assert {council_page(a.slug) for a in current if a.code in layout} <= linked
    # The map shows official statistics: a council they cover must have its hexagon (one known
    # only from an FOI answer, e.g. the guide's example council, has nothing to colour it by).
    covered = {o.authority_code for o in ds.observations if ds.sources[o.source_id].is_official}
    assert {a.code for a in current if a.code in covered} <= set(layout), "a current council has no hexagon"
    table = {a["href"].removeprefix("../") for a in soup.select("details table a[href]")}
    assert linked <= table, "every hexagon's council is in the table too"


def test_each_council_note_is_on_its_profile_once(ds: Dataset, real_site: Path) -> None:
    """A council's own notes (from cautions.csv) head its profile, each wording once, however many
    periods it was recorded for."""
    noted = {c.authority_code for c in ds.cautions if c.authority_code}
    assert noted, "the package has no council's own note, so this test would check nothing"
    for code in sorted(noted):
        page = BeautifulSoup((real_site / council_page(ds.authorities[code].slug)).read_text(encoding="utf-8"), "html.parser")
        shown = [p.get_text(" ", strip=True) for p in page.select("main p.caution") if p.strong and p.strong.get_text() == "Note:"]
        wordings = {c.text for c in ds.cautions if c.authority_code == code}
        assert len(shown) == len(wordings), (code, shown)
        for text in wordings:
            assert sum(text in s for s in shown) == 1, (code, text)


def test_a_profile_with_similar_councils_names_dfe_grouping_among_its_sources(ds: Dataset, real_site: Path) -> None:
    grouped = {n.authority_code: n.source_id for n in ds.neighbours}
    assert grouped, "the package has no statistical neighbours, so this test would check nothing"
    for code in sorted(grouped)[:: max(1, len(grouped) // 15)]:
        page = BeautifulSoup((real_site / council_page(ds.authorities[code].slug)).read_text(encoding="utf-8"), "html.parser")
        if not page.find(id=lambda i: bool(i) and i.endswith("-neighbours-title")):
            continue
        heading = page.find(id="sources")
        assert heading is not None, code
        linked = {a["href"].rsplit("/", 1)[-1] for a in heading.find_next("ul").find_all("a")}
        assert source_page(grouped[code]).rsplit("/", 1)[-1] in linked, code
