"""The national chapter: England's trend, the regions, the spread between councils, a hex map.

Built from the official figures alone, so every number on it is DfE's or computed from DfE's
and ONS's figures the way DfE does; the words say who is compared with whom.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import hexmap
from .dataset import Dataset
from .hexlayout import Hex
from .model import Authority, Source
from .official_figures import MISSING_CHILDREN, MISSING_INCIDENTS, MISSING_SHARE, Cell, OfficialFigures
from .profile import Chart, year_ending
from .svgchart import Bar, Series, bars, trend
from .urls import council_page

if TYPE_CHECKING:
    from .model import Caution


@dataclass(frozen=True)
class CouncilRate:
    authority: Authority
    region: str
    rate: Cell
    count: Cell
    on_map: bool


@dataclass
class National:
    england: Authority
    latest: str
    headline: dict[str, Cell]
    trend: Chart
    regions: Chart
    councils: list[CouncilRate]
    spread: dict[str, object]
    map_svg: Markup
    bands: list[hexmap.Band]
    map_csv: str
    sources: list[Source]
    cautions: list[Caution]

    @property
    def end(self) -> str:
        return year_ending(self.latest)


def build_national(ds: Dataset, figures: OfficialFigures, layout: dict[str, Hex], root: str) -> National | None:
    england = figures.england()
    if england is None or not figures.years:
        return None
    latest = figures.years[-1]
    headline = {m: figures.cell(england.code, latest, m) for m in (MISSING_CHILDREN, MISSING_INCIDENTS, MISSING_SHARE)}
    headline["rate"] = figures.rate(england.code, latest)
    councils = _council_rates(ds, figures, latest, layout)
    rated = [c for c in councils if c.rate.value is not None]
    values = sorted(c.rate.value for c in rated)  # type: ignore[misc]
    spread: dict[str, object] = {"with_rate": len(rated), "without_rate": len(councils) - len(rated)}
    if values:
        low, high = min(rated, key=lambda c: c.rate.value), max(rated, key=lambda c: c.rate.value)  # type: ignore[arg-type, return-value]
        spread.update(median=round(statistics.median(values)), lowest=low, highest=high)
    scale = hexmap.bands(values, unit=" per 10,000")
    entries = {
        c.authority.code: hexmap.HexValue(
            c.rate.value,
            f"{c.rate.text} per 10,000 children" if c.rate.value is not None else c.rate.text,
            root + council_page(c.authority.slug),
        )
        for c in councils
    }
    svg = hexmap.svg(
        layout,
        entries,
        scale,
        f"Hex map of England: looked after children who went missing per 10,000 children, by council, year ending 31 March {year_ending(latest)}",
        "hexmap-title",
    )
    used = {o.source_id for cell in headline.values() for o in cell.inputs} | {o.source_id for c in councils for o in c.rate.inputs}
    return National(
        england,
        latest,
        headline,
        _england_trend(figures, england),
        _region_bars(ds, figures, latest),
        councils,
        spread,
        svg,
        scale,
        _map_csv(councils, latest),
        sorted((ds.sources[s] for s in used), key=lambda s: s.id),
        # DfE's cautions on England's missing-from-care figures, in any year shown.
        [c for c in ds.cautions if not c.authority_code and c.metric_id in (MISSING_CHILDREN, MISSING_INCIDENTS, "")],
    )


def _council_rates(ds: Dataset, figures: OfficialFigures, year: str, layout: dict[str, Hex]) -> list[CouncilRate]:
    councils = [
        a
        for a in ds.authorities.values()
        if a.area_level == "local_authority" and (a.code, year, MISSING_CHILDREN) in figures.figures
    ]
    return sorted(
        (
            CouncilRate(a, a.region, figures.rate(a.code, year), figures.cell(a.code, year, MISSING_CHILDREN), a.code in layout)
            for a in councils
        ),
        key=lambda c: (c.region, c.authority.name),
    )


def _england_trend(figures: OfficialFigures, england: Authority) -> Chart:
    years = figures.years
    cells = [figures.cell(england.code, y, MISSING_CHILDREN) for y in years]
    labels = [year_ending(y) for y in years]
    name = "england-trend"
    svg = trend(
        [Series(england.name, [c.value for c in cells], "#1d4f91", "", [c.short for c in cells])],
        labels,
        "looked after children who went missing",
        f"{name}-title",
        f"{name}-desc",
    )
    first, last = cells[0], cells[-1]
    description = f"Looked after children in England who went missing at least once in the year: {first.text} in the year ending 31 March {labels[0]}, {last.text} in {labels[-1]}."
    return Chart(
        name,
        f"England: looked after children who went missing, {labels[0]} to {labels[-1]}",
        description,
        svg,
        ["Year ending 31 March", england.name],
        [[lab, c.short] for lab, c in zip(labels, cells, strict=True)],
    )


def _region_bars(ds: Dataset, figures: OfficialFigures, year: str) -> Chart:
    regions = sorted((a for a in ds.authorities.values() if a.area_level == "region"), key=lambda a: a.name)
    cells = [figures.rate(r.code, year) for r in regions]
    name = "regions"
    end = year_ending(year)
    ranked = sorted((c.value, r.name) for r, c in zip(regions, cells, strict=True) if c.value is not None)
    description = (
        f"Looked after children who went missing per 10,000 children aged 0 to 17, in each of England's {len(regions)} regions, year ending 31 March {end}."
        + (f" Lowest: {ranked[0][1]} ({ranked[0][0]:g}); highest: {ranked[-1][1]} ({ranked[-1][0]:g})." if ranked else "")
    )
    svg = bars(
        [Bar(r.name, c.value, c.short) for r, c in zip(regions, cells, strict=True)],
        "per 10,000 children aged 0 to 17",
        f"{name}-title",
        f"{name}-desc",
    )
    rows = [[r.name, c.short] for r, c in zip(regions, cells, strict=True)]
    return Chart(
        name,
        f"Regions of England: looked after children who went missing per 10,000 children, year ending 31 March {end}",
        description,
        svg,
        ["Region", "Per 10,000 children"],
        rows,
    )


def _map_csv(councils: list[CouncilRate], year: str) -> str:
    lines = [f"authority_code,authority_name,region,children_missing_{year_ending(year)},rate_per_10000_{year_ending(year)}"]
    for c in councils:
        name = c.authority.name.replace('"', '""')
        lines.append(f'{c.authority.code},"{name}",{c.region},{c.count.short},{c.rate.short}')
    return "\n".join(lines) + "\n"
