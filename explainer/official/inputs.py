"""Our own tables in inputs/official/: the manifest of raw files, boundary changes, and cautions.

These are small, hand-kept and checked strictly: each problem is reported as `file:line`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problems
from ..schema import parse_date
from .geography import Change

MANIFEST = "manifest.csv"
CHANGES = "authority-changes.csv"
CAUTIONS = "cautions.csv"
MANIFEST_FIELDS = ["path", "sha256", "source_id", "reader", "title", "publisher", "publication", "edition", "original_file_name", "licence_id", "url", "caveats"]
CHANGES_FIELDS = ["authority_code", "authority_name", "valid_from", "valid_to", "successor_codes", "codes_in_files", "note"]
CAUTIONS_FIELDS = ["caution_id", "metric_id", "authority_code", "years", "text", "origin", "quoted_from", "quote"]
READERS = ("cla_missing_sfr", "cla_missing_ees", "cin_factors", "population", "neighbours", "documentation")
CODE = re.compile(r"E(0[6-9]|1[0-2]|92)\d{6}")


@dataclass(frozen=True)
class RawFile:
    line: int
    path: str
    sha256: str
    source_id: str
    reader: str
    title: str
    publisher: str
    publication: str
    edition: str
    original_file_name: str
    licence_id: str
    url: str
    caveats: str

    @property
    def edition_year(self) -> int:
        """Editions are ordered by the last year in their name ("edition 2024", "April 2021")."""
        years = re.findall(r"\d{4}", self.edition)
        return int(years[-1]) if years else 0


@dataclass(frozen=True)
class Caution:
    line: int
    caution_id: str
    metric_id: str
    authority_code: str
    years: tuple[int, ...]
    text: str
    origin: str
    quoted_from: str
    quote: str


def _table(path: Path, fields: list[str], problems: Problems) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        problems.error(path, None, "file not found")
        return []
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    header = next(reader, [])
    if header != fields:
        problems.error(path, 1, f"expected the header {','.join(fields)}, found {','.join(header)}")
        return []
    rows = []
    for cells in reader:
        if not any(cells):
            continue
        if len(cells) != len(fields):
            problems.error(path, reader.line_num, f"expected {len(fields)} cells, found {len(cells)} (a cell with a comma needs double quotes)")
            continue
        rows.append((reader.line_num, dict(zip(fields, (c.strip() for c in cells), strict=True))))
    return rows


def read_manifest(folder: Path, problems: Problems) -> list[RawFile]:
    path = folder / MANIFEST
    files = []
    for line, r in _table(path, MANIFEST_FIELDS, problems):
        if r["reader"] not in READERS:
            problems.error(path, line, f'reader: expected one of {", ".join(READERS)}, found "{r["reader"]}"')
            continue
        raw = folder / r["path"]
        if not raw.is_file():
            problems.error(path, line, f'path: no file "{r["path"]}" in {folder.as_posix()}/ (copy the publisher\'s file there unedited)')
            continue
        digest = hashlib.sha256(raw.read_bytes()).hexdigest()
        if digest != r["sha256"]:
            problems.error(
                path,
                line,
                f'sha256: {r["path"]} is not the file recorded here (its SHA-256 is {digest}); raw files are kept exactly as published: '
                "a new edition goes in a new folder with a new row",
            )
            continue
        files.append(RawFile(line, **r))
    return files


def read_changes(folder: Path, problems: Problems) -> dict[str, Change]:
    path = folder / CHANGES
    changes: dict[str, Change] = {}
    for line, r in _table(path, CHANGES_FIELDS, problems):
        codes = [r["authority_code"], *r["successor_codes"].split(), *r["codes_in_files"].split()]
        bad = [c for c in codes if not CODE.fullmatch(c)]
        dates = {k: parse_date(r[k]) if r[k] else None for k in ("valid_from", "valid_to")}
        if bad or any(r[k] and dates[k] is None for k in dates):
            problems.error(path, line, f"expected ONS codes like E06000058 and dates as YYYY-MM-DD; found {', '.join(bad) or 'a bad date'}")
            continue
        changes[r["authority_code"]] = Change(
            r["authority_code"], r["authority_name"], dates["valid_from"], dates["valid_to"], tuple(r["successor_codes"].split()), tuple(r["codes_in_files"].split()), r["note"]
        )
    return changes


def read_cautions(folder: Path, problems: Problems) -> list[Caution]:
    path = folder / CAUTIONS
    cautions = []
    for line, r in _table(path, CAUTIONS_FIELDS, problems):
        years = r["years"].split()
        if not all(y.isdigit() and len(y) == 4 for y in years) or not r["text"] or not r["caution_id"]:
            problems.error(path, line, "expected a caution_id, a text, and years as four-digit years separated by spaces (or empty for every year)")
            continue
        cautions.append(Caution(line, r["caution_id"], r["metric_id"], r["authority_code"], tuple(int(y) for y in years), r["text"], r["origin"], r["quoted_from"], r["quote"]))
    return cautions
