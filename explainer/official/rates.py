"""Figures computed from official counts: rates per 10,000 children and shares.

A computed figure is never more precise than its inputs, and never made from a figure that was
withheld: if either input is not a reported number, the result has no value and carries the
input's status (suppressed wins over the others), so a page shows [c] rather than a made-up rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dataset import Dataset
from ..model import Observation
from .measures import BY_ID

POPULATION_METRIC = "population_0_17"
# The order in which a withheld input's status is passed on: a suppressed input hides the result most.
STATUS_ORDER = ("suppressed", "unreliable", "low", "not_held", "not_applicable")


@dataclass(frozen=True)
class Derived:
    value: int | None
    status: str
    inputs: tuple[Observation, ...]

    @property
    def is_reported(self) -> bool:
        return self.status == "reported"


def year_label(year: int) -> str:
    """The package's period label for DfE's reporting year N (the year ending 31 March N): "2023-24"."""
    return f"{year - 1}-{str(year)[2:]}"


def official(ds: Dataset, authority_code: str, year: int, metric_id: str) -> Observation | None:
    """The official figure for an area, reporting year and metric, or None when the package has none."""
    found = [o for o in ds.find(authority_code, year_label(year), metric_id, BY_ID[metric_id].population) if ds.sources[o.source_id].is_official]
    return found[0] if found else None


def population_for(ds: Dataset, authority_code: str, year: int) -> Observation | None:
    """Children aged 0 to 17 as DfE uses them for reporting year N: the mid-year N-1 estimate."""
    day = dt.date(year - 1, 6, 30)
    found = [o for o in ds.by_authority.get(authority_code, []) if o.metric_id == POPULATION_METRIC and o.period.end == day]
    return found[0] if found else None


def _withheld(inputs: tuple[Observation | None, ...]) -> str | None:
    if any(o is None for o in inputs):
        return "not_held"
    statuses = {o.status for o in inputs if o is not None and not o.is_reported}
    return next((s for s in STATUS_ORDER if s in statuses), None) if statuses else None


def ratio(numerator: Observation | None, denominator: Observation | None, per: int) -> Derived:
    """numerator / denominator x per, rounded to a whole number, or the inputs' withheld status."""
    inputs = (numerator, denominator)
    withheld = _withheld(inputs)
    kept = tuple(o for o in inputs if o is not None)
    if withheld:
        return Derived(None, withheld, kept)
    assert numerator is not None and denominator is not None and numerator.value is not None and denominator.value is not None
    if denominator.value == 0:
        return Derived(None, "not_applicable", kept)
    return Derived(round(numerator.value / denominator.value * per), "reported", kept)


def rate_per_10000(ds: Dataset, authority_code: str, year: int, metric_id: str) -> Derived:
    """A count per 10,000 children aged 0 to 17, by DfE's method (reporting year N, mid-year N-1 population)."""
    return ratio(official(ds, authority_code, year, metric_id), population_for(ds, authority_code, year), 10_000)


def share_of_looked_after(ds: Dataset, authority_code: str, year: int, metric_id: str) -> Derived:
    """A count as a whole-number percentage of children looked after during the year."""
    return ratio(official(ds, authority_code, year, metric_id), official(ds, authority_code, year, "cla_during_year"), 100)


def latest_year(ds: Dataset, metric_id: str) -> int | None:
    """The last reporting year with an official figure for a metric (for population, the mid-year)."""
    ends = [o.period.end.year for o in ds.observations if o.metric_id == metric_id and ds.sources[o.source_id].is_official]
    return max(ends) if ends else None
