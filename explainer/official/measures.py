"""What each official measure is in the package: its metric, population and unit, and how a cell reads.

The raw files name a measure in three ways (old SFR column names, explore-education-statistics
group labels, a column of the children in need table); each name maps to one metric id here, so a
renamed measure in a new edition is refused rather than silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class OfficialMetric:
    id: str
    label: str
    unit: str
    population: str
    definition: str


_LAC = "looked_after"
METRICS: tuple[OfficialMetric, ...] = (
    OfficialMetric("cla_missing_children", "Looked after children who went missing", "children", _LAC,
                   "Children looked after during the year (year ending 31 March) who had at least one missing incident, as councils returned them to DfE. Missing: not at their placement or where they are expected to be, and whereabouts not known."),
    OfficialMetric("cla_missing_incidents", "Missing incidents of looked after children", "episodes", _LAC,
                   "Missing incidents of children looked after during the year, as returned to DfE. One child can have many incidents."),
    OfficialMetric("cla_missing_more_than_once", "Looked after children missing more than once", "children", _LAC,
                   "Children looked after during the year who went missing more than once."),
    OfficialMetric("cla_missing_at_31_march", "Looked after children missing on 31 March", "children", _LAC,
                   "Looked after children who were missing on 31 March, the end of the year."),
    OfficialMetric("cla_away_children", "Looked after children away from placement without authorisation", "children", _LAC,
                   "Children looked after during the year who were away from placement without authorisation at least once: whereabouts known, but not where they should be, and the carer was concerned or the council or police were told."),
    OfficialMetric("cla_away_incidents", "Incidents of looked after children away without authorisation", "episodes", _LAC,
                   "Incidents of children looked after during the year being away from placement without authorisation."),
    OfficialMetric("cla_away_more_than_once", "Looked after children away without authorisation more than once", "children", _LAC,
                   "Children looked after during the year who were away from placement without authorisation more than once."),
    OfficialMetric("cla_away_at_31_march", "Looked after children away without authorisation on 31 March", "children", _LAC,
                   "Looked after children who were away from placement without authorisation on 31 March."),
    OfficialMetric("cla_during_year", "Children looked after during the year", "children", _LAC,
                   "Every child looked after at any time during the year ending 31 March (excluding a series of short-term placements): DfE's denominator for the percentages."),
    OfficialMetric("cla_missing_children_pct", "Share of looked after children who went missing (DfE)", "percent", _LAC,
                   "DfE's published percentage of children looked after during the year who had a missing incident, rounded to a whole number."),
    OfficialMetric("cla_away_children_pct", "Share of looked after children away without authorisation (DfE)", "percent", _LAC,
                   "DfE's published percentage of children looked after during the year who were away from placement without authorisation, rounded to a whole number."),
    OfficialMetric("cla_missing_incidents_per_child", "Missing incidents per looked after child who went missing (DfE)", "average", _LAC,
                   "DfE's published average number of missing incidents for each looked after child who went missing."),
    OfficialMetric("cla_away_incidents_per_child", "Away incidents per looked after child who was away (DfE)", "average", _LAC,
                   "DfE's published average number of incidents of being away without authorisation for each looked after child who was away."),
    OfficialMetric("cin_factor_going_missing", "Children in need assessments noting going missing", "assessments", "children_in_need",
                   "Children in need assessments completed in the year ending 31 March that identified going missing as a factor. It counts assessments, not children, and covers children who are not looked after too."),
    OfficialMetric("cin_assessments_with_factors", "Children in need assessments with any factor recorded", "assessments", "children_in_need",
                   "Children in need assessments completed in the year ending 31 March with at least one factor recorded: the denominator for the share noting going missing."),
    OfficialMetric("population_0_17", "Children aged 0 to 17", "children", "all",
                   "ONS mid-year estimate of children aged 0 to 17 living in the area, as DfE uses it for rates per 10,000 children: the year ending 31 March N uses the estimate for 30 June N-1."),
)
METRIC_IDS = frozenset(m.id for m in METRICS)
BY_ID = {m.id: m for m in METRICS}

# Each raw file's name for a measure, to our metric id.
_SFR = {
    "DuringYear": "children", "Incs": "incidents", "MoreOnce": "more_than_once", "31Mar": "at_31_march",
}
SFR_COLUMNS: dict[str, str] = {}
for _suffix, _ours in _SFR.items():
    SFR_COLUMNS[f"CLA_Miss{_suffix}"] = f"cla_missing_{_ours}"
    SFR_COLUMNS[f"CLA_Away{_suffix}"] = f"cla_away_{_ours}"
    SFR_COLUMNS[f"Miss_Miss_{_suffix}"] = f"cla_missing_{_ours}"
    SFR_COLUMNS[f"Miss_Away_{_suffix}"] = f"cla_away_{_ours}"

EES_GROUPS: dict[str, str] = {
    "Children who had a missing incident during the year": "cla_missing_children",
    "Number of missing incidents during the year": "cla_missing_incidents",
    "Children who went missing more than once during the year": "cla_missing_more_than_once",
    "Children missing at 31 March": "cla_missing_at_31_march",
    "Children who were away from placement without authorisation during the year": "cla_away_children",
    "Number of away from placement without authorisation incidents during the year": "cla_away_incidents",
    "Children who were away from placement without authorisation more than once during the year": "cla_away_more_than_once",
    "Children away from placement without authorisation at 31 March": "cla_away_at_31_march",
    "Children looked after during the year": "cla_during_year",
    "Percentage of children who had a missing incident during the year": "cla_missing_children_pct",
    "Percentage of children who were away from placement without authorisation during the year": "cla_away_children_pct",
    "Average number of missing incidents per looked after child who went missing": "cla_missing_incidents_per_child",
    "Average number of away from placement without authorisation incidents per looked after child": "cla_away_incidents_per_child",
}

CIN_COLUMNS = {"Going_missing": "cin_factor_going_missing", "Episodes_with_assessment_factor": "cin_assessments_with_factors"}
POPULATION_GROUP = "Children aged 0 to 17 years"

# DfE's symbols. The old SFR tables used x for "1 to 5, suppressed"; the newer files use it for
# "not available", so its meaning depends on the file.
CODES_NEW = {"c": "suppressed", "x": "not_held", "z": "not_applicable", "k": "low", "low": "low", "u": "unreliable"}
CODES_SFR = {"x": "suppressed", "..": "not_held"}
CODE_MEANINGS = {
    "c": "confidential: a small number, or one that would reveal a small number, withheld",
    "x": "in DfE's 2015 to 2017 tables a number from 1 to 5, suppressed; in later files not available",
    "z": "not applicable",
    "k": "rounds to zero but is not zero (for example a percentage below 0.5)",
    "low": "rounds to zero but is not zero",
    "u": "low reliability",
    "..": "not available",
}
_NUMBER = re.compile(r"\d+(\.\d+)?")


def read_cell(text: str, sfr: bool) -> tuple[int | float | None, str] | None:
    """(value, status) for a cell as written, or None when it is neither a number nor a known code."""
    cell = text.strip()
    if _NUMBER.fullmatch(cell):
        number = float(cell)
        return (int(number) if number.is_integer() and "." not in cell else number), "reported"
    codes = CODES_SFR if sfr else CODES_NEW
    status = codes.get(cell) or codes.get(cell.lower())
    return (None, status) if status else None


def known_codes(sfr: bool) -> str:
    return ", ".join(sorted(CODES_SFR if sfr else CODES_NEW))
