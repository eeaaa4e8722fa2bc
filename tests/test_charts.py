"""Charts declared as data: what holds for any data, shown on small made-up fixtures.

Each test adds something (a council, a period, a metric, a suppressed figure) to a fixture and
checks that the charts follow, without any code change. Rendering is tested once per kind.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chart_fixtures import COMPARISON, EVERY_KIND, FUNNEL, charts, dataset, declare, declare_every_kind, specs, two_councils
from conftest import ROOT

from explainer.chart_render import cache_key, code_version, render_all, to_csv
from explainer.chart_theme import MANY_COUNCILS, POPULATIONS
from explainer.chart_vega import vega_spec
from explainer.charts import build_all
from explainer.dataset import load
from explainer.errors import Problems


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return declare_every_kind(tmp_path / "charts")


def test_every_declared_chart_of_the_project_is_built_from_its_data() -> None:
    problems = Problems()
    ds = load(ROOT / "data", problems)
    assert ds is not None
    built = build_all(ds, None, problems)
    assert not problems.errors and built, problems.errors
    for name, chart in built.items():
        assert chart.rows and chart.observations and chart.marks, name
        assert set(chart.source_ids) <= set(ds.sources), name
        assert chart.description.endswith("."), name


def test_every_kind_shows_every_council_that_has_its_figures(folder: Path) -> None:
    before = charts(dataset(two_councils()), folder)
    added = two_councils() + [(f[0].replace("Ashby", "Cole Heath"), *f[1:]) for f in two_councils() if f[0] == "Ashby"]
    after = charts(dataset(added), folder)
    for name in EVERY_KIND:
        assert "Cole Heath" not in before[name].councils, name
        assert after[name].councils == ["Ashby", "Brent Vale", "Cole Heath"], name
        assert "Cole Heath" in after[name].description, name
        assert "Cole Heath" in {m["council"] for m in after[name].marks}, name


def test_a_council_with_part_of_the_figures_is_shown_and_named(folder: Path) -> None:
    # Cole Heath reported offers but not acceptances, and only the first stage of the funnel.
    partial = [
        *two_councils(),
        ("Cole Heath", "2020-21", "rhi_offered", "looked_after", "", 40),
        ("Cole Heath", "2020-21", "missing_episodes", "all", "", 90),
    ]
    built = charts(dataset(partial), folder)
    for name in ("offers", "funnel"):
        assert "Cole Heath" in built[name].councils, name
        assert "Cole Heath" in built[name].partial, name
        assert any(note.startswith("Cole Heath gave no figure for") for note in built[name].notes), name
    assert any("accepted" in lack for lack in built["offers"].partial["Cole Heath"])
    assert "Ashby" not in built["offers"].partial


def test_latest_follows_a_new_period_and_a_trend_gains_it(folder: Path) -> None:
    newer = [(c, "2021-22", m, p, b, v) for c, _, m, p, b, v in two_councils() if c == "Brent Vale"]
    built = charts(dataset(two_councils() + newer), folder)
    assert built["offers"].period == "2021-22"
    assert built["offers"].councils == ["Brent Vale"]
    assert "April 2021 to March 2022" in built["offers"].title
    trend = built["trend"]
    assert [r["period"] for r in trend.rows if r["council"] == "Brent Vale"] == ["2020-21", "2021-22"]
    assert trend.partial == {"Ashby": ["2021-22 (looked after children)"]}


def test_a_metric_added_to_a_declaration_appears(tmp_path: Path) -> None:
    figures = [*two_councils(), ("Ashby", "2020-21", "rhi_declined", "looked_after", "", 7)]
    folder = tmp_path / "charts"
    declare(folder, "offers", COMPARISON)
    before = charts(dataset(figures), folder)["offers"]
    declare(
        folder,
        "offers",
        COMPARISON.replace("      - rhi_accepted: Accepted", "      - rhi_accepted: Accepted\n      - rhi_declined: Declined"),
    )
    after = charts(dataset(figures), folder)["offers"]
    assert "Declined" not in {r["measure"] for r in before.rows}
    assert [r["value"] for r in after.rows if r["measure"] == "Declined"] == [7]
    assert any("declined" in lack for lack in after.partial["Brent Vale"])


def test_suppressed_is_a_marker_never_a_bar_and_zero_is_a_zero(folder: Path) -> None:
    figures = [f for f in two_councils() if not (f[0] == "Ashby" and f[2] == "rhi_accepted" and f[3] == "looked_after")]
    figures += [("Ashby", "2020-21", "rhi_accepted", "looked_after", "", "c"), ("Brent Vale", "2020-21", "rhi_declined", "all", "", 0)]
    built = charts(dataset(figures), folder)
    offers = built["offers"]
    hidden = [m for m in offers.marks if m["x"] is None]
    assert [m["x_text"] for m in hidden] == ["[c] 5 or fewer"]
    assert "[c]" in to_csv(offers) and ",0," not in to_csv(offers).replace("Brent Vale", "")
    assert [r["share_text"] for r in offers.rows if r["council"] == "Ashby" and r["group"] == "Looked after"] == ["[c]", "[c]"]
    assert any("not to be read as zero" in note for note in offers.notes)
    with_zero = [f if (f[0], f[2]) != ("Ashby", "rhi_done") else (*f[:5], 0) for f in figures]
    zero = charts(dataset(with_zero), folder)["funnel"]
    assert [m["x_text"] for m in zero.marks if m["x"] == 0] == ["0"]


def test_a_suppressed_band_suppresses_its_groups_shares(folder: Path) -> None:
    figures = [
        f
        for f in two_councils()
        if not (f[0] == "Ashby" and f[2] == "children_by_times_missing" and f[4] == "3" and f[3] == "looked_after")
    ]
    figures.append(("Ashby", "2020-21", "children_by_times_missing", "looked_after", "3", "c"))
    times = charts(dataset(figures), folder)["times"]
    ashby = [r for r in times.rows if r["council"] == "Ashby" and r["group"] == "Looked after"]
    assert ashby and all(r["share"] is None for r in ashby)
    assert "Ashby, looked after" not in times.description
    complete = [r for r in times.rows if r["group"] == "Not looked after"]
    assert all(r["share"] is not None for r in complete)
    for council in ("Ashby", "Brent Vale"):
        assert sum(r["share"] for r in complete if r["council"] == council) in range(98, 103)


def test_many_councils_become_one_mark_each(folder: Path) -> None:
    names = [f"Council {i:02d}" for i in range(MANY_COUNCILS + 1)]
    figures = [(name, *f[1:]) for name in names for f in two_councils() if f[0] == "Ashby"]
    figures = [f if f[0] != "Council 03" or f[2] != "rhi_accepted" else (*f[:5], "c") for f in figures]
    built = charts(dataset(figures), folder)
    for name, chart in built.items():
        assert chart.draw.kind == "ticks", name
        assert "one mark per council" in chart.description, name
        assert {r["council"] for r in chart.rows} == set(names), name
        assert all(m["x"] is not None for m in chart.marks), name
    offers = built["offers"]
    assert [r["value"] for r in offers.rows if r["council"] == "Council 03"] == [None, None]
    assert "2 values cannot be shown" in offers.description


def test_one_colour_per_population_in_every_chart(folder: Path) -> None:
    for chart in charts(dataset(two_councils()), folder).values():
        labels = {p.label: p.colour for p in POPULATIONS.values()}
        for label, colour in chart.draw.groups:
            assert labels.get(label, colour) == colour, (chart.name, label)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "kind: pie\ntitle: T\nmetrics: [rhi_done]\npopulations: [all]\n",
            'x.yaml:1: kind: expected one of comparison, strip, funnel, bands, trend, found "pie"',
        ),
        ("kind: funnel\ntitle: T\nmetrics: [rhi_done]\npopulations: [all]\ncolour: red\n", 'x.yaml:5: unknown key "colour"'),
        ("kind: funnel\ntitle: T\nmetrics: [rhi_done]\n", 'x.yaml:1: expected "populations", found none'),
        ("kind: funnel\ntitle: [T\n", "x.yaml:3: invalid YAML"),
    ],
)
def test_a_bad_declaration_names_its_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    found, problems = specs(tmp_path)
    assert not found
    assert any(str(p).endswith(message) or message in str(p) for p in problems.errors), [str(p) for p in problems.errors]


def test_a_declaration_the_data_cannot_answer_is_an_error(tmp_path: Path) -> None:
    declare(tmp_path, "x", FUNNEL.replace("rhi_done", "rhi_doen").replace("period: latest", "period: 2019-20"))
    found, problems = specs(tmp_path)
    assert found and not build_all(dataset(two_councils()), found, problems)
    messages = [str(p) for p in problems.errors]
    assert any('x.yaml:4: unknown metric "rhi_doen" (did you mean "rhi_done"?)' in m for m in messages), messages
    assert any('x.yaml:3: period "2019-20" has no figures' in m for m in messages), messages


def test_every_kind_renders_and_is_cached(folder: Path, tmp_path: Path) -> None:
    built = charts(dataset(two_councils()), folder)
    many = [(f"Council {i:02d}", *f[1:]) for i in range(MANY_COUNCILS + 1) for f in two_councils() if f[0] == "Ashby"]
    built["strip"] = charts(dataset(many), folder)["offers"]
    built["strip"].name = "strip"
    rendered = render_all(built, tmp_path / "cache")
    for name, chart in rendered.items():
        assert f'aria-labelledby="{name}-title {name}-desc"' in chart.svg, name
        assert chart.png.startswith(b"\x89PNG"), name
        assert all(m["council"] in chart.svg for m in built[name].marks), name
    assert {p.stem for p in (tmp_path / "cache").glob("*.svg")} == {cache_key(c, code_version()) for c in built.values()}
    assert render_all(built, tmp_path / "cache")["offers"].svg == rendered["offers"].svg


@pytest.mark.parametrize("name", sorted(EVERY_KIND))
def test_a_layout_takes_new_numbers_exactly_as_altair_would(folder: Path, tmp_path: Path, name: str) -> None:
    import dataclasses

    from explainer.chart_render import vega_lite_spec

    chart = charts(dataset(two_councils()), folder)[name]
    vega_lite_spec(chart, tmp_path, "v")
    marks = [dict(m, x=m["x"] + 1 if isinstance(m["x"], int) else m["x"]) for m in chart.marks]
    changed = dataclasses.replace(chart, marks=marks)
    assert vega_lite_spec(changed, tmp_path, "v") == json.loads(json.dumps(vega_spec(changed)))
    assert len(list(tmp_path.glob("*.layout.json"))) == 1, "a number change must not need a new layout"


def test_the_guides_example_chart_is_added_by_its_declaration_alone(tmp_path: Path) -> None:
    """docs/adding-charts.md's worked example, copied into a copy of the project, is built and placed."""
    import re

    from conftest import copy_project, run_build

    guide = (ROOT / "docs" / "adding-charts.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# (content/charts/(\S+)\.yaml)\n(.*?)```", guide, re.S)
    assert block, "the guide has no worked example"
    root = copy_project(tmp_path / "project")
    (root / block[1]).write_text(block[3], encoding="utf-8")
    (root / "content" / "zz-new.md").write_text(f'---\ntitle: New\nsummary: A new chart.\n---\n\nText.\n\n{{{{ chart("{block[2]}") }}}}\n', encoding="utf-8")
    done = run_build("build", "--root", str(root))
    assert done.returncode == 0, done.stdout + done.stderr
    page = (root / "site" / "zz-new" / "index.html").read_text(encoding="utf-8")
    assert f'id="chart-{block[2]}"' in page and "<svg" in page
    assert (root / "site" / "charts" / f"{block[2]}.csv").is_file()


def test_downloads_carry_title_sources_and_terms(folder: Path, tmp_path: Path) -> None:
    import csv
    import io
    import struct
    import zlib

    from explainer.chart_png import framed_svg, smaller_png

    chart = charts(dataset(two_councils()), folder)["offers"]
    assert any(line.startswith("Source: Ashby") and "Brent Vale" in line for line in chart.credits)
    assert any(line.startswith("Re-use, Ashby, Brent Vale: OGL") for line in chart.credits)
    text = to_csv(chart)
    note = [line for line in text.splitlines() if line.startswith("# ")]
    assert note == [f"# {chart.title}", *(f"# {c}" for c in chart.credits)]
    rows = list(csv.reader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert rows[0] == [c.label for c in chart.columns] and len(rows) == len(chart.rows) + 1
    framed = framed_svg('<svg width="300" height="100"><text>x</text></svg>', "A & B", ["Re-use: <none>"])
    assert "A &amp; B" in framed and "Re-use: &lt;none&gt;" in framed and 'x="8"' in framed
    png = render_all({"offers": chart}, tmp_path)["offers"].png

    def pixels(data: bytes) -> bytes:
        pos, found = 8, b""
        while pos < len(data):
            (n,) = struct.unpack(">I", data[pos : pos + 4])
            found += data[pos + 8 : pos + 8 + n] if data[pos + 4 : pos + 8] == b"IDAT" else b""
            pos += 12 + n
        return zlib.decompress(found)

    assert smaller_png(png) == png, "the PNG is written already recompressed"
    assert pixels(png) and len(png) < len(pixels(png)) / 4


def test_legend_order_is_mark_order_and_names_sit_above_their_marks(folder: Path) -> None:
    offers = charts(dataset(two_councils()), folder)["offers"]
    legend = [label for label, _ in offers.draw.groups]
    for council in offers.councils:
        slots = [r for r in offers.plot_rows() if r["council"] == council]
        assert [r["kind"] for r in slots[:3]] == ["label", "mark", "mark"]
        drawn = [r["group"] for r in slots if r["kind"] == "mark"]
        assert drawn == legend * (len(drawn) // len(legend)), "within each name, marks follow the legend's order"
        assert [r["slot"] for r in slots] == sorted({r["slot"] for r in slots}), "one line each, top to bottom"


def test_many_panels_are_a_council_list(folder: Path) -> None:
    three = [*two_councils(), *((f[0].replace("Ashby", "Cole Heath"), *f[1:]) for f in two_councils() if f[0] == "Ashby")]
    assert not charts(dataset(two_councils()), folder)["offers"].is_council_list
    assert charts(dataset(three), folder)["offers"].is_council_list
