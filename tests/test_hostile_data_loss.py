"""Hostile input and bad luck, data loss: the build never deletes what it did not write, and a
damaged cache never reaches the site.

The output folder is replaced whole, so it must be one the build wrote (it carries a marker);
pointed at a folder of the maintainer's, the project, a parent or an input, the build refuses and
deletes nothing. Cached charts are checked against digests, so a damaged cache is rendered again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT
from hostile import built_copy, fresh_copy, run, snapshot
from test_bad_input import append_line, line_of

from explainer import chart_cache
from explainer.output_folder import MARKER, build_lock


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_copy(tmp_path_factory, "hostile-data-loss")


@pytest.fixture
def root(built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = fresh_copy(built_project, tmp_path / "project")
    monkeypatch.chdir(copy)
    return copy


def refused_out(root: Path, out: Path, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """build --out `out` fails with exactly this line, and nothing around the project changes."""
    around = {p: p.read_bytes() for p in sorted(root.parent.rglob("*")) if p.is_file() and not p.is_symlink() and ".cache" not in p.parts}
    code, out_lines, err = run(["build", "--root", str(root), "--out", str(out)], capsys)
    assert (code, out_lines, err) == (1, [], [message, f"build failed: 1 error; {out.name}/ was left as it was"])
    assert {p: p.read_bytes() for p in around} == around


def test_a_folder_of_the_maintainers_is_not_replaced(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = root / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text("The maintainer's own notes.\n", encoding="utf-8")
    refused_out(
        root,
        docs,
        f"docs: the output folder was not written by this build (it has no {MARKER} file), so it is not replaced: move it away or choose another --out",
        capsys,
    )
    assert (docs / "guide.md").read_text(encoding="utf-8") == "The maintainer's own notes.\n"


@pytest.mark.parametrize("where", [".", ".."], ids=["the-project", "its-parent"])
def test_the_project_and_its_parents_are_never_the_output(where: str, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / ".git").mkdir()
    (root / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    out = (root / where).resolve()
    refused_out(
        root,
        out,
        f"{'.' if where == '.' else out.as_posix()}: the output folder is the project folder, one of its parents or your home folder; the build replaces its output folder whole: choose a folder of its own such as site/",
        capsys,
    )
    assert (root / ".git/HEAD").is_file()


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("data", "the output folder holds the build's input data; choose a folder of its own such as site/"),
        ("content/site", "the output folder is inside the build's input content/; choose a folder outside it such as site/"),
        (".cache", "the output folder holds the build's input .cache; choose a folder of its own such as site/"),
    ],
)
def test_an_input_folder_is_never_the_output(where: str, message: str, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if (root / ".cache").is_symlink():  # the copies share one cache; this one needs its own
        (root / ".cache").unlink()
        (root / ".cache").mkdir()
    refused_out(root, root / where, f"{where}: {message}", capsys)


def test_a_symlinked_site_whose_target_is_not_a_site_is_not_emptied(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("kept\n", encoding="utf-8")
    site = root / "site"
    os.rename(site, root / "old-site")
    site.symlink_to(target, target_is_directory=True)
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 1 and err[0].endswith(
        f"the output folder was not written by this build (it has no {MARKER} file), so it is not replaced: move it away or choose another --out"
    )
    assert sorted(p.name for p in target.iterdir()) == ["keep.txt"]


def test_a_symlinked_site_whose_target_is_a_site_is_rebuilt_in_place(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "published"
    os.rename(root / "site", target)
    (root / "site").symlink_to(target, target_is_directory=True)
    before = snapshot(target)
    append_line(root / "content/index.md", "\nA sentence added for the test.")
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err
    assert (root / "site").is_symlink() and (target / MARKER).is_file()
    assert "A sentence added for the test." in (target / "index.html").read_text(encoding="utf-8")
    assert set(snapshot(target)) == set(before)


def test_a_site_that_is_a_file_is_not_moved_aside(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.rename(root / "site", root / "old-site")
    (root / "site").write_text("a file\n", encoding="utf-8")
    refused_out(root, root / "site", "site: the output folder is a file, not a folder: move it away or choose another --out", capsys)


def test_a_read_only_site_is_refused_not_moved_aside(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The tests may run as root, for whom nothing is read-only; the build asks os.access, so the test answers for it.
    site = (root / "site").resolve()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == site else real_access(path, mode))
    refused_out(
        root,
        root / "site",
        "site: the output folder cannot be replaced: it or project/ is read-only (make it writable, or choose another --out)",
        capsys,
    )


def test_every_site_carries_the_marker_and_leftovers_of_killed_builds_are_cleaned(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (root / "site" / MARKER).is_file()
    # What a build killed half-way leaves: its staging folder, marked first.
    leftover = root / ".site.new-killed"
    leftover.mkdir()
    (leftover / MARKER).write_bytes(b"")
    (leftover / "index.html").write_text("half", encoding="utf-8")
    (root / ".site.new-not-ours").mkdir()
    (root / ".site.new-not-ours/notes.txt").write_text("someone's\n", encoding="utf-8")
    append_line(root / "content/index.md", "\nAnother sentence.")
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == [".site.new-not-ours"]
    ignored = subprocess.run(["git", "check-ignore", "-q", "--no-index", ".site.new-killed/"], cwd=ROOT, check=False)
    assert ignored.returncode == 0, ".site.new-* is not git-ignored"


def test_a_site_built_under_a_private_umask_is_readable_by_a_web_server(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append_line(root / "content/index.md", "\nA sentence written under umask 077.")
    old = os.umask(0o077)
    try:
        code, _, err = run(["build", "--root", str(root)], capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    unreadable = [p for p in (root / "site").rglob("*") if p.stat().st_mode & 0o004 == 0 or (p.is_dir() and p.stat().st_mode & 0o001 == 0)]
    assert unreadable == []


def test_a_second_build_waits_for_the_first_and_says_so(root: Path) -> None:
    """The lock is held here, as a running build would hold it; a build started meanwhile says it waits, then finishes."""
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with build_lock(root / ".cache"):
            holding.set()
            release.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait()
    append_line(root / "content/index.md", "\nWritten while another build ran.")
    second = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "build", "--root", str(root)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert second.stderr is not None
    first_line = second.stderr.readline()
    release.set()
    holder.join()
    _, rest = second.communicate()
    assert first_line == "waiting for another build of this project to finish...\n"
    assert second.returncode == 0, rest
    assert "Written while another build ran." in (root / "site/index.html").read_text(encoding="utf-8")


# The chart cache ------------------------------------------------------------------------------


def test_an_emptied_chart_cache_is_rendered_again_not_published(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = {name: data for name, data in snapshot(root / "site").items() if name.startswith("charts/")}
    cache = (root / ".cache").resolve()
    (root / ".cache").unlink()
    import shutil

    shutil.copytree(cache, root / ".cache")
    for path in (root / ".cache/charts").iterdir():
        if path.suffix in (".png", ".svg", ".json"):
            path.write_bytes(b"")
    os.rename(root / "site", root / "old-site")
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err
    now = {name: data for name, data in snapshot(root / "site").items() if name.startswith("charts/")}
    assert now == good
    assert all(len(data) > 0 for data in now.values())


def test_a_damaged_layout_in_the_cache_is_not_used() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.layout.json"
        chart_cache.write_layout(path, {"mark": "bar", "data": {"values": "__rows__"}})
        assert chart_cache.read_layout(path) == {"mark": "bar", "data": {"values": "__rows__"}}
        path.write_text(path.read_text(encoding="utf-8").replace("bar", "line"), encoding="utf-8")
        assert chart_cache.read_layout(path) is None
        path.write_text("{not json", encoding="utf-8")
        assert chart_cache.read_layout(path) is None


def test_the_chart_cache_key_covers_every_module_and_the_drawing_libraries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    code = tmp_path / "explainer"
    shutil.copytree(chart_cache.CODE_DIR, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(chart_cache, "CODE_DIR", code)
    before = chart_cache.code_version()
    modules = sorted(code.rglob("*.py"))
    assert len(modules) > 10
    for module in modules:
        original = module.read_bytes()
        module.write_bytes(original + b"\n# changed\n")
        assert chart_cache.code_version() != before, f"{module.name} does not reach the chart cache key"
        module.write_bytes(original)
    monkeypatch.setattr(chart_cache.metadata, "version", lambda name: "0.0.0-test")
    assert chart_cache.code_version() != before


# Page names -----------------------------------------------------------------------------------


def test_two_councils_whose_names_give_one_page_are_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    authorities = root / "data/authorities.csv"
    first = line_of(authorities, ",Coventry,")
    n = append_line(authorities, "E06999990,COVENTRY!,West Midlands,local_authority,,,,,")
    before = snapshot(root / "site")
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert (code, err) == (
        1,
        [
            f'data/authorities.csv:{n}: authority_name: "COVENTRY!" gives the same page name (councils/coventry.html) as "Coventry" on line {first}; names must differ in more than case and punctuation',
            "build failed: 1 error; site/ was left as it was",
        ],
    )
    assert snapshot(root / "site") == before


def test_a_name_without_latin_letters_gets_a_page_of_its_own(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append_line(root / "data/authorities.csv", "E06999991,Ynys Môn — 安,Wales,local_authority,,,,,")
    append_line(root / "data/authorities.csv", "E06999992,安全,Wales,local_authority,,,,,")
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err
    pages = {p.name for p in (root / "site/councils").iterdir()}
    assert ".html" not in pages
    assert {"ynys-m-n.html", "e06999992.html"} <= pages


def test_the_marker_does_not_stop_an_unchanged_site_being_recognised(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append_line(root / "content/index.md", "\nA change, then no change.")
    assert run(["build", "--root", str(root)], capsys)[0] == 0
    code, out, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err
    assert len(out) == 1 and "site/ is up to date: nothing changed since the last build" in out[0]
    assert (root / "site" / MARKER).is_file()
