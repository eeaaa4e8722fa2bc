"""Open one page in a fresh browser context and record what it asked for and logged."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Page, Route

# Schemes that never reach the network.
LOCAL_SCHEMES = ("data", "blob", "about")

# Chromium's defaults for the "standard" and "fixed" font sizes, in px.
DEFAULT_FONT_SIZES = {"standard": 16, "fixed": 13}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def leaves_origin(url: str, origin: str) -> bool:
    return urlsplit(url).scheme not in LOCAL_SCHEMES and origin_of(url) != origin


@dataclass
class Visit:
    page: Page
    status: int | None
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@contextmanager
def visit(
    browser: Browser,
    url: str,
    *,
    width: int = 1280,
    height: int = 900,
    javascript: bool = True,
    bypass_csp: bool = False,
    text_scale: float = 1.0,
    color_scheme: str = "light",
) -> Iterator[Visit]:
    """Load url in its own context (own cache, own storage) and yield the record.

    text_scale enlarges the browser's default font sizes, as a reader does in the
    browser's settings, so rem/em-sized text and em media queries follow it.
    """
    origin = origin_of(url)
    context = browser.new_context(
        viewport={"width": width, "height": height},
        java_script_enabled=javascript,
        bypass_csp=bypass_csp,
        accept_downloads=True,
        color_scheme=color_scheme,  # type: ignore[arg-type]
    )
    record = Visit(page=context.new_page(), status=None)
    # The context sees requests from every frame and worker, not just the page.
    context.on("request", lambda request: record.requests.append(request.url))
    # Nothing may leave this machine: off-origin requests are recorded, then refused
    # here, so the gate is quick and the same whatever the network does.
    context.route(lambda u: leaves_origin(u, origin), _refuse)
    page = record.page
    page.on("console", lambda m: record.console_errors.append(_console_text(m)) if m.type == "error" else None)
    page.on("pageerror", lambda error: record.console_errors.append(f"uncaught: {error}"))
    if text_scale != 1.0:
        sizes = {k: round(v * text_scale) for k, v in DEFAULT_FONT_SIZES.items()}
        context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": sizes})
    try:
        response = page.goto(url, wait_until="load")
        record.status = response.status if response else None
        yield record
    finally:
        context.close()


def _refuse(route: Route) -> None:
    route.abort("blockedbyclient")


def _console_text(message: ConsoleMessage) -> str:
    # "Failed to load resource" names no URL in its text; the location does.
    url = message.location.get("url", "")
    return f"{message.text} ({url})" if url and url not in message.text else message.text
