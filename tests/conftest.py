"""Shared fixtures: the project root, a tmp copy of it, and the real site built once per session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def copy_project(target: Path) -> Path:
    """A throwaway copy of the inputs, so a test can change them freely."""
    for name in ("data", "content", "templates"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "site.toml", target / "site.toml")
    return target


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "site"
    result = run_build("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)
