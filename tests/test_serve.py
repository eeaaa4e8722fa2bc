"""`build.py serve`: serves site/, rebuilds when a file is saved, reloads the open page, and keeps
the last good site, with the errors on the page and in the terminal, when a save breaks the build.

Each test starts the real command in a subprocess on a free port, over a copy of the project.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from playwright.sync_api import Browser

STARTUP_SECONDS = 120
REBUILD_SECONDS = 30


@dataclass
class Preview:
    root: Path
    url: str
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """`path` relative to the preview's address, or a whole URL."""
        request = urllib.request.Request(path if path.startswith("http") else self.url + path.lstrip("/"))
        opener = urllib.request.build_opener(_NoRedirect())
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def page(self, path: str = "") -> str:
        return self.get(path)[2].decode("utf-8")

    def state(self) -> dict:
        return json.loads(self.get("__preview/state")[2])

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + REBUILD_SECONDS
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {what}; stderr:\n{self.stderr.read_text()}")

    def wait_for_build(self, after: int) -> dict:
        self.wait_for(lambda: self.state()["build"] > after, f"a build after number {after}")
        return self.state()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    with started(tmp_path) as running:
        yield running


@contextlib.contextmanager
def started(tmp_path: Path, *options: str) -> Iterator[Preview]:
    root = copy_project(tmp_path / "project")
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", root / ".cache")
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--root", str(root), "--port", "0", *options]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, cwd=root, stdout=out, stderr=err)
    try:
        url = _wait_for_url(process, stdout, stderr)
        yield Preview(root, url, process, stdout, stderr)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
    assert code == 0 and stdout.read_text().endswith("stopped\n"), "Ctrl-C did not stop serve cleanly"


def _wait_for_url(process: subprocess.Popen[bytes], stdout: Path, stderr: Path) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        match = re.search(r"at (http://127\.0\.0\.1:\d+/\S*)", stdout.read_text())
        if match:
            return match[1]
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{stdout.read_text()}{stderr.read_text()}")
        time.sleep(0.1)
    pytest.fail("serve did not start")


def without_preview_script(html: str) -> str:
    return re.sub(r'<script src="/__preview/reload\.js" data-build="\d+"></script>\n', "", html)


def test_serves_the_site_with_a_reload_script_that_is_not_in_site(preview: Preview) -> None:
    site = preview.root / "site"
    served = preview.page()
    assert '<script src="/__preview/reload.js"' in served
    assert 'fetch("/__preview/state"' in preview.get("__preview/reload.js")[2].decode()
    assert without_preview_script(served) == (site / "index.html").read_text(encoding="utf-8")
    assert not [p for p in site.rglob("*.html") if "__preview" in p.read_text(encoding="utf-8")]
    status, headers, body = preview.get("data/authorities.csv")
    assert (status, headers["Content-Type"], body) == (200, "text/csv", (site / "data/authorities.csv").read_bytes())
    status, headers, _ = preview.get("councils")
    assert (status, headers["Location"]) == (301, "/councils/")
    status, _, body = preview.get("no-such-page/")
    assert status == 404 and "Page not found" in body.decode()
    assert preview.get("../../etc/passwd")[0] == 404
    assert preview.state() == {"build": 1, "errors": []}
    assert preview.url.startswith("http://127.0.0.1:")


def test_saving_content_data_or_a_template_rebuilds_the_page(preview: Preview) -> None:
    number = preview.state()["build"]
    with (preview.root / "content/index.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA sentence added while the preview runs.\n")
    number = preview.wait_for_build(number)["build"]
    assert "A sentence added while the preview runs." in preview.page()
    assert f'data-build="{number}"' in preview.page()

    authorities = preview.root / "data/authorities.csv"
    authorities.write_text(authorities.read_text(encoding="utf-8").replace(",West Midlands", ",West Midlands (edited)"), encoding="utf-8")
    number = preview.wait_for_build(number)["build"]
    assert "West Midlands (edited)" in preview.page("councils/coventry.html")

    template = preview.root / "templates/404.html"
    template.write_text(template.read_text(encoding="utf-8").replace("<h1>Page not found</h1>", "<h1>Nothing here</h1>"), encoding="utf-8")
    preview.wait_for_build(number)
    assert "<h1>Nothing here</h1>" in preview.get("no-such-page/")[2].decode()


def test_a_broken_save_keeps_the_last_good_site_and_shows_the_errors(preview: Preview) -> None:
    index = preview.root / "content/index.md"
    good_text = index.read_text(encoding="utf-8")
    good_page = preview.page()
    site_before = {p: p.read_bytes() for p in (preview.root / "site").rglob("*") if p.is_file()}
    number = preview.state()["build"]

    index.write_text(good_text + '\nIn 2020-21 {{ figure("nowhere", "2020-21", "children_missing") }} children.\n', encoding="utf-8")
    state = preview.wait_for_build(number)
    line = good_text.count("\n") + 2
    expected = [f'content/index.md:{line}: unknown authority "nowhere"', "build failed: 1 error; site/ was left as it was"]
    assert state["errors"] == expected
    served = preview.page()
    banner = re.search(r'<div id="preview-build-errors" role="alert".*?<pre[^>]*>(.*?)</pre></div>', served, re.DOTALL)
    assert banner is not None
    assert banner[1].split("\n") == [e.replace('"', "&quot;") for e in expected]
    assert without_preview_script(served.replace(banner[0] + "\n", "")) == without_preview_script(good_page)
    assert {p: p.read_bytes() for p in (preview.root / "site").rglob("*") if p.is_file()} == site_before
    assert all(line in preview.stderr.read_text().splitlines() for line in expected)
    assert "Traceback" not in preview.stderr.read_text()

    index.write_text(good_text, encoding="utf-8")
    state = preview.wait_for_build(state["build"])
    assert state["errors"] == []
    assert "preview-build-errors" not in preview.page()


def test_serves_under_the_base_url(tmp_path: Path) -> None:
    with started(tmp_path, "--base-url", "/explainer/") as preview:
        assert preview.url.endswith("/explainer/")
        root = preview.url.removesuffix("explainer/")
        for outside in (root, root + "explainer"):
            status, headers, _ = preview.get(outside)
            assert (status, headers["Location"]) == (301, "/explainer/")
        assert preview.get("councils/")[0] == 200
        assert preview.get(root + "councils/")[0] == 404
        assert 'href="/explainer/councils/"' in preview.page()


@pytest.mark.browser
def test_an_open_page_reloads_itself_after_a_save(preview: Preview, browser: Browser) -> None:
    page = browser.new_page()
    try:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(preview.url)
        with (preview.root / "content/index.md").open("a", encoding="utf-8") as handle:
            handle.write("\nWritten after the page was opened.\n")
        # A locator, not wait_for_function: the site's Content-Security-Policy refuses the eval that one needs.
        page.get_by_text("Written after the page was opened.").wait_for(timeout=REBUILD_SECONDS * 1000)
    finally:
        page.close()
    assert all(url.startswith(preview.url) for url in requests)


def test_a_port_in_use_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert (result.returncode, result.stderr) == (
        1,
        f"cannot serve on 127.0.0.1:{port}: Address already in use; try another port with --port\n",
    )
