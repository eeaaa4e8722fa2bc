"""Every internal link, crawled from the home page (or on given pages), reaches a file and its #fragment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from .problem import Problem

# Stands in for wherever the site is hosted, so relative links resolve as a browser would.
_BASE = "http://site.invalid/"

# Attributes that make the browser fetch or go somewhere.
_LINKS = {
    "a": "href",
    "area": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "track": "src",
    "video": "src",
    "audio": "src",
}

# Fragments a browser honours even with no element of that id.
_ALWAYS_FRAGMENTS = {"", "top"}


@dataclass(frozen=True)
class _Parsed:
    links: list[str]
    ids: set[str]


def broken_links(site_dir: Path, start: str = "index.html", *, pages: Sequence[str] | None = None) -> list[Problem]:
    """Links to files that do not exist and fragments that name no id on their target.

    Crawls every page reachable from start; given pages, checks the links on those pages only.
    """
    site_dir = site_dir.resolve()
    crawl = pages is None
    parsed: dict[Path, _Parsed] = {}

    def read(file: Path) -> _Parsed:
        if file not in parsed:
            parsed[file] = _parse(file)
        return parsed[file]

    problems: list[Problem] = []
    queue = [start] if crawl else list(pages or ())
    seen = set(queue)
    while queue:
        page = queue.pop(0)
        for link in read(site_dir / page).links:
            target = _resolve(page, link)
            if target is None:
                continue
            path, fragment = target
            file = _file_for(site_dir, path)
            where = f"/{page}"
            if file is None:
                problems.append(Problem(where, "broken-link", f"{link!r}: no file /{path}"))
                continue
            if file.suffix != ".html":
                continue
            if fragment not in _ALWAYS_FRAGMENTS and fragment not in read(file).ids:
                problems.append(Problem(where, "broken-fragment", f"{link!r}: no id {fragment!r}"))
            name = file.relative_to(site_dir).as_posix()
            if crawl and name not in seen:
                seen.add(name)
                queue.append(name)
    return problems


def _resolve(page: str, link: str) -> tuple[str, str] | None:
    """(site path, fragment) for an internal link; None for one that leaves the site."""
    url = urlsplit(urljoin(_BASE + page, link.strip()))
    if f"{url.scheme}://{url.netloc}/" != _BASE:
        return None
    return unquote(url.path).lstrip("/"), unquote(url.fragment)


def _file_for(site_dir: Path, path: str) -> Path | None:
    file = (site_dir / path).resolve()
    if file.is_dir():
        file = file / "index.html"
    if not file.is_file() or not file.is_relative_to(site_dir):
        return None
    return file


def _parse(file: Path) -> _Parsed:
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    links = [str(tag[attr]) for name, attr in _LINKS.items() for tag in soup.find_all(name) if tag.has_attr(attr)]
    ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
    ids |= {str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}
    return _Parsed(links, ids)
