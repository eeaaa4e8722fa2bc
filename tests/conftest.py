"""Shared fixtures: the project root, a tmp copy of it, and the real site built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The FOI responses the data were transcribed from, kept unedited in the project so that every
# clone can check its figures against them (SEEDS_DIR points at another copy, e.g. a newer one).
SEEDS = Path(os.environ["SEEDS_DIR"]) if os.environ.get("SEEDS_DIR") else ROOT / "inputs" / "foi"


def copy_project(target: Path) -> Path:
    """A throwaway copy of the inputs, so a test can change them freely."""
    for name in ("data", "content", "templates"):
        shutil.copytree(ROOT / name, target / name)
    # The hex map layout the build draws; the raw official files are the importer's, not the build's.
    shutil.copytree(ROOT / "inputs", target / "inputs", ignore=shutil.ignore_patterns("official"))
    shutil.copy(ROOT / "site.toml", target / "site.toml")
    return target


def without_official_figures(root: Path) -> Path:
    """Drop the official statistics' figures from a copy, and stamp it as released.

    For tests about FOI rows (the bad-input corpus, adding a response): they run dozens of builds
    and checks, and the tens of thousands of official figures would only slow each one down. The
    official sources, areas, neighbours and cautions stay, so the schema is the real one.
    """
    import csv
    import io

    from explainer.errors import Problems
    from explainer.versioning import current_release, write_stamp

    data = root / "data"
    sources = list(csv.DictReader(io.StringIO((data / "sources.csv").read_text(encoding="utf-8"))))
    official = {s["source_id"] for s in sources if s["source_kind"] == "official_statistics"}
    lines = (data / "observations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.split(",", 1)[0] not in official]
    (data / "observations.csv").write_text("".join(kept), encoding="utf-8")
    release = current_release(data, Problems())
    assert release is not None
    write_stamp(data, release)
    return root


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, check=False)


def chart_font_installed() -> bool:
    done = subprocess.run(["fc-match", "--format=%{family}", "Liberation Sans"], capture_output=True, text=True, check=False)
    return done.returncode == 0 and "Liberation Sans" in done.stdout


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's `browser` fixture, for every test, pointed at Debian's Chromium."""
    from browser.tools import CHROMIUM, CHROMIUM_ARGS, SETUP_HINT

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: {SETUP_HINT}")
    # Charts are laid out in Liberation Sans; measured in a fallback font, the legibility gate would
    # judge text no reader sees.
    if not chart_font_installed():
        pytest.fail(f"the chart font (Liberation Sans) is not installed: {SETUP_HINT}")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "site"
    result = run_build("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)
