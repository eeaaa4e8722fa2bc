"""Foreign keys come from datapackage.json: the build checks what the descriptor declares, the
same references Frictionless checks, and refuses a descriptor that drops one it relies on."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, without_official_figures

from explainer.dataset import load
from explainer.errors import Problems
from explainer.frictionless_check import frictionless_problems

DANGLING = "zz-no-such-row"


def declared_keys() -> list[tuple[str, str, str]]:
    """(resource, column, referenced resource) for every single-column key the real descriptor declares."""
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    found = []
    for resource in descriptor["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            fields = [key["fields"]] if isinstance(key["fields"], str) else key["fields"]
            found.append((resource["name"], fields[0], key["reference"]["resource"]))
    return found


@pytest.fixture(scope="module")
def small_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real schema with the FOI figures only: fast to load and to validate with Frictionless."""
    return without_official_figures(copy_project(tmp_path_factory.mktemp("references")))


@pytest.fixture
def data(small_project: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(small_project / "data", copy)
    return copy


def errors_of(data_dir: Path) -> list[str]:
    problems = Problems()
    load(data_dir, problems)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems.errors]


def make_dangling(data_dir: Path, resource: str, column: str) -> int:
    """Point the first row that fills `column` at a row that does not exist; returns its file line."""
    path = data_dir / f"{resource}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    number = next(n for n, row in enumerate(rows[1:], start=2) if row[index])
    rows[number - 1][index] = DANGLING
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return number


def edit_descriptor(data_dir: Path, resource: str, change: object) -> None:
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    schema = next(r for r in descriptor["resources"] if r["name"] == resource)["schema"]
    change(schema)  # type: ignore[operator]
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def test_the_descriptor_declares_keys() -> None:
    # Without any, the parametrised test below would pass by testing nothing.
    assert len(declared_keys()) >= 10


@pytest.mark.parametrize(("resource", "column", "target"), declared_keys())
def test_every_declared_key_is_checked_by_the_build_and_by_frictionless(data: Path, resource: str, column: str, target: str) -> None:
    line = make_dangling(data, resource, column)
    label = column.removesuffix("_id").removesuffix("_code").replace("_", " ")
    assert f'{resource}.csv:{line}: {column}: unknown {label} "{DANGLING}"' in errors_of(data)
    problems = Problems()
    frictionless_problems(data, problems)
    assert any(Path(p.path).name == f"{resource}.csv" and p.line == line for p in problems.errors), (resource, column, target)


def test_a_caution_for_every_area_or_measure_leaves_them_empty(data: Path) -> None:
    with (data / "cautions.csv").open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split(",")
    row = {name: "" for name in header} | {"caution_id": "every-area", "text": "Applies everywhere.", "origin": "DfE"}
    with (data / "cautions.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row[name] for name in header])
    assert errors_of(data) == []


def test_an_empty_reference_the_build_needs_is_reported(data: Path) -> None:
    # Without "required", an empty source would pass the schema; the build still needs the row.
    edit_descriptor(
        data,
        "observations",
        lambda schema: next(f for f in schema["fields"] if f["name"] == "source_id").pop("constraints"),
    )
    line = make_dangling(data, "observations", "source_id")
    path = data / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(DANGLING, ""), encoding="utf-8")
    assert f'observations.csv:{line}: source_id: unknown source ""' in errors_of(data)


def test_a_descriptor_without_a_key_the_build_relies_on_is_refused(data: Path) -> None:
    edit_descriptor(data, "observations", lambda schema: schema["foreignKeys"].pop(2))
    errors = errors_of(data)
    assert errors == [
        'datapackage.json:None: resource "observations": foreignKeys: expected "metric_id" to reference "metrics", '
        "which the build relies on; found no such key"
    ]


@pytest.mark.parametrize(
    "key",
    [
        {"fields": ["source_id", "authority_code"], "reference": {"resource": "sources", "fields": ["source_id", "authority_code"]}},
        {"fields": ["source_id"], "reference": {"resource": "services", "fields": ["source_id"]}},
        {"fields": ["source_id"], "reference": {"resource": "", "fields": ["source_id"]}},
        "source_id",
    ],
)
def test_a_key_the_build_cannot_check_is_refused(data: Path, key: object) -> None:
    edit_descriptor(data, "services", lambda schema: schema["foreignKeys"].append(key))
    errors = errors_of(data)
    assert len(errors) == 1 and errors[0].startswith('datapackage.json:None: resource "services": foreign key 3 is not checked by the build')


def test_a_key_written_with_single_names_is_read(data: Path) -> None:
    # Frictionless accepts "source_id" for ["source_id"]; so does the build.
    def single(schema: dict) -> None:
        for key in schema["foreignKeys"]:
            key["fields"], key["reference"]["fields"] = key["fields"][0], key["reference"]["fields"][0]

    edit_descriptor(data, "services", single)
    line = make_dangling(data, "services", "source_id")
    assert f'services.csv:{line}: source_id: unknown source "{DANGLING}"' in errors_of(data)
