"""Consistency checks over the real package and over small changes to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from test_dataset import edit_csv

from explainer.checks import Result, run_checks
from explainer.dataset import Dataset, load
from explainer.errors import Problems


def checks_of(data_dir: Path) -> list[Result]:
    ds = load(data_dir, Problems())
    assert ds is not None
    return run_checks(ds)


def find(results: list[Result], source: str, rule: str, population: str = "all") -> Result:
    return next(r for r in results if r.source_id == source and r.rule.id == rule and r.population == population)


@pytest.fixture(scope="module")
def real() -> list[Result]:
    return checks_of(ROOT / "data")


def test_breakdowns_that_do_not_sum_are_reported_with_the_gap(real: list[Result]) -> None:
    coventry = find(real, "cov-foi330799902", "groups_total")
    leicester_lac = find(real, "lei-missing-2020-21", "breakdown_total", "looked_after")
    ds: Dataset = load(ROOT / "data", Problems())  # type: ignore[assignment]
    bands = [o for o in ds.by_source["cov-foi330799902"] if o.metric_id == "children_by_times_missing"]
    total = next(o for o in ds.by_source["cov-foi330799902"] if o.metric_id == "children_missing" and o.population == "all")
    assert coventry.left_total == sum(o.value for o in bands) and coventry.right_total == total.value
    assert not coventry.holds and coventry.difference == coventry.left_total - coventry.right_total
    assert not leicester_lac.holds and leicester_lac.difference > 0
    assert find(real, "cov-foi330799902", "breakdown_total", "looked_after").holds


def test_interviews_by_provider_against_acceptances(real: list[Result]) -> None:
    assert find(real, "cov-foi330799902", "done_by_provider_total").holds
    leicester = find(real, "lei-missing-2020-21", "done_by_provider_total")
    assert not leicester.holds and leicester.left_total > leicester.right_total


def test_offer_outcomes_include_unrecorded_offers(real: list[Result]) -> None:
    three_way = find(real, "lei-rhi-2017-18", "offer_outcomes_with_unrecorded")
    assert three_way.holds and len(three_way.left) == 3
    assert not [r for r in real if r.source_id == "lei-rhi-2017-18" and r.rule.id == "offer_outcomes_total"]


def test_accepted_more_than_offered_is_caught(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    rows = (tmp_path / "data/observations.csv").read_text(encoding="utf-8").splitlines()
    line = next(i for i, r in enumerate(rows, 1) if r.startswith("lei-rhi-2017-18") and ",rhi_accepted,all," in r)
    edit_csv(tmp_path / "data/observations.csv", line, value="1500", as_reported="1500")
    result = find(checks_of(tmp_path / "data"), "lei-rhi-2017-18", "accepted_le_offered")
    assert not result.holds and result.difference == 1500 - 1442


def test_a_suppressed_figure_makes_a_check_impossible_not_zero(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    edit_csv(tmp_path / "data/observations.csv", 4, value="", status="suppressed", as_reported="c")
    result = find(checks_of(tmp_path / "data"), "cov-foi330799902", "groups_total")
    assert not result.checkable and result.left_total is None and not result.holds


def test_each_check_is_said_in_words_with_its_own_totals() -> None:
    from explainer.check_words import in_words

    problems = Problems()
    ds = load(ROOT / "data", problems)
    assert ds is not None
    for result in run_checks(ds):
        words = in_words(result)
        assert "Q" not in words.split()[0] and "=" not in words and "+" not in words, words
        if result.checkable:
            assert f"{result.right_total:,.0f}" in words
            assert ("This holds." in words) == result.holds, words
        else:
            assert "cannot be checked" in words


def test_a_failing_sum_reads_as_a_sentence() -> None:
    from small_data import observation

    from explainer.check_words import in_words
    from explainer.checks import Rule

    bands = [observation("s", "E1", "children_by_times_missing", v, question="2a") for v in (200.0, 108.0)]
    total = [observation("s", "E1", "children_missing", 297.0, question="1a")]
    rule = Rule("groups_total", "Bands add up to the total", lambda p: None, "=", lambda p: None)  # type: ignore[arg-type, return-value]
    result = Result(rule, "s", "E1", "2020-21", "all", bands, total, 308, 297)
    assert in_words(result) == (
        "The 2 figures in question 2a, which add up to 308, should equal the figure in question 1a, 297."
        " This does not hold: the first comes to 11 more than the second."
    )
