"""The data version: check warns when the data change but the version does not; stamp records a release."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, without_official_figures

from explainer.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real project, stamped as released, with the working folder inside it."""
    # Versioning is about any data; without the official figures each check takes a fraction of the time.
    root = without_official_figures(copy_project(tmp_path / "project"))
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", root / ".cache")
    monkeypatch.chdir(root)
    (root / "data" / "version-stamp.json").unlink(missing_ok=True)
    assert main(["stamp", "--root", str(root)]) == 0
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main([*argv, "--root", str(Path.cwd())])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def version(root: Path) -> tuple[str, int]:
    text = (root / "data/datapackage.json").read_text(encoding="utf-8")
    match = re.search(r'"version": "([^"]*)"', text)
    assert match is not None
    return match[1], text[: match.start()].count("\n") + 1


def set_version(root: Path, new: str) -> None:
    path = root / "data/datapackage.json"
    old, _ = version(root)
    path.write_text(path.read_text(encoding="utf-8").replace(f'"version": "{old}"', f'"version": "{new}"', 1), encoding="utf-8")


def add_changelog_entry(root: Path, new: str) -> None:
    path = root / "data/CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    at = text.index("\n## ") + 1
    path.write_text(f"{text[:at]}## {new} (2026-12-01)\n\n- A corrected figure.\n\n{text[at:]}", encoding="utf-8")


def change_a_figure(root: Path) -> None:
    """A corrected note on the first figure: a change to the data, still valid."""
    path = root / "data/observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(csv.reader([lines[1]]))
    row[-1] += " Checked again."
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    lines[1] = out.getvalue()
    path.write_text("".join(lines), encoding="utf-8")


def bumped(v: str) -> str:
    major, minor, patch = (int(p) for p in v.split("."))
    return f"{major}.{minor}.{patch + 1}"


def test_a_stamped_package_checks_without_warnings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stamp = json.loads((project / "data/version-stamp.json").read_text(encoding="utf-8"))
    assert stamp["version"] == version(project)[0]
    resources = [r["path"] for r in json.loads((project / "data/datapackage.json").read_text(encoding="utf-8"))["resources"]]
    assert sorted(stamp["sha256"]) == sorted(["LICENCE.md", "datapackage.json", *resources])
    assert run(capsys, "check") == (0, ["check passed: data/, content/ and templates/ are valid"], [])
    assert run(capsys, "stamp") == (0, [f"version {stamp['version']} is already stamped and the data have not changed; nothing to do"], [])


def test_changed_data_under_the_same_version_is_warned_and_not_stamped(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_a_figure(project)
    v, line = version(project)
    code, _, err = run(capsys, "check")
    assert code == 0
    assert err == [
        f'data/datapackage.json:{line}: the data changed since version {v} was stamped (observations.csv) but "version" is still {v}; bump it and add a changelog entry (warning)'
    ]
    code, _, err = run(capsys, "stamp")
    assert (code, err) == (
        1,
        [
            f'data/datapackage.json:{line}: the data changed since version {v} was stamped; bump "version" first (or use --force to stamp {v} again)',
            "stamp failed: 1 error",
        ],
    )
    assert run(capsys, "stamp", "--force")[0] == 0
    assert run(capsys, "check")[2] == []


def test_a_new_version_needs_a_changelog_entry_before_it_is_stamped(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_a_figure(project)
    old, _ = version(project)
    new = bumped(old)
    set_version(project, new)
    code, _, err = run(capsys, "check")
    assert code == 0
    assert err == [
        f'data/CHANGELOG.md: no entry for version {new}; add a heading "## {new} (YYYY-MM-DD)" and say what changed (warning)',
        f'data/version-stamp.json: version {new} is not stamped yet (last stamped: {old}); when it is ready, run "python build.py stamp" (warning)',
    ]
    code, _, err = run(capsys, "stamp")
    assert (code, err) == (
        1,
        [
            f'data/CHANGELOG.md: no entry for version {new}; add a heading "## {new} (YYYY-MM-DD)" and say what changed, then stamp',
            "stamp failed: 1 error",
        ],
    )
    add_changelog_entry(project, new)
    files = len(json.loads((Path.cwd() / "data/datapackage.json").read_text(encoding="utf-8"))["resources"]) + 2
    assert run(capsys, "stamp") == (0, [f"stamped version {new}: {files} files recorded in data/version-stamp.json; commit it with the data"], [])
    assert run(capsys, "check")[2] == []


def test_saving_from_a_spreadsheet_is_not_a_change(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (project / "data").glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run(capsys, "check")[2] == []


def test_a_lower_version_is_warned(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, line = version(project)
    set_version(project, "0.0.1")
    add_changelog_entry(project, "0.0.1")
    assert run(capsys, "check")[2] == [
        f"data/datapackage.json:{line}: version 0.0.1 is lower than the released version {old}; versions only go up (warning)"
    ]
    code, _, err = run(capsys, "stamp")
    assert (code, err) == (
        1,
        [
            f"data/datapackage.json:{line}: version 0.0.1 is lower than the released version {old}; versions only go up",
            "stamp failed: 1 error",
        ],
    )


def test_a_version_that_is_not_semantic_is_warned_and_not_stamped(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, line = version(project)
    set_version(project, "2")
    assert run(capsys, "check")[2] == [
        f'data/datapackage.json:{line}: version: expected MAJOR.MINOR.PATCH such as 1.2.0, found "2" (warning)'
    ]
    code, _, err = run(capsys, "stamp")
    assert (code, err) == (
        1,
        [f'data/datapackage.json:{line}: version: expected MAJOR.MINOR.PATCH such as 1.2.0, found "2"', "stamp failed: 1 error"],
    )


def test_a_missing_stamp_is_warned(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data/version-stamp.json").unlink()
    v, _ = version(project)
    assert run(capsys, "check")[2] == [
        f'data/version-stamp.json: the record of the released data does not exist yet; run "python build.py stamp" to record version {v} (warning)'
    ]


def test_invalid_data_is_not_stamped(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "data/observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",reported,", ",suppressed,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    before = (project / "data/version-stamp.json").read_bytes()
    code, _, err = run(capsys, "stamp", "--force")
    assert code == 1 and err[-1] == "stamp failed: 1 error"
    assert err[0].startswith('data/observations.csv:2: value: expected an empty cell because status is "suppressed"')
    assert (project / "data/version-stamp.json").read_bytes() == before


def test_the_stamp_is_not_published(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "build")[0] == 0
    data = project / "site" / "data"
    assert not (data / "version-stamp.json").exists()
    for package in data.glob("*.zip"):
        with zipfile.ZipFile(package) as archive:
            assert not [n for n in archive.namelist() if n.endswith("version-stamp.json")]
