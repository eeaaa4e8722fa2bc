"""Rules an observation row must keep beyond its schema: value and status agree, counts are whole,
periods run forwards, bands are as the questions ask, and an FOI figure's council is its source's
(an official figure's area existed in its period)."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problems
from .model import TIMES_MISSING_BANDS


def observation_rules(path: Path, line: int, r: dict, sources: dict, metrics: dict, authorities: dict, problems: Problems) -> bool:
    """Whether the row keeps every rule; each rule it breaks is reported."""
    before = len(problems.errors)
    value, status = r["value"], r["status"]
    if status == "reported" and value is None:
        problems.error(
            path,
            line,
            'value: expected a number because status is "reported", found an empty cell (for a withheld figure set status to suppressed or not_held)',
        )
    if status != "reported" and value is not None:
        problems.error(
            path,
            line,
            f'value: expected an empty cell because status is "{status}", found "{value}" (never write a suppressed figure as a number)',
        )
    if value is not None and metrics[r["metric_id"]].is_count and not isinstance(value, int):
        problems.error(
            path, line, f'value: expected a non-negative whole number for a count of {metrics[r["metric_id"]].unit}, found "{value}"'
        )
    if r["period_end"] < r["period_start"]:
        problems.error(path, line, f"period_end: expected a date on or after period_start {r['period_start']}, found {r['period_end']}")
    breakdown_problem = _breakdown_problem(r["metric_id"], r["breakdown"])
    if breakdown_problem:
        problems.error(path, line, f"breakdown: {breakdown_problem}")
    source = sources[r["source_id"]]
    source_authority = source.authority_code
    if source.is_official:
        # An official publication covers every area; a figure must be about an area that existed then.
        area = authorities[r["authority_code"]]
        if not area.exists_on(r["period_end"]):
            problems.error(path, line, f'authority_code: {area.name} ({area.code}) did not exist on {r["period_end"]}; see its valid_from and valid_to in authorities.csv')
    elif r["authority_code"] != source_authority:
        problems.error(
            path,
            line,
            f'authority_code: expected "{source_authority}", the authority of source "{r["source_id"]}", found "{r["authority_code"]}"',
        )
    return len(problems.errors) == before


EXCEL_DATE = re.compile(r"(\d{1,2}-[A-Z][a-z]{2}|[A-Z][a-z]{2}-\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})")


def _breakdown_problem(metric_id: str, breakdown: str) -> str | None:
    """Bands such as 6-10 come back from a spreadsheet as dates (06-Oct) unless typed as text."""
    looks_like_date = bool(EXCEL_DATE.fullmatch(breakdown))
    if metric_id == "children_by_times_missing" and breakdown not in TIMES_MISSING_BANDS:
        hint = (
            " (a spreadsheet turned a band such as 6-10 into a date: format the column as text and type it again)"
            if looks_like_date
            else ""
        )
        return f'expected one of {", ".join(TIMES_MISSING_BANDS)}, found "{breakdown}"{hint}'
    if looks_like_date:
        return f'found "{breakdown}", which looks like a date a spreadsheet made from a band or range: format the column as text and type it as the council wrote it'
    return None
