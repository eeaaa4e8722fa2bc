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
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .chart_png import csv_note
from .charts import ChartData

# Everything that shapes a chart's drawing: a change to any of them renders every chart again.
_CODE_FILES = (
    "charts.py",
    "chart_kinds.py",
    "chart_bands.py",
    "chart_strip.py",
    "chart_theme.py",
    "chart_vega.py",
    "chart_render.py",
    "vl_worker.py",
)


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


def code_version() -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _CODE_FILES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


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


def table_csv(chart: ChartData) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.label for c in chart.columns])
    for row in chart.rows:
        writer.writerow([chart.cell(row, c) if row.get(c.key) is None else row[c.key] for c in chart.columns])
    return out.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _cached(chart: ChartData, cache_dir: Path, version: str) -> RenderedChart | None:
    key = cache_key(chart, version)
    svg_path, png_path = cache_dir / f"{key}.svg", cache_dir / f"{key}.png"
    if svg_path.is_file() and png_path.is_file():
        return RenderedChart(chart, svg_path.read_text(encoding="utf-8"), png_path.read_bytes(), to_csv(chart))
    return None


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
    if layout_path.is_file():
        return _filled(json.loads(layout_path.read_text(encoding="utf-8")), rows)
    spec = json.loads(json.dumps(chart.spec()))
    found: list[int] = []
    layout = _with_placeholder(spec, rows, found)
    if len(found) == 1:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(layout_path, json.dumps(layout, sort_keys=True).encode("utf-8"))
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
        key = cache_key(chart, version)
        _write_atomic(cache_dir / f"{key}.png", png)
        _write_atomic(cache_dir / f"{key}.svg", svg.encode("utf-8"))
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
