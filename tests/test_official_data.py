"""The official statistics in data/ are exactly what the raw files in inputs/official/ say.

The figures compared are picked by the tests from the raw files (a fixed-seed sample of rows, read
here with the csv module, independently of the importer), never typed from the package.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import random
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from explainer.cli import main
from explainer.dataset import load
from explainer.errors import Problems

INPUTS = ROOT / "inputs" / "official"
SAMPLE = 60


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


MANIFEST = read_csv(INPUTS / "manifest.csv")


@pytest.fixture(scope="module")
def ds():
    problems = Problems()
    dataset = load(ROOT / "data", problems)
    assert dataset is not None, problems.errors
    return dataset


@pytest.fixture(scope="module")
def index(ds) -> dict[tuple[str, str, str], object]:
    """Official figures by (authority, period end, measure as the raw file names it)."""
    return {(o.authority_code, o.period.end.isoformat(), o.question): o for o in ds.observations if ds.sources[o.source_id].is_official}


def test_raw_files_are_the_ones_recorded_and_live_in_the_project() -> None:
    for row in MANIFEST:
        path = INPUTS / row["path"]
        assert path.resolve().is_relative_to(ROOT.resolve())
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"], row["path"]
    assert (INPUTS / "README.md").is_file()


def test_rerunning_the_import_changes_no_byte(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["import-official", "--data", str(data)]) == 0
    assert "nothing changed" in out.getvalue()
    for path in sorted((ROOT / "data").iterdir()):
        assert (data / path.name).read_bytes() == path.read_bytes(), path.name


def _latest_source_per_year() -> dict[int, str]:
    """For each year, the CLA file of the latest edition holding it, worked out from the raw files."""
    latest: dict[int, tuple[int, str]] = {}
    for row in MANIFEST:
        if row["reader"] == "cla_missing_ees":
            for r in read_csv(INPUTS / row["path"]):
                year = int(r["time_period"])
                latest[year] = max(latest.get(year, (0, "")), (int(row["edition"].split()[-1]), row["path"]))
        elif row["reader"] == "cla_missing_sfr":
            latest[int(row["edition"])] = (int(row["edition"]), row["path"])
    return {year: path for year, (_, path) in latest.items()}


def _check(index: dict, code: str, end: str, measure: str, written: str) -> None:
    obs = index.get((code, end, measure))
    assert obs is not None, (code, end, measure)
    assert obs.as_reported == written.strip()
    if obs.is_reported:
        assert float(written) == obs.value
    else:
        assert obs.value is None and obs.status != "reported"


def test_sampled_la_figures_from_each_years_latest_edition_are_in_the_package(ds, index) -> None:
    rng = random.Random(10)
    for year, path in sorted(_latest_source_per_year().items()):
        rows = read_csv(INPUTS / path)
        end = f"{year}-03-31"
        if "time_period" in rows[0]:
            candidates = [r for r in rows if r["time_period"] == str(year) and r["geographic_level"] == "Local authority"]
            for r in rng.sample(candidates, min(SAMPLE, len(candidates))):
                code = r["new_la_code"]
                if code in ds.authorities and ds.authorities[code].exists_on(dt.date(year, 3, 31)):
                    _check(index, code, end, r.get("CLA_group") or r["cla_group"], r["number"])
        else:
            candidates = [r for r in rows if r["geog_l"] == "LA"]
            measures = [k for k in rows[0] if k.startswith(("CLA_", "Miss_"))]
            for r in rng.sample(candidates, min(SAMPLE // 4, len(candidates))):
                if r["New_geog_code"] in ds.authorities:
                    for measure in measures:
                        _check(index, r["New_geog_code"], end, measure, r[measure])


def test_england_and_every_region_have_every_years_figures(ds) -> None:
    areas = [a for a in ds.authorities.values() if a.area_level in ("country", "region")]
    assert len(areas) == 10
    for year, path in _latest_source_per_year().items():
        rows = read_csv(INPUTS / path)
        if "time_period" not in rows[0]:
            continue
        for r in rows:
            if r["time_period"] == str(year) and r["geographic_level"] in ("National", "Regional") and not r["region_code"].startswith("E13"):
                code = r["region_code"] or r["country_code"]
                measure = r.get("CLA_group") or r["cla_group"]
                found = [o for o in ds.by_authority[code] if o.period.end.year == year and o.question == measure and o.period.end.month == 3]
                assert len(found) == 1 and found[0].as_reported == r["number"].strip()


def test_sampled_children_in_need_and_population_figures_are_in_the_package(ds) -> None:
    rng = random.Random(14)
    by_key = {(o.authority_code, o.period.end, o.metric_id): o for o in ds.observations if o.metric_id in ("cin_factor_going_missing", "population_0_17")}
    checked = 0
    for row in MANIFEST:
        if row["reader"] not in ("cin_factors", "population"):
            continue
        rows = [r for r in read_csv(INPUTS / row["path"]) if r["geographic_level"] == "Local authority" and int(r["time_period"]) >= 2014]
        for r in rng.sample(rows, SAMPLE):
            year, code = int(r["time_period"]), r["new_la_code"]
            if row["reader"] == "cin_factors":
                key, written = (code, dt.date(year, 3, 31), "cin_factor_going_missing"), r["Going_missing"]
            else:
                key, written = (code, dt.date(year, 6, 30), "population_0_17"), r["population_estimate"]
            if code in ds.authorities and ds.authorities[code].exists_on(key[1]):
                assert by_key[key].as_reported == written
                checked += 1
    assert checked > SAMPLE


def test_statistical_neighbours_are_the_groupings_in_the_raw_file(ds) -> None:
    row = next(r for r in MANIFEST if r["reader"] == "neighbours")
    text = (INPUTS / row["path"]).read_bytes().decode("utf-8-sig")
    raw = [cells for cells in csv.reader(io.StringIO(text)) if cells and cells[0].strip().isdigit()]
    by_number = {a.dfe_la_number: a for a in ds.authorities.values() if a.dfe_la_number and a.exists_on(dt.date(2021, 4, 1))}
    grouped: dict[str, list] = {}
    for n in ds.neighbours:
        grouped.setdefault(n.authority_code, []).append(n)
    for cells in random.Random(3).sample(raw[:150], 20):
        area = by_number[cells[0]]
        mine = sorted(grouped[area.code], key=lambda n: n.rank)
        assert [ds.authorities[n.neighbour_code].dfe_la_number for n in mine] == [cells[5 + 2 * i] for i in range(10)]
        assert [n.closeness for n in mine] == [cells[6 + 2 * i] for i in range(10)]


def test_suppressed_figures_are_never_zero(ds) -> None:
    official = [o for o in ds.observations if ds.sources[o.source_id].is_official]
    assert {"suppressed", "not_applicable"} <= {o.status for o in official}
    for obs in official:
        assert (obs.value is None) == (obs.status != "reported")
        if obs.status == "suppressed":
            assert obs.as_reported in ("c", "x")


def test_every_caution_quoted_from_a_raw_file_says_so_there() -> None:
    for row in read_csv(INPUTS / "cautions.csv"):
        if row["quoted_from"]:
            path, line = row["quoted_from"].rsplit(":", 1)
            text = (INPUTS / path).read_bytes().decode("utf-8-sig").splitlines()[int(line) - 1]
            assert row["quote"] in text, row["caution_id"]


def test_foi_answers_meet_the_official_return_for_the_same_council_and_period(ds) -> None:
    from explainer.official.pairs import paired_figures

    pairs = paired_figures(ds)
    listed = {(p.foi_metric_id, p.foi_population): p.official_metric_id for p in ds.pairs}
    expected = 0
    for obs in ds.observations:
        official_metric = listed.get((obs.metric_id, obs.population))
        if official_metric and not obs.breakdown and not ds.sources[obs.source_id].is_official:
            same = [o for o in ds.by_authority[obs.authority_code] if o.metric_id == official_metric and o.period == obs.period]
            expected += len(same)
    assert len(pairs) == expected and expected > 0
    for p in pairs:
        assert (p.foi.authority_code, p.foi.period) == (p.official.authority_code, p.official.period)
        assert not ds.sources[p.foi.source_id].is_official and ds.sources[p.official.source_id].is_official
        if p.foi.is_reported and p.official.is_reported:
            assert p.difference == p.foi.value - p.official.value
        else:
            assert p.difference is None
