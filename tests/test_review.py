"""Told when prose may be stale: snapshots of what a narrative reaches, and what changed since it was read."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from small_data import council, councils_with, dataset, observation, source

from explainer.cli import main
from explainer.errors import Problems
from explainer.lookups import Reach, SetLookups
from explainer.review import MAX_PER_COUNCIL, changes, read_manifest, snapshot, stale, warn_stale, write_manifest


def reach_of(ds, *calls: tuple) -> Reach:  # type: ignore[no-untyped-def]
    reach = Reach()
    lookups = SetLookups(ds, "", reach)
    for period, metric in calls:
        lookups.councils(period, metric)
    return reach


def test_a_council_added_is_named() -> None:
    before = councils_with("children_missing", [1.0, 2.0])
    after = councils_with("children_missing", [1.0, 2.0, 3.0])
    old = snapshot(before, reach_of(before, ("2020-21", "children_missing")), {})
    new = snapshot(after, reach_of(after, ("2020-21", "children_missing")), {})
    assert changes(old, new) == [f"children_missing 2020-21 now has 3 councils ({council(2).name} added)"]
    assert changes(new, old) == [f"children_missing 2020-21 now has 2 councils ({council(2).name} removed)"]


def test_a_changed_figure_names_its_council() -> None:
    before = councils_with("children_missing", [1.0, 2.0])
    after = councils_with("children_missing", [1.0, 5.0])
    old = snapshot(before, reach_of(before, ("2020-21", "children_missing")), {})
    new = snapshot(after, reach_of(after, ("2020-21", "children_missing")), {})
    assert changes(old, new) == [f"children_missing 2020-21: figures changed for {council(1).name}"]
    assert changes(new, new) == []


def test_many_councils_share_one_digest_and_still_say_who_was_added() -> None:
    n = MAX_PER_COUNCIL + 5
    before = councils_with("children_missing", [1.0] * n)
    after = councils_with("children_missing", [1.0] * (n - 1) + [9.0])
    old = snapshot(before, reach_of(before, ("2020-21", "children_missing")), {})
    new = snapshot(after, reach_of(after, ("2020-21", "children_missing")), {})
    assert isinstance(new["data"]["children_missing 2020-21"]["figures"], str)
    assert changes(old, new) == ["children_missing 2020-21: figures changed"]


def test_new_lookups_and_changed_charts_are_named() -> None:
    ds = councils_with("children_missing", [1.0])
    old = snapshot(ds, reach_of(ds, ("2020-21", "children_missing")), {})
    reach = reach_of(ds, ("2020-21", "children_missing"), ("2024", "rhi_offered"))
    reach.charts.add("a-chart")
    new = snapshot(ds, reach, {"a-chart": "Council,Value\nA,1\n"})
    assert changes(old, new) == ["now reaches rhi_offered 2024, not there when it was last read", "now shows chart a-chart"]
    newer = snapshot(ds, reach, {"a-chart": "Council,Value\nA,2\n"})
    assert changes(new, newer) == ["chart a-chart shows different data"]


def test_the_manifest_round_trips_and_stale_names_each_narrative(tmp_path: Path) -> None:
    a, b = council(1), council(2)
    ds = dataset([a, b], [source("sa", a.code), source("sb", b.code)], [observation("sa", a.code, "children_missing", 3.0)])
    today = {"one.md": snapshot(ds, reach_of(ds, ("2020-21", "children_missing")), {}), "two.md": snapshot(ds, Reach(), {})}
    assert stale(tmp_path, today) == {"one.md": ["not reviewed yet"], "two.md": ["not reviewed yet"]}
    write_manifest(tmp_path, today)
    assert read_manifest(tmp_path) == today
    assert stale(tmp_path, today) == {}
    grown = dataset([a, b], list(ds.sources.values()), [*ds.observations, observation("sb", b.code, "children_missing", 4.0)])
    problems = Problems()
    warn_stale(tmp_path, {**today, "one.md": snapshot(grown, reach_of(grown, ("2020-21", "children_missing")), {})}, problems)
    assert [w.message for w in problems.warnings] == [
        f"children_missing 2020-21 now has 2 councils ({b.name} added); read it again, then run `build.py review {(tmp_path / 'one.md').as_posix()}`"
    ]


def run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    return code, err.getvalue()


def test_stamp_refuses_until_the_narratives_are_reviewed(project: Path) -> None:
    root = ["--root", str(project)]
    observations = project / "data" / "observations.csv"
    row = next(
        line for line in observations.read_text(encoding="utf-8").splitlines() if ",children_missing,all,," in line and "2020-04-01" in line
    )
    cells = row.split(",")
    cells[7] = str(int(cells[7]) + 1)
    observations.write_text(observations.read_text(encoding="utf-8").replace(row, ",".join(cells), 1), encoding="utf-8")
    code, err = run(["stamp", "--force", *root])
    assert code == 1
    assert "content/going-missing.md: not reviewed since what it reaches changed" in err.replace(str(project) + "/", "")
    code, err = run(["check", *root])
    assert code == 0 and "children_missing 2020-21: figures changed for" in err
    assert run(["review", "--all", *root])[0] == 0
    code, err = run(["stamp", "--force", *root])
    assert code == 0, err


def test_many_councils_added_are_counted_not_all_named() -> None:
    before = councils_with("children_missing", [1.0])
    after = councils_with("children_missing", [1.0] * 40)
    old = snapshot(before, reach_of(before, ("2020-21", "children_missing")), {})
    new = snapshot(after, reach_of(after, ("2020-21", "children_missing")), {})
    (change,) = changes(old, new)
    assert change.startswith("children_missing 2020-21 now has 40 councils (") and change.endswith(" more added)")
    assert len(change) < 200
