"""The profiles' own SVG charts: a gap is never drawn as zero, and no line joins across it."""

from __future__ import annotations

import random
import re

from bs4 import BeautifulSoup

from explainer.svgchart import LEFT, Bar, Series, bars, trend


def _vertices(d: str) -> list[float]:
    """The x of each vertex of an "M x y L x y ..." path."""
    return [float(x) for x, _ in re.findall(r"[ML]([\d.]+) ([\d.]+)", d)]


def test_lines_break_at_every_gap_and_no_mark_stands_for_a_missing_value() -> None:
    pick = random.Random(11)
    for _ in range(200):
        n = pick.randint(1, 12)
        values = [None if pick.random() < 0.3 else pick.choice([0, pick.randint(1, 500), pick.random() * 40]) for _ in range(n)]
        labels = [str(2015 + i) for i in range(n)]
        soup = BeautifulSoup(str(trend([Series("A", values, "#000")], labels, "unit", "t", "d")), "html.parser")
        xs = sorted({float(c["cx"]) for c in soup.find_all("circle")})
        reported = [i for i, v in enumerate(values) if v is not None]
        assert len(soup.find_all("circle")) == len(reported)
        step = (xs[1] - xs[0]) / (reported[1] - reported[0]) if len(reported) > 1 else 1
        index = {round(x, 1): round((x - LEFT) / step) if len(reported) > 1 else reported[0] for x in xs}
        assert sorted(index.values()) == reported
        for path in soup.select("path[d]"):
            run = [round((x - LEFT) / step) for x in _vertices(path["d"])]
            assert run == list(range(run[0], run[0] + len(run))), (values, run)
            assert all(values[i] is not None for i in run)
        for circle in soup.find_all("circle"):
            year = circle["aria-label"].split("; ")[1].split(":")[0]
            assert values[labels.index(year)] is not None


def test_a_bar_with_no_figure_is_words_not_a_bar() -> None:
    items = [Bar("A", 10, "10"), Bar("B", None, "[c]"), Bar("C", 0, "0")]
    soup = BeautifulSoup(str(bars(items, "unit", "t", "d")), "html.parser")
    labelled = {el["aria-label"]: el.name for el in soup.select(".role-mark > [aria-label]")}
    assert labelled == {"A: 10": "rect", "B: [c]": "text", "C: 0": "rect"}
