"""Lookups for sets of councils: true for any number of councils, on small datasets made in code."""

from __future__ import annotations

import random

import pytest
from bs4 import BeautifulSoup
from small_data import CY_2024, Area, OfficialSource, council, councils_with, dataset, observation, source

from explainer.figures import LookupProblem, Lookups
from explainer.lookups import MAX_NAMED, Reach, SetLookups, number_in_words, words_list


def names(n: int) -> list[str]:
    return sorted(council(i).name for i in range(n))


@pytest.mark.parametrize("n", [1, 2, 3, MAX_NAMED, MAX_NAMED + 1, 40])
def test_councils_are_every_council_with_the_figure(n: int) -> None:
    found = SetLookups(councils_with("children_missing", [10.0] * n), "").councils("2020-21", "children_missing")
    assert found.count == n
    assert [a.name for a in found] == names(n)
    if n <= MAX_NAMED:
        assert str(found) == words_list(names(n))
        assert all(name in found.names for name in names(n))
    else:
        assert found.names == f"{n} councils"


@pytest.mark.parametrize(
    ("n", "every", "either"), [(2, "both councils", "neither council"), (3, "all three councils", "none of the three councils")]
)
def test_every_and_either_follow_the_count(n: int, every: str, either: str) -> None:
    found = SetLookups(councils_with("children_missing", [1.0] * n), "").councils("2020-21", "children_missing")
    assert (found.every, found.either) == (every, either)
    assert found.Every == every[0].upper() + every[1:]


def test_one_council_is_named_not_counted() -> None:
    found = SetLookups(councils_with("children_missing", [1.0]), "").councils("2020-21", "children_missing")
    assert found.every == found.names == council(0).name


@pytest.mark.parametrize("seed", range(5))
def test_councils_match_the_figures_for_any_data(seed: int) -> None:
    rng = random.Random(seed)
    authorities = [council(n) for n in range(rng.randint(1, 30))]
    sources = [source(f"s{n}", a.code) for n, a in enumerate(authorities)]
    observations = [
        observation(
            f"s{n}", a.code, rng.choice(["children_missing", "rhi_offered"]), rng.choice([None, 3.0]), rng.choice(["all", "looked_after"])
        )
        for n, a in enumerate(authorities)
        for _ in range(rng.randint(0, 3))
    ]
    lookups = SetLookups(dataset(authorities, sources, observations), "")
    for population in (None, "all", "looked_after"):
        expected = {o.authority_code for o in observations if o.metric_id == "children_missing" and population in (None, o.population)}
        assert {a.code for a in lookups.councils("2020-21", "children_missing", population)} == expected


def test_a_list_of_metrics_needs_every_one() -> None:
    a, b = council(1), council(2)
    ds = dataset(
        [a, b],
        [source("sa", a.code), source("sb", b.code)],
        [
            observation("sa", a.code, "rhi_offered", 5.0),
            observation("sa", a.code, "rhi_accepted", 2.0),
            observation("sb", b.code, "rhi_offered", 4.0),
        ],
    )
    assert [x.code for x in SetLookups(ds, "").councils("2020-21", ["rhi_offered", "rhi_accepted"])] == [a.code]


def test_kind_keeps_official_statistics_out_of_foi_prose() -> None:
    foi, official = council(1), council(2)
    ds = dataset(
        [foi, official],
        [source("f", foi.code), OfficialSource("o", official.code, "Stats", "", None, "OGL-UK-3.0", "OGL", "", "", "", "")],
        [observation("f", foi.code, "children_missing", 5.0), observation("o", official.code, "children_missing", 9.0)],
    )
    lookups = SetLookups(ds, "")
    assert [a.code for a in lookups.councils("2020-21", "children_missing", kind="foi")] == [foi.code]
    assert [a.code for a in lookups.councils("2020-21", "children_missing", kind="official")] == [official.code]
    assert lookups.councils("2020-21", "children_missing").count == 2
    assert [a.code for a in lookups.councils_with_sources(kind="foi")] == [foi.code]


def test_england_and_regions_are_not_councils() -> None:
    town, region = council(1), Area("E12000001", "A region", "", "region")
    ds = dataset(
        [town, region],
        [source("t", town.code), source("r", region.code)],
        [observation("t", town.code, "children_missing", 5.0), observation("r", region.code, "children_missing", 50.0)],
    )
    assert [a.code for a in SetLookups(ds, "").councils("2020-21", "children_missing")] == [town.code]


def test_period_none_means_any_period() -> None:
    a, b = council(1), council(2)
    ds = dataset(
        [a, b],
        [source("sa", a.code), source("sb", b.code)],
        [observation("sa", a.code, "missing_episodes", 5.0), observation("sb", b.code, "missing_episodes", 4.0, period=CY_2024)],
    )
    lookups = SetLookups(ds, "")
    assert lookups.councils(None, "missing_episodes").count == 2
    assert lookups.councils("2024", "missing_episodes").count == 1


def test_figures_by_council_name_each_council_beside_its_linked_figure() -> None:
    ds = councils_with("children_missing", [12.0, None, 30.0])
    html = BeautifulSoup(str(SetLookups(ds, "../").figures_by_council("2020-21", "children_missing")), "html.parser")
    text = html.get_text()
    for n, shown in enumerate(["12", "[c] suppressed", "30"]):
        assert f"{shown} in {council(n).name}" in text
    assert [a["href"] for a in html.find_all("a")] == [f"../sources/s{n}.html#q-1-children-missing-all" for n in range(3)]


def test_figures_for_many_councils_give_the_range_not_a_list() -> None:
    values = [float(v) for v in range(1, MAX_NAMED + 3)]
    text = BeautifulSoup(
        str(SetLookups(councils_with("children_missing", values), "").figures_by_council("2020-21", "children_missing")), "html.parser"
    ).get_text()
    assert text.startswith(f"{len(values)} councils, from 1 in {council(0).name} to {len(values)} in")


def test_shares_by_council_leave_out_a_council_whose_part_is_suppressed() -> None:
    a, b = council(1), council(2)
    ds = dataset(
        [a, b],
        [source("sa", a.code), source("sb", b.code)],
        [
            observation("sa", a.code, "rhi_offered", 10.0),
            observation("sa", a.code, "rhi_accepted", 4.0),
            observation("sb", b.code, "rhi_offered", 10.0),
            observation("sb", b.code, "rhi_accepted", None),
        ],
    )
    text = BeautifulSoup(str(SetLookups(ds, "").shares_by_council("2020-21", "rhi_accepted", "rhi_offered")), "html.parser").get_text()
    assert text == f"40% in {a.name}"


def test_lookups_record_their_reach_and_refuse_unknown_metrics() -> None:
    reach = Reach()
    lookups = SetLookups(councils_with("children_missing", [1.0]), "", reach)
    lookups.councils("2020-21", ["children_missing", "rhi_offered"], kind="foi")
    assert reach.keys == {("children_missing", "2020-21", "foi"), ("rhi_offered", "2020-21", "foi")}
    with pytest.raises(LookupProblem, match='unknown metric "children_misin" \\(did you mean "children_missing"\\?\\)'):
        lookups.councils("2020-21", "children_misin")


def test_number_in_words() -> None:
    assert [number_in_words(n) for n in (0, 2, 9, 10, 1500)] == ["no", "two", "nine", "10", "1,500"]


def test_given_leaves_out_figures_the_council_does_not_hold() -> None:
    a, b, c = council(1), council(2), council(3)
    ds = dataset(
        [a, b, c],
        [source("sa", a.code), source("sb", b.code), source("sc", c.code)],
        [
            observation("sa", a.code, "missing_episodes", 5.0),
            observation("sb", b.code, "missing_episodes", None),
            observation("sc", c.code, "missing_episodes", None, status="not_held"),
        ],
    )
    lookups = SetLookups(ds, "")
    assert [x.code for x in lookups.councils("2020-21", "missing_episodes", given=True)] == [a.code, b.code]
    assert lookups.councils("2020-21", "missing_episodes").count == 3


@pytest.mark.parametrize(
    ("note", "shown"), [("Suppressed: 5 or fewer.", "0 to 5"), ("The council does not give numbers of 10 or lower.", "0 to 10")]
)
def test_a_suppressed_range_starts_at_zero(note: str, shown: str) -> None:
    a = council(1)
    ds = dataset([a], [source("sa", a.code)], [observation("sa", a.code, "children_missing", None, note=note)])
    link = BeautifulSoup(str(Lookups(ds, "").suppressed_range(a.code, "2020-21", "children_missing")), "html.parser").a
    assert link.text == shown


def test_a_suppressed_range_needs_the_councils_limit() -> None:
    ds = councils_with("children_missing", [None])
    with pytest.raises(LookupProblem, match="needs a suppressed figure whose note gives the council's limit"):
        Lookups(ds, "").suppressed_range(council(0).code, "2020-21", "children_missing")
