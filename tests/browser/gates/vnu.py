"""The Nu HTML Checker over the built HTML files, in one Java run."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..tools import VNU_JAR, require
from .problem import Problem


def vnu_errors(files: Sequence[Path], root: Path) -> list[Problem]:
    """Every error vnu finds; pages are named by their path under root."""
    if not files:
        return []
    command = ["java", "-jar", str(require(VNU_JAR)), "--errors-only", "--format", "json", "--stdout"]
    done = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=600, check=False)
    # vnu exits 1 when it found errors; anything else means it did not run.
    if done.returncode not in (0, 1):
        raise RuntimeError(f"vnu failed with status {done.returncode}: {done.stderr.strip()}")
    messages = json.loads(done.stdout)["messages"]
    return [Problem(_name(m.get("url", ""), root), "html", f"line {m.get('lastLine', '?')}: {m['message']}") for m in messages if m["type"] in ("error", "non-document-error")]


def _name(url: str, root: Path) -> str:
    path = Path(unquote(urlsplit(url).path))
    try:
        return "/" + path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
