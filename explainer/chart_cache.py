"""The chart cache in .cache/charts: every artefact checked against a digest before it is used.

A cache that was emptied, cut short by a full disk or edited by hand must never reach the site:
each rendered chart has a record of its files' digests, written last, and a file whose digest
does not match (or a record that cannot be read) is simply rendered again. The key covers every
module of the build and the versions of the libraries that draw the charts, so a change to, say,
number formatting can never leave an old drawing beside a new table.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

CODE_DIR = Path(__file__).resolve().parent
# The libraries whose output is the chart (Altair writes the spec, vl-convert draws it).
LIBRARIES = ("altair", "vl-convert-python", "vega-datasets")


def code_version() -> str:
    """A digest of every module of the build and the drawing libraries' versions."""
    digest = hashlib.sha256()
    for path in sorted(CODE_DIR.rglob("*.py")):
        digest.update(path.relative_to(CODE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=absent".encode())
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Whole or not at all: a full disk leaves the old file (or none), never half a new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_chart(cache_dir: Path, key: str) -> tuple[str, bytes] | None:
    """The SVG and PNG cached under `key`, or None when either is missing or not what was written."""
    try:
        record = json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
        svg, png = (cache_dir / f"{key}.svg").read_bytes(), (cache_dir / f"{key}.png").read_bytes()
        if not (isinstance(record, dict) and svg and png and record.get("svg") == _sha(svg) and record.get("png") == _sha(png)):
            return None
        return svg.decode("utf-8"), png
    except (OSError, ValueError):
        return None


def write_chart(cache_dir: Path, key: str, svg: str, png: bytes) -> None:
    data = svg.encode("utf-8")
    write_atomic(cache_dir / f"{key}.png", png)
    write_atomic(cache_dir / f"{key}.svg", data)
    # The record last: until it is written, the files are not trusted.
    write_atomic(cache_dir / f"{key}.json", json.dumps({"svg": _sha(data), "png": _sha(png)}).encode())


def read_layout(path: Path) -> Any | None:
    """A layout written by write_layout, or None when it is missing or damaged."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        layout = stored["layout"]
        if stored["sha256"] != _sha(json.dumps(layout, sort_keys=True).encode()):
            return None
        return layout
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_layout(path: Path, layout: Any) -> None:
    text = json.dumps(layout, sort_keys=True)
    write_atomic(path, json.dumps({"sha256": _sha(text.encode()), "layout": layout}, sort_keys=True).encode())
