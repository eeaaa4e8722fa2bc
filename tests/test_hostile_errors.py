"""Hostile input and bad luck, errors: every one is a `file:line` line and exit 1, never
"internal error", and site/ is left as it was.

Values too long for the computer, descriptors too deep or of the wrong shape, patterns that
cannot run, YAML that expands without end, NUL bytes, a cache that is a file, a full disk: each
case returns the line `build` and `check` must give.
"""

from __future__ import annotations

import errno
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import built_copy, fresh_copy, refused, run, snapshot
from test_bad_input import (
    add_observation,
    add_source,
    append_line,
    edit_descriptor,
    field,
    narrative_line,
    resource,
    write_narrative,
)

from explainer import output
from explainer.chart_render import spreadsheet_safe
from explainer.paths import Paths
from explainer.serve import Preview

CASES: dict[str, Callable[[Path], str]] = {}


def case(fn: Callable[[Path], str]) -> Callable[[Path], str]:
    CASES[fn.__name__] = fn
    return fn


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_copy(tmp_path_factory, "hostile-errors")


@pytest.fixture
def root(built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = fresh_copy(built_project, tmp_path / "project")
    monkeypatch.chdir(copy)
    return copy


# Values and names -----------------------------------------------------------------------------


@case
def value_with_5000_digits(root: Path) -> str:
    n = add_observation(root, value="9" * 5000)
    return f"data/observations.csv:{n}: value: expected a number, found a value 5000 characters long"


@case
def source_id_of_300_characters(root: Path) -> str:
    n = add_source(root, source_id="a" * 300)
    return f"data/sources.csv:{n}: source_id: expected at most 100 characters for a name used in file names, found 300"


# The descriptor -------------------------------------------------------------------------------


@case
def descriptor_nested_200000_deep(root: Path) -> str:
    (root / "data/datapackage.json").write_text('{"resources": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    return "data/datapackage.json: invalid descriptor: objects or lists nested too deeply"


@case
def schema_is_text(root: Path) -> str:
    edit_descriptor(root, lambda d: resource(d, "metrics").update(schema="oops"))
    return 'data/datapackage.json: resource "metrics": schema: expected an object with a "fields" list, written in datapackage.json'


@case
def pattern_is_not_a_regular_expression(root: Path) -> str:
    edit_descriptor(root, lambda d: field(d, "sources", "source_id")["constraints"].update(pattern="[a-z"))
    return 'data/datapackage.json: resource "sources": field "source_id": constraints: pattern: not a valid regular expression: unterminated character set (at character 0)'


@case
def pattern_that_takes_hours(root: Path) -> str:
    edit_descriptor(root, lambda d: field(d, "sources", "source_id")["constraints"].update(pattern="([a-z0-9-]+)+"))
    return 'data/datapackage.json: resource "sources": field "source_id": constraints: pattern: a repeated group that itself repeats, such as (a+)+, can take hours on a cell that almost matches; write it without the nested repeat'


@case
def field_without_description(root: Path) -> str:
    edit_descriptor(root, lambda d: field(d, "metrics", "label").pop("description"))
    return (
        'data/datapackage.json: resource "metrics": field "label": expected a description (the data page explains every field), found none'
    )


@case
def version_is_a_number(root: Path) -> str:
    edit_descriptor(root, lambda d: d.update(version=2))
    return 'data/datapackage.json: package version: expected text such as "1.2.0", found 2'


# Narratives and settings ----------------------------------------------------------------------


@case
def yaml_alias_bomb_in_front_matter(root: Path) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    (root / "content/zz-test.md").write_text("---\ntitle: T\nsummary: S\n" + "\n".join(lines) + "\n---\n\nText.\n", encoding="utf-8")
    return "content/zz-test.md:5: front matter: invalid YAML (aliases (*name) are not allowed here)"


@case
def yaml_alias_bomb_in_a_chart_declaration(root: Path) -> str:
    path = root / "content/charts/children-missing-2020-21.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nx: &x [1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: [*x, *x, *x, *x, *x, *x, *x, *x, *x]\n", encoding="utf-8")
    n = text.count("\n") + 3
    return f"content/charts/children-missing-2020-21.yaml:{n}: invalid YAML (aliases (*name) are not allowed here)"


@case
def title_is_a_list(root: Path) -> str:
    (root / "content/zz-test.md").write_text("---\ntitle: [one, two]\nsummary: S\n---\n\nText.\n", encoding="utf-8")
    return "content/zz-test.md:1: front matter: title: expected text, found a list"


@case
def order_is_true(root: Path) -> str:
    (root / "content/zz-test.md").write_text("---\ntitle: T\nsummary: S\norder: true\n---\n\nText.\n", encoding="utf-8")
    return 'content/zz-test.md:1: front matter: order: expected a whole number, found "True"'


@case
def site_title_is_a_list(root: Path) -> str:
    text = (root / "site.toml").read_text(encoding="utf-8")
    (root / "site.toml").write_text(text.replace('title = "', 'title = ["a"]\nold_title = "', 1), encoding="utf-8")
    return "site.toml: title: expected text in double quotes, found list"


@case
def nul_byte_in_a_csv(root: Path) -> str:
    n = add_observation(root, note="a\x00b")
    return f"data/observations.csv:{n}: file contains a NUL byte (a damaged save or a binary file?); remove it"


@case
def nul_byte_in_a_narrative(root: Path) -> str:
    write_narrative(root, "Text.\n\nMore \x00 text.\n")
    return f"content/zz-test.md:{narrative_line(3)}: file contains a NUL byte (a damaged save or a binary file?); remove it"


# The machine ----------------------------------------------------------------------------------


@case
def cache_is_a_file(root: Path) -> str:
    (root / ".cache").unlink()
    (root / ".cache").write_text("not a folder\n", encoding="utf-8")
    return ".cache: cannot write or read: File exists; a file is where a folder should be (if it is .cache, delete it: it holds only rendered charts)"


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_one_clear_line(name: str, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = CASES[name](root)
    refused(root, [expected], capsys)
    refused(root, [expected], capsys, "check")


def test_a_full_disk_is_one_line_and_the_site_stays(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    append_line(root / "content/index.md", "\nA change, so that the build writes.")
    before = snapshot(root / "site")
    real_write = output.Staging.write
    written: list[str] = []

    def write(self: output.Staging, rel: str, content: bytes) -> None:
        written.append(rel)
        if len(written) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(self.folder / rel) if self.folder else rel)
        real_write(self, rel, content)

    monkeypatch.setattr(output.Staging, "write", write)
    code, out, err = run(["build", "--root", str(root)], capsys)
    assert code == 1 and out == []
    assert len(err) == 2 and err[0].endswith(
        ": cannot write or read: No space left on device; the disk is full: free some space and build again"
    )
    assert err[1] == "build failed: 1 error; site/ was left as it was"
    assert snapshot(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_a_read_only_cache_is_one_line(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """As root nothing is read-only, so the file system's answer is given here."""
    real_mkdir = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if ".cache" in self.parts:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 1
    assert err == [
        ".cache: cannot write or read: Read-only file system; the file system is read-only: choose another --out, or build from a writable copy",
        "build failed: 1 error; site/ was left as it was",
    ]


def test_a_300_character_council_name_gets_a_page_name_every_file_system_takes(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append_line(root / "data/authorities.csv", f"E06999993,{'Long' * 75},Nowhere,local_authority,,,,,")
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err
    assert max(len(p.name) for p in (root / "site/councils").iterdir()) <= 90


def test_a_damaged_build_record_is_ignored(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = root / ".cache/last-build.json"
    if record.exists():
        target = record.resolve()
        (root / ".cache").unlink()
        (root / ".cache").mkdir()
        (root / ".cache/charts").symlink_to(target.parent / "charts", target_is_directory=True)
    (root / ".cache/last-build.json").write_text('{"inputs": [1, 2', encoding="utf-8")
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err


# Hygiene --------------------------------------------------------------------------------------


def test_serve_answers_a_very_long_address_with_414_and_a_long_name_with_404(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    preview = Preview(Paths.under(tmp_path), "")
    assert preview.respond("/" + "a" * 5000)[0] == 414
    assert preview.respond("/" + "a" * 1000 + ".html")[0] == 404


def test_sitemap_and_robots_escape_the_site_address() -> None:
    pages = [
        output.Page("index.html", "narrative.html", "Home", "", "index"),
        output.Page("a&b/index.html", "narrative.html", "A", "", "a"),
    ]
    files = output.sitemap(pages, "https://example.org/?a=1&b=<2>/")
    root = ET.fromstring(files["sitemap.xml"])
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == ["https://example.org/?a=1&b=<2>/a&b/", "https://example.org/?a=1&b=<2>/"]
    assert files["robots.txt"].decode().count("\n") == 3


@pytest.mark.parametrize("cell", ['=HYPERLINK("https://x.example","a")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_chart_csv_cells_that_spreadsheets_would_run_are_kept_as_text(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Coventry", "12", 12, -3, 2.5, "", "[c]"])
def test_chart_csv_cells_that_are_not_formulas_are_unchanged(cell: object) -> None:
    assert spreadsheet_safe(cell) == cell


def test_no_published_csv_cell_starts_a_formula(built_project: Path) -> None:
    import csv

    for path in sorted((built_project / "site/charts").glob("*.csv")):
        rows = [row for row in csv.reader(path.read_text(encoding="utf-8").splitlines()) if row and not row[0].startswith("#")]
        assert rows, path
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), f"{path.name}: {cell!r}"
                assert not (cell.startswith("-") and not cell.lstrip("-").replace(".", "", 1).isdigit()), f"{path.name}: {cell!r}"
