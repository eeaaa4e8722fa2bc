"""The benchmark's own machinery: its edits put the inputs back, and a part that did not run fails the run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "bench"))

import report
import run
import same_output


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("scenario", run.SCENARIOS, ids=lambda s: s.name)
def test_each_edit_changes_what_it_says_then_puts_the_inputs_back(tmp_path: Path, scenario: run.Scenario) -> None:
    root = copy_project(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("built", encoding="utf-8")
    before = snapshot(root)
    seen = []
    with scenario.edit(root, "seed") as step:
        for i in range(2):
            step(i)
            seen.append(snapshot(root))
    inputs = {k: v for k, v in before.items() if not k.startswith("site/")}
    assert {k: v for k, v in snapshot(root).items() if not k.startswith("site/")} == inputs
    if scenario.name in ("one_source", "one_narrative"):
        # Each run sees inputs no earlier run saw, so no build can reuse a cached result.
        assert before != seen[0] != seen[1] != before
        changed = [k for k in before if before[k] != seen[0][k]]
        assert len(changed) == 1, changed
    if scenario.name == "cold":
        assert "site/index.html" not in seen[0]


def test_a_failed_build_a_missing_tool_and_a_lighthouse_error_each_fail_the_run() -> None:
    failed_run = {"returncode": 1, "stderr": "Traceback"}
    result = {
        "lighthouse": "npm ci in bench/ failed (1)",
        "datasets": {
            "seed": {
                "scenarios": {"cold": {"runs": [failed_run]}},
                "without_js": {"error": "playwright is not installed"},
                "lighthouse": {"home": {"error": "timed out"}},
            }
        },
    }
    found = report.problems(result)
    assert len(found) == 4, found
    assert report.problems({"lighthouse": "skipped on request (--no-lighthouse)", "datasets": {}}) == []


def test_same_output_names_every_file_that_is_not_the_same_byte_for_byte(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    for side in (before, after):
        (side / "charts").mkdir(parents=True)
        (side / "index.html").write_bytes(b"<p>same</p>")
    (before / "charts" / "a.svg").write_bytes(b"<svg/>")
    (after / "charts" / "a.svg").write_bytes(b"<svg/>\n")  # one byte more
    (before / "gone.csv").write_bytes(b"x")
    (after / "charts" / "new.png").write_bytes(b"y")
    assert same_output.differences(before, after) == ["differs: charts/a.svg", "only after: charts/new.png", "only before: gone.csv"]
    assert same_output.differences(before, before) == []
