#!/usr/bin/env python3
"""The benchmark: build speed, memory and page weight on the seed data and a national package.

    .venv/bin/python bench/run.py            # or: make bench

For each of two packages, the real seed data (data/) and a SYNTHETIC national one written by
bench/generate.py (153 councils x 10 years), it copies the project's inputs into a temporary
project root and times `build.py build --root ROOT` as a subprocess, the way a maintainer runs
it, in each scenario below (--runs times each; the median is reported). Each scenario first
waits for a quiet machine, and reports the load it ran under. Then, on a clean build, it
measures three typical pages: bytes and requests (weight.py), whether they read the same with
JavaScript off (in_browser.py), and Lighthouse's scores.

Results go to bench/results/latest.json and, between markers, into bench/README.md. The exit
status is 1 when any part did not run or did not finish (a build, the browser, Lighthouse), and
with --strict also when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import edits  # noqa: E402
import in_browser  # noqa: E402
import machine  # noqa: E402
import report as reporting  # noqa: E402
from builds import Run, ScenarioResult, prepare_root, run_build  # noqa: E402
from weight import output_summary, page_weight, typical_pages  # noqa: E402

Log = Callable[[str], None]


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    edit: Callable[[Path, str], AbstractContextManager[edits.Step]]
    # Targets on a 2-core machine (medians), by package. The synthetic national package keeps
    # issue 7's. The real package ("seed") has held every council's official statistics and 171
    # profiles since issue 14, whose targets replace issue 7's 1.5 s for two councils' answers.
    targets: dict[str, float] = field(default_factory=dict)


SCENARIOS = (
    Scenario("cold", "cold build (no cache)", edits.no_cache_no_site, {"seed": 12.0, "national": 15.0}),
    Scenario("unchanged", "rebuild, nothing changed", edits.nothing, {"seed": 0.5, "national": 1.5}),
    Scenario("one_source", "rebuild, one source changed", edits.one_figure, {"national": 3.0}),
    Scenario("one_narrative", "rebuild, one narrative changed", edits.one_narrative),
)


def time_scenarios(
    code: Path, root: Path, dataset: str, args: argparse.Namespace, log: Log
) -> tuple[dict[str, ScenarioResult], Run | None]:
    """Each chosen scenario --runs times, each followed by an untimed build of the restored inputs.

    Returns the results and the last untimed build (None when a timed build failed).
    """
    results: dict[str, ScenarioResult] = {}
    quiet = machine.Quiet(args.max_load, args.wait)
    chosen = [s for s in SCENARIOS if s.name in args.scenarios]
    # Every scenario but the cold one starts from a built site, as it does after the one before it.
    restored = run_build(code, root) if chosen and chosen[0].edit is not edits.no_cache_no_site else None
    if restored is not None and restored.returncode != 0:
        return results, restored
    for scenario in chosen:
        result = results[scenario.name] = ScenarioResult(*quiet.wait(log))
        with scenario.edit(root, dataset) as step:
            for i in range(args.runs):
                step(i)
                run = run_build(code, root)
                result.runs.append(run)
                log(f"  {dataset:8} {scenario.name:13} {run.seconds:7.2f} s wall {run.cpu_seconds:7.2f} s CPU {run.max_rss_mb:7.1f} MB")
                if run.returncode != 0:
                    log(f"    FAILED ({run.returncode}):\n    " + run.stderr.replace("\n", "\n    "))
                    return results, None
        # Untimed: the cache and site back in line with the restored inputs, for the next scenario.
        restored = run_build(code, root)
        if restored.returncode != 0:
            break
    return results, restored


def measure_pages(root: Path, name: str, entry: dict, work: Path, lighthouse: Path | None, log: Log) -> None:
    site = root / "site"
    pages = typical_pages(site, edits.chapter_slug(edits.pick_narrative(root / "content")))
    entry["pages"] = {label: page_weight(site, path) for label, path in pages.items()}
    with in_browser.serve(site) as url:
        log(f"  {name}: reading {', '.join(pages.values())} with JavaScript off and on")
        try:
            entry["without_js"] = in_browser.reads_without_js(url, pages)
        except in_browser.Unavailable as error:
            entry["without_js"] = {"error": str(error)}
        if lighthouse:
            entry["lighthouse"] = {}
            for label, path in pages.items():
                log(f"  {name}: lighthouse {path}")
                entry["lighthouse"][label] = in_browser.lighthouse(lighthouse, url + path, work / f"lighthouse-{name}-{label}.json")


def measure(name: str, work: Path, code: Path, args: argparse.Namespace, lighthouse: Path | None, log: Log) -> dict:
    root = work / name
    log(f"{name}: preparing {root}")
    entry: dict[str, object] = {"root": str(root), "counts": prepare_root(root, name, args.seed)}
    results, restored = time_scenarios(code, root, name, args, log)
    entry["scenarios"] = {
        n: {
            "median": r.median,
            "cpu_median": r.cpu_median,
            "peak_mb": r.peak_mb,
            "load": r.load,
            "busy": r.busy,
            "runs": [asdict(x) for x in r.runs],
        }
        for n, r in results.items()
    }
    if restored is None:
        return entry  # a timed build failed: its scenario says so
    if restored.returncode != 0:
        entry["error"] = f"the build of the restored inputs failed ({restored.returncode}): {restored.stderr[-300:]}"
        return entry
    entry["output"] = output_summary(root / "site", restored.reported)
    measure_pages(root, name, entry, work, lighthouse, log)
    return entry


def get_tools(args: argparse.Namespace, report: dict, log: Log) -> Path | None:
    """Lighthouse (None with --no-lighthouse); Unavailable when it or the browser cannot run here."""
    in_browser.require_browser()
    if args.no_lighthouse:
        report["lighthouse"] = "skipped on request (--no-lighthouse)"
        return None
    binary = in_browser.ensure_lighthouse(log)
    report["lighthouse"] = "run"
    return binary


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the build on the seed data and a synthetic national package.")
    parser.add_argument("--runs", type=int, default=5, help="runs per scenario (default 5; the table shows the median)")
    parser.add_argument("--only", choices=("seed", "national"), action="append", help="run only this package (repeatable)")
    parser.add_argument(
        "--scenario", dest="scenarios", choices=[s.name for s in SCENARIOS], action="append", help="run only this scenario (repeatable)"
    )
    parser.add_argument("--code", type=Path, default=REPO, help="folder holding the build.py to measure (default: this repo)")
    parser.add_argument("--seed", type=int, default=2025, help="random seed of the synthetic package")
    parser.add_argument("--workdir", type=Path, help="where to put the project roots (default: a temporary folder, deleted afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project roots (and their built sites)")
    parser.add_argument(
        "--max-load",
        type=float,
        default=(os.cpu_count() or 2) / 2,
        help="wait before each scenario until the 1-minute load average is below this (default: half the cores)",
    )
    parser.add_argument(
        "--wait", type=float, default=300, help="wait at most this many seconds for it (default 300); then run anyway, marked busy"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-readme", action="store_true", help="do not update bench/README.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 also when a target is missed")
    args = parser.parse_args(argv)
    args.scenarios = args.scenarios or [s.name for s in SCENARIOS]
    return args


def new_report(args: argparse.Namespace, argv: list[str] | None, code: Path) -> dict:
    called = argv if argv is not None else sys.argv[1:]
    made = argv is None and os.environ.get("MAKELEVEL")
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": "make bench" if made else " ".join([".venv/bin/python", "bench/run.py", *called]),
        "runs": args.runs,
        "machine": machine.describe(),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "max_load": args.max_load,
        "wait": args.wait,
        "code": machine.git_describe() if code == REPO else str(code),
        "scenarios": [{"name": s.name, "title": s.title, "targets": s.targets} for s in SCENARIOS],
        "datasets": {},
    }


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    code = args.code.resolve()
    report = new_report(args, argv, code)

    def log(message: str) -> None:
        print(message, flush=True)

    try:
        # Before any build: a part that cannot run stops the benchmark at once, not after minutes.
        lighthouse = get_tools(args, report, log)
    except in_browser.Unavailable as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 1
    work = args.workdir.resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for name in args.only or ["seed", "national"]:
            report["datasets"][name] = measure(name, work, code, args, lighthouse, log)
    finally:
        if args.keep or args.workdir:
            log(f"kept the project roots in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return finish(report, args)


def finish(report: dict, args: argparse.Namespace) -> int:
    markdown = reporting.render_markdown(report)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    (results / "latest.md").write_text(markdown + "\n", encoding="utf-8")
    if not args.no_readme:
        reporting.update_readme(HERE / "README.md", markdown)
    print()
    print(markdown)
    problems = reporting.problems(report)
    for problem in problems:
        print(f"benchmark: {problem}", file=sys.stderr)
    if problems:
        print(f"benchmark: {len(problems)} part(s) did not run or did not finish; the figures above are incomplete", file=sys.stderr)
        return 1
    return 1 if args.strict and "**missed**" in markdown else 0


if __name__ == "__main__":
    sys.exit(main())
