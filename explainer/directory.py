"""Find your council: every council in the authorities resource, grouped by region, A to Z.

The list is read from the published `authorities.csv` itself rather than from the Authority
objects, so columns the package adds over time (an area's level, when it existed, what it
became) reach the list without the loader having to know them. Rows for England and the
regions are areas, not councils, and are left out.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from .dataset import Dataset
from .model import slugify
from .urls import council_page

# Column names the package may use for each idea; the first one present wins. Kept in one place
# because the national rows arrived after this module was written.
LEVEL_COLUMNS = ("level", "area_level", "geographic_level")
ENDED_COLUMNS = ("valid_to", "existed_until", "end_date", "last_year", "abolished")
STARTED_COLUMNS = ("valid_from", "existed_from", "start_date", "first_year", "created")
SUCCESSOR_COLUMNS = ("successor_codes", "successors", "successor_code", "replaced_by", "became")
# Levels (and ONS code prefixes) that are areas above councils: England, the regions.
AREA_LEVELS = frozenset({"national", "country", "england", "region", "regional"})
AREA_PREFIXES = ("E92", "E12")


@dataclass(frozen=True)
class Successor:
    code: str
    name: str
    page: str


@dataclass(frozen=True)
class Council:
    code: str
    name: str
    region: str
    page: str
    started: str
    ended: str
    successors: tuple[Successor, ...]

    @property
    def is_former(self) -> bool:
        return bool(self.ended)

    @property
    def search_text(self) -> str:
        """What the filter matches: the name, the code and, for a former council, its successors."""
        return " ".join([self.name, self.code, *(s.name for s in self.successors)]).lower()


@dataclass(frozen=True)
class Region:
    name: str
    slug: str
    councils: tuple[Council, ...]


def _first(row: dict[str, str], columns: tuple[str, ...]) -> str:
    return next((row[c].strip() for c in columns if row.get(c, "").strip()), "")


def _is_area(row: dict[str, str]) -> bool:
    level = _first(row, LEVEL_COLUMNS).lower()
    if level:
        return level in AREA_LEVELS
    return row.get("authority_code", "").startswith(AREA_PREFIXES)


def authority_rows(ds: Dataset) -> list[dict[str, str]]:
    """The authorities resource's rows as published, every column kept."""
    resource = next((r for r in ds.descriptor.get("resources", []) if r.get("name") == "authorities"), {})
    raw = ds.files.get(resource.get("path", "authorities.csv"), b"").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw)))


def councils(ds: Dataset) -> list[Council]:
    rows = [r for r in authority_rows(ds) if r.get("authority_code") in ds.authorities and not _is_area(r)]
    names = {r["authority_code"]: ds.authorities[r["authority_code"]].name for r in rows}
    pages = {code: council_page(ds.authorities[code].slug) for code in names}
    result = []
    for row in rows:
        code = row["authority_code"]
        authority = ds.authorities[code]
        successors = tuple(
            Successor(s, names[s], pages[s]) for s in re.split(r"[;,\s]+", _first(row, SUCCESSOR_COLUMNS)) if s in names and s != code
        )
        result.append(
            Council(
                code,
                authority.name,
                authority.region,
                council_page(authority.slug),
                _first(row, STARTED_COLUMNS),
                _first(row, ENDED_COLUMNS),
                successors,
            )
        )
    return result


def by_region(ds: Dataset) -> list[Region]:
    """Regions A to Z, each with its councils A to Z (former councils among them, marked)."""
    groups: dict[str, list[Council]] = {}
    for council in councils(ds):
        groups.setdefault(council.region or "Region not recorded", []).append(council)
    return [
        Region(name, "region-" + slugify(name), tuple(sorted(members, key=lambda c: (c.name.lower(), c.code))))
        for name, members in sorted(groups.items(), key=lambda item: item[0].lower())
    ]
