"""Check CSV rows against the Table Schema in datapackage.json and convert their values.

A small validator of our own covers the parts of Table Schema the package uses, so that every
problem is reported as `file:line: field: expected ..., found ...`. `build.py check` also runs
Frictionless itself over the whole package as a second opinion.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import Problems, did_you_mean
from .tables import Row, Table

Value = str | int | float | dt.date | None

# What this validator checks. Frictionless would check anything else a descriptor asks for, and
# the build would not, so the two would disagree about the same data: such a descriptor is refused.
CHECKED_TYPES = ("string", "number", "integer", "date")
CHECKED_CONSTRAINTS = ("required", "unique", "enum", "pattern", "minimum")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    title: str
    description: str
    constraints: dict[str, Any]
    example: str = ""

    @classmethod
    def from_descriptor(cls, d: dict[str, Any]) -> Field:
        return cls(
            d["name"],
            d.get("type", "string"),
            d.get("title", d["name"]),
            d.get("description", ""),
            d.get("constraints", {}),
            str(d.get("example", "")),
        )


def unchecked(field: Field) -> list[str]:
    """What the descriptor asks of a field that this validator does not check, e.g. 'constraint "maximum"'."""
    found = [f'type "{field.type}"'] if field.type not in CHECKED_TYPES else []
    return found + [f'constraint "{name}"' for name in sorted(field.constraints) if name not in CHECKED_CONSTRAINTS]


def parse_date(text: str) -> dt.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _convert(field: Field, text: str) -> tuple[Value, str | None]:
    """Returns the typed value, or an error message."""
    if field.type == "date":
        value = parse_date(text)
        if value is None:
            hint = "dates are YYYY-MM-DD" if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else "no such day in the calendar"
            return None, f'expected a date, found "{text}" ({hint})'
        return value, None
    if field.type in ("number", "integer"):
        if len(text) > 40:
            return None, f"expected a number, found a value {len(text)} characters long"
        cleaned = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text) else text
        try:
            number = float(cleaned) if field.type == "number" else int(cleaned)
        except ValueError:
            kind = "a number" if field.type == "number" else "a whole number"
            return None, f'expected {kind}, found "{text}"'
        if not math.isfinite(number):
            return None, f'expected a number, found "{text}"'
        if cleaned != text:
            return None, f'expected a number without thousands separators, found "{text}" (write {cleaned}; keep "{text}" in as_reported)'
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        return number, None
    return text, None


def _check_constraints(field: Field, text: str, value: Value) -> str | None:
    c = field.constraints
    if "enum" in c and text not in c["enum"]:
        return f'expected one of {", ".join(c["enum"])}, found "{text}"{did_you_mean(text, c["enum"])}'
    if "pattern" in c and not re.fullmatch(c["pattern"], text):
        like = f"a value like {field.example}" if field.example else f"text matching {c['pattern']}"
        return f'expected {like}, found "{text}"'
    if "minimum" in c and isinstance(value, int | float) and value < c["minimum"]:
        return f'expected a number of at least {c["minimum"]}, found "{text}"'
    return None


_SLOW = object()


def _fast_converter(field: Field) -> Callable[[str], Any]:
    """The common case in one cheap step; anything unusual returns _SLOW and gets the full check with its message."""
    c = field.constraints
    if field.type == "date":

        def date(text: str) -> Any:
            if len(text) != 10 or text[4] != "-" or text[7] != "-":
                return _SLOW
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return _SLOW

        return date
    if field.type in ("number", "integer"):
        if c.get("minimum", 0) <= 0:
            return lambda text: int(text) if len(text) <= 15 and text.isascii() and text.isdigit() else _SLOW
        # A positive minimum needs the full check; never let such a number through as text.
        return lambda text: _SLOW
    if "enum" in c:
        allowed = frozenset(c["enum"])
        return lambda text: text if text in allowed else _SLOW
    if "pattern" in c:
        pattern = re.compile(c["pattern"])
        return lambda text: text if pattern.fullmatch(text) else _SLOW
    return lambda text: text


def typed_rows(table: Table, fields: list[Field], problems: Problems) -> list[tuple[int, dict[str, Value]]]:
    """Each row converted to Python values; a row with any problem is reported and left out.

    Each typed row also keeps its cells as read, joined, under "_raw": a cheap fingerprint.
    """
    result = []
    converters = [(field, _fast_converter(field)) for field in fields]
    for row in table.rows:
        typed = _typed_row(table, row, converters, problems)
        if typed is not None:
            typed["_raw"] = "\x1f".join(row.values.values())
            result.append((row.line, typed))
    _check_unique(table, fields, result, problems)
    return result


def _typed_row(table: Table, row: Row, converters: list[tuple[Field, Callable[[str], Any]]], problems: Problems) -> dict[str, Value] | None:
    typed: dict[str, Value] = {}
    ok = True
    for field, fast in converters:
        text = row.values[field.name].strip()
        if text and (value := fast(text)) is not _SLOW:
            typed[field.name] = value
            continue
        if not text:
            if field.constraints.get("required"):
                problems.error(table.path, row.line, f"{field.name}: expected a value, found an empty cell")
                ok = False
            typed[field.name] = None if field.type != "string" else ""
            continue
        value, message = _convert(field, text)
        message = message or _check_constraints(field, text, value)
        if message:
            problems.error(table.path, row.line, f"{field.name}: {message}")
            ok = False
        typed[field.name] = value
    return typed if ok else None


def _check_unique(table: Table, fields: list[Field], rows: list[tuple[int, dict[str, Value]]], problems: Problems) -> None:
    for field in fields:
        if not field.constraints.get("unique"):
            continue
        seen: dict[Value, int] = {}
        for line, row in rows:
            key = row[field.name]
            if key in seen:
                problems.error(table.path, line, f'{field.name}: duplicate key "{key}" (first on line {seen[key]})')
            else:
                seen[key] = line
