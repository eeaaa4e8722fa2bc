"""The site's URL scheme: the path of each kind of page, relative to the site's root."""

from __future__ import annotations


def chapter_page(slug: str) -> str:
    """A narrative is a folder with an index.html, so its address has no .html; the home page is the root's."""
    return "index.html" if slug == "index" else f"{slug}/index.html"


def source_page(source_id: str) -> str:
    """One file per item, not a folder each: at national scale, a folder per page costs more to write than the page."""
    return f"sources/{source_id}.html"


def council_page(slug: str) -> str:
    return f"councils/{slug}.html"

