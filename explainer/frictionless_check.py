"""A second opinion on the package from Frictionless itself, reported in our error format."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

from .errors import Problems


def frictionless_problems(data_dir: Path, problems: Problems) -> None:
    from frictionless import FrictionlessException, Package, system

    descriptor = data_dir / "datapackage.json"
    # Read the descriptor ourselves: Frictionless refuses a byte-order mark that a spreadsheet user's editor may add.
    metadata = json.loads(descriptor.read_text(encoding="utf-8-sig"))
    try:
        with system.use_context(trusted=False), offline():
            report = Package(metadata, basepath=str(data_dir)).validate()
    except FrictionlessException as exc:
        problems.error(descriptor, None, f"frictionless: {exc.error.message}")
        return
    for task in report.tasks:
        for error in task.errors:
            line = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            where = data_dir / task.place if task.place and not task.place.startswith("http") else descriptor
            problems.error(where, line, f"frictionless: {field + ': ' if field else ''}{error.message}")
    for error in report.errors:
        problems.error(descriptor, None, f"frictionless: {error.message}")


@contextlib.contextmanager
def offline() -> Iterator[None]:
    """No connection leaves this process while Frictionless runs: a descriptor naming a URL (a
    resource, a schema, a profile) is refused by our own checks first, and this makes sure of it."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("the build never opens a network connection; give files in data/ instead of addresses")

    saved = socket.socket.connect, socket.socket.connect_ex, socket.create_connection, socket.getaddrinfo
    socket.socket.connect = socket.socket.connect_ex = refuse  # type: ignore[method-assign,assignment]
    socket.create_connection = socket.getaddrinfo = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.create_connection, socket.getaddrinfo = saved  # type: ignore[method-assign]
