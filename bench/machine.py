"""The machine a run measured on: what it is, which code it ran, and how busy it was."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def describe() -> dict[str, object]:
    model = ""
    with contextlib.suppress(OSError):
        model = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), ""
        )
    memory = ""
    with contextlib.suppress(OSError, StopIteration):
        kb = int(next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")).split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def git_describe() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        return head + (" with uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load() -> float:
    """The 1-minute load average: processes running or waiting for a core, averaged."""
    return os.getloadavg()[0]


@dataclass(frozen=True)
class Quiet:
    """Waits, before a scenario, until the 1-minute load average is below max_load.

    Other work on the machine inflates wall times, so figures taken while it is busy cannot be
    compared with another run's. After timeout seconds the scenario runs anyway and its load is
    reported with it, marked busy.
    """

    max_load: float
    timeout: float
    poll: float = 5.0

    def wait(self, log: Callable[[str], None]) -> tuple[float, bool]:
        """(load average when the wait ended, whether it was still at or above max_load)."""
        deadline = time.monotonic() + self.timeout
        current = load()
        if current >= self.max_load:
            log(f"  waiting up to {self.timeout:.0f} s for the load average ({current:.2f}) to fall below {self.max_load:.2f}")
        while current >= self.max_load and time.monotonic() < deadline:
            time.sleep(min(self.poll, max(0.0, deadline - time.monotonic())))
            current = load()
        if current >= self.max_load:
            log(f"  the machine is still busy (load average {current:.2f}); running anyway, and the report says so")
        return round(current, 2), current >= self.max_load
