"""Which folder a build may replace, and one build of a project at a time.

Publishing swaps a whole new folder in for the old one, so the old one is deleted: that is only
safe for a folder this build wrote itself. Each site carries a marker file; a folder without one
(say `docs/`, or the project itself after `--out .`) is never replaced, and neither is the project
folder, one of its parents or a folder holding the build's inputs, marker or not.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

MARKER = ".explainer-site"
MARKER_TEXT = b"This folder is written by build.py and replaced whole by every build: do not keep files of your own here.\n"
# A site built before the marker existed: its own files at the top, nothing a person keeps (like .git).
_LEGACY_SIGNS = ("sitemap.xml", "robots.txt", "404.html", "data")


def output_problem(out: Path, project: Path, inputs: list[Path]) -> str | None:
    """Why the build may not replace `out` (as given, perhaps a symlink), or None."""
    real = out.resolve()
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError):  # no home folder known (a bare CI container): nothing to protect there
        home = project
    if real in (project, home, Path(real.anchor)) or real in project.parents:
        return "is the project folder, one of its parents or your home folder; the build replaces its output folder whole: choose a folder of its own such as site/"
    for given in inputs:
        source = given.resolve()
        if real == source or real in source.parents:
            return f"holds the build's input {given.name}; choose a folder of its own such as site/"
        if source in real.parents and given.is_dir():
            return f"is inside the build's input {given.name}/; choose a folder outside it such as site/"
    if not os.path.lexists(out):
        return None
    if not real.is_dir():
        return "is a file, not a folder: move it away or choose another --out"
    if not os.access(real, os.W_OK | os.X_OK) or not os.access(real.parent, os.W_OK | os.X_OK):
        return f"cannot be replaced: it or {real.parent.name or real.parent}/ is read-only (make it writable, or choose another --out)"
    if not is_ours(real):
        return f"was not written by this build (it has no {MARKER} file), so it is not replaced: move it away or choose another --out"
    return None


def is_ours(folder: Path) -> bool:
    if (folder / MARKER).is_file():
        return True
    names = {entry.name for entry in os.scandir(folder)}
    return not names or (set(_LEGACY_SIGNS) <= names and ".git" not in names)


def remove_leftovers(out: Path) -> None:
    """Staging and old folders of builds that were killed. Called under the build lock, so no
    other build of this project is using them; only folders carrying our marker (or empty) go."""
    for folder in out.parent.glob(f".{out.name}.new-*"):
        if folder.is_dir() and not folder.is_symlink() and is_ours(folder):
            shutil.rmtree(folder, ignore_errors=True)
    for folder in out.parent.glob(f".{out.name}.old-*"):
        if folder.is_dir() and not folder.is_symlink() and is_ours(folder):
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def build_lock(cache: Path) -> Iterator[None]:
    """One build of a project at a time (two would race for the cache and for the output folder):
    a second one waits, saying so, and goes on when the first is done."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "build.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another build of this project to finish...", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
