"""Chart kinds: comparison bars and funnels here, bands and trends in `chart_bands`.

Each kind turns a Selection into a ChartData, and holds the rules that apply to every chart of
its kind: a council with any of the figures is shown, one lacking some is named in a note, a
suppressed figure is drawn as its marker (never as a bar or a zero) and a share computed from a
suppressed figure is itself suppressed.
"""

from __future__ import annotations

from typing import Any

from .chart_data import ChartData, Column, Draw, cell_text, mark_label
from .chart_select import Selection, period_words, population_words, suppressed_note, words
from .chart_theme import population
from .formatting import format_percent, format_value
from .model import STATUS_SHORTHAND, Observation, suppression_label


def title(sel: Selection) -> str:
    return f"{sel.spec.title}, {period_words(sel.period_object(), sel.period)}" if sel.period not in ("", "all") else sel.spec.title


def value_fields(obs: Observation | None, key: str) -> dict[str, Any]:
    """A figure's cells: its value, and its status when it has no value."""
    if obs is None:
        return {key: None, f"{key}_status": "missing"}
    if obs.is_reported:
        return {key: obs.value}
    limit = suppression_label(obs) if obs.status == "suppressed" else ""
    return {key: None, f"{key}_status": obs.status} | ({f"{key}_limit": limit} if limit.endswith("or fewer") else {})


def mark(columns: list[Column], row: dict[str, Any], y: str, group: str, key: str, unit: str, percent: bool = False) -> dict[str, Any]:
    """One drawn mark: where it goes, its colour group, its value label, and the row it reads out."""
    value = row.get(key)
    if value is None:
        text = " ".join([STATUS_SHORTHAND.get(row.get(f"{key}_status", "suppressed"), "[c]"), row.get(f"{key}_limit", "")]).strip()
    else:
        text = f"{value:g}%" if percent else format_value(value, unit)
    return {"council": row["council"], "row": y, "group": group, "x": value, "x_text": text, "mark_label": mark_label(columns, row)}


def share_text(part: Observation | None, whole: Observation | None) -> tuple[str, int | None]:
    """A share as text and as a whole percentage; suppressed when either figure is."""
    if part is None or whole is None:
        return "", None
    if not (part.is_reported and whole.is_reported):
        return "[c]", None
    if not whole.value:
        return "", None
    return format_percent(part.value, whole.value), round(100 * part.value / whole.value)  # type: ignore[arg-type, operator]


def _series(sel: Selection) -> list[tuple[str, str, str]]:
    """(metric, population, breakdown) in the declaration's order; breakdowns as the data list them."""
    found = []
    for metric in sel.spec.metrics:
        for pop in sel.spec.populations:
            found += [(metric.id, pop.id, b) for b in sel.breakdowns.get((metric.id, pop.id), [""])]
    return found


def comparison(sel: Selection) -> ChartData:
    spec, series = sel.spec, _series(sel)
    many_groups, many_measures = len(spec.populations) > 1, len({(m, b) for m, _, b in series}) > 1
    unit = sel.unit(spec.metrics[0].id)
    columns = [Column("council", "Council")]
    columns += [Column("group", "Group")] if many_groups else []
    columns += [Column("measure", spec.category or "Measure")] if many_measures else []
    columns.append(Column("value", spec.axis or sel.metric_label(spec.metrics[0].id), True, unit))
    columns += [Column("share_text", spec.share.label)] if spec.share else []
    rows, marks, observations = [], [], []
    for council in sel.councils:
        for metric, pop, breakdown in series:
            obs = sel.find(council.code, metric, pop, breakdown)
            if obs is None:
                sel.lacks(council, f"{sel.ds.metrics[metric].label.lower()} ({population_words(pop)})")
                continue
            observations.append(obs)
            measure = breakdown or sel.metric_label(metric)
            row = {"council": council.name, "group": sel.group_label(pop), "measure": measure, **value_fields(obs, "value")}
            if spec.share:
                part, whole = sel.find(council.code, spec.share.part, pop), sel.find(council.code, spec.share.whole, pop)
                row["share_text"], row["share"] = share_text(part, whole)
            rows.append(row)
            y = measure if many_measures else row["group"]
            marks.append(mark(columns, row, y, row["group"], "value", unit))
    groups = [(sel.group_label(p.id), population(p.id).colour) for p in spec.populations]
    order = list(dict.fromkeys(m["row"] for m in marks))
    draw = Draw(
        "bars", columns[len(columns) - (2 if spec.share else 1)].label, order, groups, facet=True, offset=many_groups and many_measures
    )
    text = _comparison_text(sel, rows, columns)
    notes = [*spec.notes, *sel.partial_notes(), *suppressed_note(observations)]
    chart = ChartData(
        spec.name, title(sel), text, columns, rows, observations, draw, marks, notes, spec.kind, sel.period, dict(sel.missing)
    )
    if spec.share:
        chart.strip = list(dict.fromkeys((r["council"], r["group"], r["share"]) for r in rows))
        chart.strip_axis, chart.strip_category = f"{spec.share.label} (%)", "Group"
    else:
        both = many_groups and many_measures
        chart.strip = [
            (r["council"], f"{r['measure']}, {r['group'].lower()}" if both else m["row"], r["value"])
            for r, m in zip(rows, marks, strict=True)
        ]
        chart.strip_axis, chart.strip_category = value_column_label(columns), spec.category or ("Measure" if many_measures else "Group")
    return chart


def value_column_label(columns: list[Column]) -> str:
    return next(c.label for c in columns if c.key == "value")


def _comparison_text(sel: Selection, rows: list[dict[str, Any]], columns: list[Column]) -> str:
    if not rows:
        return "No council gave these figures."
    head = f"{sel.spec.title}, {sel.period}"
    value_column = next(c for c in columns if c.key == "value")
    if sel.spec.share:
        pairs = dict.fromkeys(
            (f"{r['council']}, {r['group'].lower()}" if len(sel.spec.populations) > 1 else r["council"], r["share_text"])
            for r in rows
            if r["share_text"]
        )
        shares = [f"{who}: {share}" for who, share in pairs]
        return f"{head}; {sel.spec.share.label.lower()}: {words(shares)}." if shares else f"{head}: no share can be computed."
    per_council: dict[str, list[str]] = {}
    for r in rows:
        label = " ".join(str(r[k]) for k in ("group", "measure") if k in {c.key for c in columns}) or value_column.label
        per_council.setdefault(r["council"], []).append(f"{label.lower()} {cell_text(r, value_column)}")
    text = f"{head}: " + "; ".join(f"{council}: {words(parts)}" for council, parts in per_council.items()) + "."
    hidden = [cell_text(r, value_column) for r in rows if r["value"] is None]
    if not hidden:
        return text
    return f"{text} {len(hidden)} of these figures are not published ({words(sorted(set(hidden)))}) and are not drawn as bars."


def funnel(sel: Selection) -> ChartData:
    """Stages in the declared order, each as a share of the first, one panel per council."""
    spec = sel.spec
    pop = spec.populations[0].id
    stages = [(p.id, sel.metric_label(p.id)) for p in spec.metrics]
    columns = [
        Column("council", "Council"),
        Column("stage", "Stage"),
        Column("value", spec.axis or "Number", True),
        Column("share_text", f"Share of {stages[0][1].lower()}"),
    ]
    rows, marks, observations, findings = [], [], [], []
    for council in sel.councils:
        found = {metric: sel.find(council.code, metric, pop) for metric, _ in stages}
        first = found[stages[0][0]]
        for metric, label in stages:
            obs = found[metric]
            if obs is None:
                sel.lacks(council, f"{label.lower()} ({population_words(pop)})")
                continue
            observations.append(obs)
            row = {"council": council.name, "stage": label, **value_fields(obs, "value")}
            row["share_text"], row["share"] = share_text(obs, first)
            rows.append(row)
            marks.append(mark(columns, row, label, sel.group_label(pop), "value", sel.unit(metric)))
        findings += _funnel_finding(council.name, stages, found)
    draw = Draw("bars", spec.axis or "Number", [label for _, label in stages], [(sel.group_label(pop), population(pop).colour)], facet=True)
    head = f"Each stage from {stages[0][1].lower()} to {stages[-1][1].lower()}, for {population_words(pop)}, {sel.period}."
    text = f"{head} {words(findings)}." if findings else f"{head} No council gave both the first and the last stage."
    notes = [*spec.notes, *sel.partial_notes(), *suppressed_note(observations)]
    chart = ChartData(
        spec.name, title(sel), text, columns, rows, observations, draw, marks, notes, spec.kind, sel.period, dict(sel.missing)
    )
    chart.strip = [(r["council"], r["stage"], r["share"]) for r in rows if r["stage"] != stages[0][1]]
    chart.strip_axis, chart.strip_category = f"{columns[-1].label} (%)", "Stage"
    return chart


def _funnel_finding(council: str, stages: list[tuple[str, str]], found: dict[str, Observation | None]) -> list[str]:
    first, last = found[stages[0][0]], found[stages[-1][0]]
    if first is None or last is None or not (first.is_reported and last.is_reported and first.value):
        return []
    units = ("episodes", "interviews")
    return [
        f"{council}: {format_value(first.value, units[0])} {stages[0][1].lower()} led to "  # type: ignore[arg-type]
        f"{format_value(last.value, units[1])} {stages[-1][1].lower()} ({format_percent(last.value, first.value)})"  # type: ignore[arg-type]
    ]
