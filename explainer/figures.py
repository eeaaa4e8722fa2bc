"""Lookups that put a figure from the data into a narrative, with a link to where it came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .dataset import Dataset
from .errors import did_you_mean
from .formatting import format_percent, format_ratio, format_value
from .model import POPULATION_LABELS, STATUS_SHORTHAND, Observation, suppression_label
from .urls import source_page


class LookupProblem(Exception):
    """A lookup in a narrative that the data cannot answer."""


@dataclass(frozen=True)
class Figure:
    observation: Observation
    unit: str
    root: str

    @property
    def value(self) -> int | float | None:
        return self.observation.value

    @property
    def text(self) -> str:
        obs = self.observation
        return format_value(obs.value, self.unit) if obs.is_reported else f"{STATUS_SHORTHAND[obs.status]} {obs.status.replace('_', ' ')}"

    @property
    def href(self) -> str:
        return f"{self.root}{source_page(self.observation.source_id)}#{self.observation.anchor}"

    def describe(self, dataset: Dataset) -> str:
        obs = self.observation
        metric = dataset.metrics[obs.metric_id].label
        place = dataset.authorities[obs.authority_code].name
        band = f", {obs.breakdown}" if obs.breakdown else ""
        # An official figure answers a published measure, not a question in a letter.
        asked = f"measure \u201c{obs.question}\u201d" if dataset.sources[obs.source_id].is_official else f"question {obs.question}"
        return f"{metric}, {POPULATION_LABELS[obs.population]}{band}, {place}, {obs.period.label}: {asked}, answered \u201c{obs.as_reported}\u201d"

    def __str__(self) -> str:
        return self.text


def describe_inputs(inputs: tuple[Observation, ...], dataset: Dataset) -> str:
    """Which published figures a number on a profile or the national chapter is, or is worked out from.

    One input: that figure. Two: a rate per 10,000 children, the count over the population aged 0 to 17.
    """
    described = [Figure(obs, dataset.metrics[obs.metric_id].unit, "").describe(dataset) for obs in inputs]
    if len(described) == 1:
        return described[0]
    return "Per 10,000 children aged 0 to 17, worked out from: " + "; divided by ".join(described)


def link(figure: Figure, text: str, title: str) -> Markup:
    return Markup('<a class="figure" href="{}" title="{}">{}</a>').format(figure.href, title, text)


class Lookups:
    """The functions a narrative can call. Each returns HTML or raises LookupProblem."""

    def __init__(self, dataset: Dataset, root: str, on_figure: Callable[[Observation], None] | None = None):
        self.dataset = dataset
        self.root = root
        # Told of every figure looked up, so a narrative's reach can be recorded for review.
        self.on_figure = on_figure or (lambda obs: None)

    def get(self, authority: str, period: str, metric: str, population: str = "all", breakdown: str = "", source: str = "") -> Figure:
        ds = self.dataset
        found = ds.authority_by_name_or_code(authority)
        if found is None:
            raise LookupProblem(
                f'unknown authority "{authority}"{did_you_mean(authority, [a.slug for a in ds.authorities.values()] + list(ds.authorities))}'
            )
        if metric not in ds.metrics:
            raise LookupProblem(f'unknown metric "{metric}"{did_you_mean(metric, list(ds.metrics))}')
        if population not in POPULATION_LABELS:
            raise LookupProblem(f'unknown population "{population}"{did_you_mean(population, list(POPULATION_LABELS))}')
        matches = [o for o in ds.find(found.code, str(period), metric, population, str(breakdown)) if not source or o.source_id == source]
        if not matches:
            periods = sorted({o.period.label for o in ds.by_authority[found.code] if o.metric_id == metric})
            raise LookupProblem(
                f"no figure for {found.name}, {period}, {metric}, {population}{', ' + str(breakdown) if breakdown else ''} (periods with this metric: {', '.join(periods) or 'none'})"
            )
        if len(matches) > 1:
            raise LookupProblem(
                f'{len(matches)} figures match {found.name}, {period}, {metric}, {population}; add source="..." (one of {", ".join(o.source_id for o in matches)})'
            )
        self.on_figure(matches[0])
        return Figure(matches[0], ds.metrics[metric].unit, self.root)

    def figure(self, *args: str, **kwargs: str) -> Markup:
        fig = self.get(*args, **kwargs)
        return link(fig, fig.text, fig.describe(self.dataset))

    def threshold(self, *args: str, **kwargs: str) -> Markup:
        """How small a suppressed figure is, in the council's words: "5 or fewer"."""
        fig = self.get(*args, **kwargs)
        if fig.observation.status != "suppressed":
            raise LookupProblem(
                f"threshold() needs a suppressed figure, and this one is {fig.observation.status}: {fig.describe(self.dataset)}"
            )
        label = suppression_label(fig.observation)
        if label == "suppressed":
            raise LookupProblem(f"the council's note gives no threshold for this suppressed figure: {fig.describe(self.dataset)}")
        return link(fig, label, f"Suppression threshold of: {fig.describe(self.dataset)}")

    def suppressed_range(self, *args: str, **kwargs: str) -> Markup:
        """What a suppressed figure can be, from the council's own limit: "0 to 5" (a limit of "5 or fewer" includes zero)."""
        fig = self.get(*args, **kwargs)
        label = suppression_label(fig.observation) if fig.observation.status == "suppressed" else "suppressed"
        if label == "suppressed":
            raise LookupProblem(f"suppressed_range() needs a suppressed figure whose note gives the council's limit: {fig.describe(self.dataset)}")
        return link(fig, f"0 to {label.split()[0]}", f"Range of the suppressed figure: {fig.describe(self.dataset)}")

    def percent(self, part: Figure | Markup, whole: Figure | Markup) -> Markup:
        """`part` as a share of `whole`, e.g. percent(get(..accepted..), get(..offered..))."""
        a, b = self._reported(part), self._reported(whole)
        if b.value == 0:
            raise LookupProblem("cannot divide by a figure of zero")
        title = f"{a.text} divided by {b.text}: {a.describe(self.dataset)}; divided by {b.describe(self.dataset)}"
        return link(a, format_percent(a.value, b.value), title)  # type: ignore[arg-type]

    def ratio(self, top: Figure, bottom: Figure) -> Markup:
        a, b = self._reported(top), self._reported(bottom)
        if b.value == 0:
            raise LookupProblem("cannot divide by a figure of zero")
        title = f"{a.text} divided by {b.text}: {a.describe(self.dataset)}; divided by {b.describe(self.dataset)}"
        return link(a, format_ratio(a.value, b.value), title)  # type: ignore[arg-type]

    def difference(self, first: Figure, second: Figure) -> Markup:
        a, b = self._reported(first), self._reported(second)
        gap = abs(a.value - b.value)  # type: ignore[operator]
        title = f"{a.text} minus {b.text}, ignoring sign: {a.describe(self.dataset)}; and {b.describe(self.dataset)}"
        return link(a, format_value(gap, a.unit), title)

    def _reported(self, fig: object) -> Figure:
        if not isinstance(fig, Figure):
            raise LookupProblem("percent(), ratio() and difference() take figures from get(...), not figure(...)")
        if fig.value is None:
            raise LookupProblem(f"figure is {fig.observation.status}, so it cannot be used in a calculation: {fig.describe(self.dataset)}")
        return fig
