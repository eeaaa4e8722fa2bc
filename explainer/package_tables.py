"""The package's smaller tables as model objects: authorities, neighbours and cautions, each row's
references checked as it is read."""

from __future__ import annotations

from pathlib import Path

from .errors import Problems
from .model import Authority, Caution, Neighbour, Observation, Question, Source
from .row_rules import check_reference


def read_authorities(rows: list) -> dict[str, Authority]:
    names: dict[str, int] = {}
    for _, r in rows:
        names[r["authority_name"]] = names.get(r["authority_name"], 0) + 1
    result = {}
    for _, r in rows:
        valid_to = r.get("valid_to")
        shared = names[r["authority_name"]] > 1 and valid_to is not None
        result[r["authority_code"]] = Authority(
            r["authority_code"],
            r["authority_name"],
            r["region"],
            r.get("area_level") or "local_authority",
            r.get("region_code") or "",
            r.get("valid_from"),
            valid_to,
            tuple((r.get("successor_codes") or "").split()),
            r.get("dfe_la_number") or "",
            f"-until-{valid_to.year}" if shared else "",
        )
    return result


def read_neighbours(path: Path, rows: list, authorities: dict, sources: dict, problems: Problems, rejected: set[str]) -> list[Neighbour]:
    result = []
    for line, r in rows:
        if all(
            [
                check_reference(path, line, "authority_code", r["authority_code"], authorities, problems, rejected),
                check_reference(path, line, "neighbour_code", r["neighbour_code"], authorities, problems, rejected),
                check_reference(path, line, "source_id", r["source_id"], sources, problems, rejected),
            ]
        ):
            result.append(Neighbour(r["authority_code"], r["neighbour_rank"], r["neighbour_code"], r["closeness"], r["source_id"]))
    return result


def read_cautions(path: Path, rows: list, authorities: dict, metrics: dict, problems: Problems, rejected: set[str]) -> list[Caution]:
    result = []
    for line, r in rows:
        if r["authority_code"] and not check_reference(path, line, "authority_code", r["authority_code"], authorities, problems, rejected):
            continue
        if r["metric_id"] and not check_reference(path, line, "metric_id", r["metric_id"], metrics, problems, rejected):
            continue
        result.append(
            Caution(r["caution_id"], r["authority_code"], r["metric_id"], r["period_start"], r["period_end"], r["text"], r["origin"], r["quoted_from"])
        )
    return result


def read_questions(
    path: Path, rows: list, sources: dict[str, Source], observations: list[Observation], problems: Problems, rejected: set[str]
) -> dict[tuple[str, str], Question]:
    """Question wording by (source, number). A figure from an FOI response with a transcribed
    document whose question has no wording is a warning, not an error: some letters do not quote
    the request at all."""
    result: dict[tuple[str, str], Question] = {}
    for line, r in rows:
        key = (r["source_id"], r["question"])
        if not check_reference(path, line, "source_id", r["source_id"], sources, problems, rejected):
            continue
        if key in result:
            problems.error(path, line, f'question "{r["question"]}" of {r["source_id"]} is given twice')
            continue
        result[key] = Question(r["source_id"], r["question"], r.get("heading") or "", r["text"])
    # Only once the package has a questions table: before that, no source is expected to have one.
    if rows:
        first_line: dict[tuple[str, str], int] = {}
        for o in observations:
            # Wording is transcribed from the response's document: without one there is nothing to copy.
            if o.question and not sources[o.source_id].is_official and sources[o.source_id].document:
                first_line.setdefault((o.source_id, o.question), o.line)
        for (source_id, number), line in first_line.items():
            if (source_id, number) not in result:
                problems.warn(
                    path.with_name("observations.csv"),
                    line,
                    f'{source_id} question "{number}": its wording is not in questions.csv; add it as the response quotes it',
                )
    return result
