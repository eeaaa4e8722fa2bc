"""Helpers for the hostile-input corpus: run a case against a fresh copy of a built project.

The copies, edits and runs are those of the bad-input corpus (test_bad_input.py); this adds what
an attack needs on top: the whole tree around the project, to see that nothing was written
outside the output folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build
from test_bad_input import SUMMARY_BUILD, SUMMARY_CHECK, fresh_copy, run, snapshot

__all__ = ["SUMMARY_BUILD", "SUMMARY_CHECK", "built_copy", "fresh_copy", "refused", "run", "snapshot", "tree"]


def built_copy(factory: pytest.TempPathFactory, name: str) -> Path:
    """A copy of the real project with its site/ built once; each case copies it again (fresh_copy)."""
    base = copy_project(factory.mktemp(name) / "project")
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", base / ".cache", symlinks=True)
    result = run_build("build", "--root", str(base), cwd=base)
    assert result.returncode == 0, result.stderr
    return base


def tree(folder: Path) -> set[str]:
    """Every path under `folder` (not following symlinks), to notice a file written where it should not be."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if ".cache" not in p.parts}


def refused(root: Path, expected: list[str], capsys: pytest.CaptureFixture[str], command: str = "build") -> None:
    """`command` fails with exactly these lines and a summary; for a build, site/ and the folder around the project are as before."""
    outside, site = tree(root.parent), snapshot(root / "site")
    code, out, err = run([command, "--root", str(root)], capsys)
    summary = SUMMARY_CHECK if command == "check" else SUMMARY_BUILD
    if len(expected) > 1:
        summary = summary.replace("1 error", f"{len(expected)} errors")
    assert (code, err, out) == (1, [*expected, summary], [])
    assert snapshot(root / "site") == site
    assert tree(root.parent) == outside
