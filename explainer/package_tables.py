"""The package's authorities and question wording as model objects."""

from __future__ import annotations

from pathlib import Path

from .errors import Problems
from .model import Authority, Observation, Question, Source


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


def read_questions(path: Path, rows: list, sources: dict[str, Source], observations: list[Observation], problems: Problems) -> dict[tuple[str, str], Question]:
    """Question wording by (source, number). A figure from an FOI response with a transcribed
    document whose question has no wording is a warning, not an error: some letters do not quote
    the request at all."""
    result: dict[tuple[str, str], Question] = {}
    for line, r in rows:
        key = (r["source_id"], r["question"])
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
