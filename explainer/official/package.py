"""Write imported official rows into data/, keeping every FOI row as it is.

Official rows are recognised by what the package already says about them (a source whose
source_kind is official_statistics, a metric the importer defines, an area the raw files name), so
they are replaced as a whole on each import and nothing else is touched. Files are written only
when their bytes change, in a fixed order, with LF line ends: a rerun on the same inputs is a no-op.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from ..model import OFFICIAL
from .importer import Imported
from .measures import METRIC_IDS


def _fields(descriptor: dict, name: str) -> list[str]:
    resource = next(r for r in descriptor["resources"] if r.get("name") == name)
    return [f["name"] for f in resource["schema"]["fields"]]


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _render(fields: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([row.get(f, "") or "" for f in fields])
    return out.getvalue().encode("utf-8")


def _in_place(rows: list[dict[str, str]], is_imported: Callable[[dict[str, str]], bool], imported: list[dict[str, str]]) -> list[dict[str, str]]:
    """The imported rows where the old imported rows began (at the end if there were none).

    Every other row keeps its place, so FOI rows a maintainer appended after the official block
    stay after it and a rerun moves nothing.
    """
    start = next((i for i, row in enumerate(rows) if is_imported(row)), len(rows))
    kept = [row for row in rows if not is_imported(row)]
    before = sum(1 for row in rows[:start] if not is_imported(row))
    return kept[:before] + imported + kept[before:]


def merged(data: Path, imported: Imported) -> dict[str, bytes]:
    """The new bytes of each data file the import affects."""
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    old_sources = _read(data / "sources.csv")
    official = {r["source_id"] for r in old_sources if r.get("source_kind") == OFFICIAL} | {s["source_id"] for s in imported.sources}
    new_codes = {a["authority_code"] for a in imported.authorities}
    tables = {
        "authorities": _in_place(_read(data / "authorities.csv"), lambda r: r["authority_code"] in new_codes, imported.authorities),
        "sources": _in_place(old_sources, lambda r: r["source_id"] in official, imported.sources),
        "metrics": _in_place(_read(data / "metrics.csv"), lambda r: r["metric_id"] in METRIC_IDS, imported.metrics),
        "observations": _in_place(_read(data / "observations.csv"), lambda r: r["source_id"] in official, imported.observations),
        "neighbours": imported.neighbours,
        "cautions": imported.cautions,
    }
    return {f"{name}.csv": _render(_fields(descriptor, name), rows) for name, rows in tables.items()}


def write(data: Path, files: dict[str, bytes]) -> list[str]:
    """Names of the files whose bytes changed. Each is replaced whole, through a temporary file."""
    changed = []
    for name, content in sorted(files.items()):
        path = data / name
        if path.is_file() and path.read_bytes() == content:
            continue
        temporary = path.with_name(f".{name}.tmp")
        temporary.write_bytes(content)
        temporary.replace(path)
        changed.append(name)
    return changed
