"""The data package's version and changelog: warn when the data change but the version does not.

`python build.py stamp` records the package version in data/version-stamp.json, with a SHA-256 of
each data file as it is published. `check` and `build` compare the data with that record and warn
when the figures changed under the same version, or when CHANGELOG.md has no entry for it. The
stamp is for maintainers: it is not a resource of the package and is never published.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problems
from .source_digests import SOURCE_FILES, read_record, source_digests, updated_record
from .tables import read_text

STAMP = "version-stamp.json"
DESCRIPTOR = "datapackage.json"
CHANGELOG = "CHANGELOG.md"
LICENCE = "LICENCE.md"
SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)")
# Package metadata that changes with a release rather than with the data.
RELEASE_KEYS = ("version", "created")
STAMP_NOTE = (
    "Written by `python build.py stamp`: the version last released, a SHA-256 of each data file as published,"
    " and per part of each source (what it is; its figures for one area) a SHA-256 of its rows with the release in which they last changed. Not part of the package."
)


@dataclass(frozen=True)
class Stamp:
    version: str
    digests: dict[str, str]
    # Per part of a source (source_digests.py): sha256, version and released date; None in a stamp written before they were kept.
    parts: dict[str, dict[str, str | None]] | None = None


@dataclass(frozen=True)
class Release:
    """The package as it stands: its version, where that is written, and its data digests."""

    version: str
    version_line: int | None
    digests: dict[str, str]
    # The text of the files holding rows per source; hashed only when asked (every build reads the release).
    texts: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def parts(self) -> dict[str, str]:
        return source_digests(self.texts)


def current_release(data_dir: Path, problems: Problems) -> Release | None:
    """None when the descriptor cannot be read (the data checks report why)."""
    try:
        text = (data_dir / DESCRIPTOR).read_text(encoding="utf-8-sig")
        descriptor = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(descriptor, dict):
        return None
    texts: dict[str, str] = {}
    digests = _digests(data_dir, descriptor, text, problems, texts)
    return Release(str(descriptor.get("version", "")), _line_of(text, '"version"'), digests, texts)


def _line_of(text: str, needle: str) -> int | None:
    return next((number for number, line in enumerate(text.splitlines(), start=1) if needle in line), None)


def _digests(data_dir: Path, descriptor: dict[str, Any], text: str, problems: Problems, texts: dict[str, str]) -> dict[str, str]:
    """Each file as it is published (UTF-8, LF line ends), so re-saving a spreadsheet changes nothing;
    the text of the files that hold rows per source is kept in `texts`."""
    content = {k: v for k, v in descriptor.items() if k not in RELEASE_KEYS}
    digests = {DESCRIPTOR: _sha256(json.dumps(content, sort_keys=True, ensure_ascii=False))}
    names = [r["path"] for r in descriptor.get("resources", []) if isinstance(r, dict) and isinstance(r.get("path"), str)]
    for name in [*names, LICENCE]:
        path = data_dir / name
        body = read_text(path, problems) if path.is_file() else None
        if body is not None:
            digests[name] = _sha256(body)
            if name in SOURCE_FILES:
                texts[name] = body
    return dict(sorted(digests.items()))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_stamp(path: Path) -> Stamp | None:
    """The recorded release, or None when there is none or it cannot be read."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
        return Stamp(str(raw["version"]), {str(k): str(v) for k, v in raw["sha256"].items()}, read_record(raw.get("parts")))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return None


def version_key(version: str) -> tuple[int, int, int] | None:
    match = SEMVER.fullmatch(version)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def changed_files(stamp: Stamp, release: Release) -> list[str]:
    names = sorted(set(stamp.digests) | set(release.digests))
    return [name for name in names if stamp.digests.get(name) != release.digests.get(name)]


def has_changelog_entry(data_dir: Path, version: str) -> bool:
    path = data_dir / CHANGELOG
    if not path.is_file():
        return False
    heading = re.compile(rf"^##\s+v?{re.escape(version)}(?![\w.])", re.MULTILINE)
    return bool(heading.search(path.read_bytes().decode("utf-8", errors="replace")))


def _release_record_problems(data_dir: Path, release: Release, report: Callable[[Path, int | None, str], None], then: str) -> bool:
    """A well-formed version with a changelog entry; reported as warnings or errors. False: stop here."""
    if version_key(release.version) is None:
        report(data_dir / DESCRIPTOR, release.version_line, f'version: expected MAJOR.MINOR.PATCH such as 1.2.0, found "{release.version}"')
        return False
    if not has_changelog_entry(data_dir, release.version):
        message = f'no entry for version {release.version}; add a heading "## {release.version} (YYYY-MM-DD)" and say what changed{then}'
        report(data_dir / CHANGELOG, None, message)
    return True


def version_warnings(data_dir: Path, problems: Problems) -> None:
    """Warnings only: a maintainer may rebuild many times before releasing a new version."""
    release = current_release(data_dir, problems)
    if release is None:
        return
    well_formed = _release_record_problems(data_dir, release, problems.warn, "")
    if well_formed:
        _stamp_warnings(data_dir, release, problems)


def _stamp_warnings(data_dir: Path, release: Release, problems: Problems) -> None:
    stamp_path, descriptor = data_dir / STAMP, data_dir / DESCRIPTOR
    stamp = read_stamp(stamp_path)
    if stamp is None:
        state = "cannot be read" if stamp_path.is_file() else "does not exist yet"
        problems.warn(
            stamp_path, None, f'the record of the released data {state}; run "python build.py stamp" to record version {release.version}'
        )
        return
    if went_down := _lower_than_released(release, stamp):
        problems.warn(descriptor, release.version_line, went_down)
    elif release.version != stamp.version:
        problems.warn(
            stamp_path,
            None,
            f'version {release.version} is not stamped yet (last stamped: {stamp.version}); when it is ready, run "python build.py stamp"',
        )
    elif changed := changed_files(stamp, release):
        problems.warn(
            descriptor,
            release.version_line,
            f'the data changed since version {stamp.version} was stamped ({", ".join(changed)}) but "version" is still {release.version}; bump it and add a changelog entry',
        )


def _lower_than_released(release: Release, stamp: Stamp) -> str | None:
    ours, theirs = version_key(release.version), version_key(stamp.version)
    if theirs is not None and ours is not None and ours < theirs:
        return f"version {release.version} is lower than the released version {stamp.version}; versions only go up"
    return None


def stamp_refusals(data_dir: Path, release: Release, force: bool, problems: Problems) -> None:
    """Reasons not to record this release: each one is an error for `python build.py stamp`."""
    descriptor = data_dir / DESCRIPTOR
    if not _release_record_problems(data_dir, release, problems.error, ", then stamp"):
        return
    stamp = read_stamp(data_dir / STAMP)
    if stamp is None or force:
        return
    if went_down := _lower_than_released(release, stamp):
        problems.error(descriptor, release.version_line, went_down)
    elif release.version == stamp.version and changed_files(stamp, release):
        problems.error(
            descriptor,
            release.version_line,
            f'the data changed since version {stamp.version} was stamped; bump "version" first (or use --force to stamp {stamp.version} again)',
        )


def changelog_date(data_dir: Path, version: str) -> str | None:
    """The date data/CHANGELOG.md heads this version with (YYYY-MM-DD), if it gives one."""
    path = data_dir / CHANGELOG
    text = path.read_bytes().decode("utf-8", errors="replace") if path.is_file() else ""
    found = re.search(rf"^##\s+v?{re.escape(version)}\s+\((\d{{4}}-\d{{2}}-\d{{2}})\)", text, re.MULTILINE)
    return found[1] if found else None


def write_stamp(data_dir: Path, release: Release) -> Path:
    """Sources whose rows did not change since the last stamp keep the release they last changed in."""
    path = data_dir / STAMP
    previous = read_stamp(path)
    parts = updated_record(previous.parts if previous else None, release.parts, release.version, changelog_date(data_dir, release.version))
    body = {"note": STAMP_NOTE, "version": release.version, "sha256": release.digests, "parts": parts}
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return path
