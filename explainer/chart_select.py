"""Which figures a declaration reaches: its period, its councils, and who has only part of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .chart_spec import ChartSpec
from .chart_theme import population
from .dataset import Dataset
from .model import POPULATION_LABELS, Authority, Observation, Period, source_order, suppression_label


@dataclass
class Selection:
    ds: Dataset
    spec: ChartSpec
    period: str
    councils: list[Authority]
    missing: dict[str, list[str]] = field(default_factory=dict)

    def find(self, code: str, metric: str, population_id: str, breakdown: str = "", period: str = "") -> Observation | None:
        """The figure, or None when the council gave none; two sources for one figure: the newest."""
        found = self.ds.by_lookup.get((code, period or self.period, metric, population_id, breakdown), [])
        return max(found, key=lambda o: source_order(self.ds.sources[o.source_id])) if found else None

    def lacks(self, council: Authority, what: str) -> None:
        """Records that a council shown in the chart gave no figure for `what`."""
        self.missing.setdefault(council.name, []).append(what)

    def metric_label(self, metric: str) -> str:
        pick = next((p for p in self.spec.metrics if p.id == metric), None)
        return (pick.label if pick else "") or self.ds.metrics[metric].label

    def group_label(self, population_id: str) -> str:
        pick = next((p for p in self.spec.populations if p.id == population_id), None)
        return (pick.label if pick else "") or population(population_id).label

    def unit(self, metric: str) -> str:
        return self.ds.metrics[metric].unit

    @cached_property
    def breakdowns(self) -> dict[tuple[str, str], list[str]]:
        """Breakdowns of each (metric, population) in this period, in the order the data list them."""
        found: dict[tuple[str, str], dict[str, None]] = {}
        codes = {a.code for a in self.councils}
        for obs in self.ds.observations:
            if obs.authority_code in codes and (self.period == "all" or obs.period.label == self.period):
                found.setdefault((obs.metric_id, obs.population), {})[obs.breakdown] = None
        return {key: list(values) for key, values in found.items()}

    def period_object(self) -> Period | None:
        return next((o.period for o in self.ds.observations if o.period.label == self.period), None)

    def partial_notes(self) -> list[str]:
        return [
            f"{council} gave no figure for {words(items)}; its other figures are shown." for council, items in sorted(self.missing.items())
        ]


def select(ds: Dataset, spec: ChartSpec) -> Selection:
    allowed = _allowed(ds, spec)
    metrics = {p.id for p in spec.metrics} | ({spec.share.part, spec.share.whole} if spec.share else set())
    populations = {p.id for p in spec.populations}
    relevant = [o for o in ds.observations if o.authority_code in allowed and o.metric_id in metrics and o.population in populations]
    period = spec.period
    if period == "latest":
        newest = max((o.period for o in relevant), key=lambda p: (p.end, p.start), default=None)
        period = newest.label if newest else ""
    codes = {o.authority_code for o in relevant if period == "all" or o.period.label == period}
    councils = sorted((ds.authorities[c] for c in codes), key=lambda a: a.name)
    return Selection(ds, spec, period, councils)


def _allowed(ds: Dataset, spec: ChartSpec) -> set[str]:
    if spec.councils is None:
        return set(ds.authorities)
    found = (ds.authority_by_name_or_code(name) for name in spec.councils)
    return {a.code for a in found if a is not None}


def words(parts: list[str]) -> str:
    """A list as written in a sentence: "a", "a and b", "a, b and c"."""
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def period_words(period: Period | None, label: str) -> str:
    """ "April 2020 to March 2021", "January to December 2024": the months a title names."""
    if period is None:
        return label
    start, end = period.start, period.end
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}" if start.month != end.month else f"{end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def population_words(population_id: str) -> str:
    return POPULATION_LABELS.get(population_id, population_id.replace("_", " "))


def suppressed_note(observations: list[Observation]) -> list[str]:
    """What [c] means in this chart, with each council's own limit where its answer states one."""
    hidden = [o for o in observations if o.status == "suppressed"]
    if not hidden:
        return []
    limits = sorted({suppression_label(o) for o in hidden})
    known = [label.replace(" or fewer", "") for label in limits if label.endswith(" or fewer")]
    rng = f" (the true figure is 0 to {words(known)})" if known else ""
    return [
        f"[c]: suppressed by the council to protect children{rng}; it is shown as [c], never drawn as a bar and not to be read as zero."
    ]
