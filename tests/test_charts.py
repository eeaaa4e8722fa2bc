"""Chart builders: the values they plot, their descriptions, and suppressed values."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from explainer.chart_render import cache_key, code_version, render_all, to_csv
from explainer.charts import BUILDERS, build_all
from explainer.dataset import load
from explainer.errors import Problems
from explainer.model import Dataset
from explainer.numbers import format_value


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds = load(ROOT / "data", Problems())
    assert ds is not None
    return ds


def test_every_builder_plots_figures_from_the_data(dataset: Dataset) -> None:
    for name, chart in build_all(dataset).items():
        assert chart.rows and chart.observations, name
        assert chart.source_ids and set(chart.source_ids) <= set(dataset.sources), name
        assert chart.description.endswith("."), name


def test_children_missing_description_states_each_councils_figures(dataset: Dataset) -> None:
    chart = BUILDERS["children-missing-2020-21"](dataset)
    for obs in chart.observations:
        assert format_value(obs.value, "children") in chart.description
        assert dataset.authorities[obs.authority_code].name in chart.description


def test_shares_of_each_group_add_up_to_about_a_hundred(dataset: Dataset) -> None:
    chart = BUILDERS["times-missing-2020-21"](dataset)
    totals: dict[tuple[str, str], int] = {}
    for row in chart.rows:
        totals[(row["council"], row["group"])] = totals.get((row["council"], row["group"]), 0) + row["share"]
    assert totals and all(97 <= t <= 103 for t in totals.values()), totals


def test_suppressed_markers_are_text_not_bars(dataset: Dataset) -> None:
    chart = BUILDERS["risk-markers-2024"](dataset)
    suppressed = [r for r in chart.rows if r["episodes"] is None]
    assert {r["marker"] for r in suppressed} == {"Engaged in criminal activities", "Been hurt or harmed"}
    assert all(r["episodes_text"] == "[c] 5 or fewer" for r in suppressed)
    spec = json.dumps(chart.spec(chart))
    assert '"datum.episodes != null"' in spec and '"datum.episodes == null"' in spec
    assert "[c]" in to_csv(chart)


def test_rendered_svg_is_named_by_its_caption_and_cached(dataset: Dataset, tmp_path) -> None:
    charts = {"risk-markers-2024": BUILDERS["risk-markers-2024"](dataset)}
    first = render_all(charts, tmp_path)["risk-markers-2024"]
    assert 'aria-labelledby="risk-markers-2024-title risk-markers-2024-desc"' in first.svg
    assert first.png.startswith(b"\x89PNG")
    cached = list(tmp_path.glob("*.svg"))
    assert [p.stem for p in cached] == [cache_key(charts["risk-markers-2024"], code_version())]
    again = render_all(charts, tmp_path)["risk-markers-2024"]
    assert again.svg == first.svg


def test_many_councils_become_one_mark_each_with_a_summary(dataset: Dataset, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import explainer.charts as charts

    monkeypatch.setattr(charts, "MANY_COUNCILS", 0)
    built = build_all(dataset)
    for name, chart in built.items():
        assert "one mark per council" in chart.description, name
        assert {c.key for c in chart.columns} >= {"council"}, name
        assert all(set(r) == {c.key for c in chart.columns} for r in chart.rows), name
    rendered = render_all(built, tmp_path)
    assert all("<svg" in r.svg for r in rendered.values())
    risk = built["risk-markers-2024"]
    assert [r["episodes"] for r in risk.rows if r["marker"] == "Been hurt or harmed"] == [None]


def test_a_number_change_reuses_the_layout_and_matches_altair(dataset: Dataset, tmp_path) -> None:
    import dataclasses

    from explainer.chart_render import vega_lite_spec

    chart = BUILDERS["children-missing-2020-21"](dataset)
    first = vega_lite_spec(chart, tmp_path, "v")
    assert len(list(tmp_path.glob("*.layout.json"))) == 1
    rows = [dict(r, children=r["children"] + 1) for r in chart.rows]
    changed = dataclasses.replace(chart, rows=rows)
    from_layout = vega_lite_spec(changed, tmp_path, "v")
    assert len(list(tmp_path.glob("*.layout.json"))) == 1, "a number change must not need a new layout"
    assert from_layout == json.loads(json.dumps(changed.spec(changed))) != first
    renamed = dataclasses.replace(chart, rows=[dict(r, council=r["council"] + " (renamed)") for r in chart.rows])
    vega_lite_spec(renamed, tmp_path, "v")
    assert len(list(tmp_path.glob("*.layout.json"))) == 2, "new categories need a new layout"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_chart_layout_takes_new_numbers_exactly_as_altair_would(dataset: Dataset, tmp_path, name: str) -> None:
    import dataclasses

    from explainer.chart_render import vega_lite_spec

    chart = BUILDERS[name](dataset)
    vega_lite_spec(chart, tmp_path, "v")
    bumped = [{k: v + 1 if isinstance(v, int) and not isinstance(v, bool) else v for k, v in row.items()} for row in chart.rows]
    changed = dataclasses.replace(chart, rows=bumped)
    assert vega_lite_spec(changed, tmp_path, "v") == json.loads(json.dumps(changed.spec(changed)))
