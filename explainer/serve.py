"""Preview: build, serve the site on 127.0.0.1, rebuild when data/, content/ or templates/ change.

Pages are served with a small script added on the way out (never written to site/) that asks this
server, on the same origin, whether a newer build exists and reloads the page when one does. When
a rebuild fails, site/ keeps the last good build (the build is atomic), the errors are printed in
the terminal and every served page carries a banner listing them until a build succeeds again.
"""

from __future__ import annotations

import html
import json
import mimetypes
import posixpath
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .errors import Problems, attempt, display_path, warning_lines
from .paths import Paths

if TYPE_CHECKING:
    from .build import BuildResult

STATE_PATH = "/__preview/state"
SCRIPT_PATH = "/__preview/reload.js"
POLL_MS = 400
# A file of its own, not inline: the site's Content-Security-Policy allows only same-origin scripts.
RELOAD_JS = f"""(function () {{
  var seen = Number(document.currentScript.getAttribute("data-build"));
  function ask() {{
    fetch("{STATE_PATH}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }}).then(function (s) {{
      if (s.build !== seen) {{ location.reload(); }} else {{ setTimeout(ask, {POLL_MS}); }}
    }}, function () {{ setTimeout(ask, 2000); }});
  }}
  setTimeout(ask, {POLL_MS});
}})();
"""
RELOAD_TAG = '<script src="{src}" data-build="{build}"></script>\n'
# Longer addresses are refused with 414 before they reach the file system (whose names stop at 255 bytes).
MAX_URL = 2000
BANNER_STYLE = "position:sticky;top:0;z-index:1000;margin:0;padding:1em;background:#d4351c;color:#fff;font:16px/1.4 system-ui,sans-serif"


@dataclass
class Preview:
    """The state a request needs: which build is current and what the last attempt reported."""

    paths: Paths
    base_url: str
    build_number: int = 0
    errors: list[str] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def rebuild(self) -> bool:
        """Build once; on failure site/ keeps the last good build and pages show why."""
        started = time.perf_counter()
        problems = Problems()
        result, errors = self._attempt(problems)
        self._print(problems, errors)
        if result is not None:
            print(result.summary(self.paths.out, time.perf_counter() - started), flush=True)
        self.errors = errors
        self.build_number += 1
        return not errors

    def _attempt(self, problems: Problems) -> tuple[BuildResult | None, list[str]]:
        """The build's result, or None and the error lines."""
        from .build import build
        from .versioning import version_warnings

        def step(problems: Problems) -> BuildResult:
            with self.lock:
                result = build(self.paths, self.base_url, problems)
            version_warnings(self.paths.data, problems)
            return result

        try:
            return attempt(step, problems, self.paths.out)
        except Exception as exc:  # a bug of ours, not the maintainer's: keep serving and say so
            return None, [
                f"build failed: an internal error ({type(exc).__name__}: {exc}); run python build.py build --debug for the traceback"
            ]

    def _print(self, problems: Problems, errors: list[str]) -> None:
        """Errors every time, warnings once per session: the terminal is for what changed."""
        for warning in warning_lines(problems):
            if warning not in self.warned:
                print(warning, file=sys.stderr)
                self.warned.add(warning)
        for line in errors:
            print(line, file=sys.stderr)
        sys.stderr.flush()

    def respond(self, url_path: str) -> tuple[HTTPStatus, str, bytes, dict[str, str]]:
        """Status, content type, body and extra headers for a GET of `url_path`."""
        if len(url_path) > MAX_URL:
            return HTTPStatus.REQUEST_URI_TOO_LONG, "text/plain; charset=utf-8", b"address too long\n", {}
        if url_path == STATE_PATH:
            return HTTPStatus.OK, "application/json", json.dumps({"build": self.build_number, "errors": self.errors}).encode(), {}
        if url_path == SCRIPT_PATH:
            return HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS.encode(), {}
        if url_path != self.prefix and url_path in ("/", self.prefix.rstrip("/")):
            return HTTPStatus.MOVED_PERMANENTLY, "text/plain", b"", {"Location": self.prefix}
        relative = self._site_path(url_path)
        if relative is None:
            return self._not_found()
        target = self._file_for(relative)
        with self.lock:  # not while a build swaps site/ in
            try:
                if target.is_dir():
                    return HTTPStatus.MOVED_PERMANENTLY, "text/plain", b"", {"Location": url_path + "/"}
                body = target.read_bytes() if target.is_file() else None
            except OSError:  # a name too long, a file unreadable: not there, as far as a browser is concerned
                body = None
        if body is None:
            return self._not_found()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            return HTTPStatus.OK, "text/html; charset=utf-8", self.decorate(body), {}
        return HTTPStatus.OK, ctype, body, {}

    @property
    def prefix(self) -> str:
        """Where the site is served: / or, with --base-url /explainer/, /explainer/."""
        return "/" + self.base_url.strip("/") + "/" if self.base_url.strip("/") else "/"

    def _site_path(self, url_path: str) -> str | None:
        """The path inside site/, or None when the URL is outside the site or tries to leave it."""
        if not url_path.startswith(self.prefix):
            return None
        relative = posixpath.normpath(unquote(url_path[len(self.prefix) :]) or ".")
        if relative.startswith("..") or relative.startswith("/"):
            return None
        return relative + ("/" if url_path.endswith("/") and relative != "." else "")

    def _file_for(self, relative: str) -> Path:
        out = Path(self.paths.out)
        target = out / relative
        if relative == "." or relative.endswith("/"):
            return target / "index.html"
        return target

    def _not_found(self) -> tuple[HTTPStatus, str, bytes, dict[str, str]]:
        page = Path(self.paths.out) / "404.html"
        with self.lock:
            body = page.read_bytes() if page.is_file() else self._error_page()
        return HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", self.decorate(body), {}

    def _error_page(self) -> bytes:
        text = "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'><title>Build failed</title></head>"
        text += (
            "<body><main><h1>No site to show yet</h1><p>The first build failed; fix the problems above and save.</p></main></body></html>"
        )
        return text.encode()

    def decorate(self, page: bytes) -> bytes:
        """The page as served: with the reload script, and a banner when the last build failed."""
        text = page.decode("utf-8", errors="replace")
        script = RELOAD_TAG.format(src=SCRIPT_PATH, build=self.build_number)
        text = _insert_before_body_end(text, script)
        if self.errors:
            text = _insert_after_body_start(text, banner(self.errors))
        return text.encode("utf-8")


def banner(errors: list[str]) -> str:
    lines = "\n".join(html.escape(line) for line in errors)
    return (
        f'<div id="preview-build-errors" role="alert" style="{BANNER_STYLE}">'
        "<p style='margin:0 0 .5em;font-weight:bold'>The last build failed; this is the last good version of the site.</p>"
        f"<pre style='margin:0;white-space:pre-wrap;font:14px/1.4 monospace'>{lines}</pre></div>\n"
    )


def _insert_after_body_start(text: str, piece: str) -> str:
    match = re.search(r"<body[^>]*>", text, re.IGNORECASE)
    return text[: match.end()] + piece + text[match.end() :] if match else piece + text


def _insert_before_body_end(text: str, piece: str) -> str:
    at = text.lower().rfind("</body>")
    return text[:at] + piece + text[at:] if at >= 0 else text + piece


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "explainer-preview"

        def do_GET(self) -> None:
            self._send(head=False)

        def do_HEAD(self) -> None:
            self._send(head=True)

        def _send(self, head: bool) -> None:
            status, ctype, body, headers = preview.respond(urlsplit(self.path).path)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, fmt: str, *args: Any) -> None:
            """Quiet: the terminal is for build results, not a line per request."""

    return Handler


def _stop_on_signals() -> None:
    """Ctrl-C and a plain `kill` both stop the preview cleanly, even when started in the background."""

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)


def _watched(paths: Paths) -> list[Path]:
    return [Path(p) for p in (paths.data, paths.content, paths.templates) if Path(p).is_dir()]


def serve(paths: Paths, base_url: str, port: int) -> int:
    _stop_on_signals()
    preview = Preview(paths, base_url)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), _handler(preview))
    except OSError as exc:
        print(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}; try another port with --port", file=sys.stderr)
        return 1
    server.daemon_threads = True
    # Serving starts at once; a request that comes during a build waits for it to finish.
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    try:
        preview.rebuild()
        print(f"serving {display_path(paths.out)}/ at http://127.0.0.1:{server.server_address[1]}{preview.prefix}", flush=True)
        _watch(paths, preview)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        server.shutdown()
        server.server_close()
    return 0


def _watch(paths: Paths, preview: Preview) -> None:
    """Rebuild after each burst of saves; returns only when interrupted."""
    import watchfiles

    watched = _watched(paths)
    print(f"watching {', '.join(display_path(p) + '/' for p in watched)}; press Ctrl-C to stop", flush=True)
    for changes in watchfiles.watch(*watched, debounce=400, step=50):
        names = sorted({display_path(path) for _, path in changes})
        print(f"changed: {', '.join(names)}", flush=True)
        preview.rebuild()
