"""Official figures by area, year and measure, and the rate per 10,000 children computed from them.

One place answers "what did DfE publish for this area in this year", so the profiles, the
national chapter and the hex map cannot disagree. A rate computed from a suppressed or missing
count is suppressed or missing too, never zero; rates are whole numbers, as DfE gives them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .dataset import Dataset
from .formatting import format_value
from .model import STATUS_SHORTHAND, Authority, Observation

MISSING_CHILDREN = "cla_missing_children"
MISSING_INCIDENTS = "cla_missing_incidents"
MISSING_SHARE = "cla_missing_children_pct"
INCIDENTS_PER_CHILD = "cla_missing_incidents_per_child"
LOOKED_AFTER = "cla_during_year"
POPULATION = "population_0_17"
CIN_GOING_MISSING = "cin_factor_going_missing"
CIN_WITH_FACTORS = "cin_assessments_with_factors"
RATE = "rate_per_10000"
STATUS_WORDS = {
    "suppressed": "suppressed",
    "not_held": "not available",
    "not_applicable": "not applicable",
    "low": "fewer than 0.5",
    "unreliable": "unreliable",
}


@dataclass(frozen=True)
class Cell:
    """One figure for one area and year: reported, withheld (with DfE's code), or absent."""

    value: float | None
    status: str  # an observation status, or "absent" when nothing was published
    unit: str
    inputs: tuple[Observation, ...] = ()

    @property
    def text(self) -> str:
        if self.value is not None:
            text = format_value(self.value, "percent" if self.unit == "percent" else "children")
            return text if self.unit != "average" else f"{self.value:g}"
        if self.status == "absent":
            return "no figure"
        return f"{STATUS_SHORTHAND.get(self.status, '[x]')} {STATUS_WORDS.get(self.status, self.status)}"

    @property
    def short(self) -> str:
        """For tables: the value, or the statistical shorthand alone."""
        if self.value is not None or self.status == "absent":
            return self.text if self.value is not None else "[x]"
        return STATUS_SHORTHAND.get(self.status, "[x]")

    @property
    def source_id(self) -> str:
        return self.inputs[0].source_id if self.inputs else ""


ABSENT = Cell(None, "absent", "")


def year_end(label: str) -> int:
    """'2023-24' -> 2024: DfE's years end on 31 March."""
    return int(label[:4]) + 1


def year_words(label: str) -> str:
    return f"the year ending 31 March {year_end(label)}"


class OfficialFigures:
    def __init__(self, ds: Dataset):
        self.ds = ds
        official = {s.id for s in ds.sources.values() if s.is_official}
        self.figures: dict[tuple[str, str, str], Observation] = {}
        self.populations: dict[tuple[str, int], Observation] = {}
        self._rates: dict[tuple[str, str], Cell] = {}
        for obs in ds.observations:
            if obs.source_id not in official or obs.breakdown:
                continue
            if obs.metric_id == POPULATION:
                self.populations[(obs.authority_code, obs.period.end.year)] = obs
            elif obs.period.start.month == 4 and obs.period.start.day == 1:
                self.figures[(obs.authority_code, obs.period.label, obs.metric_id)] = obs

    @cached_property
    def years(self) -> list[str]:
        """Every year with a missing-from-care figure for any area, oldest first."""
        return sorted({year for (_, year, metric) in self.figures if metric == MISSING_CHILDREN})

    @cached_property
    def cin_years(self) -> list[str]:
        return sorted({year for (_, year, metric) in self.figures if metric == CIN_GOING_MISSING})

    @cached_property
    def neighbours(self) -> dict[str, list]:
        """Each council's statistical neighbours, nearest first."""
        groups: dict[str, list] = {}
        for n in sorted(self.ds.neighbours, key=lambda n: n.rank):
            groups.setdefault(n.authority_code, []).append(n)
        return groups

    def cell(self, code: str, year: str, metric: str) -> Cell:
        obs = self.figures.get((code, year, metric))
        if obs is None:
            return ABSENT
        unit = self.ds.metrics[metric].unit
        return Cell(obs.value if obs.is_reported else None, obs.status, unit, (obs,))

    def rate(self, code: str, year: str) -> Cell:
        # Every profile asks for its region's and England's rates again: work each out once.
        key = (code, year)
        if key not in self._rates:
            self._rates[key] = self._rate(code, year)
        return self._rates[key]

    def _rate(self, code: str, year: str) -> Cell:
        """Looked after children who went missing per 10,000 children aged 0 to 17, DfE's way:
        the year ending 31 March N uses the mid-year N-1 population."""
        count = self.figures.get((code, year, MISSING_CHILDREN))
        population = self.populations.get((code, year_end(year) - 1))
        if count is None or population is None:
            return ABSENT
        inputs = (count, population)
        if not count.is_reported:
            return Cell(None, count.status, "rate", inputs)
        if not population.is_reported or not population.value:
            return Cell(None, population.status if not population.is_reported else "not_applicable", "rate", inputs)
        return Cell(round(10_000 * count.value / population.value), "reported", "rate", inputs)  # type: ignore[operator]

    def latest_year(self, code: str) -> str | None:
        years = [y for y in self.years if (code, y, MISSING_CHILDREN) in self.figures]
        return years[-1] if years else None

    def england(self) -> Authority | None:
        return next((a for a in self.ds.authorities.values() if a.area_level == "country"), None)

    def region_of(self, authority: Authority) -> Authority | None:
        code = authority.region_code
        found = self.ds.authorities.get(code)
        return found if found is not None and found.code != authority.code else None


def population_date(year: str) -> dt.date:
    return dt.date(year_end(year) - 1, 6, 30)
