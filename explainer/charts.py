"""Named chart builders: each takes the Dataset and returns the values it plots and how.

A builder only selects and arranges figures; `chart_render` turns the result into SVG, PNG and
CSV. Builders work for any number of councils: they iterate over the authorities that reported
the figures they need, so a new council's figures appear without code changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .model import POPULATION_LABELS, TIMES_MISSING_BANDS, Dataset, Observation, suppression_label
from .numbers import format_percent, format_value

GROUPS = {"not_looked_after": "Not looked after", "looked_after": "Looked after"}
BANDS = list(TIMES_MISSING_BANDS)
# vl-convert measures text with its bundled Liberation Sans; Arial has the same metrics, so labels
# laid out at build time fit when the browser draws them.
CHART_FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
# Close to a phone's width, so the SVG's text is not scaled down much on small screens.
CHART_WIDTH = 300
# Room for labels drawn in a wider fallback font than the one they were measured in.
CHART_PADDING = {"left": 48, "right": 24, "top": 4, "bottom": 4}
# Beyond this many councils a chart shows each council's position among all others instead of a bar each.
MANY_COUNCILS = 12


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass
class ChartData:
    name: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    observations: list[Observation]
    spec: Callable[[ChartData], dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    # The column whose empty cells (suppressed figures) leave a row out of the drawing; "" draws every row.
    drawn_key: str = ""

    def plot_rows(self) -> list[dict[str, Any]]:
        """Exactly the data the chart draws, each row with the label its mark carries."""
        return [with_label(self, r) for r in self.rows if not self.drawn_key or r.get(self.drawn_key) is not None]

    @property
    def source_ids(self) -> list[str]:
        return sorted({o.source_id for o in self.observations})

    @property
    def has_suppressed(self) -> bool:
        return any(not o.is_reported for o in self.observations)


BUILDERS: dict[str, Callable[[Dataset], ChartData]] = {}


def builder(name: str) -> Callable[[Callable[[Dataset], ChartData]], Callable[[Dataset], ChartData]]:
    def register(fn: Callable[[Dataset], ChartData]) -> Callable[[Dataset], ChartData]:
        BUILDERS[name] = fn
        return fn

    return register


def _council(ds: Dataset, obs: Observation) -> str:
    return ds.authorities[obs.authority_code].name


def _pick(ds: Dataset, period: str, metric: str, population: str, breakdown: str = "") -> list[Observation]:
    found = [o for code in ds.authorities for o in ds.by_lookup.get((code, period, metric, population, breakdown), ())]
    return sorted(found, key=lambda o: _council(ds, o))


def _councils_text(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _bar_spec(
    data: ChartData,
    x: str,
    y: str,
    color: str | None = None,
    offset: str | None = None,
    facet: str | None = None,
    x_title: str = "",
    sort: list[str] | None = None,
) -> dict[str, Any]:
    import altair as alt

    values = data.plot_rows()
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(format=",.0f", tickMinStep=1)),
        "y": alt.Y(f"{y}:N", title=None, sort=sort or None),
        "description": alt.Description("mark_label:N"),
    }
    if color:
        encoding["color"] = alt.Color(
            f"{color}:N",
            title=None,
            scale=alt.Scale(range=["#1d70b8", "#d4351c", "#00703c", "#6f72af", "#912b88"]),
            legend=alt.Legend(orient="top"),
        )
    if offset:
        encoding["yOffset"] = alt.YOffset(f"{offset}:N", sort=sort_offset(data, offset))
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(**encoding).properties(width=CHART_WIDTH)
    if facet:
        chart = chart.facet(
            row=alt.Row(
                f"{facet}:N",
                title=None,
                header=alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start", labelFontWeight="bold", labelFontSize=13),
            )
        )
    return chart.configure_view(stroke=None).configure(background="white", font=CHART_FONT, padding=CHART_PADDING).to_dict()


def with_label(data: ChartData, row: dict[str, Any]) -> dict[str, Any]:
    """The row plus the text each mark carries as its accessible label and tooltip: the table's row."""
    parts = [
        f"{c.label}: {'[c]' if row.get(c.key) is None else format_value(row[c.key], 'count') if c.numeric else row[c.key]}"
        for c in data.columns
    ]
    return {**row, "mark_label": "; ".join(parts)}


def _strip_spec(data: ChartData, value: str, category: str, x_title: str) -> dict[str, Any]:
    import altair as alt

    values = data.plot_rows()
    order = list(dict.fromkeys(r[category] for r in data.rows))
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_tick(thickness=2, color="#1d70b8", opacity=0.6)
        .encode(
            x=alt.X(f"{value}:Q", title=x_title, axis=alt.Axis(format=",.0f")),
            y=alt.Y(f"{category}:N", title=None, sort=order),
            description=alt.Description("mark_label:N"),
        )
    )
    return (
        chart.properties(width=CHART_WIDTH)
        .configure_view(stroke=None)
        .configure(background="white", font=CHART_FONT, padding=CHART_PADDING)
        .to_dict()
    )


def many_councils(chart: ChartData, value: str, category: str, x_title: str, unit: str) -> ChartData:
    """The same figures for many councils: one tick per council on a line per category.

    A bar per council stops being readable beyond a dozen councils; a strip shows where each
    council sits among the others, and the table below the chart still lists every council.
    """
    parts = []
    for name in dict.fromkeys(r[category] for r in chart.rows):
        numbers = sorted(r[value] for r in chart.rows if r[category] == name and r[value] is not None)
        if numbers:
            middle = numbers[len(numbers) // 2] if len(numbers) % 2 else (numbers[len(numbers) // 2 - 1] + numbers[len(numbers) // 2]) / 2
            parts.append(
                f"{name.lower()}: median {format_value(round(middle), unit)}, from {format_value(numbers[0], unit)} to {format_value(numbers[-1], unit)}"
            )
    councils = len({r["council"] for r in chart.rows})
    description = f"{chart.title} in {councils} councils, one mark per council; {_councils_text(parts)}." if parts else chart.description
    labels = {c.key: c.label for c in chart.columns}
    columns = [Column("council", "Council"), Column(category, labels.get(category, category.capitalize())), Column(value, x_title, True)]
    rows = [{c.key: r[c.key] for c in columns} for r in chart.rows]
    return ChartData(
        chart.name,
        chart.title,
        description,
        columns,
        rows,
        chart.observations,
        lambda d: _strip_spec(d, value, category, x_title),
        chart.notes,
        drawn_key=value,
    )


def _shares_of_many(
    chart: ChartData, title: str, rows: list[dict[str, Any]], category: tuple[str, str], value: tuple[str, str]
) -> ChartData:
    """A chart's percentage per council and category, drawn as one mark per council."""
    columns = [Column("council", "Council"), Column(category[0], category[1]), Column(value[0], value[1], True)]
    summary = ChartData(chart.name, title, chart.description, columns, rows, chart.observations, chart.spec, chart.notes)
    return many_councils(summary, value[0], category[0], value[1], "percent")


def _council_count(rows: list[dict[str, Any]]) -> int:
    return len({r["council"] for r in rows})


def sort_offset(data: ChartData, key: str) -> list[str]:
    return list(dict.fromkeys(r[key] for r in data.rows))


@builder("children-missing-2020-21")
def children_missing_2020_21(ds: Dataset) -> ChartData:
    observations = _pick(ds, "2020-21", "children_missing", "all") + _pick(ds, "2020-21", "children_missing", "looked_after")
    rows = [
        {"council": _council(ds, o), "group": "All children" if o.population == "all" else "Looked after children", "children": o.value}
        for o in observations
    ]
    rows.sort(key=lambda r: (r["council"], r["group"]))
    totals = {r["council"]: r["children"] for r in rows if r["group"] == "All children"}
    looked_after = {r["council"]: r["children"] for r in rows if r["group"] != "All children"}
    parts = [
        f"{c} {format_value(totals[c], 'children')} children, {format_value(looked_after[c], 'children')} of them looked after"
        for c in totals
        if c in looked_after
    ]
    description = f"Children reported missing in 2020-21: {_councils_text(parts)}." if parts else "No council reported these figures."
    chart = ChartData(
        "children-missing-2020-21",
        "Children reported missing, April 2020 to March 2021",
        description,
        [Column("council", "Council"), Column("group", "Children"), Column("children", "Children reported missing", True)],
        rows,
        observations,
        lambda d: _bar_spec(d, "children", "group", color="group", facet="council", x_title="Children reported missing"),
        ["Totals are as each council gave them. Looked after children are part of each total, so the two bars overlap rather than add up."],
        drawn_key="children",
    )
    return (
        many_councils(chart, "children", "group", "Children reported missing", "children")
        if _council_count(rows) > MANY_COUNCILS
        else chart
    )


@builder("times-missing-2020-21")
def times_missing_2020_21(ds: Dataset) -> ChartData:
    rows: list[dict[str, Any]] = []
    observations: list[Observation] = []
    findings = []
    for population, group in GROUPS.items():
        by_council: dict[str, list[Observation]] = {}
        for band in BANDS:
            for o in _pick(ds, "2020-21", "children_by_times_missing", population, band):
                by_council.setdefault(_council(ds, o), []).append(o)
        for council, bands in sorted(by_council.items()):
            complete = all(o.is_reported for o in bands)
            # A share needs every band: with one band suppressed the group's size is unknown.
            group_total = sum(o.value for o in bands) if complete else 0  # type: ignore[misc]
            observations += bands
            repeat = sum(o.value for o in bands if o.breakdown != "1") if complete else 0  # type: ignore[misc]
            for o in bands:
                share = round(100 * o.value / group_total) if group_total else None  # type: ignore[operator]
                repeat_share = round(100 * repeat / group_total) if group_total else None
                rows.append(
                    {
                        "council": council,
                        "group": group,
                        "times": o.breakdown,
                        "children": o.value,
                        "share": share,
                        "repeat_share": repeat_share,
                    }
                )
            if group_total:
                findings.append((council, group, format_percent(repeat, group_total), repeat / group_total))
    rows.sort(key=lambda r: (r["council"], BANDS.index(r["times"]), r["group"]))
    text = "; ".join(f"{c}, {g.lower()}: {p}" for c, g, p, _ in findings)
    description = (
        f"Share of each group of children who went missing more than once in 2020-21, by council: {text}.{_repeat_comparison(findings)}"
        if findings
        else "No council reported these figures."
    )
    chart = ChartData(
        "times-missing-2020-21",
        "How many times children went missing, April 2020 to March 2021, as a share of each group",
        description,
        [
            Column("council", "Council"),
            Column("group", "Group"),
            Column("times", "Times missing"),
            Column("children", "Children", True),
            Column("share", "Share of group (%)", True),
        ],
        rows,
        observations,
        lambda d: _bar_spec(
            d, "share", "times", color="group", offset="group", facet="council", x_title="Share of the group's children (%)", sort=BANDS
        ),
        [
            "Shares are of the children in each group who appear in the council's breakdown, rounded to whole percentages. The breakdowns do not add up exactly to the councils' stated totals (see the data quality page). Where a band is suppressed no share is shown for that group."
        ],
        drawn_key="share",
    )
    if _council_count(rows) <= MANY_COUNCILS:
        return chart
    per_group = list(
        {
            (r["council"], r["group"]): {"council": r["council"], "group": r["group"], "repeat_share": r["repeat_share"]} for r in rows
        }.values()
    )
    return _shares_of_many(
        chart,
        "Share of children who went missing more than once, April 2020 to March 2021",
        per_group,
        ("group", "Group"),
        ("repeat_share", "Went missing more than once (% of group)"),
    )


def _repeat_comparison(findings: list[tuple[str, str, str, float]]) -> str:
    shares: dict[str, dict[str, float]] = {}
    for council, group, _, share in findings:
        shares.setdefault(council, {})[group] = share
    paired = [s for s in shares.values() if len(s) == 2]
    if paired and all(s[GROUPS["looked_after"]] > s[GROUPS["not_looked_after"]] for s in paired):
        return " In every council, looked after children were more likely than other children to go missing more than once."
    return ""


@builder("rhi-offered-accepted-2020-21")
def rhi_offered_accepted_2020_21(ds: Dataset) -> ChartData:
    rows: list[dict[str, Any]] = []
    observations: list[Observation] = []
    findings = []
    for population, group in GROUPS.items():
        offered = {_council(ds, o): o for o in _pick(ds, "2020-21", "rhi_offered", population)}
        accepted = {_council(ds, o): o for o in _pick(ds, "2020-21", "rhi_accepted", population)}
        for council in sorted(offered.keys() & accepted.keys()):
            o, a = offered[council], accepted[council]
            observations += [o, a]
            rate = format_percent(a.value, o.value) if o.is_reported and a.is_reported and o.value else "[c]"  # type: ignore[arg-type]
            rate_value = round(100 * a.value / o.value) if o.is_reported and a.is_reported and o.value else None  # type: ignore[operator]
            rows.append(
                {"council": council, "group": group, "stage": "Offered", "interviews": o.value, "rate_text": rate, "rate": rate_value}
            )
            rows.append(
                {"council": council, "group": group, "stage": "Accepted", "interviews": a.value, "rate_text": rate, "rate": rate_value}
            )
            findings.append(f"{council}, {group.lower()}: {rate}")
    rows.sort(key=lambda r: (r["council"], r["group"]))
    description = (
        f"Return home interviews offered and accepted in 2020-21; the share of offers accepted was {_councils_text(findings)}."
        if findings
        else "No council reported these figures."
    )
    chart = ChartData(
        "rhi-offered-accepted-2020-21",
        "Return home interviews offered and accepted, April 2020 to March 2021",
        description,
        [
            Column("council", "Council"),
            Column("group", "Group"),
            Column("stage", "Stage"),
            Column("interviews", "Interviews", True),
            Column("rate_text", "Share of offers accepted"),
        ],
        rows,
        observations,
        lambda d: _bar_spec(
            d, "interviews", "group", color="stage", offset="stage", facet="council", x_title="Interviews (one offer per missing episode)"
        ),
        [
            "Councils word this differently: some count interviews accepted and received, others offers accepted (see each council's notes). Rates are whole percentages."
        ],
        drawn_key="interviews",
    )
    if _council_count(rows) <= MANY_COUNCILS:
        return chart
    accepted = [r for r in rows if r["stage"] == "Accepted"]
    return _shares_of_many(
        chart,
        "Share of return home interview offers accepted, April 2020 to March 2021",
        accepted,
        ("group", "Group"),
        ("rate", "Offers accepted (%)"),
    )


FUNNEL = [
    ("missing_episodes", "Missing episodes"),
    ("rhi_offered", "Interviews offered"),
    ("rhi_accepted", "Offers accepted"),
    ("rhi_done", "Interviews carried out"),
    ("rhi_done_within_72h", "Interviews within 72 hours"),
]


@builder("rhi-funnel-2017-18")
def rhi_funnel_2017_18(ds: Dataset) -> ChartData:
    return _funnel(ds, "all", "rhi-funnel-2017-18", "From missing episode to interview within 72 hours, April 2017 to March 2018", FUNNEL)


@builder("out-of-area-2017-18")
def out_of_area_2017_18(ds: Dataset) -> ChartData:
    stages = [("missing_episodes", "Missing episodes"), ("rhi_offered", "Interviews offered"), ("rhi_done", "Interviews received")]
    return _funnel(
        ds,
        "looked_after_out_of_area",
        "out-of-area-2017-18",
        "Looked after children placed out of area: episodes, offers and interviews, April 2017 to March 2018",
        stages,
    )


def _funnel(ds: Dataset, population: str, name: str, title: str, stages: list[tuple[str, str]]) -> ChartData:
    rows: list[dict[str, Any]] = []
    observations: list[Observation] = []
    findings = []
    for authority in sorted(ds.authorities.values(), key=lambda a: a.name):
        found = [ds.find(authority.code, "2017-18", metric, population) for metric, _ in stages]
        if not all(len(f) == 1 for f in found):
            continue
        figures = [f[0] for f in found]
        observations += figures
        first = figures[0]
        for (_, label), o in zip(stages, figures, strict=True):
            share = format_percent(o.value, first.value) if o.is_reported and first.is_reported and first.value else ""  # type: ignore[arg-type]
            share_value = round(100 * o.value / first.value) if o.is_reported and first.is_reported and first.value else None  # type: ignore[operator]
            rows.append({"council": authority.name, "stage": label, "count": o.value, "share_text": share, "share": share_value})
        last = figures[-1]
        if first.is_reported and last.is_reported and first.value:
            findings.append(
                f"{authority.name}: {format_value(first.value, 'episodes')} {stages[0][1].lower()} led to {format_value(last.value, 'interviews')} {stages[-1][1].lower()} ({format_percent(last.value, first.value)})"
            )  # type: ignore[arg-type]
    description = (
        f"Each stage from a missing episode to an interview, for {POPULATION_LABELS[population]}, 2017-18. {_councils_text(findings)}."
        if findings
        else "No council reported these figures."
    )
    chart = ChartData(
        name,
        title,
        description,
        [
            Column("council", "Council"),
            Column("stage", "Stage"),
            Column("count", "Number", True),
            Column("share_text", "Share of episodes"),
        ],
        rows,
        observations,
        lambda d: _bar_spec(
            d,
            "count",
            "stage",
            facet="council" if len({r["council"] for r in d.rows}) > 1 else None,
            x_title="Number (counted by missing episode)",
            sort=[label for _, label in stages],
        ),
        ["Every stage is counted by missing episode, so one child can appear several times."],
        drawn_key="count",
    )
    if _council_count(rows) <= MANY_COUNCILS:
        return chart
    shares = [r for r in rows if r["stage"] != stages[0][1]]
    return _shares_of_many(chart, chart.title, shares, ("stage", "Stage"), ("share", "Share of missing episodes (%)"))


@builder("risk-markers-2024")
def risk_markers_2024(ds: Dataset) -> ChartData:
    observations = [
        o
        for (_, period, metric, population, _), found in ds.by_lookup.items()
        if (period, metric, population) == ("2024", "episodes_with_risk_marker", "all")
        for o in found
    ]
    observations.sort(key=lambda o: (_council(ds, o), -(o.value or 0)))
    rows = [
        {
            "council": _council(ds, o),
            "marker": o.breakdown,
            "episodes": o.value,
            "episodes_text": format_value(o.value, "episodes") if o.is_reported else f"[c] {suppression_label(o)}",
        }
        for o in observations
    ]
    shown = [f"{r['marker'].lower()} {r['episodes_text']}" for r in rows]
    hidden = [o for o in observations if not o.is_reported]
    description = (
        f"Missing episodes in 2024 recorded with each risk marker: {_councils_text(shown)}."
        if shown
        else "No council reported these figures."
    )
    if hidden:
        description += f" {len(hidden)} markers were suppressed and are shown as text, not bars."
    chart = ChartData(
        "risk-markers-2024",
        "Missing episodes with a risk marker, January to December 2024",
        description,
        [Column("council", "Council"), Column("marker", "Risk marker"), Column("episodes_text", "Missing episodes")],
        rows,
        observations,
        _risk_spec,
        ["[c]: suppressed by the council to protect children; the true figure is small but not zero and is not drawn."] if hidden else [],
    )
    return many_councils(chart, "episodes", "marker", "Missing episodes", "episodes") if _council_count(rows) > MANY_COUNCILS else chart


def _risk_spec(data: ChartData) -> dict[str, Any]:
    import altair as alt

    order = [r["marker"] for r in data.rows]
    base = alt.Chart(alt.Data(values=data.plot_rows())).encode(
        y=alt.Y("marker:N", title=None, sort=order), description=alt.Description("mark_label:N")
    )
    bars = (
        base.transform_filter("datum.episodes != null")
        .mark_bar(color="#1d70b8")
        .encode(x=alt.X("episodes:Q", title="Missing episodes", axis=alt.Axis(format=",.0f")))
    )
    labels = (
        base.transform_filter("datum.episodes == null")
        .mark_text(align="left", dx=4, fontStyle="italic", color="#505a5f", fontSize=12)
        .encode(x=alt.datum(0), text="episodes_text:N")
    )
    return (
        (bars + labels)
        .properties(width=CHART_WIDTH)
        .configure_view(stroke=None)
        .configure(background="white", font=CHART_FONT, padding=CHART_PADDING)
        .to_dict()
    )


def build_all(ds: Dataset) -> dict[str, ChartData]:
    return {name: make(ds) for name, make in BUILDERS.items()}
