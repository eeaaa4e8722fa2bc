"""Render chart specs to SVG, PNG and CSV, cached by a hash of everything that shapes them.

Altair and vl-convert are imported only when a chart is not in the cache, so a rebuild that
changes no chart never loads them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .charts import ChartData

_CODE_FILES = ("charts.py", "chart_render.py")


@dataclass(frozen=True)
class RenderedChart:
    data: ChartData
    svg: str
    png: bytes
    csv: str


def code_version() -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _CODE_FILES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def cache_key(chart: ChartData, code_version: str) -> str:
    payload = json.dumps([chart.name, chart.title, [c.key for c in chart.columns], chart.rows, code_version], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def to_csv(chart: ChartData) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.label for c in chart.columns])
    for row in chart.rows:
        writer.writerow(["[c]" if row.get(c.key) is None else row[c.key] for c in chart.columns])
    return out.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _render_one(chart: ChartData, cache_dir: Path, code_version: str) -> RenderedChart:
    key = cache_key(chart, code_version)
    svg_path, png_path = cache_dir / f"{key}.svg", cache_dir / f"{key}.png"
    if svg_path.is_file() and png_path.is_file():
        return RenderedChart(chart, svg_path.read_text(encoding="utf-8"), png_path.read_bytes(), to_csv(chart))
    import vl_convert

    spec = chart.spec(chart)
    svg = _accessible_svg(vl_convert.vegalite_to_svg(spec), chart.name)
    png = vl_convert.vegalite_to_png(spec, scale=2)
    cache_dir.mkdir(parents=True, exist_ok=True)
    _write_atomic(png_path, png)
    _write_atomic(svg_path, svg.encode("utf-8"))
    return RenderedChart(chart, svg, png, to_csv(chart))


def _accessible_svg(svg: str, name: str) -> str:
    """Scale with its container, and take its accessible name from the caption and description."""
    svg = re.sub(r'^<svg ([^>]*?)width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"', r'<svg \1data-width="\2" data-height="\3"', svg, count=1)
    labelled = f'role="img" aria-labelledby="{name}-title {name}-desc" focusable="false" class="chart-svg"'
    return svg.replace('class="marks"', labelled, 1)


def _warm_up_vl_convert() -> None:
    """vl-convert starts its JavaScript engine on first use; do that while Altair is importing."""
    import vl_convert

    vl_convert.vegalite_to_svg({"data": {"values": []}, "mark": "point"})


def render_all(charts: dict[str, ChartData], cache_dir: Path) -> dict[str, RenderedChart]:
    version = code_version()
    missing = [c for c in charts.values() if not (cache_dir / f"{cache_key(c, version)}.png").is_file()]
    if missing:
        warm_up = threading.Thread(target=_warm_up_vl_convert, daemon=True)
        warm_up.start()
        import altair  # noqa: F401  (imported here, beside the warm-up, rather than inside a worker)

        warm_up.join()
    # vl-convert does its work outside the GIL, so two threads use both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        rendered = pool.map(lambda c: _render_one(c, cache_dir, version), charts.values())
        return {r.data.name: r for r in rendered}
