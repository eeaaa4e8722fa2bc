"""Render Vega-Lite specs to SVG and PNG in a process of its own.

Run as `python -m explainer.vl_worker`: reads a JSON list of {"spec", "title", "credits"} on stdin and writes a JSON
list of {"svg", "png"} (PNG in base64) on stdout. The chart engine's memory stays in this
process, and it starts while the build is still preparing the specs.
"""

from __future__ import annotations

import base64
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def render(job: dict[str, Any]) -> dict[str, str]:
    import vl_convert

    from explainer.chart_png import framed_svg, smaller_png

    svg = vl_convert.vegalite_to_svg(job["spec"])
    # The PNG is drawn from the SVG already made, framed with its title and credits, rather than
    # laying the chart out again. Scale 2 is sharp on a phone and keeps each file small.
    png = smaller_png(vl_convert.svg_to_png(framed_svg(svg, job["title"], job["credits"]), scale=2))
    return {"svg": svg, "png": base64.b64encode(png).decode("ascii")}


def main() -> int:
    import vl_convert

    # Start the engine before the specs arrive: the parent is still importing Altair.
    vl_convert.vegalite_to_svg({"data": {"values": []}, "mark": "point"})
    specs = json.load(sys.stdin)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(render, specs))
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
