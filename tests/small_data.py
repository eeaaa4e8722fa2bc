"""Small datasets made in code, for unit tests that must hold for any data, not today's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from explainer.dataset import Dataset
from explainer.model import Authority, Metric, Observation, Period, Source

FY_2020 = Period(dt.date(2020, 4, 1), dt.date(2021, 3, 31))
CY_2024 = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
OGL = ("OGL-UK-3.0", "Open Government Licence v3.0", "May be re-used under the Open Government Licence v3.0.")
CLOSED = ("LicenseRef-closed", "Closed council terms", "May be used for news reporting only.")


@dataclass(frozen=True)
class OfficialSource(Source):
    """A source with a kind, as official statistics carry one."""

    kind: str = "official statistics"


@dataclass(frozen=True)
class Area(Authority):
    """An area with a level, as England and the regions carry one."""

    area_level: str = "local_authority"


def council(n: int) -> Authority:
    return Authority(f"E0{n:07d}", f"Council {chr(65 + n % 26)}{n:03d}", "Region")


def source(sid: str, code: str, terms: tuple[str, str, str] = OGL) -> Source:
    return Source(sid, code, f"Response {sid}", "", None, *terms, "", "", "")


def observation(
    sid: str, code: str, metric: str, value: float | None, population: str = "all", period: Period = FY_2020, **kw: str
) -> Observation:
    status = kw.pop("status", "reported" if value is not None else "suppressed")
    return Observation(
        1,
        sid,
        code,
        period,
        metric,
        population,
        kw.pop("breakdown", ""),
        value,
        status,
        str(value),
        kw.pop("question", "1"),
        kw.pop("note", ""),
    )


def dataset(authorities: list[Authority], sources: list[Source], observations: list[Observation]) -> Dataset:
    metrics = {
        m: Metric(m, m.replace("_", " "), "children", "") for m in ("children_missing", "rhi_offered", "rhi_accepted", "missing_episodes")
    }
    return Dataset(
        {"name": "test", "version": "1.0.0"},
        {a.code: a for a in authorities},
        {s.id: s for s in sources},
        metrics,
        observations,
        [],
    )


def councils_with(metric: str, values: list[float | None], terms: tuple[str, str, str] = OGL) -> Dataset:
    """One council, one source and one figure of `metric` for 2020-21 per value."""
    authorities = [council(n) for n in range(len(values))]
    sources = [source(f"s{n}", a.code, terms) for n, a in enumerate(authorities)]
    observations = [observation(f"s{n}", a.code, metric, v) for n, (a, v) in enumerate(zip(authorities, values, strict=True))]
    return dataset(authorities, sources, observations)
