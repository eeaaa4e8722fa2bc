"""Where a build reads its inputs and writes its output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    data: Path
    content: Path
    templates: Path
    out: Path
    cache: Path
    config: Path
    # Inputs the build reads besides the data package (the hex map layout); None: none.
    inputs: Path | None = None

    @classmethod
    def under(cls, root: Path, out: Path | None = None, data: Path | None = None) -> Paths:
        """The project's usual layout under root; out and data may be elsewhere."""
        return cls(
            data or root / "data",
            root / "content",
            root / "templates",
            out or root / "site",
            root / ".cache",
            root / "site.toml",
            root / "inputs",
        )
