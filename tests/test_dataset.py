"""Reading and validating the data package: each rule of DESIGN.md refuses its broken fixture."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import ROOT

from explainer.chart_theme import POPULATIONS
from explainer.dataset import load
from explainer.errors import Problems
from explainer.model import POPULATION_LABELS


def edit_csv(path: Path, line: int, **changes: str) -> None:
    """Change fields of the row on a given file line (line 1 is the header)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for key, value in changes.items():
        rows[line - 1][header.index(key)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def problems_for(data_dir: Path) -> list[str]:
    problems = Problems()
    load(data_dir, problems)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems.errors]


def test_real_package_loads_with_every_resource() -> None:
    problems = Problems()
    ds = load(ROOT / "data", problems)
    assert problems.errors == [] and ds is not None
    # Properties of any package, not today's councils: every reference resolves, every row is read.
    assert {s.authority_code for s in ds.sources.values()} <= set(ds.authorities)
    assert all(o.source_id in ds.sources and o.authority_code in ds.authorities for o in ds.observations)
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8-sig", newline="") as f:
        assert len(ds.sources) == sum(1 for _ in csv.DictReader(f))
    statuses = {o.status for o in ds.observations}
    assert "reported" in statuses and statuses <= {"reported", "suppressed", "not_held", "not_applicable", "low", "unreliable"}
    assert all(n.authority_code in ds.authorities and n.neighbour_code in ds.authorities for n in ds.neighbours)
    assert all(o.metric_id in ds.metrics for o in ds.observations)


RULES = [
    (
        "observations.csv",
        2,
        {"value": ""},
        'observations.csv:2: value: expected a number because status is "reported", found an empty cell (for a withheld figure set status to suppressed or not_held)',
    ),
    (
        "observations.csv",
        2,
        {"status": "suppressed"},
        'observations.csv:2: value: expected an empty cell because status is "suppressed", found "297" (never write a suppressed figure as a number)',
    ),
    ("observations.csv", 2, {"value": "-3"}, 'observations.csv:2: value: expected a number of at least 0, found "-3"'),
    (
        "observations.csv",
        2,
        {"value": "2.5"},
        'observations.csv:2: value: expected a non-negative whole number for a count of children, found "2.5"',
    ),
    ("observations.csv", 2, {"value": "12a"}, 'observations.csv:2: value: expected a number, found "12a"'),
    (
        "observations.csv",
        2,
        {"period_end": "2019-03-31"},
        "observations.csv:2: period_end: expected a date on or after period_start 2020-04-01, found 2019-03-31",
    ),
    (
        "observations.csv",
        2,
        {"period_start": "2020-02-30"},
        'observations.csv:2: period_start: expected a date, found "2020-02-30" (no such day in the calendar)',
    ),
    (
        "observations.csv",
        2,
        {"period_start": "01/04/2020"},
        'observations.csv:2: period_start: expected a date, found "01/04/2020" (dates are YYYY-MM-DD)',
    ),
    (
        "observations.csv",
        2,
        {"authority_code": "E06000016"},
        'observations.csv:2: authority_code: expected "E08000026", the authority of source "cov-foi330799902", found "E06000016"',
    ),
    (
        "observations.csv",
        2,
        {"metric_id": "children_mising"},
        'observations.csv:2: metric_id: unknown metric "children_mising" (did you mean "children_missing"?)',
    ),
    (
        "observations.csv",
        2,
        {"population": "lac"},
        'observations.csv:2: population: expected one of all, not_looked_after, looked_after, looked_after_out_of_area, looked_after_placed_in, children_in_need, found "lac"',
    ),
    (
        "observations.csv",
        3,
        {"population": "all"},
        "observations.csv:3: duplicate figure: same source, authority, period, metric, population and breakdown as line 2",
    ),
    ("sources.csv", 2, {"licence_id": ""}, "sources.csv:2: licence_id: expected a value, found an empty cell"),
    ("sources.csv", 2, {"reuse_terms": ""}, "sources.csv:2: reuse_terms: expected a value, found an empty cell"),
    (
        "sources.csv",
        2,
        {"authority_code": "E08000O26"},
        'sources.csv:2: authority_code: unknown authority "E08000O26" (did you mean "E08000026"?)',
    ),
    (
        "authorities.csv",
        3,
        {"authority_code": "E92000001"},
        'authorities.csv:3: authority_code: duplicate key "E92000001" (first on line 2)',
    ),
]


@pytest.mark.parametrize(
    ("name", "line", "changes", "expected"), RULES, ids=[r[3].split(": ", 2)[1] + "-" + str(i) for i, r in enumerate(RULES)]
)
def test_each_rule_refuses_its_fixture(tmp_path: Path, name: str, line: int, changes: dict[str, str], expected: str) -> None:
    data = tmp_path / "data"
    import shutil

    shutil.copytree(ROOT / "data", data)
    edit_csv(data / name, line, **changes)
    assert expected in problems_for(data)


def test_all_problems_are_reported_in_one_run(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    edit_csv(data / "observations.csv", 2, value="x")
    edit_csv(data / "observations.csv", 5, metric_id="nope")
    edit_csv(data / "sources.csv", 3, response_date="yesterday")
    found = problems_for(data)
    assert [f.split(": ")[0] for f in found] == ["sources.csv:3", "observations.csv:2", "observations.csv:5"]


@pytest.mark.parametrize(
    ("breakdown", "expected"),
    [
        (
            "06-Oct",
            'observations.csv:8: breakdown: expected one of 1, 2, 3, 4, 5, 6-10, 11-20, 21-50, 51-100, 101+, found "06-Oct" (a spreadsheet turned a band such as 6-10 into a date: format the column as text and type it again)',
        ),
        ("6 to 10", 'observations.csv:8: breakdown: expected one of 1, 2, 3, 4, 5, 6-10, 11-20, 21-50, 51-100, 101+, found "6 to 10"'),
    ],
)
def test_times_missing_bands_are_checked(tmp_path: Path, breakdown: str, expected: str) -> None:
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data")
    edit_csv(tmp_path / "data" / "observations.csv", 8, breakdown=breakdown)
    assert expected in problems_for(tmp_path / "data")


def test_every_population_the_package_allows_has_a_label_and_a_colour_and_no_other_does() -> None:
    """Populations are named in the descriptor (the contract), labelled in model.py and coloured in
    chart_theme.py: a population added to one and not the others would crash a page or a chart."""
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    allowed = [
        f["constraints"]["enum"] for r in descriptor["resources"] for f in r["schema"]["fields"] if f["name"] == "population"
    ]
    assert allowed, "no population field in the descriptor"
    for values in allowed:
        assert set(values) == set(POPULATION_LABELS) == set(POPULATIONS)
