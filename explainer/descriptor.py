"""The shape of datapackage.json, checked before anything it names is read.

The descriptor says which files to read, what the zip is called and which patterns to run over
every cell, so each of those is checked here first: a bad one is a `file: message` line, never a
crash, a read outside data/ or a pattern that takes hours.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import Problems
from .safe_paths import input_problem, segment_problem

# A group that repeats and holds a repeat itself, such as (a+)+ or (\w*)*: on a cell that almost
# matches, Python's regex engine tries every way to split it, which can take hours.
_NESTED_REPEAT = re.compile(r"\((?:[^()\\]|\\.)*(?:[*+]|\{\d*,\d*\})(?:[^()\\]|\\.)*\)(?:[*+]|\{\d*,\d*\})")
PATTERN_MAX = 500


def package_problems(path: Path, descriptor: dict[str, Any], problems: Problems) -> bool:
    """Records every problem with the package's own metadata and resources; True when there were none."""
    before = len(problems.errors)
    for key in ("name", "title", "version", "licenses"):
        if not descriptor.get(key):
            problems.error(path, None, f'package metadata: expected "{key}", found none')
    name, version = descriptor.get("name"), descriptor.get("version")
    if name and (message := segment_problem(str(name), "package name")) is not None:
        problems.error(path, None, message)
    # Semantic versioning itself is versioning.py's warning; here, only what makes the zip's name safe.
    if version and not isinstance(version, str):
        problems.error(path, None, f'package version: expected text such as "1.2.0", found {str(version)[:60]}')
    elif version and (message := segment_problem(version, "package version")) is not None:
        problems.error(path, None, message)
    if descriptor.get("title") is not None and not isinstance(descriptor.get("title"), str):
        problems.error(path, None, "package metadata: title: expected text")
    for number, resource in enumerate(descriptor["resources"], start=1):
        _resource_problems(path, number, resource, problems)
    return len(problems.errors) == before


def _resource_problems(path: Path, number: int, resource: dict[str, Any], problems: Problems) -> None:
    label = f'resource "{resource.get("name", number)}"'
    message = input_problem(path.parent, resource["path"], f"{label}: path")
    if message is not None:
        problems.error(path, None, message)
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        problems.error(path, None, f'{label}: schema: expected an object with a "fields" list, written in datapackage.json')
        return
    for f in schema["fields"]:
        if isinstance(f, dict) and isinstance(f.get("name"), str):
            _field_problems(path, label, f, problems)


def _field_problems(path: Path, label: str, f: dict[str, Any], problems: Problems) -> None:
    where = f'{label}: field "{f["name"][:60]}"'
    if not isinstance(f.get("description"), str) or not f["description"].strip():
        problems.error(path, None, f"{where}: expected a description (the data page explains every field), found none")
    constraints = f.get("constraints", {})
    if not isinstance(constraints, dict):
        problems.error(path, None, f"{where}: constraints: expected an object")
        return
    if "enum" in constraints and not (isinstance(constraints["enum"], list) and all(isinstance(v, str) for v in constraints["enum"])):
        problems.error(path, None, f"{where}: constraints: enum: expected a list of text values")
    if "pattern" in constraints and (message := pattern_problem(constraints["pattern"])) is not None:
        problems.error(path, None, f"{where}: constraints: pattern: {message}")


def pattern_problem(pattern: object) -> str | None:
    """Why a schema pattern cannot be run over every cell, or None."""
    if not isinstance(pattern, str):
        return "expected a regular expression as text"
    if len(pattern) > PATTERN_MAX:
        return f"expected at most {PATTERN_MAX} characters, found {len(pattern)}"
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"not a valid regular expression: {exc.msg} (at character {exc.pos})"
    except RecursionError:
        return "not a valid regular expression: nested too deeply"
    if _NESTED_REPEAT.search(pattern):
        return "a repeated group that itself repeats, such as (a+)+, can take hours on a cell that almost matches; write it without the nested repeat"
    return None
