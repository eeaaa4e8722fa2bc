"""Reuse a generated page from the previous site when nothing it shows has changed.

A page with a fingerprint (a digest of the data it shows) is taken from the previous `site/`
when the fingerprint and everything every page shares (templates, code, settings, navigation)
match the last build, and the previous site is exactly as that build left it.
"""

from __future__ import annotations

from .freshness import BuildRecord, fingerprint
from .pages import Page


class PageCache:
    def __init__(self, record: BuildRecord, shared: str):
        self.previous, self.shared = record.pages, shared

    def key(self, page: Page) -> str:
        return fingerprint(self.shared, page.fingerprint)

    def reusable(self, page: Page) -> bool:
        return bool(page.fingerprint) and self.previous.get(page.path) == self.key(page)

    def keys(self, pages: list[Page]) -> dict[str, str]:
        return {p.path: self.key(p) for p in pages if p.fingerprint}
