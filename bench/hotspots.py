#!/usr/bin/env python3
"""Where the build's time goes, on the synthetic national package (or any project root).

    .venv/bin/python bench/hotspots.py [--root DIR] [--code DIR] [--top 25]

1. Import time of a rebuild with nothing changed (`python -X importtime build.py build`).
2. Time per build stage, cold (no cache, no site) and warm (chart cache kept, site deleted): every function that explainer/build.py calls by a name
   it imported (load, read_narratives, run_checks, build_all, render_all, ...) is wrapped with a
   timer, in process.
3. cProfile of `explainer.cli.main(["build", "--root", ROOT])`, cold (no cache, no site) and
   warm; the top functions by cumulative and by own time are printed, and the .prof files are
   kept in bench/results/ for snakeviz or `python -m pstats`.

Without --root it writes the national package into a temporary folder first.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))


def import_times(code: Path, root: Path, top: int) -> str:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(code / "build.py"), "build", "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), int(m.group(1)), len(m.group(3)), m.group(4)))
    total = sum(r[1] for r in rows)
    out = [
        f"import time, rebuild with nothing changed: {total / 1e6:.2f} s of self time over {len(rows)} modules; slowest by cumulative time (indented by depth):"
    ]
    out += [f"  {cum / 1e6:6.3f} s  {'  ' * (depth // 2)}{name}" for cum, _, depth, name in sorted(rows, reverse=True)[:top]]
    return "\n".join(out)


def _timed(fn: Callable, name: str, timings: dict[str, float]) -> Callable:
    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            timings[name] += time.perf_counter() - started

    return wrapped


# The writing stages of explainer/output.py, timed on their own inside the build's call to it.
SITE_STAGES = ("make_environment", "asset_files", "partial_renderer", "data_files", "render_pages", "chart_files", "sitemap", "write_site")


def stage_timer(code: Path) -> tuple[dict[str, float], Callable]:
    """Wrap the functions explainer.build calls, so each build records time per stage."""
    sys.path.insert(0, str(code))
    build_module = importlib.import_module("explainer.build")
    timings: dict[str, float] = defaultdict(float)
    for name in dir(build_module):
        fn = getattr(build_module, name)
        if (
            not callable(fn)
            or isinstance(fn, type)
            or name.startswith("__")
            or name in ("build", "check", "dataclass", "field", "Markup", "Path")
        ):
            continue
        if getattr(fn, "__module__", "").startswith("explainer") or name.startswith("_"):
            setattr(build_module, name, _timed(fn, name, timings))
    site = getattr(build_module, "output", None)
    for name in SITE_STAGES if site is not None else ():
        fn = getattr(site, name, None)
        if fn is not None:
            setattr(site, name, _timed(fn, f"output.{name}", timings))
    return timings, importlib.import_module("explainer.cli").main


def stages(main: Callable, root: Path, label: str, timings: dict[str, float]) -> str:
    """Time per stage without a profiler's overhead."""
    timings.clear()
    started = time.perf_counter()
    code = main(["build", "--root", str(root)])
    took = time.perf_counter() - started
    out = [f"\n=== {label}: exit {code}, {took:.2f} s wall in process (no profiler) ===\nstages:"]
    out += [f"  {seconds:7.3f} s  {name}" for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1]) if seconds >= 0.005]
    return "\n".join(out)


def clean(root: Path) -> None:
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)


def profile(main: Callable, root: Path, label: str, top: int, timings: dict[str, float]) -> str:
    timings.clear()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    code = main(["build", "--root", str(root)])
    profiler.disable()
    took = time.perf_counter() - started
    RESULTS.mkdir(exist_ok=True)
    profiler.dump_stats(RESULTS / f"profile-{label}.prof")
    out = io.StringIO()
    out.write(f"\n=== {label}: exit {code}, {took:.2f} s under cProfile ===\nstages (wall, in process):\n")
    for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.005:
            out.write(f"  {seconds:7.3f} s  {name}\n")
    for key in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(key).print_stats(top)
        text = stream.getvalue()
        out.write(f"\n--- top {top} by {key} ---\n" + text[text.find("   ncalls") :])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, help="project root to build (default: the national package in a temporary folder)")
    parser.add_argument("--code", type=Path, default=REPO, help="folder holding build.py and explainer/ (default: this repo)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    temp = None
    if args.root is None:
        from builds import prepare_root

        temp = Path(tempfile.mkdtemp(prefix="explainer-profile-"))
        root = temp / "national"
        prepare_root(root, "national", 2025)
    else:
        root = args.root.resolve()
    try:
        timings, cli_main = stage_timer(args.code.resolve())
        report = [import_times(args.code.resolve(), root, args.top)]
        clean(root)
        report.append(stages(cli_main, root, "cold", timings))
        shutil.rmtree(root / "site", ignore_errors=True)  # warm: charts cached, but no site to call up to date
        report.append(stages(cli_main, root, "warm", timings))
        clean(root)
        report.append(profile(cli_main, root, "cold", args.top, timings))
        shutil.rmtree(root / "site", ignore_errors=True)
        report.append(profile(cli_main, root, "warm", args.top, timings))
        text = "\n".join(report)
        (RESULTS / "profile.txt").write_text(text, encoding="utf-8")
        print(text)
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
