"""The test server answers as a static host would, and the gates' pure helpers."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable

import pytest

from .gates import external_requests
from .gates.charts import mark_values
from .site import Site

pytestmark = pytest.mark.browser


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


@pytest.mark.parametrize(
    ("path", "status", "content_type"),
    [
        ("", 200, "text/html; charset=utf-8"),
        ("data/", 200, "text/html; charset=utf-8"),
        ("data/items.csv", 200, "text/csv; charset=utf-8"),
        ("data/mini-data.zip", 200, "application/zip"),
        ("assets/chart-tooltip.js", 200, "text/javascript; charset=utf-8"),
        ("no/such/page.html", 404, "text/html; charset=utf-8"),
        ("assets/", 404, "text/html; charset=utf-8"),
    ],
)
def test_server_answers_like_a_static_host(fixture_site: Callable[[str], Site], path: str, status: int, content_type: str) -> None:
    site = fixture_site("good")
    got_status, got_type, body = _get(site.url + path)
    assert (got_status, got_type) == (status, content_type)
    if status == 404:
        assert body == (site.root / "404.html").read_bytes()


def test_external_requests_keeps_only_other_origins() -> None:
    requests = [
        "http://127.0.0.1:8000/index.html",
        "data:image/png;base64,AAAA",
        "https://example.com/x.js",
        "http://127.0.0.1:9999/other-port.js",
        "https://example.com/x.js",
    ]
    assert external_requests(requests, "http://127.0.0.1:8000") == ["https://example.com/x.js", "http://127.0.0.1:9999/other-port.js"]


def test_mark_values_reads_vl_convert_labels() -> None:
    assert mark_values("council: Coventry; children: 297") == ["Coventry", "297"]
    assert mark_values("just a label") == ["just a label"]
