"""Provenance a journalist can use: every page says when its figures last changed (the release date
of the data version, from data/CHANGELOG.md, never the build clock), and the citation carries the
site's real address and asks for the date the reader accessed it."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import zipfile
from pathlib import Path

from conftest import ROOT

from explainer.dataset import Dataset
from explainer.versioning import version_key


def _release() -> tuple[str, str]:
    version = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"]
    found = re.search(rf"^## {re.escape(version)} \((\d{{4}}-\d{{2}}-\d{{2}})\)", (ROOT / "data" / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert found, f"data/CHANGELOG.md has no heading for version {version}"
    return version, found[1]


def test_every_page_says_when_its_figures_last_changed(real_site: Path) -> None:
    version, date = _release()
    year, month, day = (int(x) for x in date.split("-"))
    said = f"version {version}, released {day} {dt.date(year, month, day).strftime('%B %Y')}; each page says when its own data last changed"
    pages = list(real_site.rglob("*.html"))
    assert pages
    missing = [str(p.relative_to(real_site)) for p in pages if p.name != "404.html" and said not in p.read_text(encoding="utf-8")]
    assert not missing, missing[:5]


def test_pages_of_figures_say_when_their_own_data_last_changed(real_site: Path) -> None:
    """A release each source was recorded with, never later than the package's own version."""
    version, _ = _release()
    stamp = json.loads((ROOT / "data" / "version-stamp.json").read_text(encoding="utf-8"))
    recorded = {(r["version"], r["released"]) for r in stamp["parts"].values()}
    line = re.compile(r'<p class="data-changed">The data on this page last changed in version ([0-9.]+), released <time datetime="([0-9-]+)">')
    pages = [*(real_site / "sources").glob("*.html"), *(real_site / "councils").glob("*.html"), real_site / "data-quality" / "index.html"]
    pages = [p for p in pages if p.name != "index.html" or p.parent.name == "data-quality"]
    found = {p.relative_to(real_site).as_posix(): line.search(p.read_text(encoding="utf-8")) for p in pages}
    assert len(found) > 100 and not [p for p, m in found.items() if m is None][:5]
    for page, match in found.items():
        assert match is not None and (match[1], match[2]) in recorded, page
        assert version_key(match[1]) <= version_key(version), page


def test_the_citation_has_the_site_address_and_asks_for_the_access_date(real_site: Path) -> None:
    site_url = tomllib.loads((ROOT / "site.toml").read_text(encoding="utf-8"))["site_url"]
    _, date = _release()
    page = (real_site / "data" / "index.html").read_text(encoding="utf-8")
    citation = re.search(r'class="citation">([^<]*)<', page)
    assert citation and f"{site_url}data/" in citation[1] and "Accessed [the date you opened it]" in citation[1]
    (zipped,) = (real_site / "data").glob("*.zip")
    with zipfile.ZipFile(zipped) as archive:
        cff = next(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith("CITATION.cff"))
    assert f"date-released: {date}" in cff and f"url: {site_url}data/" in cff


def test_the_release_date_is_the_changelogs_not_a_clock() -> None:
    changelog = b"# Data changelog\n\n## 2.1.0 (2031-02-03)\n\n- more\n\n## 2.0.0 (2030-01-01)\n"
    ds = Dataset({"version": "2.0.0"}, {}, {}, {}, [], [], {"CHANGELOG.md": changelog})
    assert ds.released is not None and ds.released.isoformat() == "2030-01-01"
    assert Dataset({"version": "9.9.9"}, {}, {}, {}, [], [], {"CHANGELOG.md": changelog}).released is None
