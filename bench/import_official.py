"""How long `build.py import-official` takes on the real raw files, in a fresh process each run.

Two cases: a first import (data/ as it was before any official rows: every file is rewritten) and
a rerun on unchanged inputs (everything is read and checked, nothing is written). Prints the
median wall and CPU time of each; the import's target is 3 s on the project's 2-core machine.

    .venv/bin/python bench/import_official.py [--runs N]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _strip_official(data: Path) -> None:
    """data/ without the official rows, as before the first import."""
    sources = list(csv.DictReader(io.StringIO((data / "sources.csv").read_text(encoding="utf-8"))))
    official = {s["source_id"] for s in sources if s.get("source_kind") == "official_statistics"}
    lines = (data / "observations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "observations.csv").write_text("".join(line for line in lines if line.split(",", 1)[0] not in official), encoding="utf-8")
    for name in ("neighbours.csv", "cautions.csv"):
        (data / name).write_text((data / name).read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")


def _run(data: Path) -> tuple[float, float]:
    before = os.times()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "import-official", "--data", str(data)], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = os.times()
    if result.returncode != 0:
        raise SystemExit(f"import-official failed:\n{result.stderr}")
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results: dict[str, list[tuple[float, float]]] = {"first import": [], "rerun, nothing changes": []}
        for _ in range(args.runs):
            data = Path(tmp) / "data"
            shutil.rmtree(data, ignore_errors=True)
            shutil.copytree(ROOT / "data", data)
            _strip_official(data)
            results["first import"].append(_run(data))
            results["rerun, nothing changes"].append(_run(data))
    load = os.getloadavg()[0]
    print(f"build.py import-official, median of {args.runs} runs (1-minute load average {load:.1f} on {os.cpu_count()} cores)")
    for name, runs in results.items():
        print(f"  {name}: {statistics.median(w for w, _ in runs):.2f} s wall, {statistics.median(c for _, c in runs):.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
