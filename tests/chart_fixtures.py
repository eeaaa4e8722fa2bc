"""Small made-up datasets and chart declarations for the chart tests.

A figure is written as one tuple: (council, period, metric, population, breakdown, value), where
value is a number, or "c" for a suppressed figure. Councils are named freely; their codes are
made up. Nothing here is real data.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from explainer.chart_data import ChartData
from explainer.chart_spec import ChartSpec, read_chart_specs
from explainer.charts import build_all
from explainer.dataset import Dataset
from explainer.errors import Problems
from explainer.model import Authority, Metric, Observation, Period, Source

Figure = tuple[str, str, str, str, str, "int | str"]
UNITS = {"rhi": "interviews", "episodes": "episodes"}


def period(label: str) -> Period:
    """ "2020-21" is a financial year, "2024" a calendar year."""
    if "-" in label:
        start = int(label[:4])
        return Period(dt.date(start, 4, 1), dt.date(start + 1, 3, 31))
    return Period(dt.date(int(label), 1, 1), dt.date(int(label), 12, 31))


def code(council: str) -> str:
    return f"E06{sum(ord(c) * (i + 1) for i, c in enumerate(council)) % 1_000_000:06d}"


def dataset(figures: list[Figure]) -> Dataset:
    councils = sorted({f[0] for f in figures})
    authorities = {code(c): Authority(code(c), c, "Nowhere") for c in councils}
    sources = {
        f"src-{code(c)}": Source(f"src-{code(c)}", code(c), f"{c} response", "", None, "OGL-UK-3.0", "OGL", "OGL", "", "", "")
        for c in councils
    }
    metrics = {m: Metric(m, m.replace("_", " ").capitalize(), _unit(m), "test") for m in sorted({f[2] for f in figures})}
    observations = []
    for line, (council, label, metric, population, breakdown, value) in enumerate(figures, start=2):
        suppressed = value == "c"
        observations.append(
            Observation(
                line,
                f"src-{code(council)}",
                code(council),
                period(label),
                metric,
                population,
                breakdown,
                None if suppressed else value,
                "suppressed" if suppressed else "reported",
                str(value),
                "1",
                "Suppressed: 5 or fewer" if suppressed else "",
            )
        )
    return Dataset({"name": "fixture", "version": "1.0.0"}, authorities, sources, metrics, observations, [])


def _unit(metric: str) -> str:
    return next((unit for prefix, unit in UNITS.items() if metric.startswith(prefix)), "children")


def declare(folder: Path, name: str, text: str) -> Path:
    """Writes one declaration, as an editor would, and returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def specs(folder: Path) -> tuple[list[ChartSpec], Problems]:
    problems = Problems()
    return read_chart_specs(folder, problems), problems


def charts(ds: Dataset, folder: Path) -> dict[str, ChartData]:
    """Every chart declared in `folder`, built from `ds`; any problem fails the test."""
    found, problems = specs(folder)
    built = build_all(ds, found, problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    return built


def two_councils() -> list[Figure]:
    """Two councils, two groups, one financial year: enough for every kind of chart."""
    figures: list[Figure] = []
    for council, base in (("Ashby", 100), ("Brent Vale", 200)):
        for group, extra in (("not_looked_after", 0), ("looked_after", 50)):
            figures += [
                (council, "2020-21", "children_missing", group, "", base + extra),
                (council, "2020-21", "rhi_offered", group, "", base + extra + 10),
                (council, "2020-21", "rhi_accepted", group, "", base // 2 + extra),
            ]
            figures += [
                (council, "2020-21", "children_by_times_missing", group, band, n)
                for band, n in (("1", 40 - extra // 5), ("2", 20), ("3", 10 + extra // 5))
            ]
        figures += [(council, "2020-21", "missing_episodes", "all", "", base * 3), (council, "2020-21", "rhi_done", "all", "", base)]
    return figures


COMPARISON = """
    kind: comparison
    title: Interviews offered and accepted
    period: latest
    metrics:
      - rhi_offered: Offered
      - rhi_accepted: Accepted
    populations: [not_looked_after, looked_after]
    share: {part: rhi_accepted, whole: rhi_offered, label: Share of offers accepted}
"""
BANDS = """
    kind: bands
    title: Times missing
    period: latest
    metrics: [children_by_times_missing]
    populations: [not_looked_after, looked_after]
    beyond_first: went missing more than once
"""
FUNNEL = """
    kind: funnel
    title: From episode to interview
    period: latest
    metrics: [missing_episodes, rhi_done]
    populations: [all]
"""
TREND = """
    kind: trend
    title: Children missing
    period: all
    metrics: [children_missing]
    populations: [looked_after]
"""
EVERY_KIND = {"offers": COMPARISON, "times": BANDS, "funnel": FUNNEL, "trend": TREND}


def declare_every_kind(folder: Path) -> Path:
    for name, text in EVERY_KIND.items():
        declare(folder, name, text)
    return folder
