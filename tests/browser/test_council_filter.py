"""Find your council: the type-ahead filter over the list, on the real site.

Properties that hold for any list: for queries taken from the list's own names, exactly the
councils whose search text contains the query stay visible, the count is announced in the
live region, and with JavaScript off the whole list shows and no search box does.
"""

from __future__ import annotations

import random
import re

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from .site import Site
from .visit import visit

pytestmark = pytest.mark.browser

LIST = "councils/index.html"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _entries(site: Site) -> list[tuple[str, str]]:
    """(name, search text) per list entry; a list, because a former and a current council may share a name."""
    soup = BeautifulSoup((site.root / LIST).read_text(encoding="utf-8"), "html.parser")
    return [(li.a.get_text(strip=True), li["data-search"]) for li in soup.select("#council-list li[data-search]")]


def _queries(entries: list[tuple[str, str]]) -> list[str]:
    """A whole name, a fragment of another, its code, and one matching nothing; the seed is printed."""
    seed = random.randrange(1_000_000)
    print(f"council filter sample seed: {seed}")
    pick = random.Random(seed)
    names = sorted(name for name, _ in entries)
    whole = pick.choice(names)
    part_of = pick.choice(names)
    start = pick.randrange(max(1, len(part_of) - 3))
    code = pick.choice(sorted(entries))[1].split()[-1]
    return [whole, part_of[start : start + 3], code, "qqqzzzq"]


def test_filter_shows_exactly_the_matching_councils_and_announces_them(browser: Browser, served_site: Site) -> None:
    entries = _entries(served_site)
    assert entries, "the council list is empty"
    with visit(browser, served_site.page_url(LIST)) as record:
        page = record.page
        box = page.get_by_label("Type part of a council's name")
        for query in _queries(entries):
            expected = sorted(name for name, text in entries if _norm(query) in _norm(text))
            box.fill(query)
            status = page.locator("[data-council-filter] [role=status]")
            announced = "1 council matches" if len(expected) == 1 else f"{len(expected)} councils match"
            status.filter(has_text=announced).wait_for(timeout=5000)
            visible = sorted(page.locator("#council-list li[data-search]:visible > a:first-child").all_inner_texts())
            assert visible == expected, query
            assert page.locator(".council-filter-none").is_visible() == (not expected)
        box.fill("")
        assert page.locator("#council-list li[data-search]:visible").count() == len(entries)


def test_enter_opens_the_only_match(browser: Browser, served_site: Site) -> None:
    entries = _entries(served_site)
    name = next(n for n, _ in sorted(entries) if sum(_norm(n) in _norm(t) for _, t in entries) == 1)
    with visit(browser, served_site.page_url(LIST)) as record:
        page = record.page
        page.keyboard.press("Tab")  # skip link, then the site's links, then the box: focus it directly
        page.get_by_label("Type part of a council's name").focus()
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text().startswith(name)


def test_without_javascript_the_whole_list_shows_and_no_search_box(browser: Browser, served_site: Site) -> None:
    entries = _entries(served_site)
    with visit(browser, served_site.page_url(LIST), javascript=False) as record:
        page = record.page
        assert page.locator("#council-list li[data-search]:visible").count() == len(entries)
        assert not page.get_by_label("Type part of a council's name").is_visible()
