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


def test_the_zip_carries_a_readme_whose_commands_work_and_a_citation(real_site: Path, tmp_path: Path) -> None:
    import json
    import re
    import zipfile

    from frictionless import validate

    (zipped,) = (real_site / "data").glob("*.zip")
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(tmp_path)
    (readme,) = tmp_path.glob("*/README.md")
    text = readme.read_text(encoding="utf-8")
    assert f"unzip {zipped.name}\n" in text
    folder = re.search(r"^cd (\S+)$", text, re.MULTILINE)
    assert folder is not None and (tmp_path / folder[1] / "datapackage.json").is_file()
    assert "frictionless validate datapackage.json" in text
    assert validate(str(tmp_path / folder[1] / "datapackage.json")).valid
    version = json.loads((tmp_path / folder[1] / "datapackage.json").read_text(encoding="utf-8"))["version"]
    assert f'version: "{version}"' in (tmp_path / folder[1] / "CITATION.cff").read_text(encoding="utf-8")


def test_each_chapter_says_what_may_be_done_with_its_own_figures(real_site: Path) -> None:
    from explainer.dataset import load
    from explainer.errors import Problems

    ds = load(ROOT / "data", Problems())
    assert ds is not None
    checked = 0
    for page in real_site.glob("*/index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        shown = {a["href"].rsplit("/", 1)[-1].split(".html")[0] for a in soup.select("article a.figure")}
        if not shown or soup.select_one("article dl dt[id]"):
            continue  # no figures, or the glossary
        note = soup.select_one("p.reuse-note")
        assert note is not None, page
        for source_id in shown:
            source = ds.sources[source_id]
            # An official publication covers every council: the note names its publisher.
            named = source.publisher if source.is_official else ds.authorities[source.authority_code].name
            assert named in note.get_text(), (page, source_id)
            assert source.licence_title in note.get_text(), (page, source_id)
        checked += 1
    assert checked
