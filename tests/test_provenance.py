"""Provenance a reader can use: who to tell about a mistake, taken from site.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOT


def test_the_corrections_contact_is_the_one_in_site_toml(real_site: Path) -> None:
    contact = tomllib.loads((ROOT / "site.toml").read_text(encoding="utf-8"))["feedback"]
    page = BeautifulSoup((real_site / "about-the-data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find(id="report-an-error").find_next("p")
    href = f"mailto:{contact}" if "@" in contact and "://" not in contact else contact
    assert [a["href"] for a in section.find_all("a")] == [href]
