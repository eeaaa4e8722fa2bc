"""The hex map: the layout after boundary changes, and the SVG drawn from it."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from explainer.errors import Problems
from explainer.hexlayout import read_layout
from explainer.hexmap import NO_FIGURE_COLOUR, HexValue, band_of, bands, svg

UPDATES_HEADER = "code,name,replaces,q,r,note\n"


def layout_with(tmp_path: Path, rows: str) -> tuple[dict, Problems]:
    shutil.copytree(ROOT / "inputs" / "hexmap", tmp_path / "hexmap")
    (tmp_path / "hexmap-updates.csv").write_text(UPDATES_HEADER + rows, encoding="utf-8")
    problems = Problems()
    return read_layout(tmp_path, problems), problems


def test_the_real_layout_has_one_place_per_council_and_no_replaced_council() -> None:
    problems = Problems()
    layout = read_layout(ROOT / "inputs", problems)
    assert problems.errors == []
    places = [(h.q, h.r) for h in layout.values()]
    assert len(places) == len(set(places))
    updates = (ROOT / "inputs" / "hexmap-updates.csv").read_text(encoding="utf-8").splitlines()[1:]
    replaced = {code for line in updates for code in line.split(",")[2].split(";") if code}
    added = {line.split(",")[0] for line in updates}
    assert replaced and not replaced & set(layout)
    assert added <= set(layout)


def test_a_split_takes_new_places_and_the_old_council_goes(tmp_path: Path) -> None:
    layout, problems = layout_with(tmp_path, "E00000001,West Half,E10000021,0,20,\nE00000002,East Half,E10000021,1,20,\n")
    assert problems.errors == []
    assert "E10000021" not in layout
    assert (layout["E00000001"].q, layout["E00000002"].q) == (0, 1)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("E00000001,New,E99999999,0,20,\n", "hexmap-updates.csv:2: replaces: E99999999 is not in the layout"),
        (
            "E00000001,New,,0,20,\n",
            "hexmap-updates.csv:2: code: E00000001 is not in the layout, so it cannot be moved; name what it replaces",
        ),
        ("E00000001,New,E10000021,x,20,\n", 'hexmap-updates.csv:2: q, r: expected whole numbers, found "x", "20"'),
        ("E00000001,New,E10000021,0,0,\n", "share the place q=0, r=0"),
    ],
)
def test_bad_update_rows_are_refused_with_file_and_line(tmp_path: Path, rows: str, message: str) -> None:
    _, problems = layout_with(tmp_path, rows)
    assert any(message in str(p) for p in problems.errors), problems.errors


def test_every_value_falls_in_exactly_one_band() -> None:
    pick = random.Random(7)
    for _ in range(50):
        values = [pick.choice([pick.randint(0, 200), pick.random() * 90]) for _ in range(pick.randint(1, 160))]
        scale = bands(values)
        assert scale
        for v in values:
            inside = [b for b in scale if b.lower <= v and (b.upper is None or v < b.upper)]
            assert len(inside) == 1 and inside[0] == band_of(v, scale)


def test_every_council_is_drawn_once_and_no_figure_is_never_coloured() -> None:
    layout = read_layout(ROOT / "inputs", Problems())
    codes = sorted(layout)
    pick = random.Random(3)
    values = {
        c: HexValue(None, "suppressed", f"c/{c}.html") if pick.random() < 0.2 else HexValue(pick.randint(1, 99), "n", f"c/{c}.html")
        for c in codes[:-5]
    }
    scale = bands([v.value for v in values.values() if v.value is not None])
    soup = BeautifulSoup(str(svg(layout, values, scale, "Map", "map-title")), "html.parser")
    paths = soup.find_all("path")
    assert len(paths) == len(layout)
    links = {a["href"] for a in soup.find_all("a")}
    assert links == {v.href for v in values.values()}
    for a in soup.find_all("a"):
        code = a["href"][2:-5]
        fill = a.path["fill"]
        assert (fill == NO_FIGURE_COLOUR) == (values[code].value is None), code
        assert a["aria-label"].startswith(layout[code].name)
    assert len(soup.select("g[role=img] path")) == 5
