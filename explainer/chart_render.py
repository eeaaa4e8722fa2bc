"""Render chart specs to SVG, PNG and CSV, cached by a hash of everything that shapes them.

Altair and vl-convert are imported only when a chart is not in the cache, so a rebuild that
changes no chart never loads them.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .chart_cache import code_version, read_chart, read_layout, write_chart, write_layout
from .chart_data import ChartData
from .chart_png import csv_note
from .chart_vega import vega_spec


@dataclass(frozen=True)
class RenderedChart:
    data: ChartData
    svg: str
    png: bytes
    csv: str

    @property
    def table_csv(self) -> str:
        """The data without the `#` note: what a narrative's review depends on."""
        return table_csv(self.data)


__all__ = ["RenderedChart", "cache_key", "code_version", "render_all", "to_csv"]


def cache_key(chart: ChartData, code_version: str) -> str:
    payload = json.dumps(
        [chart.name, chart.title, [c.key for c in chart.columns], chart.rows, chart.marks, dataclasses.asdict(chart.draw), chart.credits, code_version],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def to_csv(chart: ChartData) -> str:
    """The chart's table, after `#` lines naming its title, sources and re-use terms."""
    return csv_note(chart) + table_csv(chart)


# A text cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets
# (`=HYPERLINK(...)` can send a reader's data elsewhere). Such a cell keeps its text after a `'`,
# which spreadsheets show as text; numbers are never changed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


def table_csv(chart: ChartData) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.label for c in chart.columns])
    for row in chart.rows:
        writer.writerow([spreadsheet_safe(chart.cell(row, c) if row.get(c.key) is None else row[c.key]) for c in chart.columns])
    return out.getvalue()


def _cached(chart: ChartData, cache_dir: Path, version: str) -> RenderedChart | None:
    found = read_chart(cache_dir, cache_key(chart, version))
    return RenderedChart(chart, found[0], found[1], to_csv(chart)) if found is not None else None


def _accessible_svg(svg: str, name: str) -> str:
    """Take its accessible name from the caption and description. The width and height stay:
    the chart is shown at its own size (scaled down only in a column narrower than a phone's),
    so its text is as large on screen as it was drawn."""
    labelled = f'role="img" aria-labelledby="{name}-title {name}-desc" focusable="false" class="chart-svg"'
    return svg.replace('class="marks"', labelled, 1)


PLACEHOLDER = "__plot_rows__"


def _shape_key(chart: ChartData, version: str) -> str:
    """What a chart's layout depends on: its categories (names, groups, stages), not its numbers."""
    shape = [[m["council"], m["row"], m["group"]] for m in chart.marks]
    payload = json.dumps([chart.name, chart.title, dataclasses.asdict(chart.draw), shape, version], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _with_placeholder(node: Any, rows: list[Any], found: list[int]) -> Any:
    if isinstance(node, dict):
        if node.get("values") == rows:
            found.append(1)
            return {**node, "values": PLACEHOLDER}
        return {k: _with_placeholder(v, rows, found) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_placeholder(v, rows, found) for v in node]
    return node


def _filled(node: Any, rows: list[Any]) -> Any:
    if isinstance(node, dict):
        return {k: rows if v == PLACEHOLDER and k == "values" else _filled(v, rows) for k, v in node.items()}
    if isinstance(node, list):
        return [_filled(v, rows) for v in node]
    return node


def vega_lite_spec(chart: ChartData, cache_dir: Path, version: str) -> dict[str, Any]:
    """The chart's Vega-Lite spec. When only its numbers changed, the layout Altair wrote last time
    is reused with the new data, so a data change does not need Altair at all."""
    rows = json.loads(json.dumps(chart.plot_rows()))
    layout_path = cache_dir / f"{_shape_key(chart, version)}.layout.json"
    if (layout := read_layout(layout_path)) is not None:
        return _filled(layout, rows)
    spec = json.loads(json.dumps(vega_spec(chart)))
    found: list[int] = []
    layout = _with_placeholder(spec, rows, found)
    if len(found) == 1:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_layout(layout_path, layout)
    return spec


def start_worker() -> subprocess.Popen[bytes]:
    """The chart engine in its own process. Started early, it warms up while the data load."""
    return subprocess.Popen(
        [sys.executable, "-m", "explainer.vl_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parent.parent,
    )


def stop_worker(worker: subprocess.Popen[bytes] | None) -> None:
    if worker is not None and worker.poll() is None:
        worker.kill()
        worker.wait()


def _render_missing(
    missing: list[ChartData], cache_dir: Path, version: str, worker: subprocess.Popen[bytes] | None
) -> dict[str, RenderedChart]:
    worker = worker or start_worker()
    try:
        specs = [{"spec": vega_lite_spec(chart, cache_dir, version), "title": chart.title, "credits": chart.credits} for chart in missing]
    except BaseException:
        worker.kill()
        worker.wait()
        raise
    output, _ = worker.communicate(json.dumps(specs).encode())
    if worker.returncode != 0:
        raise RuntimeError(f"chart renderer failed with status {worker.returncode}")
    cache_dir.mkdir(parents=True, exist_ok=True)
    rendered = {}
    for chart, result in zip(missing, json.loads(output), strict=True):
        svg, png = _accessible_svg(result["svg"], chart.name), base64.b64decode(result["png"])
        write_chart(cache_dir, cache_key(chart, version), svg, png)
        rendered[chart.name] = RenderedChart(chart, svg, png, to_csv(chart))
    return rendered


def render_all(charts: dict[str, ChartData], cache_dir: Path, worker: subprocess.Popen[bytes] | None = None) -> dict[str, RenderedChart]:
    """Every chart, from the cache where possible; `worker`, if given, is used or stopped."""
    version = code_version()
    found = {name: _cached(chart, cache_dir, version) for name, chart in charts.items()}
    missing = [charts[name] for name, rendered in found.items() if rendered is None]
    if not missing:
        stop_worker(worker)
    fresh = _render_missing(missing, cache_dir, version, worker) if missing else {}
    return {name: found[name] or fresh[name] for name in charts}  # type: ignore[misc]
