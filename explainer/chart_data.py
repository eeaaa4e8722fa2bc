"""What a chart is, as data: its table (columns and rows), the marks it draws and its words.

The chart kinds fill it in, `chart_vega` draws it and `chart_render` writes it; it imports
none of them, so every chart module can depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .formatting import format_value
from .model import STATUS_SHORTHAND, Observation


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    unit: str = "count"


@dataclass(frozen=True)
class Draw:
    """How the marks are laid out; `chart_vega` reads it."""

    kind: str  # "bars", "ticks" or "lines"
    x_title: str
    rows: list[str]  # the order of the categories on the y axis
    groups: list[tuple[str, str]]  # (label, colour) per colour group, in legend and mark order
    facet: bool = False
    offset: bool = False
    percent: bool = False
    # Category names on a line of their own above their marks, so the marks get the chart's
    # whole width on a phone; short names (bands, years) stay on the axis.
    labels_above: bool = True


@dataclass
class ChartData:
    name: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    observations: list[Observation]
    draw: Draw
    marks: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    kind: str = ""
    period: str = ""
    # Councils shown with only some of the figures the chart needs, and which ones they lack.
    partial: dict[str, list[str]] = field(default_factory=dict)
    # What the chart shows when there are too many councils for a bar each: one value per
    # council and category (council, category, value), on an axis titled `strip_axis`.
    strip: list[tuple[str, str, float | None]] = field(default_factory=list)
    strip_axis: str = ""
    strip_category: str = ""
    # Title's companions in downloads: sources and re-use terms (chart_png.credits).
    credits: list[str] = field(default_factory=list)

    def plot_rows(self) -> list[dict[str, Any]]:
        """Exactly the data the chart draws: each mark with the label it carries and, when names
        go above their marks, a numbered line (slot) for each name and each colour group."""
        if not self.draw.labels_above or self.draw.kind == "lines":
            return self.marks
        groups = [label for label, _ in self.draw.groups]
        panels: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
        for m in self.marks:
            panel = m["council"] if self.draw.facet else ""
            panels.setdefault(panel, {}).setdefault(m["row"], {}).setdefault(m["group"], []).append(m)
        rows: list[dict[str, Any]] = []
        for panel, by_row in panels.items():
            slot = 0
            for name in [r for r in self.draw.rows if r in by_row]:
                rows.append({"council": panel, "slot": slot, "kind": "label", "x": None, "x_text": name})
                for group in sorted(by_row[name], key=lambda g: groups.index(g) if g in groups else len(groups)):
                    slot += 1
                    rows += [{**m, "slot": slot, "kind": "mark"} for m in by_row[name][group]]
                slot += 1
        return rows

    def cell(self, row: dict[str, Any], column: Column) -> str:
        return cell_text(row, column)

    @property
    def source_ids(self) -> list[str]:
        return sorted({o.source_id for o in self.observations})

    @property
    def has_suppressed(self) -> bool:
        return any(not o.is_reported for o in self.observations)

    @property
    def is_council_list(self) -> bool:
        """A panel per council for three or more councils: a list the reader scrolls on purpose,
        so it may be taller than the window (with more than a dozen it becomes a strip)."""
        return self.draw.facet and len(self.councils) >= 3

    @property
    def councils(self) -> list[str]:
        return list(dict.fromkeys(r["council"] for r in self.rows))


def mark_label(columns: list[Column], row: dict[str, Any]) -> str:
    """The text each mark carries as its accessible label and tooltip: its row of the table."""
    return "; ".join(f"{c.label}: {cell_text(row, c)}" for c in columns)


def cell_text(row: dict[str, Any], column: Column) -> str:
    """A table or CSV cell: a suppressed or withheld figure as its shorthand, never as a number."""
    value = row.get(column.key)
    if value is None:
        return STATUS_SHORTHAND.get(row.get(f"{column.key}_status", "suppressed"), "[c]") if column.numeric else ""
    return format_value(value, column.unit) if column.numeric else str(value)
