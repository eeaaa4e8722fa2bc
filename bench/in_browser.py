"""The pages in a browser: served as a host would (the test suite's server, gzipping text), read
with JavaScript off and on, and scored by Lighthouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from weight import gzipped

HERE = Path(__file__).resolve().parent
# The test suite's browser helpers, so the benchmark serves and opens pages exactly as the gates do.
sys.path.append(str(HERE.parent / "tests"))

from browser.server import StaticHandler  # noqa: E402
from browser.server import serve as serve_plain  # noqa: E402
from browser.tools import CHROMIUM, CHROMIUM_ARGS, SETUP_HINT  # noqa: E402

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".csv", ".json", ".xml", ".txt", ".md"}
MAIN_TEXT = "() => { const m = document.querySelector('main') || document.body; return [m.innerText, document.querySelectorAll('main svg').length]; }"


class Unavailable(RuntimeError):
    """A part of the benchmark cannot run here; the message says what to install."""


class GzipHandler(StaticHandler):
    """Text goes out gzipped when the browser accepts it, as any real host sends it (Lighthouse checks that)."""

    def send_head(self) -> BytesIO | None:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix not in COMPRESSIBLE
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            # A folder named without its slash: the plain handler redirects it.
            or not self.path.split("?")[0].endswith(("/", path.name))
        ):
            return super().send_head()
        body = gzipped(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return BytesIO(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    with serve_plain(site, handler=GzipHandler) as url:
        yield url


def require_browser() -> None:
    """Raise Unavailable unless Playwright and Chromium are installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        raise Unavailable(f"playwright is not installed ({error}): make test installs it") from error
    if not CHROMIUM.exists():
        raise Unavailable(f"{CHROMIUM} is missing: {SETUP_HINT}")


def reads_without_js(base_url: str, pages: dict[str, str]) -> dict[str, object]:
    """For each page: is the text of <main> the same with JavaScript off as with it on?"""
    require_browser()
    from browser.visit import visit
    from playwright.sync_api import sync_playwright

    result: dict[str, object] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name, path in pages.items():
                texts = {}
                for javascript in (False, True):
                    with visit(browser, base_url + path, javascript=javascript) as record:
                        texts[javascript] = record.page.evaluate(MAIN_TEXT)
                off, on = texts[False], texts[True]
                result[name] = {"same_text": off[0] == on[0], "svg_without_js": off[1], "svg_with_js": on[1], "text_chars": len(off[0])}
        finally:
            browser.close()
    return result


def ensure_lighthouse(log: Callable[[str], None]) -> Path:
    """The pinned Lighthouse, installed by `npm ci` in bench/ on first use."""
    if LIGHTHOUSE.exists():
        return LIGHTHOUSE
    if not shutil.which("npm"):
        raise Unavailable("lighthouse needs npm: apt-get install -y --no-install-recommends npm")
    log("  lighthouse: installing the pinned version (npm ci in bench/)")
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not LIGHTHOUSE.exists():
        raise Unavailable(f"npm ci in bench/ failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return LIGHTHOUSE


def lighthouse(binary: Path, url: str, report: Path) -> dict[str, object]:
    """Lighthouse's mobile scores for one page; {"error": ...} when it did not finish."""
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--max-wait-for-load=30000",
    ]
    try:
        done = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True, check=False, timeout=240
        )
    except subprocess.TimeoutExpired:
        return {"error": "timed out after 240 s"}
    if done.returncode != 0 or not report.is_file():
        return {"error": (done.stderr or done.stdout).strip()[-300:] or f"exit status {done.returncode}"}
    return lighthouse_summary(json.loads(report.read_text(encoding="utf-8")))


def lighthouse_summary(data: dict) -> dict[str, object]:
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
