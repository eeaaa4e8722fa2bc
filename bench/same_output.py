#!/usr/bin/env python3
"""Does a refactoring change what the build writes? Builds the site with the code of a git revision
and with the working tree, on the seed data and on the synthetic national package, and compares
the two outputs file by file, byte for byte.

    .venv/bin/python bench/same_output.py [REV] [--only seed|national] [--keep DIR]

REV (default HEAD) is checked out with `git archive` into a temporary folder, so neither the
repository nor its worktrees are touched. Each side builds from its own content/, templates/,
data/ and site.toml, so a change to those shows up as a difference too: compare against a revision
that differs from the working tree only in code. The national package is generated once, by the
working tree's bench/generate.py with its fixed seed, and both sides build it.

Prints one line per file that differs, is missing or is extra, and exits 1 if there is any (or a
build fails); exits 0 when both outputs are the same, byte for byte.
"""

from __future__ import annotations

import argparse
import filecmp
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

# What a project root holds besides code; the working tree's are copied so its build writes its
# cache into the temporary folder, not into the checkout.
INPUTS = ("content", "templates", "data", "inputs", "site.toml")


def checkout(rev: str, into: Path) -> None:
    """The files of `rev`, as git stores them, in `into`."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev], capture_output=True, check=True).stdout
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def working_root(into: Path) -> None:
    """A copy of the working tree's inputs, built with the working tree's code."""
    into.mkdir(parents=True)
    for name in INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.is_file():
            shutil.copy(source, into / name)


def build(code: Path, root: Path, data: Path, out: Path) -> str | None:
    """None on success, else the build's own last words."""
    command = [sys.executable, str(code / "build.py"), "build", "--root", str(root), "--data", str(data), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    return None if done.returncode == 0 else (done.stdout + done.stderr).strip()[-1500:]


def differences(before: Path, after: Path, where: str = "") -> list[str]:
    """Every file that is not the same, byte for byte, in both folders."""
    compared = filecmp.dircmp(before, after)
    found = [f"only before: {where}{n}" for n in compared.left_only] + [f"only after: {where}{n}" for n in compared.right_only]
    for name in compared.common_files:
        if not filecmp.cmp(before / name, after / name, shallow=False):
            found.append(f"differs: {where}{name}")
    found += [f"cannot compare: {where}{n}" for n in compared.common_funny]
    for name in compared.common_dirs:
        found += differences(before / name, after / name, f"{where}{name}/")
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", nargs="?", default="HEAD", help="git revision to compare the working tree with (default HEAD)")
    parser.add_argument("--only", choices=("seed", "national"), help="one package only")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it, to look at the outputs")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="same-output-"))
    try:
        before, after = work / "before", work / "after"
        checkout(args.rev, before)
        working_root(after)
        packages = {"seed": (before / "data", after / "data"), "national": (work / "national", work / "national")}
        if args.only != "seed":
            generate.generate(work / "national")
        failed = False
        for name, (data_before, data_after) in packages.items():
            if args.only and args.only != name:
                continue
            out_before, out_after = work / f"site-{name}-before", work / f"site-{name}-after"
            for label, code, root, data, out in (
                ("before", before, before, data_before, out_before),
                ("after", REPO, after, data_after, out_after),
            ):
                problem = build(code, root, data, out)
                if problem:
                    print(f"{name}: the {label} build failed:\n{problem}")
                    return 1
            found = differences(out_before, out_after)
            files = sum(1 for p in out_after.rglob("*") if p.is_file())
            print(f"{name}: {'same' if not found else f'{len(found)} differences'} ({files} files, {args.rev} vs working tree)")
            for line in found:
                print(f"  {line}")
            failed = failed or bool(found)
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
