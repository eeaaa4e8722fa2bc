"""Skip a build whose inputs and output are exactly as the last successful build left them."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

CODE_DIR = Path(__file__).resolve().parent


def _files(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if folder.is_dir() else []


def inputs_digest(folders: list[Path], files: list[Path], settings: str) -> str:
    digest = hashlib.sha256(settings.encode())
    for path in [*(f for folder in folders for f in _files(folder)), *files, *_files(CODE_DIR)]:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def output_state(out_dir: Path) -> dict[str, list[int]]:
    """Size and modification time of every output file: enough to notice a hand edit or a deletion."""
    state: dict[str, list[int]] = {}

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat()
                    state[prefix + entry.name] = [info.st_size, info.st_mtime_ns]

    if out_dir.is_dir():
        walk(str(out_dir), "")
    return dict(sorted(state.items()))


def fingerprint(*parts: object) -> str:
    """A digest of values whose repr says everything about them (strings, numbers, dataclasses)."""
    return hashlib.sha256("\x1e".join(map(repr, parts)).encode()).hexdigest()


class BuildRecord:
    """What the last successful build read and wrote, in one file: a digest of its inputs, the
    state of the folder it wrote, and a key for each page that can be reused. Nothing in it is
    trusted unless the output folder is exactly as that build left it."""

    def __init__(self, path: Path, out_dir: Path, state: dict[str, list[int]]):
        self.path, self.out_dir = path, out_dir
        try:
            last = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            last = {}
        trusted = last.get("out") == str(out_dir) and last.get("output") == state
        self.inputs: str = last.get("inputs", "") if trusted else ""
        self.pages: dict[str, str] = last.get("pages", {}) if trusted else {}

    def is_fresh(self, digest: str) -> bool:
        return bool(self.inputs) and self.inputs == digest

    def save(self, digest: str, state: dict[str, list[int]], pages: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"inputs": digest, "out": str(self.out_dir), "output": state, "pages": pages}), encoding="utf-8")
        os.replace(tmp, self.path)
