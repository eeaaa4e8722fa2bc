"""Which authority a raw figure belongs to, in the year it describes.

DfE's files identify a council by a three-digit LA number and an ONS code, and later editions
restate earlier years under today's codes (North Yorkshire's 2020 figures appear under the code it
got in 2023). A figure belongs to the authority that existed at the end of its year; a restated
code is followed back only to a predecessor with the same area, never across a merger or split.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .raw import RawFigure

ENGLAND = "E92000001"
# DfE's newer files give London boroughs Inner or Outer London (E13) as their region; both are in London.
LONDON = "E12000007"


@dataclass(frozen=True)
class Change:
    """One row of inputs/official/authority-changes.csv."""

    code: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successors: tuple[str, ...]
    aliases: tuple[str, ...]
    note: str


@dataclass
class Area:
    code: str
    name: str
    level: str  # country, region or local_authority
    region_code: str = ""
    region_name: str = ""
    la_number: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successors: tuple[str, ...] = ()
    # (year, from an explore-education-statistics file) of the figure the name was taken from: latest wins.
    named_at: tuple[int, bool] = field(default=(0, False), repr=False)

    def exists_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Register:
    """Every area the raw files name, with the validity and successors from authority-changes.csv."""

    def __init__(self, changes: dict[str, Change]):
        self.changes = changes
        self.aliases = {alias: c.code for c in changes.values() for alias in c.aliases}
        self.areas: dict[str, Area] = {}

    def learn(self, fig: RawFigure) -> None:
        """Take names, numbers and regions from every figure; later years and newer layouts win."""
        if fig.level == "subregional":
            return
        level = {"national": "country", "regional": "region"}.get(fig.level, "local_authority")
        code = self.aliases.get(fig.code, fig.code)
        area = self.areas.setdefault(code, Area(code, fig.name, level))
        rank = (fig.year, not fig.sfr)
        if rank >= area.named_at and fig.name:
            area.name, area.named_at = fig.name, rank
        if fig.la_number and level == "local_authority":
            area.la_number = area.la_number or fig.la_number
        if fig.region_code.startswith(("E12", "E13")) and level == "local_authority":
            london = fig.region_code.startswith("E13")
            area.region_code, area.region_name = (LONDON, "London") if london else (fig.region_code, fig.region_name)

    def finish(self) -> None:
        regions = {a.code: a.name for a in self.areas.values() if a.level == "region"}
        for area in self.areas.values():
            change = self.changes.get(area.code)
            if change:
                area.name, area.valid_from, area.valid_to, area.successors = change.name, change.valid_from, change.valid_to, change.successors
            if area.level == "region":
                area.region_code, area.region_name = area.code, area.name
            elif area.level == "country":
                area.region_name = area.name
            elif area.region_code in regions:
                area.region_name = regions[area.region_code]

    def resolve(self, fig: RawFigure, day: dt.date) -> tuple[str | None, str]:
        """(authority code, note) for a figure about `day`; code None when no authority with this area existed then."""
        code = self.aliases.get(fig.code, fig.code)
        area = self.areas[code]
        note = f"DfE's file gives the code {fig.code}, retired before this year; the area is the same." if code != fig.code else ""
        if area.exists_on(day):
            return code, note
        for other in self._same_area(area):
            if other.exists_on(day):
                return other.code, f"DfE's file gives this figure under {area.code}, the code {area.name} has had since {_day(area.valid_from)}; the area is the same, so it belongs to {other.code}."
        return None, ""

    def _same_area(self, area: Area) -> list[Area]:
        """Predecessors and successors that changed code but not area (a single successor each way)."""
        linked = []
        for other in self.areas.values():
            if other.successors == (area.code,) and len([a for a in self.areas.values() if area.code in a.successors]) == 1:
                linked.append(other)
            if area.successors == (other.code,) and len([a for a in self.areas.values() if other.code in a.successors]) == 1:
                linked.append(other)
        return linked

    def by_number(self, number: str, day: dt.date) -> Area | None:
        found = [a for a in self.areas.values() if a.la_number == number and a.exists_on(day)]
        return found[0] if len(found) == 1 else None


def _day(d: dt.date | None) -> str:
    return f"{d.day} {d:%B} {d.year}" if d else "before 2015"
