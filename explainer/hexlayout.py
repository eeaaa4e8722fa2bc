"""The hex map's layout: Open Innovations' 2020 hexjson plus our boundary-change rows.

One hexagon per council that exists today. The hexjson is kept unedited (it is someone else's
MIT-licensed file); every change since 2020 is a row in `inputs/hexmap-updates.csv`, applied here
in order, so a maintainer sees each change and why.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import Problems

LAYOUT = Path("hexmap") / "uk-upper-tier-local-authorities.hexjson"
UPDATES = Path("hexmap-updates.csv")
UPDATE_COLUMNS = ("code", "name", "replaces", "q", "r", "note")


@dataclass(frozen=True)
class Hex:
    code: str
    name: str
    q: int
    r: int


def read_layout(inputs: Path, problems: Problems) -> dict[str, Hex]:
    """Code -> hexagon, after the updates; empty (with problems recorded) when the files are wrong."""
    path = inputs / LAYOUT
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        hexes = {code: Hex(code, str(h.get("n") or h["name"]), int(h["q"]), int(h["r"])) for code, h in raw["hexes"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        problems.error(path, None, f"cannot read the hex map layout: {exc}")
        return {}
    if raw.get("layout") != "odd-r":
        problems.error(path, None, f'layout: expected "odd-r", found "{raw.get("layout")}"')
        return {}
    return _apply_updates(hexes, inputs / UPDATES, problems)


def _apply_updates(hexes: dict[str, Hex], path: Path, problems: Problems) -> dict[str, Hex]:
    if not path.is_file():
        return hexes
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != UPDATE_COLUMNS:
            problems.error(path, 1, f"columns: expected {','.join(UPDATE_COLUMNS)}, found {','.join(reader.fieldnames or [])}")
            return hexes
        removed: set[str] = set()
        for line, row in enumerate(reader, start=2):
            _apply_row(hexes, removed, row, path, line, problems)
    taken: dict[tuple[int, int], str] = {}
    for h in hexes.values():
        if (h.q, h.r) in taken:
            problems.error(path, None, f"{h.code} and {taken[(h.q, h.r)]} share the place q={h.q}, r={h.r}")
        taken[(h.q, h.r)] = h.code
    return hexes


def _apply_row(hexes: dict[str, Hex], removed: set[str], row: dict[str, str], path: Path, line: int, problems: Problems) -> None:
    code, name = row["code"].strip(), row["name"].strip()
    try:
        q, r = int(row["q"]), int(row["r"])
    except (TypeError, ValueError):
        problems.error(path, line, f'q, r: expected whole numbers, found "{row["q"]}", "{row["r"]}"')
        return
    replaces = [c.strip() for c in (row["replaces"] or "").split(";") if c.strip()]
    unknown = [c for c in replaces if c not in hexes and c not in removed]
    if unknown:
        problems.error(path, line, f"replaces: {', '.join(unknown)} is not in the layout")
        return
    if not replaces and code not in hexes:
        problems.error(path, line, f"code: {code} is not in the layout, so it cannot be moved; name what it replaces")
        return
    for old in replaces:
        hexes.pop(old, None)
        removed.add(old)
    hexes[code] = Hex(code, name or code, q, r)
