"""The date each page's data last changed: `stamp` records, per part of each source (what it is; its
figures for one area; its services in one area), the release in which its rows last changed; pages
show the latest date among the parts they show, and say "not yet released" rather than a false date
when the data changed after the last stamp."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build, without_official_figures
from test_versioning import bumped, change_a_figure, set_version, version

from explainer.cli import main
from explainer.dataset import load
from explainer.errors import Problems
from explainer.page_dates import source_dates, unreleased_problems
from explainer.source_digests import SOURCE_FILES, area_key, services_key, source_digests
from explainer.urls import council_page, source_page
from explainer.versioning import read_stamp

STAMP = "data/version-stamp.json"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stamped copy of the project without the official figures (quick to check and build)."""
    root = without_official_figures(copy_project(tmp_path / "project"))
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", root / ".cache")
    monkeypatch.chdir(root)
    return root


def records(root: Path) -> dict[str, dict]:
    return json.loads((root / STAMP).read_text(encoding="utf-8"))["parts"]


def first_figure_source(root: Path) -> str:
    """The source whose figure change_a_figure edits (the first row of observations.csv)."""
    return (root / "data/observations.csv").read_text(encoding="utf-8").splitlines()[1].split(",", 1)[0]


def first_figure_part(root: Path) -> str:
    """The part (source and area) whose figure change_a_figure edits."""
    source_id, authority_code = (root / "data/observations.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[:2]
    return area_key(source_id, authority_code)


def release(root: Path, new: str, date: str) -> None:
    """Bump the version, give it a changelog entry dated `date`, and stamp it."""
    set_version(root, new)
    path = root / "data/CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    at = text.index("\n## ") + 1
    path.write_text(f"{text[:at]}## {new} ({date})\n\n- A corrected note.\n\n{text[at:]}", encoding="utf-8")
    assert main(["stamp", "--root", str(root)]) == 0


def set_records(root: Path, dates: dict[str, tuple[str, str]]) -> None:
    """Pretend some sources last changed in the given (version, date)s."""
    stamp = json.loads((root / STAMP).read_text(encoding="utf-8"))
    for source_id, (v, d) in dates.items():
        for key in [k for k in stamp["parts"] if k == source_id or k.startswith(f"{source_id} ")]:
            stamp["parts"][key].update(version=v, released=d)
    (root / STAMP).write_text(json.dumps(stamp, indent=2), encoding="utf-8")


def said(page: Path) -> str:
    found = re.search(r'<p class="data-changed">(.*?)</p>', page.read_text(encoding="utf-8"), re.S)
    assert found, f"{page.name} does not say when its data last changed"
    return re.sub(r"<[^>]+>", "", found[1])


def test_a_changed_source_gets_the_new_release_and_the_others_keep_theirs(project: Path) -> None:
    before = records(project)
    changed = first_figure_part(project)
    change_a_figure(project)
    new = bumped(version(project)[0])
    release(project, new, "2031-02-03")
    after = records(project)
    assert after[changed]["version"] == new and after[changed]["released"] == "2031-02-03"
    assert after[changed]["sha256"] != before[changed]["sha256"]
    assert {s: r for s, r in after.items() if s != changed} == {s: r for s, r in before.items() if s != changed}
    # Stamped again with nothing changed: every source keeps the release it last changed in.
    release(project, bumped(new), "2032-03-04")
    assert records(project) == after


def test_reordering_rows_changes_no_source(project: Path) -> None:
    texts = {name: (project / "data" / name).read_text(encoding="utf-8") for name in SOURCE_FILES}
    shuffled = {}
    for name, text in texts.items():
        header, *rows = text.splitlines(keepends=True)
        shuffled[name] = header + "".join(reversed(rows[:-1])) + rows[-1]
    assert shuffled != texts
    assert source_digests(shuffled) == source_digests(texts)
    # ...whereas a change to one cell changes that source alone.
    change_a_figure(project)
    edited = source_digests({n: (project / "data" / n).read_text(encoding="utf-8") for n in SOURCE_FILES})
    assert [s for s in edited if edited[s] != source_digests(texts)[s]] == [first_figure_part(project)]


def test_a_quoted_line_break_is_part_of_its_row() -> None:
    text = 'source_id,authority_code,note\nb,X,"two\nlines"\na,X,one\n'
    moved = 'source_id,authority_code,note\na,X,one\nb,X,"two\nlines"\n'
    b = services_key("b", "X")
    assert source_digests({"services.csv": text}) == source_digests({"services.csv": moved})
    assert source_digests({"services.csv": text})[b] != source_digests({"services.csv": text.replace("two", "2")})[b]


def test_pages_show_the_latest_date_of_their_sources_and_a_new_date_re_renders(project: Path) -> None:
    coventry = sorted({s.split(" ")[0] for s in records(project) if s.startswith("cov-")})
    older, newer = coventry[0], coventry[1]
    set_records(project, {s: ("7.1.0", "2031-02-03") for s in coventry} | {newer: ("7.2.0", "2032-03-04")})
    out = project / "site"
    assert run_build("build", "--root", str(project), cwd=project).returncode == 0
    assert said(out / source_page(older)) == "The data on this page last changed in version 7.1.0, released 3 February 2031."
    assert said(out / source_page(newer)) == "The data on this page last changed in version 7.2.0, released 4 March 2032."
    assert said(out / council_page("coventry")) == "The data on this page last changed in version 7.2.0, released 4 March 2032."
    # Only a date changes: the pages that show it are rendered again, the others are not.
    set_records(project, {older: ("7.3.0", "2033-04-05")})
    untouched = (out / council_page("leicester")).stat().st_mtime_ns
    assert run_build("build", "--root", str(project), cwd=project).returncode == 0
    assert said(out / source_page(older)) == "The data on this page last changed in version 7.3.0, released 5 April 2033."
    assert said(out / council_page("coventry")) == "The data on this page last changed in version 7.3.0, released 5 April 2033."
    assert said(out / source_page(newer)).endswith("7.2.0, released 4 March 2032.")
    assert (out / council_page("leicester")).stat().st_mtime_ns == untouched


def test_an_unstamped_change_is_not_given_a_date(project: Path) -> None:
    changed = first_figure_source(project)
    last = version(project)[0]
    change_a_figure(project)
    assert run_build("build", "--root", str(project), cwd=project).returncode == 0
    out = project / "site"
    assert said(out / source_page(changed)) == (
        f"The data on this page changed after the last release (version {last}) and are not yet released, so they have no release date yet."
    )
    other = next(s for s in {k.split(" ")[0] for k in records(project)} if s != changed and (out / source_page(s)).is_file())
    assert "released" in said(out / source_page(other))
    footer = (out / source_page(other)).read_text(encoding="utf-8").split('class="site-footer"', 1)[1]
    assert "not yet released" in footer and not re.search(r"released \d", footer)
    problems = Problems()
    unreleased_problems(project / "data", problems)
    assert [e.message for e in problems.errors] == [
        f'a release needs released data, but the rows of {changed} changed since version {last} was stamped; bump the version, add a changelog entry and run "python build.py stamp"'
    ]


def test_a_stamp_without_source_records_is_still_read(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stamp = json.loads((project / STAMP).read_text(encoding="utf-8"))
    del stamp["parts"]
    (project / STAMP).write_text(json.dumps(stamp, indent=2), encoding="utf-8")
    old = read_stamp(project / STAMP)
    assert old is not None and old.version == stamp["version"] and old.parts is None
    assert main(["check", "--root", str(project)]) == 0
    assert capsys.readouterr().err == ""
    # No record, no claim: pages say nothing rather than guess.
    ds = load(project / "data", Problems())
    assert ds is not None and source_dates(project / "data", ds).latest(ds.sources) is None
    problems = Problems()
    unreleased_problems(project / "data", problems)
    assert not problems.errors
    # Stamping the same version again adds the record, each source at the stamped version.
    assert main(["stamp", "--root", str(project)]) == 0
    assert {r["version"] for r in records(project).values()} == {stamp["version"]}


def test_one_councils_official_figure_dates_its_pages_not_every_council(tmp_path: Path) -> None:
    """One DfE publication holds every council's figures: correcting one council's must not re-date the others."""
    root = copy_project(tmp_path / "full")
    ds = load(root / "data", Problems())
    assert ds is not None
    official = next(o for o in ds.observations if ds.sources[o.source_id].is_official and o.is_reported and o.authority_code.startswith("E06"))
    changed = ds.authorities[official.authority_code]
    near = {n.authority_code for n in ds.neighbours if n.neighbour_code == changed.code} | {changed.code}
    other = next(
        a
        for a in ds.authorities.values()
        if a.area_level == "local_authority" and a.region != changed.region and a.code not in near and a.valid_to is None
    )
    path = root / "data" / "observations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[official.line - 1].split(",")
    cells[7] = cells[9] = str(int(official.value) + 1)
    lines[official.line - 1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert run_build("build", "--root", str(root), cwd=root).returncode == 0
    out = root / "site"
    assert "not yet released" in said(out / council_page(changed.slug))
    assert "last changed in version" in said(out / council_page(other.slug))
