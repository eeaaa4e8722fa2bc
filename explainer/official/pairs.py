"""Where a council's FOI answer and its official return count the same thing for the same period.

The package says which metrics count the same thing (the pairs resource); this finds each FOI
figure that has an official figure for the same council and the same dates, and the difference
between them. A difference is a fact to explain, never an error: the two are counted at different
times, from different systems, by different definitions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dataset import Dataset
from ..model import Observation, Pair


@dataclass(frozen=True)
class PairedFigure:
    pair: Pair
    foi: Observation
    official: Observation

    @property
    def difference(self) -> int | float | None:
        """FOI minus official, or None when either is not a reported number."""
        if self.foi.value is None or self.official.value is None or not (self.foi.is_reported and self.official.is_reported):
            return None
        return self.foi.value - self.official.value


def paired_figures(ds: Dataset) -> list[PairedFigure]:
    official: dict[tuple, Observation] = {}
    wanted = {p.official_metric_id for p in ds.pairs}
    for obs in ds.observations:
        if obs.metric_id in wanted and ds.sources[obs.source_id].is_official:
            official[(obs.authority_code, obs.period.start, obs.period.end, obs.metric_id)] = obs
    found = []
    for pair in ds.pairs:
        for obs in ds.observations:
            if obs.metric_id != pair.foi_metric_id or obs.population != pair.foi_population or obs.breakdown:
                continue
            if ds.sources[obs.source_id].is_official:
                continue
            match = official.get((obs.authority_code, obs.period.start, obs.period.end, pair.official_metric_id))
            if match is not None:
                found.append(PairedFigure(pair, obs, match))
    return sorted(found, key=lambda p: (ds.authorities[p.foi.authority_code].name, p.foi.period.start, p.foi.metric_id))
