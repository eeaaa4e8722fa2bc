"""Charts as data: each declaration in content/charts/ becomes a ChartData through its kind.

A chart (`chart_data.ChartData`) holds the table it shows (columns and rows), the marks it draws
(one dict per mark, with the label a screen reader and the tooltip read), a generated description
and notes, and the figures it was built from. `chart_render` turns it into SVG, PNG and CSV.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .chart_bands import bands, trend
from .chart_data import ChartData
from .chart_kinds import comparison, funnel
from .chart_png import credits
from .chart_select import select
from .chart_spec import ChartSpec, check_against_data, read_chart_specs
from .chart_strip import as_strip
from .chart_theme import MANY_COUNCILS
from .dataset import Dataset
from .errors import Problems


def build_all(ds: Dataset, specs: list[Any] | None = None, problems: Problems | None = None) -> dict[str, ChartData]:
    """Every declared chart; `specs` defaults to the project's own declarations."""
    problems = problems if problems is not None else Problems()
    if specs is None:
        specs = read_chart_specs(DEFAULT_FOLDER, problems)
    built = {}
    for spec in specs:
        if check_against_data(spec, ds, problems):
            chart = build_chart(ds, spec)
            chart.credits = credits(ds, chart)
            built[spec.name] = chart
    return built


DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "content" / "charts"


def build_chart(ds: Dataset, spec: ChartSpec) -> ChartData:
    """One chart through its kind; too many councils for a bar each become a strip."""
    sel = select(ds, spec)
    kinds = {"comparison": comparison, "strip": comparison, "funnel": funnel, "bands": bands, "trend": trend}
    chart = kinds[spec.kind](sel)
    if spec.kind == "strip" or len(chart.councils) > MANY_COUNCILS:
        chart = as_strip(chart)
    return chart
