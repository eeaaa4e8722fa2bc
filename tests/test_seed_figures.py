"""The package against the FOI responses it was transcribed from."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from explainer.dataset import Dataset, load
from explainer.errors import Problems
from explainer.licensing import OPEN_LICENCES, terms_of


def test_the_response_documents_are_in_the_project() -> None:
    """Every FOI source names a document that is here: the checks below must never pass by having nothing to read."""
    problems = Problems()
    ds = load(ROOT / "data", problems)
    assert ds is not None, problems.errors
    named = {s.document for s in ds.sources.values() if s.document and not s.is_official}
    assert named, "no source names its document"
    assert all((SEEDS / name).is_file() for name in named), sorted(n for n in named if not (SEEDS / n).is_file())

BAND_LABEL = re.compile(r"^(Once|Twice|Three times|Four times|Five times|Between|More than)\b")
BAND_LINE = re.compile(r"^(Once|Twice|Three times|Four times|Five times|Between .* times|More than 100 times)\s*-\s*(\d+)\s*$")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    problems = Problems()
    ds = load(ROOT / "data", problems)
    assert ds is not None, problems.errors
    return ds


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def answer_numbers(seed: Path, start: str, end: str) -> Counter[int]:
    """Every number in the council's answers (not its questions) between two markers."""
    text = seed.read_text(encoding="utf-8")
    body = text[text.index(start) : text.index(end)]
    numbers: Counter[int] = Counter()
    for raw in body.splitlines():
        line = raw.strip().lstrip("·").strip()
        if (
            not line
            or "?" in line
            or re.match(r"^(\d+\.|[a-z]\.|[ivx]+\.)\s", line)
            or line.startswith(("If you record", "Between 1 April"))
        ):
            continue
        band = BAND_LINE.match(line)
        if not band and BAND_LABEL.match(line):
            continue  # a label whose number stands on the next line
        found = [band.group(2)] if band else re.findall(r"\d[\d,]*", line)
        numbers.update(int(n.replace(",", "")) for n in found)
    return numbers


def reported_values(ds: Dataset, source_id: str) -> Counter[int]:
    return Counter(int(o.value) for o in ds.by_source[source_id] if o.is_reported)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seed_name", "source_id", "start", "end"),
    [
        ("000_bd4f7b3b9d241748.txt", "cov-foi330799902", "You have requested", "4. Who is the provider"),
        ("002_588c0b557ab188ae.txt", "lei-missing-2020-21", "1. Between 1 April 2020", "4. Who is the provider"),
    ],
)
def test_every_number_of_a_whole_response_is_in_the_package(dataset: Dataset, seed_name: str, source_id: str, start: str, end: str) -> None:
    in_seed = answer_numbers(SEEDS / seed_name, start, end)
    in_package = reported_values(dataset, source_id)
    assert in_seed == in_package, f"only in seed: {in_seed - in_package}; only in package: {in_package - in_seed}"


def test_every_answer_is_quoted_as_written(dataset: Dataset) -> None:
    # Only figures transcribed from a document can be checked against it.
    # (Official figures are checked against their raw files in test_official_data.py.)
    for obs in (o for o in dataset.observations if dataset.sources[o.source_id].document and not dataset.sources[o.source_id].is_official):
        seed = squash((SEEDS / dataset.sources[obs.source_id].document).read_text(encoding="utf-8"))
        assert squash(obs.as_reported) in seed, (
            f"observations.csv:{obs.line}: {obs.as_reported!r} is not in {dataset.sources[obs.source_id].document}"
        )


def test_reported_values_appear_in_the_answer(dataset: Dataset) -> None:
    for obs in dataset.observations:
        if obs.is_reported:
            numbers = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", obs.as_reported)}
            assert obs.value in numbers, f"observations.csv:{obs.line}: value {obs.value} not in {obs.as_reported!r}"


def test_suppressed_answers_are_rows_without_a_value(dataset: Dataset) -> None:
    suppressed = [o for o in dataset.observations if o.status == "suppressed"]
    assert all(o.value is None and o.as_reported for o in suppressed)
    # The council's words are kept: a suppressed answer never reads as a number on its own.
    assert all(not re.fullmatch(r"\d+", o.as_reported.strip()) for o in suppressed)


def test_sources_keep_their_councils_terms(dataset: Dataset) -> None:
    # Only sources transcribed from a document can be checked against it; official statistics
    # and other published sources carry their terms in their own provenance.
    for source in (s for s in dataset.sources.values() if s.document and not s.is_official):
        council = dataset.authorities[source.authority_code].name
        seed = (SEEDS / source.document).read_text(encoding="utf-8")
        if "Open Government Licence" in seed:
            assert source.licence_id == "OGL-UK-3.0", council
        else:
            # Never more open than the council said: terms it did not grant are not an open licence.
            assert source.licence_id not in OPEN_LICENCES and source.reuse_terms, council
        if source.response_date is not None:
            assert f"{source.response_date.day:02d} {source.response_date:%B %Y}" in seed
        if source.request_reference:
            assert source.request_reference in seed


def test_package_licence_is_no_more_open_than_its_narrowest_source(dataset: Dataset) -> None:
    licences = dataset.descriptor["licenses"]
    if any(not t.is_open for t in terms_of(dataset)):
        assert all(lic["name"] not in OPEN_LICENCES for lic in licences)
        assert "only in ways that all of these terms allow" in licences[0]["title"]


def test_frictionless_validates_the_package() -> None:
    from frictionless import validate

    report = validate(str(ROOT / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
