"""Turn the raw official files into package rows: `build.py import-official`.

The rows depend only on the raw files and our tables in inputs/official/, in a fixed order, so a
rerun on unchanged inputs writes the same bytes. For each year the latest edition that holds it
wins; an older edition's figure for that year is not imported at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems
from ..model import OFFICIAL
from .geography import ENGLAND, Area, Register
from .inputs import Caution, RawFile, read_cautions, read_changes, read_manifest
from .measures import BY_ID, CODE_MEANINGS, METRICS, known_codes, read_cell
from .raw import NeighbourRow, RawFigure, read_cin, read_ees, read_neighbours, read_sfr

FIRST_YEAR, LAST_POPULATION_YEAR = 2015, 2024
CLA_READERS = ("cla_missing_sfr", "cla_missing_ees")
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
REUSE_OGL = "May be re-used under the Open Government Licence v3.0: copy, publish, adapt and use commercially, acknowledging the source."
LEVEL_ORDER = {"country": 0, "region": 1, "local_authority": 2}
METRIC_ORDER = {m.id: i for i, m in enumerate(METRICS)}


@dataclass
class Imported:
    authorities: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    metrics: list[dict[str, str]] = field(default_factory=list)
    observations: list[dict[str, str]] = field(default_factory=list)
    neighbours: list[dict[str, str]] = field(default_factory=list)
    cautions: list[dict[str, str]] = field(default_factory=list)


def collect(folder: Path, problems: Problems) -> Imported | None:
    """Every official row, or None when any input has a problem (then nothing is written)."""
    files = read_manifest(folder, problems)
    changes = read_changes(folder, problems)
    cautions = read_cautions(folder, problems)
    if problems.errors:
        return None
    figures: dict[str, list[RawFigure]] = {}
    neighbour_rows: list[tuple[RawFile, list[NeighbourRow]]] = []
    for f in files:
        path = folder / f.path
        if f.reader == "cla_missing_sfr":
            figures[f.source_id] = read_sfr(path, f.edition_year, problems)
        elif f.reader in ("cla_missing_ees", "population"):
            figures[f.source_id] = read_ees(path, "population" if f.reader == "population" else "cla", problems)
        elif f.reader == "cin_factors":
            figures[f.source_id] = read_cin(path, problems)
        elif f.reader == "neighbours":
            neighbour_rows.append((f, read_neighbours(path, problems)))
    if problems.errors:
        return None
    register = Register(changes)
    for figs in figures.values():
        for fig in figs:
            register.learn(fig)
    register.finish()
    for area in register.areas.values():
        if not area.region_name:
            problems.error(folder / "manifest.csv", None, f"no region for {area.code} {area.name}: none of the raw files gives one")
    chosen = _choose_editions(files, figures)
    result = Imported()
    result.observations = _observations(files, chosen, register, problems)
    result.neighbours = [row for f, rows in neighbour_rows for row in _neighbours(f, rows, register, problems)]
    result.cautions = _cautions(cautions, register, folder, problems)
    if problems.errors:
        return None
    used = {o["source_id"] for o in result.observations} | {n["source_id"] for n in result.neighbours}
    result.sources = [_source(f) for f in files if f.reader != "documentation" and f.source_id in used]
    result.authorities = [_authority(a) for a in sorted(register.areas.values(), key=_area_order)]
    result.metrics = [{"metric_id": m.id, "label": m.label, "unit": m.unit, "definition": m.definition} for m in METRICS]
    return result


def _choose_editions(files: list[RawFile], figures: dict[str, list[RawFigure]]) -> dict[str, list[RawFigure]]:
    """Each year of a series from the latest edition holding it; other series are taken whole."""
    latest: dict[int, tuple[int, str]] = {}
    for f in files:
        if f.reader in CLA_READERS:
            for year in {fig.year for fig in figures[f.source_id]}:
                latest[year] = max(latest.get(year, (0, "")), (f.edition_year, f.source_id))
    chosen = {}
    for f in files:
        if f.source_id not in figures or f.reader == "documentation":
            continue
        figs = figures[f.source_id]
        if f.reader in CLA_READERS:
            figs = [fig for fig in figs if latest[fig.year][1] == f.source_id and fig.year >= FIRST_YEAR]
        elif f.reader == "population":
            figs = [fig for fig in figs if FIRST_YEAR - 1 <= fig.year <= LAST_POPULATION_YEAR]
        chosen[f.source_id] = figs
    return chosen


def _period(fig: RawFigure, metric_id: str) -> tuple[dt.date, dt.date, dt.date]:
    """(start, end, the day the authority must exist): a year to 31 March, or the mid-year day of an estimate."""
    if metric_id == "population_0_17":
        day = dt.date(fig.year, 6, 30)
        return day, day, day
    end = dt.date(fig.year, 3, 31)
    return dt.date(fig.year - 1, 4, 1), end, end


def _observations(files: list[RawFile], chosen: dict[str, list[RawFigure]], register: Register, problems: Problems) -> list[dict[str, str]]:
    rows: list[tuple[tuple, dict[str, str]]] = []
    seen: dict[tuple, RawFigure] = {}
    order = {f.source_id: f.line for f in files}
    for source_id, figs in chosen.items():
        for fig in figs:
            if fig.level == "subregional":
                continue
            row = _observation(source_id, fig, register, problems)
            if row is None:
                continue
            key = (row["authority_code"], row["period_end"], row["metric_id"])
            if key in seen:
                first = seen[key]
                problems.error(fig.path, fig.line, f"{fig.measure}: a second figure for {row['authority_code']} in {fig.year} (first on {first.path.name} line {first.line})")
                continue
            seen[key] = fig
            area = register.areas[row["authority_code"]]
            sort_key = (order[source_id], row["period_end"], LEVEL_ORDER[area.level], area.code, METRIC_ORDER[row["metric_id"]])
            rows.append((sort_key, row))
    return [row for _, row in sorted(rows, key=lambda kv: kv[0])]


def _observation(source_id: str, fig: RawFigure, register: Register, problems: Problems) -> dict[str, str] | None:
    cell = read_cell(fig.text, fig.sfr)
    if cell is None:
        problems.error(fig.path, fig.line, f'{fig.measure}: expected a number or one of DfE\'s codes ({known_codes(fig.sfr)}), found "{fig.text}"')
        return None
    value, status = cell
    start, end, day = _period(fig, fig.metric_id)
    if fig.level == "national" and fig.code != ENGLAND:
        problems.error(fig.path, fig.line, f'country code: expected {ENGLAND} (England), found "{fig.code}"')
        return None
    code, note = register.resolve(fig, day)
    if status == "not_applicable" and (code is None or code != register.aliases.get(fig.code, fig.code)):
        return None  # DfE's "z" for a year the authority did not exist under this code: nothing to record
    if code is None:
        problems.error(
            fig.path,
            fig.line,
            f"{fig.measure}: a figure for {fig.code} {fig.name} in {fig.year}, when it did not exist (see inputs/official/authority-changes.csv)",
        )
        return None
    metric = BY_ID[fig.metric_id]
    if status != "reported":
        meaning = CODE_MEANINGS.get(fig.text.strip().lower(), "")
        note = " ".join(x for x in (f"DfE's code \u201c{fig.text.strip()}\u201d: {meaning}." if meaning else "", note) if x)
    elif metric.unit in ("children", "episodes", "assessments") and not isinstance(value, int):
        problems.error(fig.path, fig.line, f'{fig.measure}: expected a whole number of {metric.unit}, found "{fig.text}"')
        return None
    if metric.id == "population_0_17":
        note = " ".join(x for x in (f"Mid-{fig.year} estimate; DfE uses it for the year ending 31 March {fig.year + 1}.", note) if x)
    return {
        "source_id": source_id,
        "authority_code": code,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "metric_id": metric.id,
        "population": metric.population,
        "breakdown": "",
        "value": "" if value is None else str(value),
        "status": status,
        "as_reported": fig.text.strip(),
        "question": fig.measure,
        "note": note,
    }


def _neighbours(f: RawFile, rows: list[NeighbourRow], register: Register, problems: Problems) -> list[dict[str, str]]:
    """Groupings as of April 2021; those marked as before reorganisation are for the authorities that then ended."""
    april_2021 = dt.date(2021, 4, 1)
    result = []
    for row in rows:
        candidates = [a for a in register.areas.values() if a.la_number == row.la_number]
        day = april_2021
        if row.before_reorganisation:
            ended = [a.valid_to for a in candidates if a.valid_to and a.valid_to < april_2021]
            day = max(ended) if ended else april_2021
        area = register.by_number(row.la_number, day)
        if area is None:
            problems.error(row.path, row.line, f'LA num: no authority numbered {row.la_number} existed on {day.isoformat()} (see inputs/official/authority-changes.csv)')
            continue
        for rank, number, closeness in row.neighbours:
            neighbour = register.by_number(number, day) or register.by_number(number, april_2021)
            if neighbour is None:
                problems.error(row.path, row.line, f"SN{rank}: no authority numbered {number}")
                continue
            result.append(
                {"authority_code": area.code, "neighbour_rank": str(rank), "neighbour_code": neighbour.code, "closeness": closeness, "source_id": f.source_id}
            )
    return result


def _cautions(cautions: list[Caution], register: Register, folder: Path, problems: Problems) -> list[dict[str, str]]:
    path = folder / "cautions.csv"
    rows = []
    for c in cautions:
        if c.authority_code and c.authority_code not in register.areas:
            problems.error(path, c.line, f'authority_code: unknown authority "{c.authority_code}"')
        if c.metric_id and c.metric_id not in BY_ID:
            problems.error(path, c.line, f'metric_id: unknown official metric "{c.metric_id}"')
        for year in c.years or (None,):
            rows.append(_caution_row(f"{c.caution_id}-{year}" if len(c.years) > 1 else c.caution_id, c.authority_code, c.metric_id, year, c.text, c.origin, c.quoted_from))
    for change in sorted(register.changes.values(), key=lambda ch: ch.code):
        if change.code in register.areas:
            rows.append(_caution_row(f"boundary-{change.code.lower()}", change.code, "", None, change.note, "this project", "inputs/official/authority-changes.csv"))
    return rows


def _caution_row(caution_id: str, authority: str, metric: str, year: int | None, text: str, origin: str, quoted_from: str) -> dict[str, str]:
    return {
        "caution_id": caution_id,
        "authority_code": authority,
        "metric_id": metric,
        "period_start": f"{year - 1}-04-01" if year else "",
        "period_end": f"{year}-03-31" if year else "",
        "text": text,
        "origin": origin,
        "quoted_from": quoted_from,
    }


def _source(f: RawFile) -> dict[str, str]:
    return {
        "source_id": f.source_id,
        "authority_code": ENGLAND,
        "title": f.title,
        "request_reference": "",
        "response_date": "",
        "licence_id": f.licence_id,
        "licence_title": "Open Government Licence v3.0",
        "reuse_terms": REUSE_OGL,
        "url": f.url,
        "document": f.original_file_name,
        "received_as": f"Published data file, kept unedited in inputs/official/{f.path}",
        "source_kind": OFFICIAL,
        "publisher": f.publisher,
        "edition": f"{f.publication}, {f.edition}",
        "caveats": f.caveats,
        "attribution": OGL_ATTRIBUTION,
    }


def _area_order(area: Area) -> tuple[int, str]:
    return LEVEL_ORDER[area.level], area.code


def _authority(a: Area) -> dict[str, str]:
    return {
        "authority_code": a.code,
        "authority_name": a.name,
        "region": a.region_name,
        "area_level": a.level,
        "region_code": a.region_code,
        "valid_from": a.valid_from.isoformat() if a.valid_from else "",
        "valid_to": a.valid_to.isoformat() if a.valid_to else "",
        "successor_codes": " ".join(a.successors),
        "dfe_la_number": a.la_number,
    }
