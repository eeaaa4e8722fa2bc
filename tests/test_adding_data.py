"""Adding a council by following docs/adding-data.md, with no code change.

A made-up council, Testshire (TEST DATA), is added to a copy of the project exactly as the guide
says: its rows (taken from the guide's worked example, which must match tests/fixtures/test-council/)
are appended to the CSV files, check is run, the version bumped, the changelog written, the
release stamped and the site built. The council must then appear on its own page, on its source's
page, in the comparison charts and their tables, on the data-quality page and in the download.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, without_official_figures

from explainer.cli import main

GUIDE = ROOT / "docs" / "adding-data.md"
FIXTURE = ROOT / "tests" / "fixtures" / "test-council"
RESOURCES = ("authorities", "sources", "metrics", "observations", "services")
COUNCIL, CODE, SOURCE = "Testshire (TEST DATA)", "E06999999", "tst-foi-2021-0042"
COMPARISONS = ("children-missing-2020-21", "times-missing-2020-21", "rhi-offered-accepted-2020-21")
EXAMPLE = re.compile(r"<!-- example: (?P<target>\S+) -->\n(?P<indent>[ ]*)```\w*\n(?P<body>.*?)\n(?P=indent)```", re.DOTALL)


def guide_examples() -> dict[str, str]:
    """The worked example's blocks, keyed by the file they go in, as a reader would copy them."""
    found = {}
    for match in EXAMPLE.finditer(GUIDE.read_text(encoding="utf-8")):
        found[match["target"]] = textwrap.dedent(match["body"]) + "\n"
    return found


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def csv_rows(text: str) -> list[list[str]]:
    """Rows of a CSV, skipping the `#` note a chart's download starts with."""
    return list(csv.reader(line for line in io.StringIO(text) if not line.startswith("#")))


def next_minor(version: str) -> str:
    major, minor, _ = (int(part) for part in version.split("."))
    return f"{major}.{minor + 1}.0"


# The guide and the fixture agree ------------------------------------------------------------------


def test_the_guides_worked_example_is_the_test_council() -> None:
    examples = guide_examples()
    for name in RESOURCES:
        assert examples[f"data/{name}.csv"] == (FIXTURE / f"{name}.csv").read_text(encoding="utf-8"), name


def test_the_examples_start_with_the_real_headers() -> None:
    examples = guide_examples()
    for name in RESOURCES:
        real_header = (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert examples[f"data/{name}.csv"].splitlines()[0] == real_header, name


def test_the_test_council_is_never_published(real_site: Path) -> None:
    for path in (ROOT / "data").glob("*"):
        assert CODE not in path.read_text(encoding="utf-8"), path
    assert not (real_site / "councils" / "testshire-test-data.html").exists()
    assert not (real_site / "sources" / f"{SOURCE}.html").exists()


# Following the guide ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    """The project copy after following the guide, and what the commands printed on the way."""

    root: Path
    old_version: str
    version: str
    check_warnings: list[str]
    stamp_out: list[str]
    final_check: tuple[int, list[str], list[str]]
    untouched: dict[str, bytes]

    @property
    def site(self) -> Path:
        return self.root / "site"


def run(argv: list[str]) -> tuple[int, list[str], list[str]]:
    """The CLI in-process; capsys is per test and this runs once per module, so capture here."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


def code_and_content(root: Path) -> dict[str, bytes]:
    """Every file the guide must not make a maintainer touch: narratives, templates, site settings."""
    # content/.reviewed.json is the record that the narratives were read (the guide's review step), not a narrative.
    files = [p for folder in ("content", "templates") for p in (root / folder).rglob("*") if p.is_file() and p.name != ".reviewed.json"]
    files += [root / "site.toml"]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(files)}


def append_example_rows(root: Path, examples: dict[str, str]) -> None:
    """Step 1 to 6: add the lines under each example's header to the end of its file."""
    for name in RESOURCES:
        target = root / "data" / f"{name}.csv"
        body = target.read_text(encoding="utf-8")
        rows = examples[f"data/{name}.csv"].split("\n", 1)[1]
        target.write_text(body + ("" if body.endswith("\n") else "\n") + rows, encoding="utf-8")


def bump_version(root: Path) -> tuple[str, str, int]:
    """Step 9.1: edit the version line by hand, as the guide says."""
    path = root / "data" / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    match = re.search(r'"version": "(\d+\.\d+\.\d+)"', text)
    assert match is not None
    old = match[1]
    new = next_minor(old)
    path.write_text(text.replace(match[0], f'"version": "{new}"', 1), encoding="utf-8")
    return old, new, text[: match.start()].count("\n") + 1


def add_changelog_entry(root: Path, example: str, version: str) -> None:
    """Step 9.2: the example entry at the top, under the introduction."""
    path = root / "data" / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    entry = example.replace("## 1.1.0", f"## {version}", 1)
    at = text.index("\n## ") + 1
    path.write_text(text[:at] + entry + "\n" + text[at:], encoding="utf-8")


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Added:
    root = without_official_figures(copy_project(tmp_path_factory.mktemp("adding-data") / "project"))
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", root / ".cache")
    untouched = code_and_content(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        # The copy starts as a released package, whatever state the real stamp is in.
        assert run(["stamp", "--force", "--root", str(root)])[0] == 0
        examples = guide_examples()
        append_example_rows(root, examples)
        code, _, first_check = run(["check", "--root", str(root)])
        assert code == 0, first_check
        # Step 8: read the chapters check names, then record that they were read.
        code, _, err = run(["review", "--all", "--root", str(root)])
        assert code == 0, err
        old, new, version_line = bump_version(root)
        add_changelog_entry(root, examples["data/CHANGELOG.md"], new)
        code, stamp_out, err = run(["stamp", "--root", str(root)])
        assert code == 0, err
        final_check = run(["check", "--root", str(root)])
        code, _, err = run(["build", "--root", str(root)])
        assert code == 0, err
    warnings = [line.replace(f":{version_line}:", ":VERSION_LINE:", 1) for line in first_check]
    return Added(root, old, new, warnings, stamp_out, final_check, untouched)


def test_check_warns_until_the_version_is_bumped(added: Added) -> None:
    changed = "authorities.csv, metrics.csv, observations.csv, services.csv, sources.csv"
    v = added.old_version
    expected = f'the data changed since version {v} was stamped ({changed}) but "version" is still {v}; bump it and add a changelog entry'
    assert f"data/datapackage.json:VERSION_LINE: {expected} (warning)" in added.check_warnings


def test_check_names_the_narratives_to_read_again(added: Added) -> None:
    # Every chapter that compares councils for 2020-21 reaches the new council's figures.
    named = {w.split(":", 1)[0] for w in added.check_warnings if "read it again" in w}
    assert {"content/going-missing.md", "content/return-home-interviews.md", "content/index.md"} <= named
    assert any("children_missing 2020-21 now has" in w and f"({COUNCIL} added)" in w for w in added.check_warnings)


def test_the_prose_names_the_new_council_where_it_compares(added: Added) -> None:
    lead = parse(added.site / "going-missing" / "index.html").select_one("main p").get_text()
    quoted = re.search(r'\("(\d+ in Coventry, .*?)"\)', GUIDE.read_text(encoding="utf-8"))
    assert quoted is not None and quoted[1] in lead


def test_the_guides_review_warning_is_the_real_one(added: Added) -> None:
    shown = next(
        line for line in GUIDE.read_text(encoding="utf-8").splitlines() if line.startswith("content/going-missing.md: children_missing")
    )
    assert shown in added.check_warnings


def test_check_warns_that_the_licence_statement_is_out_of_date(added: Added) -> None:
    # The example council brings terms of its own, so the computed statement changes.
    assert any(w.startswith("data/LICENCE.md:1: not the statement computed from sources.csv") for w in added.check_warnings)
    licence = (added.root / "data" / "LICENCE.md").read_text(encoding="utf-8")
    assert COUNCIL in licence and "Test data (not a real response)" in licence


def test_the_guides_warning_is_the_real_one(added: Added) -> None:
    shown = next(line for line in GUIDE.read_text(encoding="utf-8").splitlines() if "the data changed since version" in line)
    version_warning = next(w for w in added.check_warnings if "the data changed since version" in w)
    expected = version_warning.replace("VERSION_LINE", "6").replace(added.old_version, "1.0.0")
    assert shown == expected


def test_after_stamping_check_passes_with_no_warning(added: Added) -> None:
    published = len(json.loads((added.root / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"]) + 2  # with the descriptor and LICENCE.md
    assert added.stamp_out == [
        "rewrote data/LICENCE.md from the re-use terms in sources.csv",
        f"stamped version {added.version}: {published} files recorded in data/version-stamp.json; commit it with the data",
    ]
    assert added.final_check == (0, ["check passed: data/, content/ and templates/ are valid"], [])


def test_only_data_changed(added: Added) -> None:
    assert code_and_content(added.root) == added.untouched


def test_the_council_has_its_own_page(added: Added) -> None:
    page = parse(added.site / "councils" / "testshire-test-data.html")
    assert page.h1.get_text() == COUNCIL
    answers = [q.get_text() for q in page.find_all("q")]
    assert "150 (including looked after children)" in answers
    assert "£125,000 over the five years" in answers
    cells = {row.find("q").get_text(): [td.get_text() for td in row.find_all("td")] for row in page.select("table.observations tbody tr")}
    assert "[c]" in cells["*"]
    assert "[x]" in cells["The council does not hold this in a reportable form."]
    assert "64.5%" in cells["64.5% within 72 hours"]
    councils = parse(added.site / "councils" / "index.html")
    assert COUNCIL in [a.get_text() for a in councils.select("main a")]


def test_the_source_has_its_own_page(added: Added) -> None:
    page = parse(added.site / "sources" / f"{SOURCE}.html")
    provenance = page.select_one("dl.provenance").get_text(" ")
    assert "TST-FOI-0042" in provenance and "15 July 2021" in provenance
    assert "Test data (not a real response)" in provenance and "not for re-use" in provenance
    assert len(page.select("table.observations tbody tr")) == 29
    sources = parse(added.site / "sources" / "index.html")
    assert any(SOURCE in a["href"] for a in sources.select("main a"))


@pytest.mark.parametrize("name", COMPARISONS)
def test_the_council_is_in_the_comparison_charts(added: Added, name: str) -> None:
    rows = csv_rows((added.site / "charts" / f"{name}.csv").read_text(encoding="utf-8"))
    council_column = rows[0].index("Council")
    assert COUNCIL in {row[council_column] for row in rows[1:]}
    figures = [fig for page in added.site.rglob("*.html") for fig in parse(page).select(f"figure#chart-{name}")]
    assert figures, f"no page shows {name}"
    for fig in figures:
        table_councils = {tr.find("td").get_text() for tr in fig.select("table tbody tr")}
        assert COUNCIL in table_councils
        assert COUNCIL in fig.select_one(".chart-desc").get_text()
        assert "Testshire" in fig.select_one(".chart-graphic").decode()
        assert f"{SOURCE}.html" in [a["href"].rsplit("/", 1)[-1] for a in fig.select(".chart-meta a")]


def test_the_council_is_in_the_data_quality_checks(added: Added) -> None:
    text = parse(added.site / "data-quality" / "index.html").get_text(" ")
    assert COUNCIL in text


def test_the_council_is_in_the_download(added: Added) -> None:
    data = added.site / "data"
    for name in RESOURCES:
        published = (data / f"{name}.csv").read_text(encoding="utf-8")
        added_rows = (FIXTURE / f"{name}.csv").read_text(encoding="utf-8").split("\n", 1)[1]
        assert published.endswith(added_rows), name
    package = data / f"missing-children-rhi-foi-{added.version}.zip"
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        observations = archive.read(f"missing-children-rhi-foi-{added.version}/observations.csv").decode("utf-8")
    assert f"missing-children-rhi-foi-{added.version}/version-stamp.json" not in names
    assert sum(CODE in line for line in observations.splitlines()) == 29
    page = parse(data / "index.html")
    assert package.name in [a.get_text() for a in page.select("a[download]")]
    assert f"{added.version} (" in page.select_one(".changelog").get_text()
    assert "Added Testshire (TEST DATA)" in page.select_one(".changelog").get_text()
