"""Chart kinds over a breakdown or over time: shares by band, and trends over the years."""

from __future__ import annotations

from typing import Any

from .chart_data import ChartData, Column, Draw, cell_text
from .chart_kinds import mark, title, value_fields
from .chart_select import Selection, population_words, suppressed_note, words
from .chart_theme import population
from .formatting import format_percent
from .model import TIMES_MISSING_BANDS, Observation


def _band_order(found: list[str]) -> list[str]:
    """The questions' own order for times-missing bands; otherwise the order the data list them."""
    known = [b for b in TIMES_MISSING_BANDS if b in found]
    return known + [b for b in found if b not in known]


def bands(sel: Selection) -> ChartData:
    """Each band as a share of its group; a group with a suppressed band has no shares at all."""
    spec = sel.spec
    metric = spec.metrics[0].id
    order = _band_order(list(dict.fromkeys(b for p in spec.populations for b in sel.breakdowns.get((metric, p.id), []))))
    columns = [
        Column("council", "Council"),
        Column("group", "Group"),
        Column("band", spec.category or "Band"),
        Column("value", spec.axis or sel.metric_label(metric), True, sel.unit(metric)),
        Column("share_text", "Share of group"),
    ]
    rows: list[dict[str, Any]] = []
    marks, observations, findings = [], [], []
    for council in sel.councils:
        for pop in spec.populations:
            found = [(band, sel.find(council.code, metric, pop.id, band)) for band in order]
            given = [(band, obs) for band, obs in found if obs is not None]
            if not given:
                continue
            if len(given) < len(found):
                sel.lacks(council, f"some bands ({population_words(pop.id)})")
            observations += [obs for _, obs in given]
            group_rows = _group_rows(council.name, sel.group_label(pop.id), given, len(given) == len(found))
            rows += group_rows
            marks += [_band_mark(columns, r) for r in group_rows]
            findings += _beyond_first(council.name, pop.id, sel.group_label(pop.id), given, order)
    groups = [(sel.group_label(p.id), population(p.id).colour) for p in spec.populations]
    draw = Draw("bars", "Share of the group's children (%)", order, groups, facet=True, offset=len(groups) > 1, percent=True, labels_above=False)
    notes = [*spec.notes, *sel.partial_notes(), *suppressed_note(observations)]
    chart = ChartData(
        spec.name,
        title(sel),
        _bands_text(sel, findings),
        columns,
        rows,
        observations,
        draw,
        marks,
        notes,
        spec.kind,
        sel.period,
        dict(sel.missing),
    )
    shares = {(f[0], sel.group_label(f[1])): round(100 * f[3]) for f in findings}
    chart.strip = [(c, g, shares.get((c, g))) for c, g in dict.fromkeys((r["council"], r["group"]) for r in rows)]
    chart.strip_axis, chart.strip_category = f"Share who {spec.beyond_first or 'were beyond the first band'} (%)", "Group"
    return chart


def _group_rows(council: str, group: str, given: list[tuple[str, Observation]], complete: bool) -> list[dict[str, Any]]:
    # A share needs the group's size: with one band suppressed (or absent) it is unknown.
    total = sum(o.value for _, o in given) if complete and all(o.is_reported for _, o in given) else None  # type: ignore[misc]
    rows = []
    for band, obs in given:
        row = {"council": council, "group": group, "band": band, **value_fields(obs, "value")}
        if total:
            row.update(share=round(100 * obs.value / total), exact=100 * obs.value / total, share_text=format_percent(obs.value, total))  # type: ignore[operator]
        else:
            row.update(share=None, exact=None, share_text="[c]")
        rows.append(row)
    return rows


def _band_mark(columns: list[Column], row: dict[str, Any]) -> dict[str, Any]:
    """Drawn at its exact share, labelled as the table gives it ("less than 1%", never "0%" for a child)."""
    drawn = mark(columns, row, row["band"], row["group"], "exact", "percent")
    return drawn | {"x_text": row["share_text"]}


def _beyond_first(
    council: str, pop: str, group: str, given: list[tuple[str, Observation]], order: list[str]
) -> list[tuple[str, str, str, float]]:
    if len(given) < len(order) or not all(o.is_reported for _, o in given):
        return []
    total = sum(o.value for _, o in given)  # type: ignore[misc]
    beyond = sum(o.value for band, o in given if band != order[0])  # type: ignore[misc]
    return [(council, pop, f"{council}, {group.lower()}: {format_percent(beyond, total)}", beyond / total)] if total else []


def _bands_text(sel: Selection, findings: list[tuple[str, str, str, float]]) -> str:
    phrase = sel.spec.beyond_first or f"were in a band other than {_first_band(sel)}"
    if not findings:
        return "No council gave every band of these figures for a group, so no share can be shown."
    text = f"Share of each group of children who {phrase}, {sel.period}, by council: {'; '.join(f[2] for f in findings)}."
    pops = [p.id for p in sel.spec.populations]
    if len(pops) != 2:
        return text
    shares: dict[str, dict[str, float]] = {}
    for council, pop, _, share in findings:
        shares.setdefault(council, {})[pop] = share
    paired = {c: s for c, s in shares.items() if len(s) == 2}
    for low, high in (pops, pops[::-1]):
        if paired and all(s[high] > s[low] for s in paired.values()):
            who = f"In {next(iter(paired))}" if len(paired) == 1 else f"In each of the {len(paired)} councils that gave both groups"
            return f"{text} {who}, a larger share of {population_words(high)} than of {population_words(low)} {phrase}."
    return text


def _first_band(sel: Selection) -> str:
    found = [b for key, bands in sel.breakdowns.items() if key[0] == sel.spec.metrics[0].id for b in bands]
    return _band_order(found)[0] if found else "the first"


def trend(sel: Selection) -> ChartData:
    """One line per population in a panel per council, over every period of the latest's kind."""
    spec = sel.spec
    metric = spec.metrics[0].id
    periods = _periods(sel, metric)
    columns = [
        Column("council", "Council"),
        Column("group", "Group"),
        Column("period", "Period"),
        Column("value", spec.axis or sel.metric_label(metric), True, sel.unit(metric)),
    ]
    rows, marks, observations = [], [], []
    for council in sel.councils:
        for pop in spec.populations:
            found = [(p, sel.find(council.code, metric, pop.id, period=p)) for p in periods]
            if not any(obs for _, obs in found):
                continue
            absent = [p for p, obs in found if obs is None]
            if absent:
                sel.lacks(council, f"{words(absent)} ({population_words(pop.id)})")
            for period, obs in found:
                if obs is not None:
                    observations.append(obs)
                    row = {"council": council.name, "group": sel.group_label(pop.id), "period": period, **value_fields(obs, "value")}
                    rows.append(row)
                    marks.append(mark(columns, row, period, row["group"], "value", sel.unit(metric)))
    groups = [(sel.group_label(p.id), population(p.id).colour) for p in spec.populations]
    draw = Draw("lines", columns[-1].label, periods, groups, facet=True)
    notes = [*spec.notes, *sel.partial_notes(), *suppressed_note(observations)]
    text = _trend_text(sel, rows, periods, columns[-1])
    chart = ChartData(spec.name, title(sel), text, columns, rows, observations, draw, marks, notes, spec.kind, "all", dict(sel.missing))
    chart.strip = [(r["council"], r["period"] if len(groups) == 1 else f"{r['period']}, {r['group'].lower()}", r["value"]) for r in rows]
    chart.strip_axis, chart.strip_category = columns[-1].label, "Period"
    return chart


def _periods(sel: Selection, metric: str) -> list[str]:
    pops = {p.id for p in sel.spec.populations}
    codes = {a.code for a in sel.councils}
    found = [o.period for o in sel.ds.observations if o.metric_id == metric and o.population in pops and o.authority_code in codes]
    if not found:
        return []
    kind = max(found, key=lambda p: (p.end, p.start)).kind
    return [p.label for p in sorted({p for p in found if p.kind == kind}, key=lambda p: p.start)]


def _trend_text(sel: Selection, rows: list[dict[str, Any]], periods: list[str], value: Column) -> str:
    if not rows:
        return "No council gave these figures."
    parts: dict[str, list[str]] = {}
    for r in rows:
        who = f"{r['council']}, {r['group'].lower()}" if len(sel.spec.populations) > 1 else r["council"]
        parts.setdefault(who, []).append(f"{cell_text(r, value)} in {r['period']}")
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    return f"{sel.spec.title}, {span}: " + "; ".join(f"{who}: {words(p)}" for who, p in parts.items()) + "."
