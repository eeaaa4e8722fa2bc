#!/usr/bin/env python3
"""The benchmark: build speed, memory and page weight on the seed data and a national package.

    .venv/bin/python bench/run.py            # or: make bench

For each of two packages, the real seed data (data/) and a SYNTHETIC national one written by
bench/generate.py (153 councils x 10 years), it copies the project's inputs (content/,
templates/, site.toml and the data) into a temporary project root and times `build.py build
--root ROOT` as a subprocess, the way a maintainer runs it:

- cold: no cache and no site (ROOT/.cache and ROOT/site deleted before each run);
- unchanged: a rebuild with nothing changed;
- one source: a rebuild after one figure of one source changed (a figure that a chart draws);
- one narrative: a rebuild after a sentence was added to one narrative.

Each is run --runs times (default 5); the table shows the median wall time and the peak
resident memory of the build process (ru_maxrss from wait4). It then measures three typical
pages (home, the chapter with the most charts, an authority page): bytes of HTML, CSS and
JavaScript, raw and gzipped, and requests; whether a page reads the same without JavaScript
(headless Chromium, JavaScript off vs on); and Lighthouse scores (mobile) for the same pages.

Results are written to bench/results/latest.json and, between markers, into bench/README.md.
Exit status 0 when every build succeeded; with --strict, 1 also when a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

README = HERE / "README.md"
RESULTS = HERE / "results"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
GZIP_LEVEL = 6  # gzip's own default, and what most servers are set to
BUILD_LINE = re.compile(r"built (\d+) pages and (\d+) charts \((\d+) files, (\d+) KB\)")
SCENARIOS = ("cold", "unchanged", "one_source", "one_narrative")
SCENARIO_TITLES = {
    "cold": "cold build (no cache)",
    "unchanged": "rebuild, nothing changed",
    "one_source": "rebuild, one source changed",
    "one_narrative": "rebuild, one narrative changed",
}

# Targets from issue 7, on a 2-core machine (medians).
TIME_TARGETS = {
    ("seed", "cold"): 1.5,
    ("seed", "unchanged"): 0.5,
    ("national", "cold"): 15.0,
    ("national", "unchanged"): 1.5,
    ("national", "one_source"): 3.0,
}
MEMORY_TARGET_MB = {"national": 400}
CHAPTER_GZ_TARGET_KB = 50
JS_LOADED_TARGET_KB = 5


# --------------------------------------------------------------------------------------------
# Timing builds


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    returncode: int
    reported: str
    stderr: str = ""


@dataclass
class ScenarioResult:
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def median(self) -> float | None:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(r.cpu_seconds for r in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.max_rss_mb for r in self.runs) if self.runs else None


# The build is started by this small launcher, not by run.py itself: a process's peak-memory
# figure (ru_maxrss) keeps the high-water mark of the process it was forked from, so a build
# forked straight from run.py (hundreds of MB by then) would be charged for run.py's memory.
LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(sys.argv[1], "w") as handle:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}, handle)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_build(code: Path, root: Path) -> Run:
    """One `build.py build --root ROOT` in a fresh process: wall time, CPU time and that process's peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile(suffix=".json") as measured:
        command = [sys.executable, "-c", LAUNCHER, measured.name, sys.executable, str(code / "build.py"), "build", "--root", str(root)]
        returncode = subprocess.run(command, stdout=out, stderr=err, cwd=root, check=False).returncode
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        try:
            m = json.loads(Path(measured.name).read_text() or "{}")
        except ValueError:
            m = {}
    # ru_maxrss is in kilobytes on Linux.
    return Run(
        round(m.get("wall", 0.0), 3),
        round(m.get("cpu", 0.0), 3),
        round(m.get("maxrss_kb", 0) / 1024, 1),
        returncode,
        stdout.strip(),
        stderr.strip()[-2000:],
    )


def prepare_root(root: Path, dataset: str, seed: int) -> dict[str, int] | None:
    """A throwaway project root holding copies of the inputs; the national data are generated."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    if (REPO / "site.toml").is_file():
        shutil.copy(REPO / "site.toml", root / "site.toml")
    if dataset == "seed":
        shutil.copytree(REPO / "data", root / "data")
        return None
    return generate.generate(root / "data", seed=seed)


def chart_names(text: str) -> list[str]:
    return re.findall(r"""\bchart\(\s*["']([^"']+)["']""", text)


def pick_narrative(content: Path) -> Path:
    """The chapter (not the home page) whose source draws the most charts; the home page if none."""
    files = sorted(content.glob("*.md"))
    chapters = [p for p in files if p.stem != "index"] or files
    return max(chapters, key=lambda p: (len(chart_names(p.read_text(encoding="utf-8"))), p.stat().st_size))


def pick_figure_row(observations: Path, dataset: str) -> int:
    """Index (0-based, after the header) of a reported figure that a chart draws.

    On the seed data: Coventry's children missing in 2020-21. On the national package: the same
    figure for a synthetic council, so the real narratives' numbers stay as they are.
    """
    lines = observations.read_text(encoding="utf-8").split("\n")[1:]
    for i, line in enumerate(lines):
        cells = line.split(",")
        if len(cells) < 9 or cells[4] != "children_missing" or cells[5] != "all" or cells[2] != "2020-04-01" or cells[8] != "reported":
            continue
        if dataset == "seed" or cells[0].startswith("syn-"):
            return i
    raise SystemExit(f"{observations}: no reported children_missing figure for 2020-21 to change")


def set_value(observations: Path, index: int, bump: int, original: str) -> None:
    header, *lines = observations.read_text(encoding="utf-8").split("\n")
    cells = lines[index].split(",")
    cells[7] = str(int(original) + bump) if bump else original
    # as_reported stays as written; a benchmark edit only needs the figure to change.
    lines[index] = ",".join(cells)
    observations.write_text("\n".join([header, *lines]), encoding="utf-8")


def time_dataset(code: Path, root: Path, dataset: str, runs: int, log: callable) -> dict[str, ScenarioResult]:
    results = {name: ScenarioResult() for name in SCENARIOS}
    cache, out = root / ".cache", root / "site"

    def record(name: str, run: Run) -> bool:
        results[name].runs.append(run)
        log(
            f"  {dataset:8} {name:13} {run.seconds:7.2f} s wall {run.cpu_seconds:7.2f} s CPU {run.max_rss_mb:7.1f} MB"
            + ("" if run.returncode == 0 else f"  FAILED ({run.returncode}):")
        )
        if run.returncode != 0:
            log("    " + run.stderr.replace("\n", "\n    "))
        return run.returncode == 0

    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        if not record("cold", run_build(code, root)):
            return results
    for _ in range(runs):
        if not record("unchanged", run_build(code, root)):
            return results

    observations = root / "data" / "observations.csv"
    index = pick_figure_row(observations, dataset)
    original = observations.read_text(encoding="utf-8").split("\n")[1 + index].split(",")[7]
    try:
        for i in range(runs):
            set_value(observations, index, i + 1, original)  # a new value each time, never one already cached
            if not record("one_source", run_build(code, root)):
                return results
    finally:
        set_value(observations, index, 0, original)
    # Untimed: bring the cache and site back in line with the restored figure.
    if run_build(code, root).returncode != 0:
        return results

    narrative = pick_narrative(root / "content")
    text = narrative.read_text(encoding="utf-8")
    try:
        for i in range(runs):
            narrative.write_text(
                text + "".join(f"\nA sentence the benchmark added, number {j + 1}.\n" for j in range(i + 1)), encoding="utf-8"
            )
            if not record("one_narrative", run_build(code, root)):
                return results
    finally:
        narrative.write_text(text, encoding="utf-8")
    return results


# --------------------------------------------------------------------------------------------
# Page weight


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, dict[str, str]]] = []  # (kind, url, attrs)
        self.inline_js = ""
        self.inline_css = 0
        self.svg_bytes = 0
        self._in: str | None = None
        self.charts = 0

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        rel = attrs.get("rel", "").lower().split()
        if tag == "link" and attrs.get("href"):
            if "stylesheet" in rel:
                self.found.append(("css", attrs["href"], attrs))
            elif {"icon", "apple-touch-icon", "shortcut"} & set(rel):
                self.found.append(("image", attrs["href"], attrs))
            elif {"preload", "modulepreload", "manifest"} & set(rel):
                self.found.append(("other", attrs["href"], attrs))
        elif tag == "script":
            if attrs.get("src"):
                self.found.append(("js", attrs["src"], attrs))
            elif attrs.get("type", "text/javascript") in ("", "text/javascript", "module", "application/javascript"):
                self._in = "script"
        elif tag == "style":
            self._in = "style"
        elif tag in ("img", "iframe", "embed", "audio", "video", "source", "track") and attrs.get("src"):
            self.found.append(("image" if tag in ("img", "source") else "other", attrs["src"], attrs))
        elif tag == "object" and attrs.get("data"):
            self.found.append(("other", attrs["data"], attrs))
        elif tag == "image" and (attrs.get("href") or attrs.get("xlink:href")):
            self.found.append(("image", attrs.get("href") or attrs["xlink:href"], attrs))
        if tag == "figure" and "chart" in attrs.get("class", "").split():
            self.charts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.inline_js += data
        elif self._in == "style":
            self.inline_css += len(data.encode())


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def page_weight(site: Path, page: str) -> dict[str, object]:
    html = (site / page).read_bytes()
    parser = _Resources()
    parser.feed(html.decode("utf-8", errors="replace"))
    svg = sum(len(m.group(0).encode()) for m in re.finditer(r"<svg\b.*?</svg>", html.decode("utf-8", errors="replace"), flags=re.S))
    base = f"http://site.invalid/{page}"
    sizes: dict[str, list[bytes]] = {"css": [], "js": [], "image": [], "other": []}
    external, missing, print_css = [], [], 0
    queue = list(parser.found)
    seen: set[str] = set()
    while queue:
        kind, ref, attrs = queue.pop(0)
        url = urlparse(urljoin(base, ref))
        if url.scheme == "data":
            continue
        if url.netloc != "site.invalid":
            external.append(ref)
            continue
        if url.path in seen:
            continue
        seen.add(url.path)
        path = site / url.path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            missing.append(ref)
            continue
        content = path.read_bytes()
        sizes[kind].append(content)
        if kind == "css":
            if attrs.get("media") == "print":
                print_css += len(content)
            # Fonts and images a stylesheet pulls in are requests too.
            for inner in re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", content.decode("utf-8", errors="replace")):
                queue.append(("image", urljoin(urljoin(base, ref), inner), {}))
    raw = {k: sum(len(c) for c in v) for k, v in sizes.items()}
    zipped = {k: sum(gz(c) for c in v) for k, v in sizes.items()}
    return {
        "page": page,
        "charts": parser.charts,
        "html_raw": len(html),
        "html_gz": gz(html),
        "svg_raw": svg,
        "css_raw": raw["css"],
        "css_gz": zipped["css"],
        "print_css_raw": print_css,
        # Inline script counts as JavaScript loaded; its bytes are already in the HTML's.
        "js_raw": raw["js"] + len(parser.inline_js.encode()),
        "js_gz": zipped["js"] + (gz(parser.inline_js.encode()) if parser.inline_js.strip() else 0),
        "js_files": len(sizes["js"]),
        "inline_js_raw": len(parser.inline_js.encode()),
        "images_raw": raw["image"],
        "total_gz": gz(html) + zipped["css"] + zipped["js"],
        "requests": 1 + len(seen) + len(external),
        "external": external,
        "missing": missing,
    }


def heaviest_pages(site: Path, files: list[Path], n: int = 3) -> list[dict[str, object]]:
    pages = sorted((p for p in files if p.suffix == ".html"), key=lambda p: -p.stat().st_size)[:n]
    return [{"page": p.relative_to(site).as_posix(), "raw": p.stat().st_size, "gz": gz(p.read_bytes())} for p in pages]


def typical_pages(site: Path, chapter_slug: str) -> dict[str, str]:
    """Home, the chapter with the most charts, and an authority page (Coventry's, else the first)."""
    pages = {"home": "index.html"}
    chapter = f"{chapter_slug}/index.html"
    if chapter_slug != "index" and (site / chapter).is_file():
        pages["chapter"] = chapter
    councils = sorted(p.stem for p in (site / "councils").glob("*.html") if p.stem != "index")
    if councils:
        pages["authority"] = f"councils/{'coventry' if 'coventry' in councils else councils[0]}.html"
    return pages


def chapter_slug(narrative: Path) -> str:
    match = re.search(r"^slug:\s*['\"]?([^'\"\n]+)", narrative.read_text(encoding="utf-8"), flags=re.M)
    return match.group(1).strip() if match else narrative.stem


# --------------------------------------------------------------------------------------------
# Serving, reading without JavaScript, Lighthouse


COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".csv", ".json", ".xml", ".txt", ".md"}


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site on 127.0.0.1, gzipped like any real host would send it (Lighthouse checks that)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def send_head(self):  # type: ignore[no-untyped-def]
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if (
                path.suffix not in COMPRESSIBLE
                or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not path.is_file()
                or not self.path.split("?")[0].endswith(("/", path.name))
            ):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return io.BytesIO(body)

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a browser closing a connection early is not news

    handler = functools.partial(Quiet, directory=str(site))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def reads_without_js(base_url: str, pages: dict[str, str]) -> dict[str, object]:
    """For each page: is the text of <main> the same with JavaScript off as with it on?"""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright is not installed (make test installs it)"}
    if not CHROMIUM.exists():
        return {"error": f"{CHROMIUM} is missing"}
    result: dict[str, object] = {}
    script = "() => { const m = document.querySelector('main') || document.body; return [m.innerText, document.querySelectorAll('main svg').length]; }"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            texts = {}
            for js in (False, True):
                context = browser.new_context(java_script_enabled=js)
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base_url + path, wait_until="load")
                    texts[(name, js)] = page.evaluate(script)
                context.close()
            for name in pages:
                off, on = texts[(name, False)], texts[(name, True)]
                result[name] = {"same_text": off[0] == on[0], "svg_without_js": off[1], "svg_with_js": on[1], "text_chars": len(off[0])}
        finally:
            browser.close()
    return result


def ensure_lighthouse(log: callable) -> Path | None:
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    if not shutil.which("npm"):
        log("  lighthouse: npm is missing; skipped")
        return None
    log("  lighthouse: installing the pinned version (npm ci in bench/)")
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        log(f"  lighthouse: npm ci failed: {done.stderr.strip()[-500:]}")
        return None
    return binary if binary.exists() else None


def lighthouse(binary: Path, url: str, report: Path) -> dict[str, object]:
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--max-wait-for-load=30000",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=240)
    if done.returncode != 0 or not report.is_file():
        return {"error": (done.stderr or done.stdout).strip()[-300:]}
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {k: (round(v["score"] * 100) if v.get("score") is not None else None) for k, v in data["categories"].items()}
    audits = data.get("audits", {})
    failing = sorted(
        k
        for k, a in audits.items()
        if a.get("score") is not None
        and a.get("score") < 0.9
        and a.get("scoreDisplayMode") in ("binary", "numeric")
        and not k.endswith("-insight")
    )
    metrics = {
        k: audits[k].get("displayValue", "")
        for k in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index")
        if k in audits
    }
    return {"scores": scores, "metrics": metrics, "below_90": failing, "version": data.get("lighthouseVersion", "")}


# --------------------------------------------------------------------------------------------
# Report


def machine() -> dict[str, object]:
    model = ""
    with contextlib.suppress(OSError):
        model = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), ""
        )
    memory = ""
    with contextlib.suppress(OSError, StopIteration):
        kb = int(next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")).split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def git_describe() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        return head + (" with uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def fmt_s(value: float | None) -> str:
    return "failed" if value is None else f"{value:.2f} s"


def mark(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def row(cells: list[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def render_markdown(report: dict) -> str:
    lines: list[str] = []
    m = report["machine"]
    lines.append(
        f"Run on {report['date']} with `{report['command']}` on {m['cores']} cores ({m['cpu']}), {m['memory']} memory, Python {m['python']}; code at {report['code']}."
    )
    lines.append(
        f"Load average when the run started: {report.get('load', '?')} (other work on the machine inflates wall times; CPU time is less sensitive to it)."
    )
    lines.append("")
    national = report["datasets"].get("national", {})
    if national.get("counts"):
        c = national["counts"]
        lines.append(
            f"National package (SYNTHETIC): {c['authorities']} councils, {c['sources']} sources, {c['observations']:,} observations ({c['suppressed']:,} suppressed), {c['services']} services rows."
        )
        lines.append("")
    lines.append(f"### Build (median of {report['runs']} runs; peak memory is the largest of the runs)")
    lines.append("")
    lines.append("| package | scenario | median wall | min–max | median CPU (user+sys) | peak memory | target | |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---|")
    for name, ds in report["datasets"].items():
        for scenario in SCENARIOS:
            s = ds["scenarios"].get(scenario)
            if not s or not s["runs"]:
                continue
            times = [r["seconds"] for r in s["runs"]]
            target = TIME_TARGETS.get((name, scenario))
            ok = None if target is None else (s["median"] is not None and s["median"] <= target)
            limit = f"≤ {target:.1f} s" if target else ""
            lines.append(
                row(
                    [
                        name,
                        SCENARIO_TITLES[scenario],
                        fmt_s(s["median"]),
                        f"{min(times):.2f}–{max(times):.2f}",
                        fmt_s(s.get("cpu_median")),
                        f"{s['peak_mb']:.0f} MB",
                        limit,
                        mark(ok),
                    ]
                )
            )
        if name in MEMORY_TARGET_MB and ds["scenarios"]:
            peak = max((s["peak_mb"] or 0) for s in ds["scenarios"].values() if s["runs"])
            lines.append(
                f"| {name} | peak memory, any scenario | | | | {peak:.0f} MB | ≤ {MEMORY_TARGET_MB[name]} MB | {mark(peak <= MEMORY_TARGET_MB[name])} |"
            )
    lines.append("")
    lines.append("### Output")
    lines.append("")
    lines.append("| package | pages | charts | files | output size | heaviest pages (KB raw / gzipped) |")
    lines.append("|---|---:|---:|---:|---:|---|")
    for name, ds in report["datasets"].items():
        o = ds.get("output")
        if o:
            heavy = "; ".join(f"`{h['page']}` {kb(h['raw'])} / {kb(h['gz'])}" for h in o.get("heaviest", []))
            lines.append(f"| {name} | {o['pages']} | {o['charts']} | {o['files']} | {o['bytes'] / 1024 / 1024:.1f} MB | {heavy} |")
    lines.append("")
    lines.append(f"### Reader's cost per page (KB; gzip level {GZIP_LEVEL}; requests include the page itself)")
    lines.append("")
    lines.append(
        "| package | page | charts | HTML raw / gz | of which inline SVG raw | CSS raw / gz | JS raw / gz | total gz | requests | reads without JS |"
    )
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, ds in report["datasets"].items():
        for label, w in ds.get("pages", {}).items():
            nojs = ds.get("without_js", {}).get(label)
            reads = "–" if not isinstance(nojs, dict) else ("yes" if nojs.get("same_text") else "**no**")
            cells = [
                name,
                f"{label}: `{w['page']}`",
                w["charts"],
                f"{kb(w['html_raw'])} / {kb(w['html_gz'])}",
                kb(w["svg_raw"]),
                f"{kb(w['css_raw'])} / {kb(w['css_gz'])}",
            ]
            cells += [f"{kb(w['js_raw'])} / {kb(w['js_gz'])}", kb(w["total_gz"]), w["requests"], reads]
            lines.append(row(cells))
    lines.append("")
    lines.append("### Targets")
    lines.append("")
    lines.append("| target | measured | |")
    lines.append("|---|---|---|")
    for (name, scenario), target in TIME_TARGETS.items():
        s = report["datasets"].get(name, {}).get("scenarios", {}).get(scenario)
        if s is not None:
            lines.append(
                f"| {name}: {SCENARIO_TITLES[scenario]} ≤ {target} s | {fmt_s(s['median'])} | {mark(s['median'] is not None and s['median'] <= target)} |"
            )
    for name, limit in MEMORY_TARGET_MB.items():
        ds = report["datasets"].get(name)
        if ds and ds["scenarios"]:
            peak = max((s["peak_mb"] or 0) for s in ds["scenarios"].values() if s["runs"])
            lines.append(f"| {name}: peak memory ≤ {limit} MB | {peak:.0f} MB | {mark(peak <= limit)} |")
    for name, ds in report["datasets"].items():
        w = ds.get("pages", {}).get("chapter")
        if w:
            ok = w["total_gz"] <= CHAPTER_GZ_TARGET_KB * 1024
            lines.append(
                f"| {name}: chapter page ({w['charts']} charts) ≤ {CHAPTER_GZ_TARGET_KB} KB gzipped in total | {kb(w['total_gz'])} KB | {mark(ok)} |"
            )
        elif ds.get("pages"):
            lines.append(f"| {name}: chapter page ≤ {CHAPTER_GZ_TARGET_KB} KB gzipped | no chapter in content/ yet | – |")
        nojs = ds.get("without_js", {})
        if nojs and "error" not in nojs:
            ok = all(isinstance(v, dict) and v.get("same_text") for v in nojs.values())
            lines.append(
                f"| {name}: JavaScript needed to read a page: none | {'same text with JavaScript off' if ok else 'text differs without JavaScript'} on {', '.join(nojs)} | {mark(ok)} |"
            )
        if ds.get("pages"):
            worst = max(w["js_raw"] for w in ds["pages"].values())
            lines.append(
                f"| {name}: JavaScript loaded ≤ {JS_LOADED_TARGET_KB} KB | at most {kb(worst)} KB raw | {mark(worst <= JS_LOADED_TARGET_KB * 1024)} |"
            )
        external = sorted({e for w in ds.get("pages", {}).values() for e in w["external"]})
        if ds.get("pages"):
            lines.append(
                f"| {name}: no request leaves the origin | {', '.join(external) if external else 'none does'} | {mark(not external)} |"
            )
    lines.append("")
    lh_any = any(ds.get("lighthouse") for ds in report["datasets"].values())
    lines.append("### Lighthouse (mobile, Debian Chromium, served from 127.0.0.1)")
    lines.append("")
    if not lh_any:
        lines.append("Not run (`--no-lighthouse`, or Lighthouse/Chromium missing).")
    else:
        lines.append("| package | page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | audits below 0.9 |")
        lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for name, ds in report["datasets"].items():
            for label, lh in ds.get("lighthouse", {}).items():
                if "error" in lh:
                    lines.append(f"| {name} | {label} | error: {lh['error'][:80]} | | | | | | | |")
                    continue
                s, mt = lh["scores"], lh["metrics"]
                cells = [name, label, s.get("performance"), s.get("accessibility"), s.get("best-practices"), s.get("seo")]
                cells += [
                    mt.get("largest-contentful-paint", ""),
                    mt.get("total-blocking-time", ""),
                    mt.get("cumulative-layout-shift", ""),
                    ", ".join(lh["below_90"]) or "none",
                ]
                lines.append(row(cells))
        version = next(
            (lh.get("version") for ds in report["datasets"].values() for lh in ds.get("lighthouse", {}).values() if lh.get("version")), ""
        )
        if version:
            lines.append("")
            lines.append(f"Lighthouse {version}.")
    return "\n".join(lines)


def update_readme(markdown: str) -> None:
    text = README.read_text(encoding="utf-8") if README.is_file() else f"# Benchmark\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text += f"\n\n## Results\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n{markdown}\n{END}{after}", encoding="utf-8")


def summarise(results: dict[str, ScenarioResult]) -> dict[str, object]:
    return {
        name: {"median": r.median, "cpu_median": r.cpu_median, "peak_mb": r.peak_mb, "runs": [asdict(x) for x in r.runs]}
        for name, r in results.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the build on the seed data and a synthetic national package.")
    parser.add_argument("--runs", type=int, default=5, help="runs per scenario (default 5; the table shows the median)")
    parser.add_argument("--only", choices=("seed", "national"), action="append", help="run only this package (repeatable)")
    parser.add_argument("--code", type=Path, default=REPO, help="folder holding the build.py to measure (default: this repo)")
    parser.add_argument("--seed", type=int, default=2025, help="random seed of the synthetic package")
    parser.add_argument(
        "--workdir", type=Path, help="where to put the temporary project roots (default: a new temporary folder, deleted afterwards)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary project roots (and their built sites) for a look, or for the browser gates"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-readme", action="store_true", help="do not update bench/README.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    code = args.code.resolve()
    datasets = args.only or ["seed", "national"]

    def log(message: str) -> None:
        print(message, flush=True)

    work = args.workdir.resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    command = (
        "make bench"
        if argv is None and os.environ.get("MAKELEVEL")
        else " ".join([".venv/bin/python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    )
    report: dict[str, object] = {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": command,
        "runs": args.runs,
        "machine": machine(),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "code": git_describe() if code == REPO else str(code),
        "datasets": {},
    }
    failed = False
    lighthouse_bin = None if args.no_lighthouse or not CHROMIUM.exists() else ensure_lighthouse(log)
    try:
        for name in datasets:
            root = work / name
            log(f"{name}: preparing {root}")
            counts = prepare_root(root, name, args.seed)
            entry: dict[str, object] = {"root": str(root), "counts": counts}
            report["datasets"][name] = entry  # type: ignore[index]
            results = time_dataset(code, root, name, args.runs, log)
            entry["scenarios"] = summarise(results)
            if not all(r.ok for r in results.values()):
                failed = True
                continue
            # A clean build of the restored inputs, to measure what a reader gets.
            final = run_build(code, root)
            match = BUILD_LINE.search(final.reported)
            site = root / "site"
            files = [p for p in site.rglob("*") if p.is_file()]
            entry["output"] = {
                "pages": int(match.group(1)) if match else sum(1 for p in files if p.suffix == ".html"),
                "charts": int(match.group(2)) if match else None,
                "files": len(files),
                "bytes": sum(p.stat().st_size for p in files),
                "html_files": sum(1 for p in files if p.suffix == ".html"),
                "heaviest": heaviest_pages(site, files),
                "build_line": final.reported,
            }
            slug = chapter_slug(pick_narrative(root / "content"))
            pages = typical_pages(site, slug)
            entry["pages"] = {label: page_weight(site, path) for label, path in pages.items()}
            with serve(site) as url:
                log(f"  {name}: reading {', '.join(pages.values())} with JavaScript off and on")
                entry["without_js"] = reads_without_js(url, pages)
                if lighthouse_bin:
                    entry["lighthouse"] = {}
                    for label, path in pages.items():
                        log(f"  {name}: lighthouse {path}")
                        entry["lighthouse"][label] = lighthouse(lighthouse_bin, url + path, work / f"lighthouse-{name}-{label}.json")  # type: ignore[index]
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep:
            log(f"kept the project roots in {work}")

    markdown = render_markdown(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    (RESULTS / "latest.md").write_text(markdown + "\n", encoding="utf-8")
    if not args.no_readme:
        update_readme(markdown)
    print()
    print(markdown)
    if failed:
        print("\nbenchmark: a build failed (see above)", file=sys.stderr)
        return 1
    if args.strict and "**missed**" in markdown:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
