"""Where the gates' outside tools live, and what to do when one is missing."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = REPO / "screenshots"

# The workplace network is closed: without these, Chromium keeps trying to reach
# Google's services and every refused connection shows up as noise.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SETUP_HINT = "run scripts/setup-browser.sh"


def require(path: Path) -> Path:
    """Return path, or fail with the one command that installs it."""
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: {SETUP_HINT}")
    return path
