"""The Dataset, and reading the data package in data/ into one, validated.

Every problem is collected, so a maintainer sees all of them in one run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .descriptor import package_problems
from .errors import Problems
from .model import Authority, Caution, Metric, Neighbour, Observation, Pair, Period, Question, Service, Source, slugify, source_order
from .package_tables import read_authorities, read_questions
from .references import REFERABLE, Reference, declared_references, references_ok
from .row_rules import check_page_names, check_source_fields, observation_rules
from .safe_paths import input_problem
from .schema import Field, typed_rows, unchecked
from .tables import read_table, read_text

DESCRIPTOR = "datapackage.json"
PUBLISHED_EXTRAS = ("LICENCE.md", "CHANGELOG.md")
# The public contract: these resources and fields must exist (more may be added).
REQUIRED_FIELDS: dict[str, list[str]] = {
    "authorities": ["authority_code", "authority_name", "region"],
    "sources": [
        "source_id",
        "authority_code",
        "title",
        "request_reference",
        "response_date",
        "licence_id",
        "licence_title",
        "reuse_terms",
        "url",
    ],
    "metrics": ["metric_id", "label", "unit", "definition"],
    "observations": [
        "source_id",
        "authority_code",
        "period_start",
        "period_end",
        "metric_id",
        "population",
        "breakdown",
        "value",
        "status",
        "as_reported",
        "question",
        "note",
    ],
    "services": ["source_id", "authority_code", "as_of", "service", "population", "provider_type", "provider", "detail"],
}
# Resources added with the official statistics: read when the descriptor lists them.
OPTIONAL_FIELDS: dict[str, list[str]] = {
    "neighbours": ["authority_code", "neighbour_rank", "neighbour_code", "closeness", "source_id"],
    "cautions": ["caution_id", "authority_code", "metric_id", "period_start", "period_end", "text", "origin", "quoted_from"],
    "pairs": ["foi_metric_id", "foi_population", "official_metric_id", "note"],
    "questions": ["source_id", "question", "text"],
}


# The build computes with these fields, so their types are part of the contract too.
FIELD_TYPES = {"period_start": "date", "period_end": "date", "response_date": "date", "value": "number"}


@dataclass
class Dataset:
    descriptor: dict
    authorities: dict[str, Authority]
    sources: dict[str, Source]
    metrics: dict[str, Metric]
    observations: list[Observation]
    services: list[Service]
    files: dict[str, bytes] = field(default_factory=dict)
    neighbours: list[Neighbour] = field(default_factory=list)
    cautions: list[Caution] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    questions: dict[tuple[str, str], Question] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", "0.0.0"))

    @cached_property
    def released(self) -> dt.date | None:
        """When this version of the package was released: the date data/CHANGELOG.md heads it with
        (a fact of the data, so pages built twice are byte-identical; no build clock)."""
        changelog = self.files.get("CHANGELOG.md", b"").decode("utf-8")
        found = re.search(rf"^## {re.escape(self.version)} \((\d{{4}}-\d{{2}}-\d{{2}})\)", changelog, re.MULTILINE)
        return dt.date.fromisoformat(found[1]) if found else None

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", "data"))

    @cached_property
    def by_source(self) -> dict[str, list[Observation]]:
        grouped: dict[str, list[Observation]] = {s: [] for s in self.sources}
        for obs in self.observations:
            grouped[obs.source_id].append(obs)
        return grouped

    @cached_property
    def by_authority(self) -> dict[str, list[Observation]]:
        grouped: dict[str, list[Observation]] = {a: [] for a in self.authorities}
        for obs in self.observations:
            grouped[obs.authority_code].append(obs)
        return grouped

    @cached_property
    def by_lookup(self) -> dict[tuple[str, str, str, str, str], list[Observation]]:
        """Figures by (authority, period label, metric, population, breakdown): what a lookup names."""
        index: dict[tuple[str, str, str, str, str], list[Observation]] = {}
        for obs in self.observations:
            index.setdefault((obs.authority_code, obs.period.label, obs.metric_id, obs.population, obs.breakdown), []).append(obs)
        return index

    @cached_property
    def by_metric_period(self) -> dict[tuple[str, str], list[Observation]]:
        """Figures by (metric, period label): what a lookup for a set of councils scans."""
        index: dict[tuple[str, str], list[Observation]] = {}
        for obs in self.observations:
            index.setdefault((obs.metric_id, obs.period.label), []).append(obs)
        return index

    @cached_property
    def services_by_source(self) -> dict[str, list[Service]]:
        grouped: dict[str, list[Service]] = {s: [] for s in self.sources}
        for service in self.services:
            grouped[service.source_id].append(service)
        return grouped

    def sources_of(self, authority_code: str) -> list[Source]:
        return sorted((s for s in self.sources.values() if s.authority_code == authority_code), key=source_order)

    def services_of(self, authority_code: str) -> list[Service]:
        return [s for source in self.sources_of(authority_code) for s in self.services_by_source[source.id]]

    def find(
        self, authority_code: str, period_label: str, metric_id: str, population: str = "all", breakdown: str = ""
    ) -> list[Observation]:
        return list(self.by_lookup.get((authority_code, period_label, metric_id, population, breakdown), ()))

    def authority_by_name_or_code(self, key: str) -> Authority | None:
        if key in self.authorities:
            return self.authorities[key]
        wanted = slugify(key)
        return next((a for a in self.authorities.values() if a.slug == wanted), None)


def load(data_dir: Path, problems: Problems) -> Dataset | None:
    """The validated dataset, or None when any error was recorded in `problems`."""
    # Keys of rows refused for a bad cell: references to them are not reported again.
    rejected: set[str] = set()
    descriptor = read_descriptor(data_dir / DESCRIPTOR, problems)
    if descriptor is None:
        return None
    rows: dict[str, Any] = {}
    for name in REQUIRED_FIELDS:
        rows[name] = _read_resource(data_dir, descriptor, name, problems, rejected)
    for name in OPTIONAL_FIELDS:
        rows[name] = _read_resource(data_dir, descriptor, name, problems, rejected) if resource_descriptor(descriptor, name) else []
    references = {
        name: declared_references(data_dir / DESCRIPTOR, resource, problems) if (resource := resource_descriptor(descriptor, name)) else []
        for name in rows
    }
    if any(r is None for r in rows.values()) or any(r is None for r in references.values()):
        return None
    # Rows with a bad cell are left out, but every other row is still cross-checked, so one run
    # reports every problem.
    dataset = _assemble(data_dir, rows, references, descriptor, problems, rejected)
    return None if problems.errors else dataset


def read_descriptor(path: Path, problems: Problems) -> dict[str, Any] | None:
    if not path.is_file():
        problems.error(path, None, "file not found: the data package descriptor is missing")
        return None
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        problems.error(path, None, "file is not UTF-8 text; save it as UTF-8")
        return None
    except json.JSONDecodeError as exc:
        problems.error(path, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
        return None
    except RecursionError:
        problems.error(path, None, "invalid descriptor: objects or lists nested too deeply")
        return None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        problems.error(path, 1, 'expected a JSON object with a "resources" list')
        return None
    if not all(isinstance(r, dict) and isinstance(r.get("path"), str) for r in descriptor["resources"]):
        problems.error(path, None, 'expected every entry of "resources" to be an object with a "path" (the CSV file name)')
        return None
    return descriptor if package_problems(path, descriptor, problems) else None


def resource_descriptor(descriptor: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((r for r in descriptor["resources"] if isinstance(r, dict) and r.get("name") == name), None)


def _read_resource(
    data_dir: Path, descriptor: dict[str, Any], name: str, problems: Problems, rejected: set[str]
) -> list[tuple[int, dict]] | None:
    path = data_dir / DESCRIPTOR
    resource = resource_descriptor(descriptor, name)
    if resource is None:
        problems.error(path, None, f'resource "{name}" is missing from "resources"')
        return None
    described = resource.get("schema", {}).get("fields", [])
    for number, f in enumerate(described, start=1):
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            problems.error(path, None, f'resource "{name}": field {number} of its schema has no "name"')
    fields = [Field.from_descriptor(f) for f in described if isinstance(f, dict) and isinstance(f.get("name"), str)]
    missing = [f for f in {**REQUIRED_FIELDS, **OPTIONAL_FIELDS}[name] if f not in {fd.name for fd in fields}]
    if missing:
        problems.error(path, None, f'resource "{name}": schema lacks required field {", ".join(missing)}')
        return None
    wrong = [fd for fd in fields if FIELD_TYPES.get(fd.name, fd.type) != fd.type]
    for fd in wrong:
        problems.error(path, None, f'resource "{name}": field "{fd.name}": expected type "{FIELD_TYPES[fd.name]}", found "{fd.type}"')
    refused = [(fd, what) for fd in fields if fd not in wrong for what in unchecked(fd)]
    for fd, what in refused:
        problems.error(
            path,
            None,
            f'resource "{name}": field "{fd.name}": {what} is not checked by the build; remove it, or add the check to explainer/schema.py',
        )
    if wrong or refused:
        return None
    table = read_table(data_dir / resource.get("path", f"{name}.csv"), [f.name for f in fields], problems)
    if table is None:
        return None
    typed = typed_rows(table, fields, problems)
    if name in REFERABLE:
        accepted = {line for line, _ in typed}
        rejected.update(row.values[REFERABLE[name]].strip() for row in table.rows if row.line not in accepted)
    return typed


def _assemble(
    data_dir: Path, rows: dict[str, Any], references: dict[str, list[Reference]], descriptor: dict[str, Any], problems: Problems, rejected: set[str]
) -> Dataset:
    authorities = read_authorities(rows["authorities"])
    metrics = {r["metric_id"]: Metric(r["metric_id"], r["label"], r["unit"], r["definition"]) for _, r in rows["metrics"]}
    check_page_names(data_dir / "authorities.csv", rows["authorities"], authorities, problems)
    sources_path = data_dir / "sources.csv"
    sources: dict[str, Source] = {}
    # Filled as each table is read: a reference can only name a table read before it.
    known: dict[str, dict] = {"authorities": authorities, "metrics": metrics, "sources": sources}

    def rows_referring(name: str) -> list[tuple[int, dict]]:
        """The rows of a table whose references all name rows that exist; the others are reported."""
        path = data_dir / (resource_descriptor(descriptor, name) or {}).get("path", f"{name}.csv")
        return [(line, r) for line, r in rows[name] if references_ok(path, line, r, references[name], known, problems, rejected)]

    for line, r in rows["sources"]:
        # A source naming an unknown council is reported but kept, so its figures are not reported again.
        references_ok(sources_path, line, r, references["sources"], known, problems, rejected)
        check_source_fields(sources_path, line, r, problems)
        sources[r["source_id"]] = Source(
            r["source_id"],
            r["authority_code"],
            r["title"],
            r["request_reference"],
            r["response_date"],
            r["licence_id"],
            r["licence_title"],
            r["reuse_terms"],
            r["url"],
            r.get("document") or "",
            r.get("received_as") or "",
            r.get("source_kind") or "foi_response",
            r.get("publisher") or "",
            r.get("edition") or "",
            r.get("caveats") or "",
            r.get("attribution") or "",
        )
    observations = _observations(data_dir / "observations.csv", rows_referring("observations"), authorities, sources, metrics, problems)
    services = _services(data_dir / "services.csv", rows_referring("services"), sources, problems)
    published = [DESCRIPTOR, *(r["path"] for r in descriptor["resources"]), *PUBLISHED_EXTRAS]
    # Published as UTF-8 with LF line ends whatever the spreadsheet saved, so a re-save changes nothing.
    files = {
        name: text.encode("utf-8")
        for name in published
        if _publishable(data_dir, name, problems) and (text := read_text(data_dir / name, problems)) is not None
    }
    neighbours = [Neighbour(r["authority_code"], r["neighbour_rank"], r["neighbour_code"], r["closeness"], r["source_id"]) for _, r in rows_referring("neighbours")]
    cautions = [
        Caution(r["caution_id"], r["authority_code"], r["metric_id"], r["period_start"], r["period_end"], r["text"], r["origin"], r["quoted_from"])
        for _, r in rows_referring("cautions")
    ]
    pairs = [Pair(r["foi_metric_id"], r["foi_population"], r["official_metric_id"], r["note"]) for _, r in rows_referring("pairs")]
    questions = read_questions(data_dir / "questions.csv", rows_referring("questions"), sources, observations, problems)
    # Whatever else the descriptor declares (the build relies on none of it) is checked too.
    for name in ("authorities", "metrics"):
        rows_referring(name)
    return Dataset(descriptor, authorities, sources, metrics, observations, services, files, neighbours, cautions, pairs, questions)


def _publishable(data_dir: Path, name: str, problems: Problems) -> bool:
    """A file of the package that exists and is really in data/ (a symlink out would publish someone's system file)."""
    if (message := input_problem(data_dir, name, name)) is not None:
        problems.error(data_dir / name, None, message)
        return False
    return (data_dir / name).is_file()


def _observations(path: Path, rows: list, authorities: dict, sources: dict, metrics: dict, problems: Problems) -> list[Observation]:
    """The figures from rows whose references have been checked."""
    result = []
    seen: dict[tuple, int] = {}
    periods: dict[tuple, Period] = {}
    for line, r in rows:
        if not observation_rules(path, line, r, sources, metrics, authorities, problems):
            continue
        # One Period object per distinct period, so its label is worked out once.
        period = periods.setdefault((r["period_start"], r["period_end"]), Period(r["period_start"], r["period_end"]))
        obs = Observation(
            line,
            r["source_id"],
            r["authority_code"],
            period,
            r["metric_id"],
            r["population"],
            r["breakdown"],
            r["value"],
            r["status"],
            r["as_reported"],
            r["question"],
            r["note"],
            r["_raw"],
        )
        key = (obs.source_id, obs.authority_code, obs.period, obs.metric_id, obs.population, obs.breakdown)
        if key in seen:
            problems.error(path, line, f"duplicate figure: same source, authority, period, metric, population and breakdown as line {seen[key]}")
        seen[key] = line
        result.append(obs)
    return result


def _services(path: Path, rows: list, sources: dict, problems: Problems) -> list[Service]:
    """The services from rows whose references have been checked."""
    result = []
    for line, r in rows:
        if sources[r["source_id"]].authority_code != r["authority_code"]:
            problems.error(
                path,
                line,
                f'authority_code: expected "{sources[r["source_id"]].authority_code}", the authority of source "{r["source_id"]}", found "{r["authority_code"]}"',
            )
            continue
        result.append(
            Service(
                line,
                r["source_id"],
                r["authority_code"],
                r["as_of"],
                r["service"],
                r["population"],
                r["provider_type"],
                r["provider"],
                r["detail"],
                r.get("question") or "",
                r["_raw"],
            )
        )
    return result
