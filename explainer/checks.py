"""Consistency checks: identities the answers imply, checked within each response.

They never fail the build. Each result says which figures were compared, in which source, and by
how much they differ, for the data-quality page. A check that would need a suppressed or missing
figure is reported as not possible rather than treating that figure as zero.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .check_words import in_words
from .dataset import Dataset
from .model import POPULATION_LABELS, Observation

# One response's figures for one period, by (metric, population).
Group = dict[tuple[str, str], list[Observation]]


@dataclass(frozen=True)
class Term:
    """Figures added together on one side of a comparison (a breakdown adds all its bands)."""

    metrics: tuple[str, ...]
    populations: tuple[str, ...]
    whole_breakdown: bool = False

    def figures(self, group: Group) -> list[Observation] | None:
        found = [
            o for m in self.metrics for p in self.populations for o in group.get((m, p), ()) if (o.breakdown != "") == self.whole_breakdown
        ]
        if self.whole_breakdown:
            every_part = {o.population for o in found} == set(self.populations)
            return found if every_part else None
        return found if len(found) == len(self.metrics) * len(self.populations) else None


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    left: Callable[[str], Term]
    relation: str
    right: Callable[[str], Term]


@dataclass(frozen=True)
class Result:
    rule: Rule
    source_id: str
    authority_code: str
    period_label: str
    population: str
    left: list[Observation]
    right: list[Observation]
    left_total: int | float | None
    right_total: int | float | None

    @property
    def checkable(self) -> bool:
        return self.left_total is not None and self.right_total is not None

    @property
    def holds(self) -> bool:
        return self.checkable and RELATIONS[self.rule.relation](self.left_total, self.right_total)

    @property
    def difference(self) -> int | float | None:
        return None if not self.checkable else self.left_total - self.right_total  # type: ignore[operator]

    @property
    def in_words(self) -> str:
        """The check in plain English, for the data-quality page."""
        return in_words(self)


RELATIONS = {"=": operator.eq, "<=": operator.le, ">=": operator.ge}
ALL_POPULATIONS = tuple(POPULATION_LABELS)


def _same(*metrics: str, breakdown: bool = False) -> Callable[[str], Term]:
    """Compared within each population in turn."""
    return lambda population: Term(metrics, (population,), breakdown)


def _fixed(*metrics: str, populations: tuple[str, ...] = ("all",), breakdown: bool = False) -> Callable[[str], Term]:
    return lambda _population: Term(metrics, populations, breakdown)


BOTH_GROUPS = ("not_looked_after", "looked_after")


RULES: list[Rule] = [
    Rule(
        "breakdown_total",
        "Children by times missing add up to the children missing",
        _same("children_by_times_missing", breakdown=True),
        "=",
        _same("children_missing"),
    ),
    Rule(
        "groups_total",
        "Children not looked after plus looked after children, by times missing, add up to all children missing",
        _fixed("children_by_times_missing", populations=BOTH_GROUPS, breakdown=True),
        "=",
        _fixed("children_missing"),
    ),
    Rule(
        "accepted_le_offered", "Interviews accepted are no more than interviews offered", _same("rhi_accepted"), "<=", _same("rhi_offered")
    ),
    Rule(
        "children_accepted_le_offered",
        "Children accepting an interview are no more than children offered one",
        _same("children_accepted_rhi"),
        "<=",
        _same("children_offered_rhi"),
    ),
    Rule(
        "offer_outcomes_total",
        "Offers accepted, not accepted and unrecorded add up to offers made",
        _same("rhi_accepted", "rhi_declined"),
        "=",
        _same("rhi_offered"),
    ),
    Rule(
        "offer_outcomes_with_unrecorded",
        "Offers accepted, not accepted and unrecorded add up to offers made",
        _same("rhi_accepted", "rhi_declined", "rhi_acceptance_not_recorded"),
        "=",
        _same("rhi_offered"),
    ),
    Rule("done_le_accepted", "Interviews carried out are no more than interviews accepted", _same("rhi_done"), "<=", _same("rhi_accepted")),
    Rule("done_le_offered", "Interviews carried out are no more than interviews offered", _same("rhi_done"), "<=", _same("rhi_offered")),
    Rule(
        "done_by_provider_total",
        "Interviews carried out by council staff and by commissioned services add up to interviews accepted by both groups of children",
        _fixed("rhi_done_in_house", "rhi_done_commissioned"),
        "=",
        _fixed("rhi_accepted", populations=BOTH_GROUPS),
    ),
    Rule(
        "within_72h_le_done",
        "Interviews within 72 hours are no more than interviews carried out",
        _same("rhi_done_within_72h"),
        "<=",
        _same("rhi_done"),
    ),
    Rule(
        "offered_le_episodes", "Interviews offered are no more than missing episodes", _same("rhi_offered"), "<=", _same("missing_episodes")
    ),
    Rule(
        "episodes_ge_children",
        "Missing episodes are at least as many as children missing",
        _same("missing_episodes"),
        ">=",
        _same("children_missing"),
    ),
    Rule(
        "looked_after_le_all",
        "Looked after children missing are no more than all children missing",
        _fixed("children_missing", populations=("looked_after",)),
        "<=",
        _fixed("children_missing"),
    ),
    Rule(
        "missing_le_placed",
        "Children placed out of area who went missing are no more than children placed out of area",
        _fixed("children_missing", populations=("looked_after_out_of_area",)),
        "<=",
        _fixed("children_placed_out_of_area", populations=("looked_after_out_of_area",)),
    ),
    Rule(
        "markers_le_episodes",
        "Episodes with a risk marker are no more than all missing episodes (each marker on its own)",
        _same("episodes_with_risk_marker", breakdown=True),
        "<=",
        _same("missing_episodes"),
    ),
]


def _groups(dataset: Dataset) -> Iterator[tuple[str, str, Group]]:
    for source_id, observations in dataset.by_source.items():
        by_period: dict[str, Group] = {}
        for obs in observations:
            by_period.setdefault(obs.period.label, {}).setdefault((obs.metric_id, obs.population), []).append(obs)
        for period_label, group in sorted(by_period.items()):
            yield source_id, period_label, group


def _total(figures: list[Observation]) -> int | float | None:
    if any(not o.is_reported for o in figures):
        return None
    return sum(o.value for o in figures)  # type: ignore[misc]


def _evaluate(rule: Rule, population: str, terms: tuple[Term, Term], source_id: str, period_label: str, group: Group) -> Result | None:
    left_term, right_term = terms
    left, right = left_term.figures(group), right_term.figures(group)
    if left is None or right is None:
        return None
    if rule.id == "markers_le_episodes":
        # Each marker on its own: the largest must not exceed the episodes.
        reported = [o for o in left if o.is_reported]
        left = [max(reported, key=lambda o: o.value)] if reported else left  # type: ignore[arg-type,return-value]
    return Result(rule, source_id, right[0].authority_code, period_label, population, left, right, _total(left), _total(right))


def _keys(term: Term) -> frozenset[tuple[str, str]]:
    return frozenset((m, p) for m in term.metrics for p in term.populations)


def _plan() -> list[tuple[Rule, str, tuple[Term, Term], frozenset[tuple[str, str]], frozenset[tuple[str, str]]]]:
    """Every (rule, population) pair to try, with its two sides, and the figures each needs, worked out once."""
    plan = []
    for rule in RULES:
        populations = ALL_POPULATIONS if rule.left("x").populations == ("x",) else ("all",)
        for population in populations:
            left, right = rule.left(population), rule.right(population)
            plan.append((rule, population, (left, right), _keys(left), _keys(right)))
    return plan


def run_checks(dataset: Dataset) -> list[Result]:
    results: list[Result] = []
    plan = _plan()
    for source_id, period_label, group in _groups(dataset):
        present = group.keys()
        for rule, population, terms, left_keys, right_keys in plan:
            if present.isdisjoint(left_keys) or present.isdisjoint(right_keys):
                continue
            result = _evaluate(rule, population, terms, source_id, period_label, group)
            if result is not None and not _superseded(rule, result, group):
                results.append(result)
    return results


def _superseded(rule: Rule, result: Result, group: Group) -> bool:
    """The two-outcome total is replaced by the three-outcome one when unrecorded offers exist."""
    return rule.id == "offer_outcomes_total" and any(
        not o.breakdown for o in group.get(("rhi_acceptance_not_recorded", result.population), ())
    )
