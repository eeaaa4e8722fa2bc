"""A digest of everything the package says about each source, in parts, and the release in which
each part last changed.

A source has a part of its own (its row in sources.csv and its rows in questions.csv: what it is
and what it asked) and a part per area its figures are about (its rows in observations.csv and
services.csv with that authority_code). One DfE publication holds figures for every council, so a
correction to one council's figure must not date every council's page: a page is dated by the
parts it shows. Rows are hashed as written (UTF-8, LF line ends) and sorted, so moving rows about
is not a change. `python build.py stamp` keeps, per part, the digest and the release (version and
changelog date) in which that digest last changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Mapping
from typing import Any

# The files whose rows belong to one source: the first two describe the source, the others are
# about one area each.
SOURCE_FILES = ("sources.csv", "questions.csv", "observations.csv", "services.csv")
KEY = "source_id"
AREA = "authority_code"
WHOLE = " *"


def source_key(source_id: str) -> str:
    """The part of a source that says what it is."""
    return source_id


def area_key(source_id: str, authority_code: str) -> str:
    """The part of a source that is about one area."""
    return f"{source_id} {authority_code}"


def services_key(source_id: str, authority_code: str) -> str:
    """The part of a source that says who provides services in one area: shown apart from its figures."""
    return f"{source_id} {authority_code} services"


def whole_key(source_id: str) -> str:
    """Every part of a source, for a page that shows all of it."""
    return f"{source_id}{WHOLE}"


def whole_source(key: str) -> str | None:
    """The source a whole_key names; None for any other key."""
    return key.removesuffix(WHOLE) if key.endswith(WHOLE) else None


def _records(text: str) -> list[str]:
    """The file's records as written: a quoted cell may span lines, so a record ends where its quotes balance."""
    records: list[str] = []
    pending = ""
    for line in text.split("\n"):
        pending = f"{pending}\n{line}" if pending else line
        if pending.count('"') % 2 == 0:
            records.append(pending)
            pending = ""
    if pending:
        records.append(pending)
    return records


# The files about one area each, and the part their rows belong to.
AREA_FILES: dict[str, Callable[[str, str], str]] = {"observations.csv": area_key, "services.csv": services_key}


def rows_by_part(text: str, part: Callable[[str, str], str] | None) -> tuple[str, dict[str, list[str]]]:
    """The header line, and the records of each part as written: by source, or by `part` of source and area."""
    header_line, *rows = _records(text) or [""]
    header = next(csv.reader([header_line]), [])
    if KEY not in header or (part is not None and AREA not in header):
        return "", {}
    column = header.index(KEY)
    area = header.index(AREA) if part is not None else None
    found: dict[str, list[str]] = {}
    for record in rows:
        # Most records have no quotes: splitting on commas is then exact, and far quicker than csv.
        cells = record.split(",") if '"' not in record else next(csv.reader(io.StringIO(record)), [])
        if len(cells) > max(column, area or 0) and cells[column]:
            key = source_key(cells[column]) if area is None else part(cells[column], cells[area])
            found.setdefault(key, []).append(record)
    return header_line, found


def source_digests(texts: Mapping[str, str]) -> dict[str, str]:
    """SHA-256 per part (see source_key and area_key) over its rows in each of SOURCE_FILES present in `texts` (name -> text)."""
    parts: dict[str, list[str]] = {}
    for name in SOURCE_FILES:
        if name not in texts:
            continue
        header, found = rows_by_part(texts[name], AREA_FILES.get(name))
        for key, records in found.items():
            # The header is hashed too: a renamed column is a change to what the row says.
            parts.setdefault(key, []).append("\n".join([name, header, *sorted(records)]))
    return {key: hashlib.sha256("\n\x1e\n".join(chunks).encode("utf-8")).hexdigest() for key, chunks in sorted(parts.items())}


def updated_record(previous: Mapping[str, Any] | None, digests: Mapping[str, str], version: str, released: str | None) -> dict[str, dict]:
    """Each part's record after stamping `version`: unchanged parts keep their release, the rest get this one."""
    record: dict[str, dict] = {}
    for key, digest in sorted(digests.items()):
        before = (previous or {}).get(key)
        if isinstance(before, dict) and before.get("sha256") == digest:
            record[key] = before
        else:
            record[key] = {"sha256": digest, "version": version, "released": released}
    return record


def read_record(raw: object) -> dict[str, dict[str, str | None]] | None:
    """The per-part record from a stamp file; None when the stamp predates it or it is damaged."""
    if not isinstance(raw, dict):
        return None
    record: dict[str, dict[str, str | None]] = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) or not isinstance(entry.get("version"), str):
            return None
        released = entry.get("released")
        record[str(key)] = {"sha256": entry["sha256"], "version": entry["version"], "released": released if isinstance(released, str) else None}
    return record
