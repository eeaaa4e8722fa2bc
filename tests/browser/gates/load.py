"""A page loads with status 200, logs no error and asks nothing of another origin."""

from __future__ import annotations

from collections.abc import Iterable

from ..visit import Visit, leaves_origin, origin_of
from .problem import Problem, page_name


def external_requests(requests: Iterable[str], origin: str) -> list[str]:
    """The requested URLs that would leave origin, in order, without repeats."""
    return list(dict.fromkeys(u for u in requests if leaves_origin(u, origin)))


def load_problems(record: Visit) -> list[Problem]:
    name = page_name(record.page)
    problems = []
    if record.status != 200:
        problems.append(Problem(name, "status", f"expected 200, got {record.status}"))
    problems += [Problem(name, "console-error", text) for text in record.console_errors]
    origin = origin_of(record.page.url)
    problems += [Problem(name, "external-request", url) for url in external_requests(record.requests, origin)]
    return problems
