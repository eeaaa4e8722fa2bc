"""Rules an observation row must keep beyond its schema: value and status agree, counts are whole,
periods run forwards, bands are as the questions ask, and an FOI figure's council is its source's
(an official figure's area existed in its period); and the checks every table's rows share: a
reference names a row that exists, a name or id gives a page name of its own, a url is a web link."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problems, did_you_mean
from .model import TIMES_MISSING_BANDS, Authority
from .safe_paths import link_problem, segment_problem


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


def check_page_names(path: Path, rows: list, authorities: dict[str, Authority], problems: Problems) -> None:
    """Each council has a page of its own: two names giving one page name would silently share it."""
    seen: dict[str, tuple[int, str]] = {}
    codes: set[str] = set()
    for line, r in rows:
        if r["authority_code"] in codes:
            continue  # a duplicate code, reported as such
        codes.add(r["authority_code"])
        # From the loaded authority: a council that ended and shares its name with a later one has a suffixed page name.
        authority = authorities[r["authority_code"]]
        slug = authority.slug
        if (message := segment_problem(slug, "authority_name")) is not None:
            problems.error(path, line, f"{message} (the page name comes from the name, or the code when the name has no letters)")
        elif slug in seen:
            first_line, first_name = seen[slug]
            problems.error(
                path,
                line,
                f'authority_name: "{authority.name}" gives the same page name (councils/{slug}.html) as "{first_name}" on line {first_line}; names must differ in more than case and punctuation',
            )
        else:
            seen[slug] = (line, authority.name)


def check_source_fields(path: Path, line: int, r: dict, problems: Problems) -> None:
    """The source id names its page; the url becomes a link, so only a web address may."""
    if (message := segment_problem(r["source_id"], "source_id")) is not None:
        problems.error(path, line, message)
    if r["url"] and (message := link_problem(r["url"])) is not None:
        problems.error(path, line, f"url: {message}")


def check_reference(path: Path, line: int, field: str, value: str, known: dict, problems: Problems, rejected: set[str]) -> bool:
    if value in known:
        return True
    if value in rejected:
        return False
    label = field.removesuffix("_id").removesuffix("_code").replace("_", " ")
    problems.error(path, line, f'{field}: unknown {label} "{value}"{did_you_mean(value, set(known))}')
    return False
