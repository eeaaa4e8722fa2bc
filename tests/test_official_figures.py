"""Official figures and council profiles on small made-up packages: properties for any data."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from explainer.dataset import Dataset
from explainer.model import Authority, Metric, Observation, Period, Source
from explainer.official_figures import MISSING_CHILDREN, OfficialFigures
from explainer.profile import build_profile

ENGLAND, REGION = "E92000001", "E12000001"


@dataclass(frozen=True)
class Area(Authority):
    area_level: str = "local_authority"
    region_code: str = REGION
    valid_to: dt.date | None = None
    successor_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Official(Source):
    kind: str = "official_statistics"
    edition: str = "test edition"
    publisher: str = "DfE"
    attribution: str = ""


def year(end: int) -> Period:
    return Period(dt.date(end - 1, 4, 1), dt.date(end, 3, 31))


def obs(
    code: str, metric: str, period: Period, value: float | None, status: str = "reported", population: str = "looked_after"
) -> Observation:
    return Observation(1, "dfe", code, period, metric, population, "", value if status == "reported" else None, status, str(value), "m", "")


def package(pick: random.Random, councils: int = 6) -> Dataset:
    areas = [Area(ENGLAND, "England", "England", "country", ""), Area(REGION, "North", "North", "region", REGION)]
    areas += [Area(f"E060000{n:02d}", f"Council {n}", "North") for n in range(councils)]
    rows = []
    for area in areas:
        for end in range(2015, 2025):
            if pick.random() < 0.1:
                continue  # no return that year
            status = pick.choice(["reported"] * 6 + ["suppressed", "not_applicable"])
            rows.append(obs(area.code, MISSING_CHILDREN, year(end), pick.randint(0, 400), status))
            if pick.random() < 0.9:
                day = Period(dt.date(end - 1, 6, 30), dt.date(end - 1, 6, 30))
                rows.append(obs(area.code, "population_0_17", day, pick.randint(0, 90_000), population="all"))
    metrics = {m: Metric(m, m, "children", "") for m in (MISSING_CHILDREN, "population_0_17", "cla_missing_incidents")}
    metrics |= {
        "cla_missing_children_pct": Metric("cla_missing_children_pct", "share", "percent", ""),
        "cla_missing_incidents_per_child": Metric("cla_missing_incidents_per_child", "avg", "average", ""),
    }
    source = Official("dfe", ENGLAND, "DfE", "", None, "OGL-UK-3.0", "OGL", "terms", "", "", "")
    return Dataset({"name": "t"}, {a.code: a for a in areas}, {"dfe": source}, metrics, rows, [])


def test_a_rate_is_given_only_from_a_reported_count_and_population() -> None:
    for seed in range(30):
        ds = package(random.Random(seed))
        figures = OfficialFigures(ds)
        for area in ds.authorities.values():
            for y in figures.years:
                cell = figures.rate(area.code, y)
                count = next(
                    (
                        o
                        for o in ds.observations
                        if o.authority_code == area.code and o.metric_id == MISSING_CHILDREN and o.period.label == y
                    ),
                    None,
                )
                pop = next(
                    (
                        o
                        for o in ds.observations
                        if o.authority_code == area.code and o.metric_id == "population_0_17" and o.period.end.year == int(y[:4])
                    ),
                    None,
                )
                if count is None or pop is None:
                    assert cell.value is None and cell.status == "absent"
                elif not count.is_reported or not pop.value:
                    assert cell.value is None and cell.status != "reported" and cell.text != "0"
                else:
                    assert cell.value == round(10_000 * count.value / pop.value)


def test_a_profile_trend_draws_exactly_the_years_with_a_rate() -> None:
    for seed in range(20):
        ds = package(random.Random(seed))
        figures = OfficialFigures(ds)
        for area in ds.authorities.values():
            if area.area_level != "local_authority":
                continue
            profile = build_profile(ds, figures, area, area.slug)
            rates = [figures.rate(area.code, y) for y in figures.years]
            if profile.trend is None:
                assert all(r.value is None for r in rates)
                continue
            assert [row[1] for row in profile.trend.rows] == [r.short for r in rates]
            drawn = str(profile.trend.svg).count(f'aria-label="{area.name};')
            assert drawn == sum(r.value is not None for r in rates)
            assert [a.code for a in profile.areas] == [area.code, REGION, ENGLAND]


def test_the_latest_year_is_the_last_with_a_return() -> None:
    ds = package(random.Random(5))
    figures = OfficialFigures(ds)
    for area in ds.authorities.values():
        years = [o.period.label for o in ds.observations if o.authority_code == area.code and o.metric_id == MISSING_CHILDREN]
        assert figures.latest_year(area.code) == (max(years) if years else None)
