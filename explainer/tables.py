"""Read a CSV file as a maintainer's spreadsheet would save it, keeping line numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import Problems


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    path: Path
    header: list[str]
    rows: list[Row]


def read_text(path: Path, problems: Problems) -> str | None:
    """UTF-8 with or without a byte-order mark; anything else is refused, never guessed."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        how = "in Excel choose CSV UTF-8" if path.suffix == ".csv" else "most editors offer it under Save As or Encoding"
        problems.error(
            path,
            line,
            f"file is not UTF-8 text: byte 0x{raw[exc.start]:02x} on this line (saved as Latin-1 or Windows-1252?); save it as UTF-8 ({how})",
        )
        return None
    # A NUL byte is never meant (a damaged save, a binary file): it would be copied into the HTML as it is.
    if (at := text.find("\x00")) >= 0:
        problems.error(path, text[:at].count("\n") + 1, "file contains a NUL byte (a damaged save or a binary file?); remove it")
        return None
    # Spreadsheets on Windows save CRLF; treat it exactly as LF.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_table(path: Path, expected: list[str], problems: Problems) -> Table | None:
    if not path.is_file():
        problems.error(path, None, "file not found: every resource in datapackage.json needs its CSV file")
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(path, 1, f"file is empty: expected a header row ({','.join(expected)})")
        return None
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if not _header_matches(path, header, expected, problems):
        return None
    rows: list[Row] = []
    previous_end = reader.line_num
    lines = text.split("\n")
    try:
        for record in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                problems.error(path, line, _column_count_message(len(header), record, reader.line_num, "\n".join(lines[line - 1 :])))
            else:
                rows.append(Row(line, dict(zip(header, record, strict=True))))
    except csv.Error as exc:
        problems.error(path, previous_end + 1, f"cannot read this row as CSV: {exc}")
        return None
    return Table(path, header, rows)


def _column_count_message(expected: int, record: list[str], ends_on: int, rest: str) -> str:
    """`rest` is the file from this row on, to tell a quote never closed from one closed lines later."""
    message = f"expected {expected} columns, found {len(record)}"
    if any("\n" in cell for cell in record):
        reach = "is never closed" if _quote_left_open(rest) else f"runs on to line {ends_on}"
        return f'{message}: a double quote (") in this row opens a cell that {reach}; remove the stray quote or close it'
    if len(record) > expected:
        return f"{message} (a cell that contains a comma must be in double quotes)"
    return message


def _quote_left_open(rest: str) -> bool:
    try:
        for _ in csv.reader(io.StringIO(rest), strict=True):
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _header_matches(path: Path, header: list[str], expected: list[str], problems: Problems) -> bool:
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    if missing:
        problems.error(path, 1, f"missing column {', '.join(repr(m) for m in missing)}; the header must be {','.join(expected)}")
    if extra:
        problems.error(path, 1, f"unexpected column {', '.join(repr(e) for e in extra)}; add it to the schema in datapackage.json first")
    if not missing and not extra and header != expected:
        problems.error(path, 1, f"columns out of order; the header must be {','.join(expected)}")
    return not missing and not extra and header == expected
