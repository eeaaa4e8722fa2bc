"""A second opinion on the package from Frictionless itself, reported in our error format."""

from __future__ import annotations

from pathlib import Path

from .errors import Problems


def frictionless_problems(data_dir: Path, problems: Problems) -> None:
    from frictionless import Package, system

    descriptor = data_dir / "datapackage.json"
    with system.use_context(trusted=False):
        report = Package(str(descriptor)).validate()
    for task in report.tasks:
        for error in task.errors:
            line = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            where = data_dir / task.place if task.place and not task.place.startswith("http") else descriptor
            problems.error(where, line, f"frictionless: {field + ': ' if field else ''}{error.message}")
    for error in report.errors:
        problems.error(descriptor, None, f"frictionless: {error.message}")
