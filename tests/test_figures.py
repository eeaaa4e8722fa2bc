"""Narrative lookups: values, links, derived figures and the errors for bad lookups."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from explainer.dataset import load
from explainer.errors import Problems
from explainer.figures import LookupProblem, Lookups
from explainer.numbers import format_percent, format_value


@pytest.fixture(scope="module")
def lookups() -> Lookups:
    ds = load(ROOT / "data", Problems())
    assert ds is not None
    return Lookups(ds, "../")


def test_figure_links_to_its_source_question(lookups: Lookups) -> None:
    link = BeautifulSoup(str(lookups.figure("coventry", "2020-21", "children_missing", "looked_after")), "html.parser").a
    obs = lookups.get("E08000026", "2020-21", "children_missing", "looked_after").observation
    assert link.text == format_value(obs.value, "children")
    assert link["href"] == f"../sources/{obs.source_id}.html#{obs.anchor}"
    assert f"question {obs.question}" in link["title"] and obs.as_reported in link["title"]


def test_percent_says_what_was_divided_by_what(lookups: Lookups) -> None:
    part = lookups.get("leicester", "2020-21", "rhi_accepted", "looked_after")
    whole = lookups.get("leicester", "2020-21", "rhi_offered", "looked_after")
    link = BeautifulSoup(str(lookups.percent(part, whole)), "html.parser").a
    assert link.text == format_percent(part.value, whole.value)
    assert link["title"].startswith(f"{part.text} divided by {whole.text}")


def test_suppressed_figure_shows_its_status_and_refuses_arithmetic(lookups: Lookups) -> None:
    hidden = lookups.get("coventry", "2024", "episodes_with_risk_marker", breakdown="Been hurt or harmed")
    assert hidden.text == "[c] suppressed"
    episodes = lookups.get("coventry", "2024", "missing_episodes")
    with pytest.raises(LookupProblem, match="suppressed, so it cannot be used in a calculation"):
        lookups.percent(hidden, episodes)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("coventy", "2020-21", "children_missing"), 'unknown authority "coventy" (did you mean "coventry"?)'),
        (("coventry", "2020-21", "rhi_offerd"), 'unknown metric "rhi_offerd" (did you mean "rhi_offered"?)'),
        (("coventry", "2020-21", "children_missing", "lac"), 'unknown population "lac"'),
        (
            ("coventry", "2019-20", "children_missing"),
            "no figure for Coventry, 2019-20, children_missing, all (periods with this metric: 2020-21, 2024)",
        ),
    ],
)
def test_bad_lookups_say_what_is_wrong(lookups: Lookups, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(LookupProblem) as caught:
        lookups.get(*args)
    assert str(caught.value).startswith(message)


def test_numbers_are_never_more_precise_than_counts() -> None:
    assert format_value(1121, "episodes") == "1,121"
    assert format_value(2658, "GBP") == "£2,658"
    assert format_percent(234, 694) == "34%"
    assert format_percent(1, 1000) == "less than 1%"


def test_threshold_gives_the_councils_limit_for_a_suppressed_figure(lookups: Lookups) -> None:
    link = BeautifulSoup(str(lookups.threshold("coventry", "2024", "rhi_with_harm_evidence")), "html.parser").a
    assert link.text == "5 or fewer" and link["title"].startswith("Suppression threshold of: ")
    with pytest.raises(LookupProblem, match="needs a suppressed figure"):
        lookups.threshold("coventry", "2024", "missing_episodes")
