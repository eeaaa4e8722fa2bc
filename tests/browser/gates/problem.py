"""The one shape every gate reports in."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page


@dataclass(frozen=True)
class Problem:
    page: str  # the page's path on the site, e.g. "/data/index.html"
    rule: str  # a short id to match on: an axe rule id, "broken-link", ...
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: {self.rule}: {self.detail}"


def page_name(page: Page) -> str:
    return unquote(urlsplit(page.url).path)


def report(problems: list[Problem]) -> str:
    """An assertion message: one problem a line, as a reader would fix them."""
    return f"{len(problems)} problem(s):\n" + "\n".join(map(str, problems))
