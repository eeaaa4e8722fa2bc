"""`build.py import-official`: read inputs/official/, check everything, then write data/ or nothing."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..errors import Problems, display_path, failure_lines
from .importer import collect
from .package import merged, write


def import_official(inputs: Path, data: Path) -> int:
    started = time.perf_counter()
    problems = Problems()
    imported = collect(inputs, problems)
    if imported is None:
        for line in failure_lines(problems, None, "import-official"):
            print(line, file=sys.stderr)
        print(f"nothing was written to {display_path(data)}/", file=sys.stderr)
        return 1
    changed = write(data, merged(data, imported))
    took = time.perf_counter() - started
    counts = f"{len(imported.observations)} figures for {len({o['authority_code'] for o in imported.observations})} areas from {len(imported.sources)} sources"
    if not changed:
        print(f"import-official: {counts}; {display_path(data)}/ already holds them, nothing changed ({took:.2f} s)")
        return 0
    print(f"import-official: {counts}; rewrote {', '.join(changed)} in {display_path(data)}/ ({took:.2f} s)")
    print("next: build.py check, then bump the version in data/datapackage.json, add a data/CHANGELOG.md entry and run build.py stamp")
    return 0
