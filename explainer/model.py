"""The dataset as plain Python objects, one class per resource of the data package."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

COUNT_UNITS = frozenset({"children", "episodes", "interviews", "assessments"})
POPULATION_LABELS = {
    "all": "all children",
    "not_looked_after": "children not looked after",
    "looked_after": "looked after children",
    "looked_after_out_of_area": "looked after children placed out of area",
    "looked_after_placed_in": "looked after children placed in the area by other councils",
    "children_in_need": "children assessed as in need",
}
# Bands of "times missing" as the FOI questions ask for them; charts order them this way.
TIMES_MISSING_BANDS = ("1", "2", "3", "4", "5", "6-10", "11-20", "21-50", "51-100", "101+")
STATUS_SHORTHAND = {"suppressed": "[c]", "not_held": "[x]", "not_applicable": "[z]", "low": "[low]", "unreliable": "[u]"}
OFFICIAL = "official_statistics"


def suppression_label(obs: Observation) -> str:
    """The council's own threshold where its note states one, e.g. "5 or fewer"."""
    match = re.search(r"(\d+) or (?:fewer|lower|less)", obs.note + " " + obs.as_reported)
    return f"{match.group(1)} or fewer" if match else "suppressed"


def suppressed_range(observations: Iterable[Observation]) -> str:
    """What the suppressed figures among observations may be, e.g. "0 to 5", or "" when any of
    them has no limit stated by its council (a range is never claimed for a council that gave none)."""
    labels = {suppression_label(o) for o in observations if o.status == "suppressed"}
    if not labels or "suppressed" in labels:
        return ""
    return " or ".join(f"0 to {limit}" for limit in sorted(int(label.split()[0]) for label in labels))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Authority:
    code: str
    name: str
    region: str
    area_level: str = "local_authority"
    region_code: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor_codes: tuple[str, ...] = ()
    dfe_la_number: str = ""
    # Two authorities can share a name (Dorset before and after 2019): the loader gives the one that
    # ended a slug naming the year it ended, so every page name is unique.
    slug_suffix: str = ""

    @property
    def slug(self) -> str:
        """The page name: from the name, cut to a length every file system takes, or from the code
        when the name has no Latin letters or digits at all (a page is never `councils/.html`)."""
        return (slugify(self.name)[:80].strip("-") or slugify(self.code)[:80].strip("-")) + self.slug_suffix

    @property
    def label(self) -> str:
        """The name, told apart from a later council of the same name: "Dorset (until March 2019)"."""
        return f"{self.name} (until {self.valid_to:%B %Y})" if self.slug_suffix and self.valid_to else self.name

    def exists_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Source:
    id: str
    authority_code: str
    title: str
    request_reference: str
    response_date: dt.date | None
    licence_id: str
    licence_title: str
    reuse_terms: str
    url: str
    document: str
    received_as: str
    kind: str = "foi_response"
    publisher: str = ""
    edition: str = ""
    caveats: str = ""
    attribution: str = ""

    @property
    def is_official(self) -> bool:
        return self.kind == OFFICIAL


@dataclass(frozen=True)
class Neighbour:
    authority_code: str
    rank: int
    neighbour_code: str
    closeness: str
    source_id: str


@dataclass(frozen=True)
class Question:
    """A question as the response quotes the request: what a figure's question number stands for."""

    source_id: str
    number: str
    heading: str
    text: str


@dataclass(frozen=True)
class Pair:
    """An FOI metric and population that count the same thing as an official metric."""

    foi_metric_id: str
    foi_population: str
    official_metric_id: str
    note: str


@dataclass(frozen=True)
class Caution:
    id: str
    authority_code: str
    metric_id: str
    period_start: dt.date | None
    period_end: dt.date | None
    text: str
    origin: str
    quoted_from: str

    def applies_to(self, obs: Observation) -> bool:
        return (
            (not self.authority_code or self.authority_code == obs.authority_code)
            and (not self.metric_id or self.metric_id == obs.metric_id)
            and (self.period_end is None or (self.period_end == obs.period.end and self.period_start == obs.period.start))
        )


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str
    definition: str

    @property
    def is_count(self) -> bool:
        return self.unit in COUNT_UNITS


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @cached_property
    def label(self) -> str:
        """Financial years read as 2020-21, calendar years as 2024, anything else by its dates."""
        s, e = self.start, self.end
        if (s.month, s.day, e.month, e.day) == (4, 1, 3, 31) and e.year == s.year + 1:
            return f"{s.year}-{str(e.year)[2:]}"
        if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and e.year == s.year:
            return str(s.year)
        if s == e:
            return _day(s)
        return f"{_day(s)} to {_day(e)}"

    @property
    def long_label(self) -> str:
        return f"{_day(self.start)} to {_day(self.end)}"

    @property
    def kind(self) -> str:
        label = self.label
        if re.fullmatch(r"\d{4}-\d{2}", label):
            return "financial year"
        return "calendar year" if re.fullmatch(r"\d{4}", label) else "period"


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B} {d.year}"


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made building
# a national package's hundred thousand figures measurably slower. Treat figures as read-only.
@dataclass(eq=False)
class Observation:
    line: int
    source_id: str
    authority_code: str
    period: Period
    metric_id: str
    population: str
    breakdown: str
    value: int | float | None
    status: str
    as_reported: str
    question: str
    note: str
    # The row's cells as read: what a page showing this figure depends on.
    raw: str = field(default="", compare=False, repr=False)

    @property
    def is_reported(self) -> bool:
        return self.status == "reported"

    @property
    def key(self) -> tuple[str, str, str, str, str, str]:
        return (self.authority_code, self.period.label, self.metric_id, self.population, self.breakdown, self.source_id)

    @cached_property
    def anchor(self) -> str:
        """Id of this figure's row on its source page."""
        return "q-" + slugify(f"{self.question} {self.metric_id} {self.population} {self.breakdown}")


@dataclass(frozen=True)
class Service:
    line: int
    source_id: str
    authority_code: str
    as_of: str
    service: str
    population: str
    provider_type: str
    provider: str
    detail: str
    question: str
    raw: str = field(default="", compare=False, repr=False)


def source_order(source: Source) -> tuple[str, str]:
    return (source.response_date.isoformat() if source.response_date else "", source.id)
