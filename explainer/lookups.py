"""Lookups for sets of councils, so that prose such as "both councils" stays true as data grows.

A narrative asks which councils answered a question for a period (`councils(...)`), and writes
their number, their names as a list in words, or "both councils" / "all three councils" from the
answer. Figures for every such council can be written out in one sentence (`figures_by_council`,
`shares_by_council`), which names who is compared. Every set lookup is recorded in a `Reach`, so
that `check` can tell when the set a narrative was written against has changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from markupsafe import Markup

from .dataset import Dataset
from .errors import did_you_mean
from .figures import Figure, LookupProblem, link
from .formatting import format_percent
from .model import POPULATION_LABELS, Authority, Observation
from .source_digests import area_key

GIVEN = frozenset({"reported", "suppressed"})
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# Beyond this many councils a list of names stops being readable: the prose gives the count.
MAX_NAMED = 8
# Areas above council level (authorities.area_level: England, regions); a set of councils leaves them out.
NOT_COUNCILS = frozenset({"country", "national", "england", "region"})


def number_in_words(n: int) -> str:
    """Small numbers as words, larger ones as digits, as the style guide for prose asks."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def words_list(items: Iterable[str], conjunction: str = "and") -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    parts = list(items)
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def source_kind(ds: Dataset, source_id: str) -> str:
    """A source's kind ("foi", "official", ...); sources without one are FOI responses, as all were at first."""
    kind = (ds.sources[source_id].kind or "foi").lower()
    return "official" if "official" in kind else ("foi" if "foi" in kind else kind)


def is_council(authority: Authority) -> bool:
    return authority.area_level.lower() not in NOT_COUNCILS


@dataclass(frozen=True)
class CouncilSet:
    """The councils that hold some figures; renders as their names in words."""

    authorities: tuple[Authority, ...]
    what: str

    def __iter__(self) -> Iterator[Authority]:
        return iter(self.authorities)

    def __len__(self) -> int:
        return len(self.authorities)

    @property
    def count(self) -> int:
        return len(self.authorities)

    @property
    def number(self) -> str:
        """The count in words: "two", "three", "12"."""
        return number_in_words(self.count)

    @property
    def names(self) -> str:
        """The names in words, "Coventry and Leicester"; beyond MAX_NAMED, "12 councils"."""
        if self.count > MAX_NAMED:
            return f"{self.count:,} councils"
        return words_list(a.name for a in self.authorities) or "no council"

    @property
    def every(self) -> str:
        """For sentences about all of them: "both councils", "all three councils", or the one council's name."""
        if self.count == 1:
            return self.authorities[0].name
        if self.count == 2:
            return "both councils"
        return f"all {self.number} councils" if self.count else "no council"

    @property
    def either(self) -> str:
        """For sentences about none of them: "neither council", "none of the three councils"."""
        if self.count == 1:
            return self.authorities[0].name
        return "neither council" if self.count == 2 else f"none of the {self.number} councils"

    # The capitalised forms start a sentence.
    Every = property(lambda self: _upper_first(self.every))
    Names = property(lambda self: _upper_first(self.names))
    Either = property(lambda self: _upper_first(self.either))

    def __str__(self) -> str:
        return self.names


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Reach:
    """What a narrative's lookups reached: for each (metric, period, kind), the councils and figures."""

    keys: set[tuple[str, str, str]] = field(default_factory=set)
    charts: set[str] = field(default_factory=set)
    # The sources of every figure shown, so the page can say what a reader may do with them.
    sources: set[str] = field(default_factory=set)
    # The same figures as parts of their sources (source and area), to date the page by.
    parts: set[str] = field(default_factory=set)

    def add(self, metric: str, period: str, kind: str) -> None:
        self.keys.add((metric, period, kind))

    def add_figure(self, ds: Dataset, obs: Observation) -> None:
        self.add(obs.metric_id, obs.period.label, source_kind(ds, obs.source_id))
        self.sources.add(obs.source_id)
        self.parts.add(area_key(obs.source_id, obs.authority_code))


class SetLookups:
    """The set functions a narrative can call. Each returns text or raises LookupProblem."""

    def __init__(self, dataset: Dataset, root: str, reach: Reach | None = None):
        self.dataset = dataset
        self.root = root
        self.reach = reach if reach is not None else Reach()

    def matching(
        self,
        period: str | None,
        metric: str | list[str],
        population: str | None = None,
        breakdown: str | None = None,
        kind: str | None = None,
        given: bool = False,
    ) -> dict[str, list[Observation]]:
        """Figures for each metric asked for, keeping only councils that hold every one of them.

        `given` keeps only figures a council gave, even if suppressed: not "not held" or "not applicable".
        """
        metrics = [metric] if isinstance(metric, str) else list(metric)
        self._known(metrics, population)
        per_metric: list[dict[str, list[Observation]]] = []
        for m in metrics:
            self.reach.add(m, "any" if period is None else str(period), kind or "any")
            found: dict[str, list[Observation]] = {}
            for obs in self._candidates(m, period):
                if population is not None and obs.population != population:
                    continue
                if breakdown is not None and obs.breakdown != str(breakdown):
                    continue
                if kind is not None and source_kind(self.dataset, obs.source_id) != kind:
                    continue
                if given and obs.status not in GIVEN:
                    continue
                found.setdefault(obs.authority_code, []).append(obs)
            per_metric.append(found)
        codes = set.intersection(*(set(f) for f in per_metric)) if per_metric else set()
        found_all = {c: [o for f in per_metric for o in f[c]] for c in codes if is_council(self.dataset.authorities[c])}
        self.reach.sources.update(o.source_id for observations in found_all.values() for o in observations)
        return found_all

    def _candidates(self, metric: str, period: str | None) -> Iterator[Observation]:
        if period is not None:
            yield from self.dataset.by_metric_period.get((metric, str(period)), ())
            return
        for (m, _), observations in self.dataset.by_metric_period.items():
            if m == metric:
                yield from observations

    def councils_with_sources(self, kind: str | None = None) -> CouncilSet:
        """Councils with at least one source (of `kind`, e.g. "foi"), in name order."""
        ds = self.dataset
        sources = [s for s in ds.sources.values() if kind is None or source_kind(ds, s.id) == kind]
        self.reach.add("sources", "any", kind or "any")
        codes = {s.authority_code for s in sources if is_council(ds.authorities[s.authority_code])}
        return CouncilSet(tuple(sorted((ds.authorities[c] for c in codes), key=lambda a: a.name)), f"sources {kind or ''}".strip())

    def councils(
        self,
        period: str | None,
        metric: str | list[str],
        population: str | None = None,
        breakdown: str | None = None,
        kind: str | None = None,
        given: bool = False,
    ) -> CouncilSet:
        """Councils with figures for `metric` (every one of a list) in `period`, in name order."""
        found = self.matching(period, metric, population, breakdown, kind, given)
        ordered = sorted((self.dataset.authorities[c] for c in found), key=lambda a: a.name)
        what = f"{', '.join([metric] if isinstance(metric, str) else metric)} {period or 'any period'}"
        return CouncilSet(tuple(ordered), what)

    def figures_by_council(self, period: str, metric: str, population: str = "all", breakdown: str = "", kind: str | None = None) -> Markup:
        """Every council's figure, each linked to its source: "562 in Coventry and 654 in Leicester"."""
        found = self.matching(period, metric, population, str(breakdown), kind)
        unit = self.dataset.metrics[metric].unit
        figures = sorted((Figure(obs[0], unit, self.root) for obs in found.values()), key=lambda f: self._name(f))
        if not figures:
            raise LookupProblem(f"no council has a figure for {metric}, {period}, {population}")
        if len(figures) > MAX_NAMED:
            return self._range(figures, lambda f: f.value, lambda f: f.text, lambda f: f)
        parts = [link(f, f.text, f.describe(self.dataset)) + Markup(" in ") + self._name(f) for f in figures]
        return Markup(words_list(str(p) for p in parts))

    def shares_by_council(self, period: str, part: str, whole: str, population: str = "all", kind: str | None = None) -> Markup:
        """`part` as a share of `whole` for every council with both reported: "73% in Coventry and 34% in Leicester"."""
        found = self.matching(period, [part, whole], population, "", kind)
        shares = []
        for code in found:
            a = self._one(found[code], part)
            b = self._one(found[code], whole)
            if a is not None and b is not None and b.value:
                shares.append((a, b))
        if not shares:
            raise LookupProblem(f"no council has both {part} and {whole} reported for {period}, {population}")
        shares.sort(key=lambda pair: self._name(pair[0]))
        if len(shares) > MAX_NAMED:
            return self._range(shares, lambda p: p[0].value / p[1].value, lambda p: format_percent(p[0].value, p[1].value), lambda p: p[0])
        parts = [self._share_link(a, b) + Markup(" in ") + self._name(a) for a, b in shares]
        return Markup(words_list(str(p) for p in parts))

    def _share_link(self, a: Figure, b: Figure) -> Markup:
        title = f"{a.text} divided by {b.text}: {a.describe(self.dataset)}; divided by {b.describe(self.dataset)}"
        return link(a, format_percent(a.value, b.value), title)  # type: ignore[arg-type]

    def _one(self, observations: list[Observation], metric: str) -> Figure | None:
        """The council's one reported figure for `metric`; none when it is suppressed or ambiguous."""
        picked = [o for o in observations if o.metric_id == metric]
        if len(picked) != 1 or picked[0].value is None:
            return None
        return Figure(picked[0], self.dataset.metrics[metric].unit, self.root)

    def _range(self, items: list, key, text, figure) -> Markup:  # type: ignore[no-untyped-def]
        """Too many councils to name: the lowest and the highest, and how many councils."""
        known = [i for i in items if figure(i).value is not None]
        if not known:
            return Markup("{} councils, none of them with a published figure").format(f"{len(items):,}")
        low, high = min(known, key=key), max(known, key=key)
        return Markup("{} councils, from {} in {} to {} in {}").format(
            f"{len(items):,}", text(low), self._name(figure(low)), text(high), self._name(figure(high))
        )

    def _name(self, fig: Figure) -> str:
        return self.dataset.authorities[fig.observation.authority_code].name

    def _known(self, metrics: list[str], population: str | None) -> None:
        for m in metrics:
            if m not in self.dataset.metrics:
                raise LookupProblem(f'unknown metric "{m}"{did_you_mean(m, list(self.dataset.metrics))}')
        if population is not None and population not in POPULATION_LABELS:
            raise LookupProblem(f'unknown population "{population}"{did_you_mean(population, list(POPULATION_LABELS))}')
