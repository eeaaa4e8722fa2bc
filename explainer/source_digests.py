"""A digest of everything the package says about each source, and the release in which it last changed.

A source's digest covers its row in sources.csv and its rows in observations.csv, services.csv and
questions.csv, as CSV text (UTF-8, LF line ends). Each file's rows are sorted before hashing, so
moving rows about is not a change; a file with no rows for the source adds nothing, so a new file
that says nothing about a source leaves it alone. `python build.py stamp` keeps, per source, the
digest and the release (version and changelog date) in which that digest last changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from typing import Any

# The files whose rows belong to one source, each keyed by its source_id column.
SOURCE_FILES = ("sources.csv", "observations.csv", "services.csv", "questions.csv")
KEY = "source_id"


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


def rows_by_source(text: str) -> tuple[str, dict[str, list[str]]]:
    """The header line, and each source's records as written."""
    header_line, *rows = _records(text) or [""]
    header = next(csv.reader([header_line]), [])
    if KEY not in header:
        return "", {}
    column = header.index(KEY)
    found: dict[str, list[str]] = {}
    for record in rows:
        # Most records have no quotes: splitting on commas is then exact, and far quicker than csv.
        cells = record.split(",") if '"' not in record else next(csv.reader(io.StringIO(record)), [])
        if len(cells) > column and cells[column]:
            found.setdefault(cells[column], []).append(record)
    return header_line, found


def source_digests(texts: Mapping[str, str]) -> dict[str, str]:
    """SHA-256 per source_id over its rows in each of SOURCE_FILES present in `texts` (name -> text)."""
    parts: dict[str, list[str]] = {}
    for name in SOURCE_FILES:
        if name not in texts:
            continue
        header, found = rows_by_source(texts[name])
        for source_id, records in found.items():
            # The header is hashed too: a renamed column is a change to what the row says.
            parts.setdefault(source_id, []).append("\n".join([name, header, *sorted(records)]))
    return {sid: hashlib.sha256("\n\x1e\n".join(chunks).encode("utf-8")).hexdigest() for sid, chunks in sorted(parts.items())}


def updated_record(previous: Mapping[str, Any] | None, digests: Mapping[str, str], version: str, released: str | None) -> dict[str, dict]:
    """Each source's record after stamping `version`: unchanged sources keep their release, the rest get this one."""
    record: dict[str, dict] = {}
    for source_id, digest in sorted(digests.items()):
        before = (previous or {}).get(source_id)
        if isinstance(before, dict) and before.get("sha256") == digest:
            record[source_id] = before
        else:
            record[source_id] = {"sha256": digest, "version": version, "released": released}
    return record


def read_record(raw: object) -> dict[str, dict[str, str | None]] | None:
    """The per-source record from a stamp file; None when the stamp predates it or it is damaged."""
    if not isinstance(raw, dict):
        return None
    record: dict[str, dict[str, str | None]] = {}
    for source_id, entry in raw.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) or not isinstance(entry.get("version"), str):
            return None
        released = entry.get("released")
        record[str(source_id)] = {"sha256": entry["sha256"], "version": entry["version"], "released": released if isinstance(released, str) else None}
    return record
