"""Timing one build: a throwaway project root, and `build.py build --root ROOT` in a fresh process."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    returncode: int
    reported: str
    stderr: str = ""


@dataclass
class ScenarioResult:
    # The machine's 1-minute load average when the scenario started, and whether it was still
    # above the threshold then: figures from a busy machine are not comparable with others.
    load: float = 0.0
    busy: bool = False
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def median(self) -> float | None:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(r.cpu_seconds for r in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.max_rss_mb for r in self.runs) if self.runs else None


# The build is started by this small launcher, not by the benchmark itself: a process's peak-memory
# figure (ru_maxrss) keeps the high-water mark of the process it was forked from, so a build
# forked straight from the benchmark (hundreds of MB by then) would be charged for its memory.
LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(sys.argv[1], "w") as handle:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}, handle)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_build(code: Path, root: Path) -> Run:
    """One `build.py build --root ROOT` in a fresh process: wall time, CPU time and that process's peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile(suffix=".json") as measured:
        command = [sys.executable, "-c", LAUNCHER, measured.name, sys.executable, str(code / "build.py"), "build", "--root", str(root)]
        returncode = subprocess.run(command, stdout=out, stderr=err, cwd=root, check=False).returncode
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        try:
            m = json.loads(Path(measured.name).read_text() or "{}")
        except ValueError:
            m = {}
    # ru_maxrss is in kilobytes on Linux.
    return Run(
        round(m.get("wall", 0.0), 3),
        round(m.get("cpu", 0.0), 3),
        round(m.get("maxrss_kb", 0) / 1024, 1),
        returncode,
        stdout.strip(),
        stderr.strip()[-2000:],
    )


def prepare_root(root: Path, dataset: str, seed: int) -> dict[str, int] | None:
    """A throwaway project root holding copies of the inputs; the national data are generated."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    if (REPO / "site.toml").is_file():
        shutil.copy(REPO / "site.toml", root / "site.toml")
    if dataset == "seed":
        shutil.copytree(REPO / "data", root / "data")
        return None
    return generate.generate(root / "data", seed=seed)
