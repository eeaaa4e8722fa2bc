"""Problems found in the user's input, reported as `path:line: message`."""

from __future__ import annotations

import difflib
import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class BuildError(Exception):
    """Raised when the input cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Problems:
    """Collects problems so that one run reports all of them, not just the first."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, path: str | Path, line: int | None, message: str) -> None:
        self.errors.append(Problem(display_path(path), line, message))

    def warn(self, path: str | Path, line: int | None, message: str) -> None:
        self.warnings.append(Problem(display_path(path), line, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise BuildError(list(self.errors))


def failure_lines(problems: Problems, out: Path | None, command: str = "build") -> list[str]:
    """One line per distinct problem (a mistake in base.html fails every page, but is one mistake), then a summary."""
    errors = sorted(dict.fromkeys(problems.errors), key=lambda p: (p.path, p.line or 0))
    n = len(errors)
    tail = f"; {out.name}/ was left as it was" if out is not None else ""
    return [str(p) for p in errors] + [f"{command} failed: {n} error{'s' if n != 1 else ''}{tail}"]


_OS_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EACCES: "no permission: make the folder writable, or choose another --out",
    errno.EPERM: "no permission: make the folder writable, or choose another --out",
    errno.EROFS: "the file system is read-only: choose another --out, or build from a writable copy",
    errno.ENOTDIR: "a file is where a folder should be (if it is .cache, delete it: it holds only rendered charts)",
    errno.EEXIST: "a file is where a folder should be (if it is .cache, delete it: it holds only rendered charts)",
    errno.ENAMETOOLONG: "a name is too long for the file system",
}


def os_problem(exc: OSError, out: Path | None, problems: Problems) -> None:
    """A failure of the machine, not the input (a full disk, a read-only folder), as one problem naming the file."""
    hint = _OS_HINTS.get(exc.errno or 0, "")
    where = exc.filename if isinstance(exc.filename, str | Path) and exc.filename else (out or ".")
    problems.error(where, None, f"cannot write or read: {exc.strerror or exc}{'; ' + hint if hint else ''}")


def attempt(step: Callable[[Problems], T], problems: Problems, out: Path | None, command: str = "build") -> tuple[T | None, list[str]]:
    """Run a build (or check) step that raises BuildError on bad input.

    Returns its result and no lines, or None and the lines that say what is wrong: the command
    line prints them, the preview server prints them and shows them on every page.
    """
    try:
        return step(problems), []
    except BuildError:
        return None, failure_lines(problems, out, command)
    except OSError as exc:
        os_problem(exc, out, problems)
        return None, failure_lines(problems, out, command)


def warning_lines(problems: Problems) -> list[str]:
    return [f"{w} (warning)" for w in dict.fromkeys(problems.warnings)]


def display_path(path: str | Path) -> str:
    """Paths relative to the working folder when possible, so messages stay short."""
    p = Path(path)
    cwd = Path.cwd()
    # The path as named first: a symlink is reported where it is, not where it points.
    for candidate, base in ((Path(os.path.abspath(p)), cwd), (Path(os.path.abspath(p)), cwd.resolve()), (p.resolve(), cwd.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return p.as_posix()


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
