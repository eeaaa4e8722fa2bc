"""`build.py import-official` on small made-up editions, in the publishers' layouts.

Each test writes a few raw files (DfE's explore-education-statistics layout and ONS populations as
DfE republishes them), a manifest and our tables into a tmp inputs folder, imports them into a copy
of the real package (so the FOI rows are there too), and looks at what came out.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from explainer.cli import main
from explainer.dataset import load
from explainer.errors import Problems
from explainer.official import rates

EES_HEADER = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,CLA_group,number"
POP_HEADER = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,age_group,population_estimate"
MISSING = "Children who had a missing incident during the year"
DURING = "Children looked after during the year"
SW = ("E12000009", "South West")
AREAS = {
    "E10000009": ("835", "Dorset"),
    "E06000029": ("836", "Poole"),
    "E06000058": ("839", "Bournemouth, Christchurch and Poole"),
    "E06000059": ("838", "Dorset"),
    "E10000027": ("933", "Somerset"),
    "E06000066": ("933", "Somerset"),
}
MANIFEST_HEADER = "path,sha256,source_id,reader,title,publisher,publication,edition,original_file_name,licence_id,url,caveats"


def ees_line(year: int, code: str, measure: str, value: str) -> str:
    if code == "E92000001":
        return f"{year},Reporting year,National,E92000001,England,,,,,,{measure},{value}"
    number, name = AREAS[code]
    return f'{year},Reporting year,Local authority,E92000001,England,{SW[0]},{SW[1]},{number},"{name}",{code},{measure},{value}'


def pop_line(year: int, code: str, value: str) -> str:
    number, name = AREAS[code]
    return f'{year},Reporting year,Local authority,E92000001,England,{SW[0]},{SW[1]},{number},{code},"{name}",Children aged 0 to 17 years,{value}'


def edition(years: range, revise: dict[tuple[int, str, str], str] | None = None) -> list[str]:
    """One edition's rows: each year, England and every council, two measures, as DfE restates them."""
    lines = []
    for year in years:
        for code in ("E92000001", *AREAS):
            for measure, base in ((MISSING, 40), (DURING, 400)):
                value = str(base + year - 2000 + len(code))
                exists = _exists(code, year)
                if not exists:
                    value = "z"
                value = (revise or {}).get((year, code, measure), value)
                lines.append(ees_line(year, code, measure, value))
    return lines


def _exists(code: str, year: int) -> bool:
    """Which councils existed at the end of March of a year, as authority-changes.csv says."""
    if code in ("E10000009", "E06000029"):
        return year <= 2019
    if code in ("E06000058", "E06000059"):
        return year >= 2020
    if code == "E10000027":
        return year <= 2023
    if code == "E06000066":
        return year >= 2024
    return True


def write_inputs(folder: Path, editions: dict[str, list[str]], population: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "inputs/official/authority-changes.csv", folder / "authority-changes.csv")
    (folder / "cautions.csv").write_text(
        "caution_id,metric_id,authority_code,years,text,origin,quoted_from,quote\n"
        "test-overcount-2022,cla_missing_children,,2022,Made up for a test.,DfE,,\n",
        encoding="utf-8",
    )
    rows = [MANIFEST_HEADER]
    for name, lines in editions.items():
        path = folder / name / "la_missing.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        # DfE's files come with a byte-order mark and CRLF line ends.
        path.write_bytes(("\ufeff" + "\r\n".join([EES_HEADER, *lines]) + "\r\n").encode("utf-8"))
        year = name.rsplit("-", 1)[1]
        rows.append(_manifest_row(folder, path, f"dfe-cla-missing-{year}", "cla_missing_ees", f"edition {year}"))
    pop = folder / "population.csv"
    pop.write_text("\n".join([POP_HEADER, *(population or [])]) + "\n", encoding="utf-8")
    rows.append(_manifest_row(folder, pop, "ons-population-2024", "population", "mid-2024"))
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _manifest_row(folder: Path, path: Path, source_id: str, reader: str, edition_name: str) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return f"{path.relative_to(folder).as_posix()},{digest},{source_id},{reader},Test {source_id},Department for Education (DfE),Test publication,{edition_name},{path.name},OGL-UK-3.0,,"


def run_import(inputs: Path, data: Path) -> tuple[int, list[str], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import-official", "--inputs", str(inputs), "--data", str(data)])
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def rows(data: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((data / name).read_text(encoding="utf-8"))))


def figure(data: Path, code: str, year: int, measure: str) -> dict[str, str] | None:
    found = [r for r in rows(data, "observations.csv") if r["authority_code"] == code and r["period_end"] == f"{year}-03-31" and r["question"] == measure]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


POPULATION = [pop_line(y, c, str(10_000 + y)) for y in range(2019, 2024) for c in AREAS if _exists(c, y + 1)]


def test_a_rerun_on_unchanged_files_changes_no_byte(tmp_path: Path, data: Path) -> None:
    inputs = write_inputs(tmp_path / "in", {"edition-2024": edition(range(2020, 2025))}, POPULATION)
    assert run_import(inputs, data)[0] == 0
    first = snapshot(data)
    code, out, _ = run_import(inputs, data)
    assert code == 0 and "nothing changed" in out[0]
    assert snapshot(data) == first


def test_the_import_keeps_every_foi_row_and_the_package_stays_valid(tmp_path: Path, data: Path) -> None:
    foi_before = [r for r in rows(data, "observations.csv") if not r["source_id"].startswith(("dfe-", "ons-"))]
    inputs = write_inputs(tmp_path / "in", {"edition-2024": edition(range(2020, 2025))}, POPULATION)
    assert run_import(inputs, data)[0] == 0
    assert [r for r in rows(data, "observations.csv") if not r["source_id"].startswith(("dfe-", "ons-"))] == foi_before
    problems = Problems()
    assert load(data, problems) is not None, problems.errors


def test_rows_added_by_hand_after_an_import_keep_their_places(tmp_path: Path, data: Path) -> None:
    """A maintainer appends an FOI response's rows after the official ones; a rerun moves none of them."""
    inputs = write_inputs(tmp_path / "in", {"edition-2024": edition(range(2020, 2025))}, POPULATION)
    assert run_import(inputs, data)[0] == 0
    for name in ("sources.csv", "observations.csv", "metrics.csv"):
        lines = (data / name).read_text(encoding="utf-8").splitlines(keepends=True)
        foi_row = next(line for line in lines[1:] if not line.startswith(("dfe-", "ons-", "cla_", "cin_", "population_")))
        (data / name).write_text("".join(lines) + foi_row.replace(foi_row.split(",")[0], foi_row.split(",")[0] + "-added", 1), encoding="utf-8")
    appended = snapshot(data)
    code, out, _ = run_import(inputs, data)
    assert code == 0 and "nothing changed" in out[0], out
    assert snapshot(data) == appended


def test_codes_become_statuses_with_the_code_kept(tmp_path: Path, data: Path) -> None:
    codes = {"c": "suppressed", "x": "not_held", "k": "low", "u": "unreliable"}
    revise = {(2021, code, MISSING): symbol for code, symbol in zip(("E06000058", "E06000059", "E10000027", "E92000001"), codes, strict=True)}
    inputs = write_inputs(tmp_path / "in", {"edition-2024": edition(range(2020, 2025), revise)}, POPULATION)
    assert run_import(inputs, data)[0] == 0
    for (year, code, measure), symbol in revise.items():
        row = figure(data, code, year, measure)
        assert row is not None
        assert (row["value"], row["status"], row["as_reported"]) == ("", codes[symbol], symbol)


def test_a_rate_from_a_withheld_figure_is_withheld(tmp_path: Path, data: Path) -> None:
    revise = {(2022, "E06000058", MISSING): "c", (2023, "E06000059", DURING): "c"}
    population = [*POPULATION, pop_line(2023, "E06000058", "x")]
    population.remove(pop_line(2023, "E06000058", str(10_000 + 2023)))
    inputs = write_inputs(tmp_path / "in", {"edition-2024": edition(range(2020, 2025), revise)}, population)
    assert run_import(inputs, data)[0] == 0
    ds = load(data, Problems())
    assert ds is not None
    assert rates.rate_per_10000(ds, "E06000058", 2022, "cla_missing_children").status == "suppressed"
    assert rates.share_of_looked_after(ds, "E06000059", 2023, "cla_missing_children").status == "suppressed"
    assert rates.rate_per_10000(ds, "E06000058", 2024, "cla_missing_children").status == "not_held"  # population "x"
    for derived in (rates.rate_per_10000(ds, "E06000058", 2022, "cla_missing_children"), rates.share_of_looked_after(ds, "E06000059", 2023, "cla_missing_children")):
        assert derived.value is None
    reported = rates.rate_per_10000(ds, "E06000059", 2021, "cla_missing_children")
    count, people = reported.inputs
    assert reported.is_reported and reported.value == round(count.value / people.value * 10_000)
    assert people.period.end.isoformat() == "2020-06-30"  # the mid-year before the reporting year


def test_a_restated_code_goes_back_to_the_authority_of_that_year(tmp_path: Path, data: Path) -> None:
    """The 2024 edition gives Somerset's 2022 figures under the code it got in 2023: same area, so they belong to the old code."""
    lines = [line.replace(",E10000027,", ",E06000066,") for line in edition(range(2020, 2025)) if ",E06000066," not in line]
    inputs = write_inputs(tmp_path / "in", {"edition-2024": lines}, POPULATION)
    assert run_import(inputs, data)[0] == 0
    old, new = figure(data, "E10000027", 2022, MISSING), figure(data, "E06000066", 2024, MISSING)
    assert old is not None and "E06000066" in old["note"] and new is not None
    assert figure(data, "E06000066", 2022, MISSING) is None
    authorities = {r["authority_code"]: r for r in rows(data, "authorities.csv")}
    assert (authorities["E10000027"]["valid_to"], authorities["E10000027"]["successor_codes"]) == ("2023-03-31", "E06000066")


def test_nothing_is_carried_across_a_merger(tmp_path: Path, data: Path) -> None:
    inputs = write_inputs(tmp_path / "in", {"edition-2022": edition(range(2018, 2023))}, POPULATION)
    assert run_import(inputs, data)[0] == 0
    # "z" for a year a council did not exist is not a figure; Dorset before and after 2019 stay apart.
    assert figure(data, "E06000058", 2019, MISSING) is None and figure(data, "E06000029", 2020, MISSING) is None
    assert figure(data, "E10000009", 2019, MISSING) is not None and figure(data, "E06000059", 2020, MISSING) is not None
    ds = load(data, Problems())
    assert ds is not None
    for obs in ds.observations:
        if ds.sources[obs.source_id].is_official:
            assert ds.authorities[obs.authority_code].exists_on(obs.period.end)
    assert ds.authorities["E10000009"].slug != ds.authorities["E06000059"].slug


def test_a_figure_for_a_council_that_did_not_exist_is_refused(tmp_path: Path, data: Path) -> None:
    lines = edition(range(2018, 2023), {(2018, "E06000058", MISSING): "12"})
    inputs = write_inputs(tmp_path / "in", {"edition-2022": lines}, POPULATION)
    before = snapshot(data)
    code, _, err = run_import(inputs, data)
    line = 1 + next(n for n, text in enumerate(lines, start=1) if text == ees_line(2018, "E06000058", MISSING, "12"))
    assert code == 1 and err[0].startswith(f"{(inputs / 'edition-2022/la_missing.csv').as_posix()}:{line}: ")
    assert "did not exist" in err[0] and snapshot(data) == before


def test_a_new_edition_replaces_a_year_only_through_a_new_import(tmp_path: Path, data: Path) -> None:
    inputs = write_inputs(tmp_path / "in", {"edition-2023": edition(range(2019, 2024))}, POPULATION)
    assert run_import(inputs, data)[0] == 0
    old_2021 = figure(data, "E06000059", 2021, MISSING)
    imported = snapshot(data)
    write_inputs(tmp_path / "in", {"edition-2023": edition(range(2019, 2024)), "edition-2024": edition(range(2020, 2025), {(2022, "E06000059", MISSING): "999"})}, POPULATION)
    assert snapshot(data) == imported  # dropping the file in changes nothing until the import runs
    assert run_import(inputs, data)[0] == 0
    revised = figure(data, "E06000059", 2022, MISSING)
    assert revised is not None and (revised["value"], revised["source_id"]) == ("999", "dfe-cla-missing-2024")
    assert figure(data, "E06000059", 2019, MISSING) is None  # 2019: Dorset did not exist yet
    kept = figure(data, "E10000009", 2019, MISSING)
    assert kept is not None and kept["source_id"] == "dfe-cla-missing-2023"  # only the older edition holds 2019
    now_2021 = figure(data, "E06000059", 2021, MISSING)
    assert now_2021 is not None and old_2021 is not None and now_2021["source_id"] == "dfe-cla-missing-2024"
    per_year = {(r["period_end"], r["source_id"]) for r in rows(data, "observations.csv") if r["source_id"].startswith("dfe-cla")}
    assert len({end for end, _ in per_year}) == len(per_year)  # one edition per year


BAD = {
    "unknown column": (lambda lines: lines, EES_HEADER + ",extra", 1, 'unknown column "extra"'),
    "unknown code": (lambda lines: [lines[0].rsplit(",", 1)[0] + ",q", *lines[1:]], EES_HEADER, 2, 'found "q"'),
    "not a number": (lambda lines: [lines[0].rsplit(",", 1)[0] + ",12a", *lines[1:]], EES_HEADER, 2, 'found "12a"'),
    "renamed measure": (lambda lines: [lines[0].replace(MISSING, "Children who went missing"), *lines[1:]], EES_HEADER, 2, 'unknown measure "Children who went missing"'),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_raw_input_is_refused_with_its_line_and_nothing_is_written(case: str, tmp_path: Path, data: Path) -> None:
    change, header, line, message = BAD[case]
    inputs = write_inputs(tmp_path / "in", {"edition-2024": change(edition(range(2020, 2025)))}, POPULATION)
    raw = inputs / "edition-2024/la_missing.csv"
    if header != EES_HEADER:
        raw.write_bytes(raw.read_bytes().replace(EES_HEADER.encode(), header.encode(), 1))
        manifest = inputs / "manifest.csv"
        lines = manifest.read_text(encoding="utf-8").splitlines()
        lines[1] = _manifest_row(inputs, raw, "dfe-cla-missing-2024", "cla_missing_ees", "edition 2024")
        manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(data)
    code, out, err = run_import(inputs, data)
    assert code == 1 and out == []
    assert err[0].startswith(f"{raw.as_posix()}:{line}: ") and message in err[0]
    assert err[-1] == f"nothing was written to {data.as_posix()}/"
    assert snapshot(data) == before


def test_an_edited_raw_file_is_refused(tmp_path: Path, data: Path) -> None:
    inputs = write_inputs(tmp_path / "in", {"edition-2024": edition(range(2020, 2025))}, POPULATION)
    raw = inputs / "edition-2024/la_missing.csv"
    raw.write_bytes(raw.read_bytes().replace(b",Children", b", Children", 1))
    code, _, err = run_import(inputs, data)
    assert code == 1 and err[0].startswith(f"{(inputs / 'manifest.csv').as_posix()}:2: sha256:")
