#!/usr/bin/env python3
"""Issue 14's targets on the real national package: every council profile and the national chapter.

    .venv/bin/python bench/profiles.py [--runs 3]

Copies the project's inputs (data/, content/, templates/, inputs/, site.toml) into a throwaway
root and times `build.py build --root ROOT` in a fresh process (bench/builds.py), median of
--runs, for: a cold build (no cache, no site), a rebuild with nothing changed, and a rebuild
after one official figure changed (a council's looked after children who went missing, in the
latest year: it changes that council's profile, its neighbours', its region's and England's
national pages). Then weighs every profile, the council list and the national chapter as a
browser gets them (bench/weight.py: HTML, CSS and JavaScript, gzipped). Prints a table and
writes bench/results/profiles.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import in_browser  # noqa: E402
from builds import run_build  # noqa: E402
from weight import page_weight  # noqa: E402

INPUTS = ("data", "content", "templates", "inputs")
TARGETS = {"cold": 12.0, "unchanged": 0.5, "one_official_figure": 2.0}


def prepare(root: Path) -> None:
    for name in INPUTS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site.toml", root / "site.toml")


def official_row(observations: Path) -> int:
    """Line index of the last reported cla_missing_children figure for a council (E06...)."""
    lines = observations.read_text(encoding="utf-8").split("\n")
    for index in range(len(lines) - 1, 0, -1):
        cells = lines[index].split(",")
        if len(cells) > 8 and cells[4] == "cla_missing_children" and cells[1].startswith("E06") and cells[8] == "reported":
            return index
    raise SystemExit("bench/profiles.py: no reported cla_missing_children row for a council in data/observations.csv")


def change_figure(observations: Path, index: int, value: int) -> None:
    lines = observations.read_text(encoding="utf-8").split("\n")
    cells = lines[index].split(",")
    cells[7] = cells[9] = str(value)
    lines[index] = ",".join(cells)
    observations.write_text("\n".join(lines), encoding="utf-8")


def timed(root: Path, runs: int, before_each) -> dict[str, object]:
    results = []
    for i in range(runs):
        before_each(i)
        run = run_build(REPO, root)
        if run.returncode != 0:
            raise SystemExit(f"bench/profiles.py: build failed:\n{run.stderr}")
        results.append(run)
    return {
        "median_s": statistics.median(r.seconds for r in results),
        "cpu_median_s": statistics.median(r.cpu_seconds for r in results),
        "peak_mb": max(r.max_rss_mb for r in results),
        "runs": [r.seconds for r in results],
    }


def weights(site: Path) -> dict[str, object]:
    profiles = sorted(
        p.relative_to(site).as_posix() for p in (site / "councils").glob("*.html") if p.name != "index.html" and not p.stem.endswith("-foi")
    )
    measured = [page_weight(site, page) for page in profiles]
    heaviest = max(measured, key=lambda m: m["total_gz"])  # type: ignore[arg-type, return-value]
    every_page = [page_weight(site, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    return {
        "profiles": len(profiles),
        "profile_total_gz_median": statistics.median(m["total_gz"] for m in measured),  # type: ignore[misc]
        "profile_total_gz_max": heaviest["total_gz"],
        "profile_heaviest": heaviest["page"],
        "js_raw_max_any_page": max(m["js_raw"] for m in every_page),  # type: ignore[type-var]
        "list_total_gz": page_weight(site, "councils/index.html")["total_gz"],
        "national_total_gz": page_weight(site, "across-england/index.html")["total_gz"]
        if (site / "across-england/index.html").is_file()
        else None,
    }


def lighthouse_scores(site: Path, profile: str) -> dict[str, object]:
    """Lighthouse (mobile) on the home page, the national chapter and one profile, served gzipped."""
    binary = in_browser.ensure_lighthouse(print)
    pages = {"home": "", "national chapter": "across-england/", "profile": profile}
    out: dict[str, object] = {}
    with in_browser.serve(site) as url, tempfile.TemporaryDirectory() as reports:
        for name, path in pages.items():
            out[name] = in_browser.lighthouse(binary, url + path, Path(reports) / "report.json")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (the table then says so)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-profiles-") as folder:
        root = Path(folder)
        prepare(root)
        observations = root / "data" / "observations.csv"
        original = observations.read_text(encoding="utf-8")
        row = official_row(observations)
        results: dict[str, object] = {}

        def cold(_: int) -> None:
            shutil.rmtree(root / ".cache", ignore_errors=True)
            shutil.rmtree(root / "site", ignore_errors=True)

        results["cold"] = timed(root, args.runs, cold)
        results["unchanged"] = timed(root, args.runs, lambda _: None)
        results["one_official_figure"] = timed(root, args.runs, lambda i: change_figure(observations, row, 100_000 + i))
        observations.write_text(original, encoding="utf-8")
        run_build(REPO, root)
        results["weights"] = weights(root / "site")
        heaviest = str(results["weights"]["profile_heaviest"])  # type: ignore[index]
        results["lighthouse"] = "skipped on request" if args.no_lighthouse else lighthouse_scores(root / "site", heaviest)
    out = HERE / "results" / "profiles.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("| scenario | median wall (s) | median CPU (s) | peak MB | target (s) |\n|---|---|---|---|---|")
    for name, target in TARGETS.items():
        r = results[name]
        print(f"| {name} | {r['median_s']:.2f} | {r['cpu_median_s']:.2f} | {r['peak_mb']:.0f} | {target} |")  # type: ignore[index]
    print(json.dumps({k: results[k] for k in ("weights", "lighthouse")}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
