"""What each build scenario changes in a project root before each run, and puts back afterwards.

An edit is a context manager: entered with the project root and the package's name, it yields a
step to call before run i; on leaving, the inputs are as they were.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

Step = Callable[[int], None]


@contextmanager
def no_cache_no_site(root: Path, dataset: str) -> Iterator[Step]:
    def step(_: int) -> None:
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)

    yield step


@contextmanager
def nothing(root: Path, dataset: str) -> Iterator[Step]:
    yield lambda _: None


@contextmanager
def one_figure(root: Path, dataset: str) -> Iterator[Step]:
    """A figure that a chart draws gets a new value each run, never one already cached."""
    observations = root / "data" / "observations.csv"
    index = pick_figure_row(observations, dataset)
    original = observations.read_text(encoding="utf-8").split("\n")[1 + index].split(",")[7]
    try:
        yield lambda i: set_value(observations, index, i + 1, original)
    finally:
        set_value(observations, index, 0, original)


@contextmanager
def one_narrative(root: Path, dataset: str) -> Iterator[Step]:
    """A sentence more each run, in the chapter with the most charts."""
    narrative = pick_narrative(root / "content")
    text = narrative.read_text(encoding="utf-8")

    def step(i: int) -> None:
        added = "".join(f"\nA sentence the benchmark added, number {j + 1}.\n" for j in range(i + 1))
        narrative.write_text(text + added, encoding="utf-8")

    try:
        yield step
    finally:
        narrative.write_text(text, encoding="utf-8")


def chart_names(text: str) -> list[str]:
    return re.findall(r"""\bchart\(\s*["']([^"']+)["']""", text)


def pick_narrative(content: Path) -> Path:
    """The chapter (not the home page) whose source draws the most charts; the home page if none."""
    files = sorted(content.glob("*.md"))
    chapters = [p for p in files if p.stem != "index"] or files
    return max(chapters, key=lambda p: (len(chart_names(p.read_text(encoding="utf-8"))), p.stat().st_size))


def chapter_slug(narrative: Path) -> str:
    match = re.search(r"^slug:\s*['\"]?([^'\"\n]+)", narrative.read_text(encoding="utf-8"), flags=re.M)
    return match.group(1).strip() if match else narrative.stem


def pick_figure_row(observations: Path, dataset: str) -> int:
    """Index (0-based, after the header) of a reported figure that a chart draws.

    On the seed data: Coventry's children missing in 2020-21. On the national package: the same
    figure for a synthetic council, so the real narratives' numbers stay as they are.
    """
    lines = observations.read_text(encoding="utf-8").split("\n")[1:]
    for i, line in enumerate(lines):
        cells = line.split(",")
        if len(cells) < 9 or cells[4] != "children_missing" or cells[5] != "all" or cells[2] != "2020-04-01" or cells[8] != "reported":
            continue
        if dataset == "seed" or cells[0].startswith("syn-"):
            return i
    raise SystemExit(f"{observations}: no reported children_missing figure for 2020-21 to change")


def set_value(observations: Path, index: int, bump: int, original: str) -> None:
    header, *lines = observations.read_text(encoding="utf-8").split("\n")
    cells = lines[index].split(",")
    cells[7] = str(int(original) + bump) if bump else original
    # as_reported stays as written; a benchmark edit only needs the figure to change.
    lines[index] = ",".join(cells)
    observations.write_text("\n".join([header, *lines]), encoding="utf-8")
