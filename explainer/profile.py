"""A council's profile: what the official figures and its FOI answers say, as plain data.

Everything a profile page shows is gathered here from the dataset, so the template only lays
it out and a test can compare every figure on the page with the package.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from .dataset import Dataset
from .model import Authority, Observation, Source
from .official_figures import (
    CIN_GOING_MISSING,
    CIN_WITH_FACTORS,
    INCIDENTS_PER_CHILD,
    MISSING_CHILDREN,
    MISSING_INCIDENTS,
    MISSING_SHARE,
    RATE,
    Cell,
    OfficialFigures,
)
from .source_digests import area_key, source_key, whole_key
from .svgchart import Bar, Series, bars, trend

if TYPE_CHECKING:
    from .model import Caution


# The latest year's measures, in the order the profile says them.
MEASURES = (
    (MISSING_CHILDREN, "Looked after children who went missing"),
    (MISSING_INCIDENTS, "Missing incidents"),
    (MISSING_SHARE, "Share of looked after children who went missing"),
    (INCIDENTS_PER_CHILD, "Missing incidents per child who went missing"),
    (RATE, "Looked after children who went missing, per 10,000 children"),
)
RATE_UNIT = "looked after children who went missing, per 10,000 children aged 0 to 17"
COLOURS = ("#1d4f91", "#b35806", "#505a5f")
DASHES = ("", "6 4", "2 3")
# The FOI question that counts the same children as DfE's return.
FOI_PAIRS = (("children_missing", "looked_after", MISSING_CHILDREN),)


OFFICIAL_CSV_NOTE = (
    "Sources: Department for Education, Children looked after in England including adoptions, and ONS mid-year population estimates "
    "as DfE republishes them (see sources/ on the site). Re-use: Open Government Licence v3.0. "
    "Contains public sector information licensed under the Open Government Licence v3.0."
)


@dataclass
class Chart:
    name: str
    title: str
    description: str
    svg: Markup
    header: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)

    @property
    def csv(self) -> str:
        buffer = io.StringIO()
        # Like every chart's CSV: what it is, where it comes from and the terms, before the rows.
        buffer.write(f"# {self.title}\n# {OFFICIAL_CSV_NOTE}\n")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return buffer.getvalue()


@dataclass
class Profile:
    authority: Authority
    region: Authority | None
    england: Authority | None
    latest: str | None
    table: list[tuple[str, str, list[Cell]]]  # (metric, label, [council, region, England])
    trend: Chart | None
    neighbours: Chart | None
    cin: list[tuple[str, Cell, Cell, Cell]]  # (year, assessments noting going missing, all with factors, England's)
    foi_sources: list[Source]
    foi_pairs: list[tuple[Observation, Cell]]
    cautions: list[Caution]  # this council's own notes (boundary changes, asylum-seeking children, zeros)
    latest_cautions: list[Caution]  # DfE's cautions on the latest year's figures
    trend_cautions: list[Caution]  # DfE's cautions on the trend's figures, any year
    sources: list[Source]
    successors: list[Authority]
    predecessors: list[Authority]
    # What the page shows, in the parts its "last changed" date is taken from (source_digests.py).
    parts: frozenset[str] = frozenset()

    @property
    def areas(self) -> list[Authority]:
        return [a for a in (self.authority, self.region, self.england) if a is not None]


def build_profile(ds: Dataset, figures: OfficialFigures, authority: Authority, slug: str) -> Profile:
    region, england = figures.region_of(authority), figures.england()
    if england is not None and england.code == authority.code:
        england = None
    areas = [a for a in (authority, region, england) if a is not None]
    latest = figures.latest_year(authority.code)
    table = []
    if latest:
        for metric, label in MEASURES:
            table.append((metric, label, [_cell(figures, a.code, latest, metric) for a in areas]))
    used = [c for _, _, cells in table for c in cells]
    trend_chart = _trend(figures, areas, slug)
    if trend_chart:
        used += [figures.rate(a.code, y) for a in areas for y in figures.years]
    neighbour_chart = _neighbours(ds, figures, authority, latest, slug)
    group = figures.neighbours.get(authority.code, []) if neighbour_chart and latest else []
    # The similar-councils chart draws the neighbours' rates and DfE's grouping: both are sources.
    used += [figures.rate(n.neighbour_code, latest) for n in group if latest]
    cin = _cin(figures, authority.code, england)
    pairs = _foi_pairs(ds, figures, authority.code)
    foi_sources = [s for s in ds.sources_of(authority.code) if not s.is_official]
    shown = [o for c in used for o in c.inputs]
    shown += [o for _, a, b, c in cin for cell in (a, b, c) for o in cell.inputs]
    shown += [o for _, cell in pairs for o in cell.inputs]
    source_ids = {o.source_id for o in shown} | {n.source_id for n in group}
    parts = {area_key(o.source_id, o.authority_code) for o in shown} | {source_key(s) for s in source_ids}
    return Profile(
        authority,
        region,
        england,
        latest,
        table,
        trend_chart,
        neighbour_chart,
        cin,
        foi_sources,
        pairs,
        _distinct([c for c in ds.cautions if c.authority_code == authority.code]),
        _cautions_on(ds, [o for _, _, cells in table for c in cells for o in c.inputs], authority.code),
        _cautions_on(ds, [o for a in areas for y in figures.years for o in figures.rate(a.code, y).inputs], authority.code)
        if trend_chart
        else [],
        sorted((ds.sources[s] for s in source_ids), key=lambda s: s.id),
        [ds.authorities[c] for c in authority.successor_codes if c in ds.authorities],
        [a for a in ds.authorities.values() if authority.code in a.successor_codes],
        frozenset(parts | {whole_key(s.id) for s in foi_sources}),
    )


def _cell(figures: OfficialFigures, code: str, year: str, metric: str) -> Cell:
    return figures.rate(code, year) if metric == RATE else figures.cell(code, year, metric)


def _trend(figures: OfficialFigures, areas: list[Authority], slug: str) -> Chart | None:
    years = figures.years
    cells = [[figures.rate(a.code, y) for y in years] for a in areas]
    if not any(c.value is not None for c in cells[0]):
        return None
    series = [
        Series(a.name, [c.value for c in row], COLOURS[i], DASHES[i], [c.short for c in row])
        for i, (a, row) in enumerate(zip(areas, cells, strict=True))
    ]
    labels = [year_ending(y) for y in years]
    name = f"{slug}-trend"
    gaps = [y for y, c in zip(labels, cells[0], strict=True) if c.value is None]
    where = ", ".join(a.name for a in areas[1:])
    description = (
        f"Looked after children in {areas[0].name} who went missing, per 10,000 children aged 0 to 17, in each year ending 31 March"
        f" from {labels[0]} to {labels[-1]}{', beside ' + where if where else ''}."
        + (
            f" No line is drawn for {', '.join(gaps)}: the figure was withheld or not published, or the council did not exist."
            if gaps
            else ""
        )
    )
    header = ["Year ending 31 March", *(a.name for a in areas)]
    rows = [[label, *(row[i].short for row in cells)] for i, label in enumerate(labels)]
    svg = trend(series, labels, "per 10,000 children aged 0 to 17", f"{name}-title", f"{name}-desc")
    return Chart(
        name,
        f"{areas[0].name}: looked after children who went missing per 10,000 children, {labels[0]} to {labels[-1]}",
        description,
        svg,
        header,
        rows,
    )


def _neighbours(ds: Dataset, figures: OfficialFigures, authority: Authority, year: str | None, slug: str) -> Chart | None:
    group = figures.neighbours.get(authority.code, [])
    if not group or year is None:
        return None
    members = [(authority, "this council"), *((ds.authorities[n.neighbour_code], n.closeness) for n in group)]
    cells = [figures.rate(a.code, year) for a, _ in members]
    items = [Bar(a.name, c.value, c.short, a.code == authority.code) for (a, _), c in zip(members, cells, strict=True)]
    name = f"{slug}-neighbours"
    end = year_ending(year)
    shown = [c for c in cells if c.value is not None]
    description = (
        f"{authority.name} and its {len(group)} statistical neighbours (councils DfE groups as most alike), in the year ending 31 March {end}:"
        f" looked after children who went missing per 10,000 children aged 0 to 17. {len(shown)} of {len(members)} have a figure."
    )
    header = ["Council", "Closeness (DfE)", f"Per 10,000 children, year ending 31 March {end}"]
    rows = [[a.name, closeness, c.short] for (a, closeness), c in zip(members, cells, strict=True)]
    svg = bars(items, "per 10,000 children aged 0 to 17", f"{name}-title", f"{name}-desc")
    return Chart(name, f"{authority.name} among its statistical neighbours, year ending 31 March {end}", description, svg, header, rows)


def year_ending(label: str) -> str:
    """A reporting year's label as the year it ends in, 31 March: "2023-24" -> "2024"."""
    return str(int(label[:4]) + 1)


def _cin(figures: OfficialFigures, code: str, england: Authority | None) -> list[tuple[str, Cell, Cell, Cell]]:
    years = [y for y in figures.cin_years if (code, y, CIN_GOING_MISSING) in figures.figures]
    england_code = england.code if england else ""
    return [
        (
            y,
            figures.cell(code, y, CIN_GOING_MISSING),
            figures.cell(code, y, CIN_WITH_FACTORS),
            figures.cell(england_code, y, CIN_GOING_MISSING),
        )
        for y in years
    ]


def _foi_pairs(ds: Dataset, figures: OfficialFigures, code: str) -> list[tuple[Observation, Cell]]:
    pairs = []
    for obs in ds.by_authority.get(code, []):
        source = ds.sources[obs.source_id]
        if source.is_official or obs.breakdown:
            continue
        for metric, population, official in FOI_PAIRS:
            if obs.metric_id == metric and obs.population == population and obs.period.kind == "financial year":
                cell = figures.cell(code, obs.period.label, official)
                if cell.inputs:
                    pairs.append((obs, cell))
    return pairs


def _distinct(cautions: list[Caution]) -> list[Caution]:
    """One of each wording: a note recorded for two years (once per period, so each figure finds
    it) is read once at the top of the page."""
    first: dict[str, Caution] = {}
    for c in cautions:
        first.setdefault(c.text, c)
    return list(first.values())


def _cautions_on(ds: Dataset, observations: list[Observation], code: str) -> list[Caution]:
    """Cautions for every council (DfE's) that qualify one of these figures; the council's own are shown apart."""
    shown = {(o.metric_id, o.period.start, o.period.end) for o in observations}
    return [
        c
        for c in ds.cautions
        if not c.authority_code
        and any(
            (not c.metric_id or c.metric_id == metric) and (c.period_end is None or (c.period_start, c.period_end) == (start, end))
            for metric, start, end in shown
        )
    ]
