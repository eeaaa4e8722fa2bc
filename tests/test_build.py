"""The real site, built into a temporary folder and read back as parsed HTML."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

from explainer.dataset import load
from explainer.errors import Problems
from explainer.urls import council_page, source_page


def pages(site: Path) -> dict[Path, BeautifulSoup]:
    return {p: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def parsed(real_site: Path) -> dict[Path, BeautifulSoup]:
    return pages(real_site)


def test_generated_pages_exist_for_every_item(real_site: Path) -> None:
    ds = load(ROOT / "data", Problems())
    assert ds is not None
    expected = [
        "index.html",
        "404.html",
        "data/index.html",
        "data-quality/index.html",
        "councils/index.html",
        "sources/index.html",
        "sitemap.xml",
        "robots.txt",
    ]
    expected += [council_page(a.slug) for a in ds.authorities.values()]
    expected += [source_page(s) for s in ds.sources]
    missing = [e for e in expected if not (real_site / e).is_file()]
    assert missing == []
    for md in (ROOT / "content").glob("*.md"):
        page = real_site / ("index.html" if md.stem == "index" else f"{md.stem}/index.html")
        assert page.is_file(), md.name


def test_every_page_has_the_basics(parsed: dict[Path, BeautifulSoup]) -> None:
    titles: dict[str, Path] = {}
    for path, soup in parsed.items():
        assert soup.html and soup.html.get("lang") == "en-GB", path
        title = soup.title.string if soup.title else None
        assert title and title not in titles, f"{path}: title {title!r} also on {titles.get(title)}"
        titles[title] = path
        description = soup.find("meta", attrs={"name": "description"})
        assert description and description["content"].strip(), path
        assert len(soup.find_all("h1")) == 1, path
        skip = soup.find("a", class_="skip-link")
        assert skip and soup.find(id=skip["href"][1:]), path
        assert soup.find("link", rel="icon")["href"].endswith("favicon.svg"), path
        assert soup.find("link", rel="stylesheet", media="print"), path


def _resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    target, fragment = urldefrag(href)
    if not target:
        return page, fragment
    base = site if target.startswith("/") else page.parent
    resolved = (base / unquote(target.lstrip("/"))).resolve()
    return (resolved / "index.html" if resolved.is_dir() else resolved), fragment


def test_every_internal_link_and_anchor_resolves(real_site: Path, parsed: dict[Path, BeautifulSoup]) -> None:
    ids = {path.resolve(): {tag["id"] for tag in soup.find_all(id=True)} for path, soup in parsed.items()}
    broken = []
    for path, soup in parsed.items():
        for tag in soup.find_all(["a", "link", "script", "img"]):
            href = tag.get("href") or tag.get("src")
            if not href or href.startswith(("http://", "https://", "mailto:", "tel:")):
                continue
            target, fragment = _resolve(real_site, path, href)
            if not target.exists():
                broken.append(f"{path.relative_to(real_site)}: {href}")
            elif fragment and fragment not in ids.get(target.resolve(), set()):
                broken.append(f"{path.relative_to(real_site)}: {href} (no such anchor)")
    assert broken == []


def test_every_chart_is_complete(real_site: Path, parsed: dict[Path, BeautifulSoup]) -> None:
    charts = [(path, fig) for path, soup in parsed.items() for fig in soup.select("figure.chart")]
    assert charts, "no chart on any page"
    for path, fig in charts:
        svg = fig.find("svg")
        assert svg is not None and svg.get("role") == "img", path
        for ref in svg["aria-labelledby"].split():
            assert fig.find(id=ref) and fig.find(id=ref).get_text(strip=True), f"{path}: {ref}"
        assert fig.select_one(".chart-desc").get_text(strip=True)
        table = fig.find("table")
        assert table and table.find("tbody").find_all("tr"), path
        csv_link = fig.find("a", href=lambda h: h and h.endswith(".csv"))
        csv_path, _ = _resolve(real_site, path, csv_link["href"])
        text = csv_path.read_text(encoding="utf-8")
        note = [line for line in text.splitlines() if line.startswith("# ")]
        assert note and "Re-use" in " ".join(note), f"{path}: CSV without its # note of sources and terms"
        lines = [line for line in text.strip().splitlines() if not line.startswith("#")]
        assert len(lines) - 1 == len(table.find("tbody").find_all("tr")), f"{path}: CSV rows differ from table rows"
        assert fig.find("a", href=lambda h: h and "sources/" in h), f"{path}: chart without sources"


def test_suppressed_values_are_never_drawn_as_zero(real_site: Path, parsed: dict[Path, BeautifulSoup]) -> None:
    fig = next(f for soup in parsed.values() for f in soup.select("figure#chart-risk-markers-2024"))
    labels = [el["aria-label"] for el in fig.select('svg [aria-roledescription="bar"]')]
    assert labels and not any("Been hurt" in label or "criminal" in label for label in labels)
    assert "[c] 5 or fewer" in fig.find("svg").get_text()
    assert "[c]" in fig.find("table").get_text()


def test_data_zip_unpacks_to_a_valid_package(real_site: Path, tmp_path: Path) -> None:
    from frictionless import validate

    data_page = BeautifulSoup((real_site / "data/index.html").read_text(encoding="utf-8"), "html.parser")
    href = next(a["href"] for a in data_page.find_all("a") if a["href"].endswith(".zip"))
    with zipfile.ZipFile(real_site / "data" / href.split("/")[-1]) as archive:
        archive.extractall(tmp_path)
    (descriptor,) = tmp_path.glob("*/datapackage.json")
    assert validate(str(descriptor)).valid


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_build("build", "--out", str(first)).returncode == 0
    assert run_build("build", "--out", str(second)).returncode == 0
    assert _snapshot(first) == _snapshot(second)


def test_a_failed_build_leaves_the_previous_site_unchanged(project: Path) -> None:
    assert run_build("build", "--root", str(project), cwd=project).returncode == 0
    before = _snapshot(project / "site")
    observations = project / "data" / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").replace(",297,reported,", ",29x,reported,", 1), encoding="utf-8")
    result = run_build("build", "--root", str(project), cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "build failed: 1 error; site/ was left as it was"
    assert 'value: expected a number, found "29x"' in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_every_page_says_where_to_get_help_now(parsed: dict[Path, BeautifulSoup]) -> None:
    for path, soup in parsed.items():
        box = soup.find(class_="help-now")
        assert box is not None, path
        text = " ".join(box.get_text(" ").split())
        assert "999" in text and "116 000" in text and "0800 1111" in text, path
        assert {a["href"] for a in box.find_all("a")} == {"tel:999", "tel:116000", "tel:08001111"}, path


def test_find_your_council_is_in_every_header_and_on_the_home_page(real_site: Path, parsed: dict[Path, BeautifulSoup]) -> None:
    for path, soup in parsed.items():
        header = soup.find("header")
        assert header is not None and any(a.get_text(strip=True) == "Find your council" for a in header.find_all("a")), path
    home = parsed[real_site / "index.html"].find("main")
    assert home is not None and home.find("a", string="Find your council", href="councils/") is not None


def test_the_council_list_links_every_council_without_javascript(real_site: Path, parsed: dict[Path, BeautifulSoup]) -> None:
    ds = load(ROOT / "data", Problems())
    assert ds is not None
    listed = parsed[real_site / "councils" / "index.html"].select("#council-list li[data-search] > a:first-child")
    targets = {unquote(urldefrag(a["href"])[0]).removeprefix("../") for a in listed}
    assert all((real_site / t).is_file() for t in targets)
    assert {a.get_text(strip=True) for a in listed} >= {a.name for a in ds.authorities.values() if not a.code.startswith(("E92", "E12"))}
