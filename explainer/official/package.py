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
from pathlib import Path

from .importer import Imported
from .measures import METRIC_IDS

OFFICIAL_KIND = "official_statistics"


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


def merged(data: Path, imported: Imported) -> dict[str, bytes]:
    """The new bytes of each data file the import affects."""
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    old_sources = _read(data / "sources.csv")
    official = {r["source_id"] for r in old_sources if r.get("source_kind") == OFFICIAL_KIND} | {s["source_id"] for s in imported.sources}
    new_codes = {a["authority_code"] for a in imported.authorities}
    tables = {
        "authorities": imported.authorities + [r for r in _read(data / "authorities.csv") if r["authority_code"] not in new_codes],
        "sources": [r for r in old_sources if r["source_id"] not in official] + imported.sources,
        "metrics": [r for r in _read(data / "metrics.csv") if r["metric_id"] not in METRIC_IDS] + imported.metrics,
        "observations": [r for r in _read(data / "observations.csv") if r["source_id"] not in official] + imported.observations,
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
