"""Chart declarations: one short YAML file per chart in content/charts/, read and checked here.

A declaration names what to show (kind, metrics, populations, period, councils, notes); the chart
kinds in `chart_kinds` decide how. An editor adds a chart by adding a file, with no Python.
Problems are reported with the declaration's file and line, like every other input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .dataset import Dataset
from .errors import Problems, did_you_mean
from .safe_yaml import load as _load_yaml
from .tables import read_text

KINDS = ("comparison", "strip", "funnel", "bands", "trend")
REQUIRED = ("kind", "title", "metrics", "populations")
OPTIONAL = ("period", "councils", "notes", "axis", "category", "share", "beyond_first")
NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Periods other than a label such as 2020-21: the newest one with figures, or every one (trend).
PERIOD_WORDS = ("latest", "all")


@dataclass(frozen=True)
class Pick:
    """One metric or population the chart shows, with the short label its marks carry."""

    id: str
    label: str


@dataclass(frozen=True)
class Share:
    """A share computed per council and group: `part` as a percentage of `whole`."""

    part: str
    whole: str
    label: str


@dataclass(frozen=True)
class ChartSpec:
    name: str
    path: Path
    kind: str
    title: str
    metrics: list[Pick]
    populations: list[Pick]
    period: str = "latest"
    councils: list[str] | None = None
    notes: list[str] = field(default_factory=list)
    axis: str = ""
    category: str = ""
    share: Share | None = None
    beyond_first: str = ""
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


def read_chart_specs(folder: Path, problems: Problems) -> list[ChartSpec]:
    """Every declaration in the folder, in name order; a bad one is reported and left out."""
    if not folder.is_dir():
        return []
    found = [_read_one(path, problems) for path in sorted(folder.glob("*.y*ml"))]
    return [spec for spec in found if spec is not None]


def _key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key, for messages: YAML's own marks, counted from 1."""
    node = yaml.compose(text)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def _read_one(path: Path, problems: Problems) -> ChartSpec | None:
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        raw = _load_yaml(text)
        lines = _key_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.error(path, mark.line + 1 if mark else 1, f"invalid YAML ({getattr(exc, 'problem', None) or 'cannot parse'})")
        return None
    if not NAME.fullmatch(path.stem):
        problems.error(path, 1, f'chart name: expected lower-case letters, digits and hyphens, found "{path.stem}" (rename the file)')
        return None
    if not isinstance(raw, dict):
        problems.error(path, 1, "expected key: value lines (kind, title, metrics, populations, ...)")
        return None
    errors = len(problems.errors)
    for key in REQUIRED:
        if key not in raw:
            problems.error(path, 1, f'expected "{key}", found none')
    for key in sorted(set(raw) - set(REQUIRED) - set(OPTIONAL), key=str):
        problems.error(path, lines.get(str(key), 1), f'unknown key "{key}"{did_you_mean(str(key), REQUIRED + OPTIONAL)}')
    if len(problems.errors) > errors:
        return None
    return _spec(path, raw, lines, problems)


def _spec(path: Path, raw: dict[str, Any], lines: dict[str, int], problems: Problems) -> ChartSpec | None:
    errors = len(problems.errors)
    kind = str(raw["kind"])
    if kind not in KINDS:
        problems.error(path, lines["kind"], f'kind: expected one of {", ".join(KINDS)}, found "{kind}"{did_you_mean(kind, KINDS)}')
    metrics = _picks(path, raw["metrics"], "metrics", lines, problems)
    populations = _picks(path, raw["populations"], "populations", lines, problems)
    councils = raw.get("councils", "all")
    if councils != "all" and not (isinstance(councils, list) and all(isinstance(c, str | int) for c in councils)):
        problems.error(path, lines.get("councils", 1), 'councils: expected "all" or a list of council names or codes')
    notes = raw.get("notes", [])
    if isinstance(notes, str):
        notes = [notes]
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        problems.error(path, lines.get("notes", 1), "notes: expected a list of sentences")
    share = _share(path, raw.get("share"), lines, problems)
    if len(problems.errors) > errors:
        return None
    return ChartSpec(
        path.stem,
        path,
        kind,
        str(raw["title"]).strip(),
        metrics,
        populations,
        str(raw.get("period", "latest")),
        None if councils == "all" else [str(c) for c in councils],
        [n.strip() for n in notes],
        str(raw.get("axis", "")),
        str(raw.get("category", "")),
        share,
        str(raw.get("beyond_first", "")),
        lines,
    )


def _picks(path: Path, value: Any, key: str, lines: dict[str, int], problems: Problems) -> list[Pick]:
    """`[a, b]` or `[{a: Label}, b]`: ids in the order the chart shows them, each with a label."""
    picks = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            picks.append(Pick(item, ""))
        elif isinstance(item, dict) and len(item) == 1:
            (ident, label), *_ = item.items()
            picks.append(Pick(str(ident), str(label)))
        else:
            problems.error(path, lines.get(key, 1), f"{key}: expected ids, or id: label pairs, found {item!r}")
            return []
    if not picks:
        problems.error(path, lines.get(key, 1), f"{key}: expected at least one")
    return picks


def _share(path: Path, value: Any, lines: dict[str, int], problems: Problems) -> Share | None:
    if value is None:
        return None
    if isinstance(value, dict) and {"part", "whole", "label"} == set(value):
        return Share(str(value["part"]), str(value["whole"]), str(value["label"]))
    problems.error(path, lines.get("share", 1), "share: expected part, whole and label (metric ids and the column's label)")
    return None


def check_against_data(spec: ChartSpec, ds: Dataset, problems: Problems) -> bool:
    """Names the declaration reaches must exist in the data: a typo is an error, not an empty chart."""
    errors = len(problems.errors)
    metric_ids = [p.id for p in spec.metrics] + ([spec.share.part, spec.share.whole] if spec.share else [])
    for metric in metric_ids:
        if metric not in ds.metrics:
            problems.error(
                spec.path,
                spec.line("share" if metric not in [p.id for p in spec.metrics] else "metrics"),
                f'unknown metric "{metric}"{did_you_mean(metric, list(ds.metrics))}',
            )
    populations = {o.population for o in ds.observations}
    for pick in spec.populations:
        if pick.id not in populations:
            problems.error(
                spec.path, spec.line("populations"), f'population "{pick.id}" has no figures{did_you_mean(pick.id, populations)}'
            )
    periods = {o.period.label for o in ds.observations}
    if spec.period not in PERIOD_WORDS and spec.period not in periods:
        problems.error(
            spec.path, spec.line("period"), f'period "{spec.period}" has no figures{did_you_mean(spec.period, periods)} (or write latest)'
        )
    if (spec.period == "all") != (spec.kind == "trend"):
        problems.error(spec.path, spec.line("period"), 'period: "all" is for kind trend, and a trend shows every period ("all")')
    for council in spec.councils or []:
        if ds.authority_by_name_or_code(council) is None:
            names = [a.name for a in ds.authorities.values()]
            problems.error(spec.path, spec.line("councils"), f'unknown council "{council}"{did_you_mean(council, names)}')
    return len(problems.errors) == errors
