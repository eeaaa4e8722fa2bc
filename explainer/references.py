"""Foreign keys as data/datapackage.json declares them: which column of a table names a row of
another. The build checks exactly the references the descriptor declares, so `build.py check` and
`frictionless validate` agree on what a dangling reference is.

The rest of the build looks up a row's source, council and measure without checking again, so the
descriptor must declare those references; a descriptor that drops one, or declares one the build
cannot check, is refused with a line saying which.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problems
from .row_rules import check_reference

# The tables other rows can name, by the column that names them.
REFERABLE = {"authorities": "authority_code", "sources": "source_id", "metrics": "metric_id"}

# The references the build relies on, per table: column -> table it names.
RELIED_ON: dict[str, dict[str, str]] = {
    "sources": {"authority_code": "authorities"},
    "observations": {"source_id": "sources", "authority_code": "authorities", "metric_id": "metrics"},
    "services": {"source_id": "sources", "authority_code": "authorities"},
    "neighbours": {"authority_code": "authorities", "neighbour_code": "authorities", "source_id": "sources"},
    "cautions": {"authority_code": "authorities", "metric_id": "metrics"},
    "pairs": {"foi_metric_id": "metrics", "official_metric_id": "metrics"},
    "questions": {"source_id": "sources"},
}
# A caution with no council or no measure applies to all of them; every other relied-on column
# must name a row, so an empty cell there is reported rather than skipped.
MAY_BE_EMPTY = {("cautions", "authority_code"), ("cautions", "metric_id")}


@dataclass(frozen=True)
class Reference:
    column: str
    table: str
    required: bool


def declared_references(path: Path, resource: dict[str, Any], problems: Problems) -> list[Reference] | None:
    """The references one resource's schema declares, or None (with a problem recorded for each
    reason) when the build could not check them or one it relies on is missing."""
    name = resource.get("name", "")
    label = f'resource "{name}"'
    keys = resource.get("schema", {}).get("foreignKeys", [])
    if not isinstance(keys, list):
        problems.error(path, None, f"{label}: foreignKeys: expected a list")
        return None
    result: list[Reference] = []
    ok = True
    for number, key in enumerate(keys, start=1):
        found = _one_column_reference(key)
        if found is None:
            problems.error(
                path,
                None,
                f"{label}: foreign key {number} is not checked by the build: expected one column naming the "
                f"{' or '.join(f'{c} of {t}' for t, c in REFERABLE.items())}",
            )
            ok = False
            continue
        column, table = found
        result.append(Reference(column, table, (name, column) not in MAY_BE_EMPTY and column in RELIED_ON.get(name, {})))
    declared = {(r.column, r.table) for r in result}
    for column, table in RELIED_ON.get(name, {}).items():
        if (column, table) not in declared and ok:
            problems.error(
                path, None, f'{label}: foreignKeys: expected "{column}" to reference "{table}", which the build relies on; found no such key'
            )
            ok = False
    return result if ok else None


def _one_column_reference(key: Any) -> tuple[str, str] | None:
    """(column, table) for a foreign key of one column onto a referable table's key; else None."""
    if not isinstance(key, dict) or not isinstance(key.get("reference"), dict):
        return None
    columns, target = _as_list(key.get("fields")), key["reference"]
    table, target_columns = target.get("resource"), _as_list(target.get("fields"))
    if len(columns) != 1 or table not in REFERABLE or target_columns != [REFERABLE[table]]:
        return None
    return columns[0], table


def _as_list(value: Any) -> list[Any]:
    """Frictionless lets a single column be written as a string or as a list of one."""
    return [value] if isinstance(value, str) else value if isinstance(value, list) else []


def references_ok(
    path: Path, line: int, row: dict, references: list[Reference], known: dict[str, dict], problems: Problems, rejected: set[str]
) -> bool:
    """Whether every reference the row makes names a row that exists; each one that does not is
    reported. An empty cell names nothing (as in Frictionless) unless the build needs the row."""
    if all(row[r.column] in known[r.table] for r in references):
        return True
    return all(
        [
            check_reference(path, line, r.column, row[r.column], known[r.table], problems, rejected)
            for r in references
            if row[r.column] or r.required
        ]
    )
