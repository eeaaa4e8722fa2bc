"""Many councils: one mark per council on a line per category, instead of a bar each.

A bar per council stops being readable beyond a dozen councils; a strip shows where each council
sits among the others, and the table below the chart still lists every council. A council whose
value is suppressed has no mark, and the description says how many.
"""

from __future__ import annotations

import dataclasses
from statistics import median

from .chart_data import ChartData, Column, Draw, mark_label
from .chart_theme import OTHER
from .formatting import format_value


def as_strip(chart: ChartData) -> ChartData:
    percent = chart.strip_axis.endswith("(%)")
    unit = "percent" if percent else next((c.unit for c in chart.columns if c.key == "value"), "count")
    columns = [
        Column("council", "Council"),
        Column("category", chart.strip_category or "Category"),
        Column("value", chart.strip_axis, True, unit),
    ]
    rows = [
        {"council": c, "category": k, "value": v} | ({} if v is not None else {"value_status": "suppressed"}) for c, k, v in chart.strip
    ]
    marks = [
        {"council": r["council"], "row": r["category"], "group": "", "x": r["value"], "x_text": "", "mark_label": mark_label(columns, r)}
        for r in rows
        if r["value"] is not None
    ]
    order = list(dict.fromkeys(r["category"] for r in rows))
    draw = Draw("ticks", chart.strip_axis, order, [("", OTHER.colour)], percent=percent)
    return dataclasses.replace(
        chart,
        description=_summary(chart, rows, order, unit),
        columns=columns,
        rows=rows,
        draw=draw,
        marks=marks,
        kind=f"{chart.kind} strip",
    )


def _summary(chart: ChartData, rows: list[dict], order: list[str], unit: str) -> str:
    parts = []
    for category in order:
        values = sorted(r["value"] for r in rows if r["category"] == category and r["value"] is not None)
        if values:
            middle = format_value(round(median(values)), unit)
            parts.append(
                f"{category.lower()}: middle council {middle}, from {format_value(values[0], unit)} to {format_value(values[-1], unit)}"
            )
    councils = len({r["council"] for r in rows})
    text = f"{chart.title}: {chart.strip_axis.lower()} in {councils} councils, one mark per council"
    text += "; " + "; ".join(parts) + "." if parts else "; none can be drawn."
    hidden = sum(1 for r in rows if r["value"] is None)
    return text + (f" {hidden} values cannot be shown because a figure they need is suppressed." if hidden else "")
