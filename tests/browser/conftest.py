"""Fixtures for the browser gates: Debian's Chromium, the built site, fixture sites."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from .server import serve
from .site import Site
from .tools import REPO

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session by the project's own command."""
    if not (REPO / "build.py").is_file():
        pytest.fail("build.py is missing: the browser gates check the site it builds")
    out = tmp_path_factory.mktemp("built") / "site"
    done = subprocess.run(
        [sys.executable, "build.py", "build", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"build.py build failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return out


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[Site]:
    with serve(built_site) as url:
        served = Site(built_site, url)
        missing = {"index.html", "404.html", "data/index.html"} - set(served.pages)
        if missing:
            pytest.fail(f"the built site lacks {sorted(missing)}")
        yield served


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Site]]:
    """Serve a site from tests/browser/fixtures/<name>, prepared once per session."""
    served: dict[str, Site] = {}
    with ExitStack() as servers:

        def get(name: str) -> Site:
            if name not in served:
                root = tmp_path_factory.mktemp("fixture") / name
                prepare(FIXTURES / name, root)
                served[name] = Site(root, servers.enter_context(serve(root)))
            return served[name]

        yield get


def prepare(source: Path, root: Path) -> None:
    """Copy a fixture site, zipping each <name>.zip.d folder into <name>.zip.

    Zips are made here rather than kept in git, so a fixture stays readable text.
    """
    shutil.copytree(source, root)
    for folder in sorted(root.rglob("*.zip.d")):
        with zipfile.ZipFile(folder.with_suffix(""), "w") as archive:
            for file in sorted(folder.rglob("*")):
                archive.write(file, file.relative_to(folder).as_posix())
        shutil.rmtree(folder)
