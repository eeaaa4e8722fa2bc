"""The results as Markdown tables (for bench/README.md and results/latest.md), and what went wrong.

Every function here reads the report dictionary that run.py fills in (and writes as
results/latest.json); none of them measures anything.
"""

from __future__ import annotations

from pathlib import Path

from weight import GZIP_LEVEL

START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
MEMORY_TARGET_MB = {"national": 400}
CHAPTER_GZ_TARGET_KB = 50
JS_LOADED_TARGET_KB = 5


def fmt_s(value: float | None) -> str:
    return "failed" if value is None else f"{value:.2f} s"


def mark(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def row(cells: list[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def render_markdown(report: dict) -> str:
    sections = (heading, build_table, output_table, weight_table, targets_table, lighthouse_table)
    return "\n".join(line for section in sections for line in section(report))


def heading(report: dict) -> list[str]:
    m = report["machine"]
    lines = [
        f"Run on {report['date']} with `{report['command']}` on {m['cores']} cores ({m['cpu']}), {m['memory']} memory, Python {m['python']}; code at {report['code']}.",
        f"Load average when the run started: {report.get('load', '?')}; each scenario waited for the 1-minute load average to fall below {report.get('max_load', '?')} (at most {report.get('wait', '?')} s) and its load is in the table (other work on the machine inflates wall times; CPU time is less sensitive to it).",
        "",
    ]
    counts = report["datasets"].get("national", {}).get("counts")
    if counts:
        lines.append(
            f"National package (SYNTHETIC): {counts['authorities']} councils, {counts['sources']} sources, {counts['observations']:,} observations ({counts['suppressed']:,} suppressed), {counts['services']} services rows."
        )
        lines.append("")
    return lines


def _target(report: dict, dataset: str, scenario: str) -> float | None:
    return next((s["targets"].get(dataset) for s in report["scenarios"] if s["name"] == scenario), None)


def _peak(ds: dict) -> float:
    return max((s["peak_mb"] or 0) for s in ds["scenarios"].values() if s["runs"])


def build_table(report: dict) -> list[str]:
    lines = [f"### Build (median of {report['runs']} runs; peak memory is the largest of the runs)", ""]
    lines.append("| package | scenario | median wall | min–max | median CPU (user+sys) | peak memory | load at start | target | |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for name, ds in report["datasets"].items():
        for scenario in report["scenarios"]:
            s = ds.get("scenarios", {}).get(scenario["name"])
            if not s or not s["runs"]:
                continue
            times = [r["seconds"] for r in s["runs"]]
            target = scenario["targets"].get(name)
            ok = None if target is None else (s["median"] is not None and s["median"] <= target)
            load = f"{s['load']:.2f}" + (" (busy)" if s["busy"] else "")
            cells = [name, scenario["title"], fmt_s(s["median"]), f"{min(times):.2f}–{max(times):.2f}", fmt_s(s["cpu_median"])]
            lines.append(row([*cells, f"{s['peak_mb']:.0f} MB", load, f"≤ {target:.1f} s" if target else "", mark(ok)]))
        if name in MEMORY_TARGET_MB and ds.get("scenarios"):
            peak, limit = _peak(ds), MEMORY_TARGET_MB[name]
            lines.append(f"| {name} | peak memory, any scenario | | | | {peak:.0f} MB | | ≤ {limit} MB | {mark(peak <= limit)} |")
    return [*lines, ""]


def output_table(report: dict) -> list[str]:
    lines = ["### Output", "", "| package | pages | charts | files | output size | heaviest pages (KB raw / gzipped) |"]
    lines.append("|---|---:|---:|---:|---:|---|")
    for name, ds in report["datasets"].items():
        o = ds.get("output")
        if o:
            heavy = "; ".join(f"`{h['page']}` {kb(h['raw'])} / {kb(h['gz'])}" for h in o.get("heaviest", []))
            lines.append(f"| {name} | {o['pages']} | {o['charts']} | {o['files']} | {o['bytes'] / 1024 / 1024:.1f} MB | {heavy} |")
    return [*lines, ""]


def weight_table(report: dict) -> list[str]:
    lines = [f"### Reader's cost per page (KB; gzip level {GZIP_LEVEL}; requests include the page itself)", ""]
    lines.append(
        "| package | page | charts | HTML raw / gz | of which inline SVG raw | CSS raw / gz | JS raw / gz | total gz | requests | reads without JS |"
    )
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, ds in report["datasets"].items():
        for label, w in ds.get("pages", {}).items():
            nojs = ds.get("without_js", {}).get(label)
            reads = "–" if not isinstance(nojs, dict) else ("yes" if nojs.get("same_text") else "**no**")
            cells = [name, f"{label}: `{w['page']}`", w["charts"], f"{kb(w['html_raw'])} / {kb(w['html_gz'])}", kb(w["svg_raw"])]
            cells += [
                f"{kb(w['css_raw'])} / {kb(w['css_gz'])}",
                f"{kb(w['js_raw'])} / {kb(w['js_gz'])}",
                kb(w["total_gz"]),
                w["requests"],
                reads,
            ]
            lines.append(row(cells))
    return [*lines, ""]


def targets_table(report: dict) -> list[str]:
    lines = ["### Targets", "", "| target | measured | |", "|---|---|---|"]
    for scenario in report["scenarios"]:
        for name, target in scenario["targets"].items():
            s = report["datasets"].get(name, {}).get("scenarios", {}).get(scenario["name"])
            if s is not None:
                ok = s["median"] is not None and s["median"] <= target
                lines.append(f"| {name}: {scenario['title']} ≤ {target} s | {fmt_s(s['median'])} | {mark(ok)} |")
    for name, limit in MEMORY_TARGET_MB.items():
        ds = report["datasets"].get(name)
        if ds and ds.get("scenarios"):
            lines.append(f"| {name}: peak memory ≤ {limit} MB | {_peak(ds):.0f} MB | {mark(_peak(ds) <= limit)} |")
    for name, ds in report["datasets"].items():
        lines += _page_targets(name, ds)
    return [*lines, ""]


def _page_targets(name: str, ds: dict) -> list[str]:
    pages = ds.get("pages", {})
    if not pages:
        return []
    lines = []
    w = pages.get("chapter")
    if w:
        ok = w["total_gz"] <= CHAPTER_GZ_TARGET_KB * 1024
        lines.append(
            f"| {name}: chapter page ({w['charts']} charts) ≤ {CHAPTER_GZ_TARGET_KB} KB gzipped in total | {kb(w['total_gz'])} KB | {mark(ok)} |"
        )
    else:
        lines.append(f"| {name}: chapter page ≤ {CHAPTER_GZ_TARGET_KB} KB gzipped | no chapter in content/ yet | – |")
    nojs = ds.get("without_js", {})
    if nojs and "error" not in nojs:
        ok = all(isinstance(v, dict) and v.get("same_text") for v in nojs.values())
        said = "same text with JavaScript off" if ok else "text differs without JavaScript"
        lines.append(f"| {name}: JavaScript needed to read a page: none | {said} on {', '.join(nojs)} | {mark(ok)} |")
    worst = max(w["js_raw"] for w in pages.values())
    lines.append(
        f"| {name}: JavaScript loaded ≤ {JS_LOADED_TARGET_KB} KB | at most {kb(worst)} KB raw | {mark(worst <= JS_LOADED_TARGET_KB * 1024)} |"
    )
    external = sorted({e for w in pages.values() for e in w["external"]})
    lines.append(f"| {name}: no request leaves the origin | {', '.join(external) if external else 'none does'} | {mark(not external)} |")
    return lines


def lighthouse_table(report: dict) -> list[str]:
    lines = ["### Lighthouse (mobile, Debian Chromium, served from 127.0.0.1)", ""]
    if report.get("lighthouse") != "run":
        return [*lines, f"Not run: {report.get('lighthouse')}."]
    lines.append("| package | page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | audits below 0.9 |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    versions = set()
    for name, ds in report["datasets"].items():
        for label, lh in ds.get("lighthouse", {}).items():
            if "error" in lh:
                lines.append(f"| {name} | {label} | error: {lh['error'][:80]} | | | | | | | |")
                continue
            versions.add(lh["version"])
            s, mt = lh["scores"], lh["metrics"]
            cells = [name, label, s.get("performance"), s.get("accessibility"), s.get("best-practices"), s.get("seo")]
            cells += [mt.get(k, "") for k in ("largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")]
            lines.append(row([*cells, ", ".join(lh["below_90"]) or "none"]))
    return [*lines, "", f"Lighthouse {', '.join(sorted(versions))}."] if versions else lines


def problems(report: dict) -> list[str]:
    """Every part of the run that did not run or did not finish, one line each."""
    found = []
    if report.get("lighthouse") not in ("run", "skipped on request (--no-lighthouse)"):
        found.append(f"lighthouse: {report.get('lighthouse')}")
    for name, ds in report["datasets"].items():
        for scenario, s in ds.get("scenarios", {}).items():
            failed = [r for r in s["runs"] if r["returncode"] != 0]
            if failed:
                found.append(f"{name}: {scenario}: the build failed ({failed[0]['returncode']}): {failed[0]['stderr'][-300:]}")
        if "error" in ds.get("without_js", {}):
            found.append(f"{name}: reading without JavaScript: {ds['without_js']['error']}")
        found += [f"{name}: lighthouse {label}: {lh['error']}" for label, lh in ds.get("lighthouse", {}).items() if "error" in lh]
        if ds.get("error"):
            found.append(f"{name}: {ds['error']}")
    return found


def update_readme(readme: Path, markdown: str) -> None:
    text = readme.read_text(encoding="utf-8") if readme.is_file() else f"# Benchmark\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text += f"\n\n## Results\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(f"{before}{START}\n{markdown}\n{END}{after}", encoding="utf-8")
