"""Read DfE's and ONS's raw files, as published, into one flat list of figures.

Each reader knows one layout. It checks the header before reading a row (an unknown or missing
column is refused, with the line and a hint), and yields every cell it uses with its line number,
so a later problem can still be reported as `file:line`. Nothing here decides what a figure means;
that is `measures` and `geography`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problems
from .measures import CIN_COLUMNS, EES_GROUPS, POPULATION_GROUP, SFR_COLUMNS


@dataclass(frozen=True)
class RawFigure:
    path: Path
    line: int
    year: int  # the reporting year: year ending 31 March, or the mid-year of a population estimate
    level: str  # national, regional, subregional or local_authority
    la_number: str
    code: str
    name: str
    region_code: str
    region_name: str
    measure: str
    metric_id: str
    text: str
    sfr: bool


@dataclass(frozen=True)
class NeighbourRow:
    path: Path
    line: int
    la_number: str
    name: str
    before_reorganisation: bool
    neighbours: tuple[tuple[int, str, str], ...]  # (rank, la number, closeness)


LEVELS = {"National": "national", "Regional": "regional", "Local authority": "local_authority"}
EES_COMMON = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name", "old_la_code", "la_name", "new_la_code"]
SFR_LEVELS = {"NATIONAL": "national", "REGION": "regional", "LA": "local_authority"}
# The old tables list Inner and Outer London as regions under London's code; they are parts of a region.
SFR_SUBREGIONS = {"H", "I"}
CIN_OTHER_FACTORS = ["Alcohol_Misuse_child", "Alcohol_Misuse_parent", "Alcohol_Misuse_person", "Drug_Misuse_child", "Drug_Misuse_parent", "Drug_Misuse_person", "Domestic_Abuse_child", "Domestic_Abuse_parent", "Domestic_Abuse_person", "Mental_Health_child", "Mental_Health_parent", "Mental_Health_person", "Learning_Disability_child", "Learning_Disability_parent", "Learning_Disability_person", "Physical_Disability_child", "Physical_Disability_parent", "Physical_Disability_person", "Young_Carer", "Privately_fostered", "Unaccompanied_asylum_seeker", "Child_sexual_exploitation", "Trafficking", "Gangs", "Socially_unacceptable_behaviour", "Self_harm", "Neglect", "Emotional_Abuse", "Physical_Abuse_unknown", "Physical_Abuse_child_on_child", "Physical_Abuse_adult_on_child", "Sexual_Abuse_unknown", "Sexual_Abuse_child_on_child", "Sexual_Abuse_adult_on_child", "Female_Genital_Mutilation", "Faith_linked_abuse", "Child_criminal_exploitation", "Other"]


def _rows(path: Path, problems: Problems) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | None:
    """Header and (line, cells) pairs. DfE's files come with and without a byte-order mark, CRLF or LF."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.error(path, None, f"file is not UTF-8 text ({exc.reason}); keep the file exactly as the publisher released it")
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        problems.error(path, 1, "file is empty: expected a header row")
        return None

    def body() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield reader.line_num, cells

    return [h.strip() for h in header], body()


def _check_header(path: Path, header: list[str], expected: list[str], problems: Problems, hint: str) -> bool:
    lowered = [h.lower() for h in header]
    missing = [e for e in expected if e.lower() not in lowered]
    unknown = [h for h in header if h and h.lower() not in {e.lower() for e in expected}]
    for name in unknown:
        problems.error(path, 1, f'unknown column "{name}": expected only {", ".join(expected)} ({hint})')
    for name in missing:
        problems.error(path, 1, f'missing column "{name}" ({hint})')
    return not unknown and not missing


def _whole_rows(path: Path, header: list[str], rows: Iterable[tuple[int, list[str]]], problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """The rows with one cell per column; any other is refused at its line."""
    for line, cells in rows:
        if len(cells) != len(header):
            problems.error(path, line, f"expected {len(header)} cells, found {len(cells)}")
            continue
        yield line, cells


def read_sfr(path: Path, year: int, problems: Problems) -> list[RawFigure]:
    """DfE's 2015 to 2017 tables: one row per area, one column per measure; no year column (the edition gives it)."""
    got = _rows(path, problems)
    if got is None:
        return []
    header, rows = got
    ids = ["New_geog_code", "geog_l", "geog_c", "geog_n"]
    measures = [h for h in header if h not in ids and h != "LA_order"]
    expected = ids + (["LA_order"] if "LA_order" in header else []) + [m for m in measures if m in SFR_COLUMNS]
    hint = "a renamed measure needs its new name in SFR_COLUMNS in explainer/official/measures.py"
    if not _check_header(path, header, expected, problems, hint):
        return []
    at = {h: i for i, h in enumerate(header)}
    result = []
    for line, cells in _whole_rows(path, header, rows, problems):
        level_text, letter = cells[at["geog_l"]].strip(), cells[at["geog_c"]].strip()
        level = SFR_LEVELS.get(level_text)
        if level is None:
            problems.error(path, line, f'geog_l: expected one of {", ".join(SFR_LEVELS)}, found "{level_text}"')
            continue
        if level == "regional" and letter in SFR_SUBREGIONS:
            level = "subregional"
        code, name = cells[at["New_geog_code"]].strip(), cells[at["geog_n"]].strip()
        number = letter if level == "local_authority" else ""
        for measure in measures:
            result.append(RawFigure(path, line, year, level, number, code, name, "", "", measure, SFR_COLUMNS[measure], cells[at[measure]], True))
    return result


def read_ees(path: Path, kind: str, problems: Problems) -> list[RawFigure]:
    """explore-education-statistics layout: one row per area, year and measure (CLA and population files)."""
    got = _rows(path, problems)
    if got is None:
        return []
    header, rows = got
    if kind == "population":
        measure_col, value_col, groups = "age_group", "population_estimate", {POPULATION_GROUP: "population_0_17"}
    else:
        measure_col, value_col, groups = "cla_group", "number", EES_GROUPS
    if not _check_header(path, header, [*EES_COMMON, measure_col, value_col], problems, "the importer reads this layout only; see docs/adding-official-statistics.md"):
        return []
    at = {h.lower(): i for i, h in enumerate(header)}
    result = []
    for line, cells in _whole_rows(path, header, rows, problems):
        cell = {name: cells[i].strip() for name, i in at.items()}
        level = LEVELS.get(cell["geographic_level"])
        measure = cell[measure_col]
        if level is None or measure not in groups or not cell["time_period"].isdigit():
            _refuse_row(path, line, cell, level, measure, measure_col, groups, problems)
            continue
        if level == "regional" and cell["region_code"].startswith("E13"):
            level = "subregional"
        code = {"national": cell["country_code"], "regional": cell["region_code"]}.get(level, cell["new_la_code"])
        name = {"national": cell["country_name"], "regional": cell["region_name"]}.get(level, cell["la_name"])
        result.append(
            RawFigure(path, line, int(cell["time_period"]), level, cell["old_la_code"], code, name, cell["region_code"], cell["region_name"], measure, groups[measure], cells[at[value_col]], False)
        )
    return result


def _refuse_row(path: Path, line: int, cell: dict[str, str], level: str | None, measure: str, column: str, groups: dict, problems: Problems) -> None:
    if level is None:
        problems.error(path, line, f'geographic_level: expected one of {", ".join(LEVELS)}, found "{cell["geographic_level"]}"')
    elif measure not in groups:
        problems.error(
            path, line, f'{column}: unknown measure "{measure}" (a renamed or new measure needs a metric: add it in explainer/official/measures.py)'
        )
    else:
        problems.error(path, line, f'time_period: expected a year such as 2024, found "{cell["time_period"]}"')


def read_cin(path: Path, problems: Problems) -> list[RawFigure]:
    """Children in need assessment factors: one row per area and year, one column per factor."""
    got = _rows(path, problems)
    if got is None:
        return []
    header, rows = got
    expected = [*EES_COMMON, "category", *CIN_COLUMNS, *CIN_OTHER_FACTORS]
    if not _check_header(path, header, expected, problems, "a new or renamed factor must be added to explainer/official/raw.py or measures.py"):
        return []
    at = {h: i for i, h in enumerate(header)}
    result = []
    for line, cells in _whole_rows(path, header, rows, problems):
        cell = {name: cells[i].strip() for name, i in at.items() if name in EES_COMMON}
        level = LEVELS.get(cell["geographic_level"])
        if level is None or not cell["time_period"].isdigit():
            _refuse_row(path, line, cell, level, "", "category", {"": ""}, problems)
            continue
        if level == "regional" and cell["region_code"].startswith("E13"):
            level = "subregional"
        code = {"national": cell["country_code"], "regional": cell["region_code"]}.get(level, cell["new_la_code"])
        name = {"national": cell["country_name"], "regional": cell["region_name"]}.get(level, cell["la_name"])
        for column, metric_id in CIN_COLUMNS.items():
            result.append(
                RawFigure(path, line, int(cell["time_period"]), level, cell["old_la_code"], code, name, cell["region_code"], cell["region_name"], column, metric_id, cells[at[column]], False)
            )
    return result


def read_neighbours(path: Path, problems: Problems) -> list[NeighbourRow]:
    """DfE's statistical neighbour groupings: ten neighbours per LA, by three-digit LA number, with closeness."""
    got = _rows(path, problems)
    if got is None:
        return []
    header, rows = got
    expected = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [x for n in range(1, 11) for x in (f"SN{n}", "SNP")]
    if [h for h in header if h] != expected:
        problems.error(path, 1, f"expected the columns {','.join(expected)} (DfE's April 2021 layout); found {','.join(header)}")
        return []
    result, old = [], False
    for line, cells in rows:
        if not cells[0].strip():
            # A heading row such as ",Old SNs:": the groupings below it are for authorities before reorganisation.
            old = old or "old" in " ".join(cells).lower()
            continue
        number = cells[0].strip()
        pairs = [(cells[5 + 2 * i].strip(), cells[6 + 2 * i].strip()) for i in range(10)]
        if not number.isdigit() or not all(n.isdigit() and c for n, c in pairs):
            problems.error(path, line, "expected an LA number followed by ten neighbours, each an LA number and a closeness")
            continue
        result.append(NeighbourRow(path, line, number, cells[1].strip(), old, tuple((i + 1, n, c) for i, (n, c) in enumerate(pairs))))
    return result
