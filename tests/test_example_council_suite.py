"""The whole non-browser suite passes on a project with the guide's example council added.

Tests must hold for any data, not today's. This copies the project (code, tests, data, narratives),
follows docs/adding-data.md with its worked example (rows, review, version, changelog, stamp) and
runs every non-browser test in the copy, where they read the grown package as their own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from test_adding_data import add_changelog_entry, append_example_rows, bump_version, guide_examples

COPIED = (
    ".gitignore",
    "build.py",
    "pyproject.toml",
    "site.toml",
    "data",
    "content",
    "templates",
    "explainer",
    "tests",
    "docs",
    "inputs",
    "bench",
)
# This file and the guide's own test would run themselves again; the browser gates need Chromium.
LEFT_OUT = ("tests/browser", "tests/test_example_council_suite.py", "tests/test_adding_data.py")
JUNK = shutil.ignore_patterns("__pycache__", ".pytest_cache", "site", ".cache", "node_modules")


def _copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=JUNK)
        elif source.is_file():
            shutil.copy(source, target / name)
    # Some tests ask git what the project ignores: the copy is a repository of its own.
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    return target


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SEEDS_DIR": str(SEEDS)}
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, check=False, env=env)


@pytest.mark.whole_suite
def test_the_suite_passes_with_the_example_council(tmp_path: Path) -> None:
    root = _copy(tmp_path / "project")
    examples = guide_examples()
    assert _run(root, "build.py", "stamp", "--force").returncode == 0
    append_example_rows(root, examples)
    # The guide: check names the chapters to read again; after reading them, review records it.
    checked = _run(root, "build.py", "check")
    assert checked.returncode == 0 and "read it again" in checked.stderr, checked.stderr
    assert _run(root, "build.py", "review", "--all").returncode == 0
    _, version, _ = bump_version(root)
    add_changelog_entry(root, examples["data/CHANGELOG.md"], version)
    stamped = _run(root, "build.py", "stamp")
    assert stamped.returncode == 0, stamped.stderr
    ignore = [f"--ignore={name}" for name in LEFT_OUT]
    suite = _run(root, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not browser", *ignore, "tests")
    assert suite.returncode == 0, suite.stdout[-4000:] + suite.stderr[-2000:]
