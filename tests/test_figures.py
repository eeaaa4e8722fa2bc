"""Narrative lookups: values, links, derived figures and the errors for bad lookups."""

from __future__ import annotations

import dataclasses
import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from explainer.dataset import load
from explainer.errors import Problems
from explainer.figures import LookupProblem, Lookups
from explainer.formatting import format_percent, format_value


@pytest.fixture(scope="module")
def lookups() -> Lookups:
    ds = load(ROOT / "data", Problems())
    assert ds is not None
    return Lookups(ds, "../")


def _number(text: str) -> float:
    """The number a reader sees, read back: digits in groups of three, an optional £ and decimals."""
    assert re.fullmatch(r"£?\d{1,3}(,\d{3})*(\.\d+)?%?", text), f"{text!r} is not a number as a reader expects one"
    return float(text.strip("£%").replace(",", ""))


def test_every_figure_reads_as_its_value_and_links_to_its_row(lookups: Lookups) -> None:
    """Any figure of the data, looked up: its text is exactly its value, and its link and title say where it came from."""
    ds = lookups.dataset
    for obs in ds.observations:
        args = (obs.authority_code, obs.period.label, obs.metric_id, obs.population, obs.breakdown)
        link = BeautifulSoup(str(lookups.figure(*args, source=obs.source_id)), "html.parser").a
        where = f"data/observations.csv:{obs.line}"
        if obs.is_reported:
            assert _number(link.text) == obs.value, f"{where}: shows {link.text!r} for {obs.value}"
            assert link.text.startswith("£") == (ds.metrics[obs.metric_id].unit == "GBP"), where
        else:
            assert link.text.startswith("[") and obs.status.replace("_", " ") in link.text, f"{where}: {link.text!r}"
        assert link["href"] == f"../sources/{obs.source_id}.html#{obs.anchor}", where
        # An official figure answers a published measure; an FOI figure, a question in a letter.
        asked = f"measure \u201c{obs.question}\u201d" if ds.sources[obs.source_id].is_official else f"question {obs.question}"
        assert asked in link["title"] and obs.as_reported in link["title"], where


@pytest.mark.parametrize("whole", [1, 2, 3, 7, 199, 200, 201, 1000, 12345])
def test_a_percentage_is_the_share_rounded_and_says_what_was_divided(lookups: Lookups, whole: int) -> None:
    accepted = lookups.get("leicester", "2020-21", "rhi_accepted", "looked_after")
    offered = lookups.get("leicester", "2020-21", "rhi_offered", "looked_after")
    for part in sorted({0, 1, 2, whole // 3, whole // 2, whole - 1, whole}):
        a = dataclasses.replace(accepted, observation=dataclasses.replace(accepted.observation, value=part))
        b = dataclasses.replace(offered, observation=dataclasses.replace(offered.observation, value=whole))
        link = BeautifulSoup(str(lookups.percent(a, b)), "html.parser").a
        share = 100 * part / whole
        if link.text == "less than 1%":
            assert 0 < share < 1, (part, whole)
        elif link.text == "more than 99%":
            assert 99 < share < 100, (part, whole)
        else:
            shown = _number(link.text)
            assert link.text.endswith("%") and shown == int(shown) and abs(shown - share) <= 0.5, (part, whole, link.text)
            # Never "0%" for something that happened: a rounded zero would say nobody.
            assert (shown == 0) == (part == 0), (part, whole, link.text)
            # Nor "100%" for all but a few: a rounded hundred would say everyone.
            assert (shown == 100) == (part == whole), (part, whole, link.text)
        assert link["title"].startswith(f"{part:,} divided by {whole:,}: "), link["title"]


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
    # The mirror: all but one of 200 is not all of them.
    assert format_percent(199, 200) == "more than 99%"
    assert format_percent(994, 1000) == "99%"
    assert format_percent(200, 200) == "100%"


def test_threshold_gives_the_councils_limit_for_a_suppressed_figure(lookups: Lookups) -> None:
    link = BeautifulSoup(str(lookups.threshold("coventry", "2024", "rhi_with_harm_evidence")), "html.parser").a
    assert link.text == "5 or fewer" and link["title"].startswith("Suppression threshold of: ")
    with pytest.raises(LookupProblem, match="needs a suppressed figure"):
        lookups.threshold("coventry", "2024", "missing_episodes")
