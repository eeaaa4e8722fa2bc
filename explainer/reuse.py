"""Reuse a generated page from the previous site when nothing it shows has changed.

A page with a fingerprint (a digest of the data it shows) is taken from the previous `site/`
when the fingerprint and everything every page shares (templates, code, settings, navigation)
match the last build, and the previous site is exactly as that build left it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .pages import Page


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1e".join(map(repr, parts)).encode()).hexdigest()


class PageCache:
    def __init__(self, record: Path, out_dir: Path, shared: str, state: dict[str, list[int]]):
        self.record, self.out_dir, self.shared = record, out_dir, shared
        self.previous: dict[str, str] = {}
        try:
            last = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        # Only trust the old pages if the site is exactly as the last build wrote it.
        if last.get("out") == str(out_dir) and last.get("output") == state:
            self.previous = last.get("pages", {})

    def key(self, page: Page) -> str:
        return digest(self.shared, page.fingerprint)

    def reusable(self, page: Page) -> bool:
        return bool(page.fingerprint) and self.previous.get(page.path) == self.key(page)

    def remember(self, pages: list[Page], state: dict[str, list[int]]) -> None:
        self.record.parent.mkdir(parents=True, exist_ok=True)
        entry = {"out": str(self.out_dir), "output": state, "pages": {p.path: self.key(p) for p in pages if p.fingerprint}}
        tmp = self.record.with_suffix(".tmp")
        tmp.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(tmp, self.record)
