"""The date each page's data last changed, from the per-source record in data/version-stamp.json.

A page lists the parts of sources it shows (`Page.sources`: what a source is, its figures for one
area, or all of it; see source_digests.py); its date is the latest release in which any of them
changed. A part whose rows differ from the stamp (edited, or new, and not yet stamped) has no
release date: a page showing it says so rather than name a date that is false.
Nothing here reads a clock, so two builds of the same inputs are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .dataset import Dataset
from .errors import Problems
from .freshness import fingerprint
from .pages import Page
from .source_digests import SOURCE_FILES, source_digests, source_key, whole_source
from .versioning import STAMP, Stamp, current_release, read_stamp, version_key


@dataclass(frozen=True)
class Changed:
    """When a source's (or a page's) data last changed. `version` is the release it changed in; for
    data changed since the last stamp it is that last stamped version ("" when none) and `pending` is set."""

    version: str
    released: dt.date | None
    pending: bool = False

    def order(self) -> tuple:
        return (self.pending, version_key(self.version) or (0, 0, 0), self.released or dt.date.min)


@dataclass(frozen=True)
class SourceDates:
    by_source: dict[str, Changed]
    # False when the stamp predates the per-source record: then no page claims a date.
    recorded: bool
    last_version: str

    def latest(self, keys: Iterable[str]) -> Changed | None:
        if not self.recorded:
            return None
        found = [self.by_source[k] for key in keys for k in self._parts(key) if k in self.by_source]
        return max(found, key=Changed.order) if found else None

    def _parts(self, key: str) -> list[str]:
        source_id = whole_source(key)
        if source_id is None:
            return [key]
        return [source_key(source_id), *self._areas.get(source_id, [])]

    @cached_property
    def _areas(self) -> dict[str, list[str]]:
        areas: dict[str, list[str]] = {}
        for key in self.by_source:
            source_id, _, area = key.partition(" ")
            if area:
                areas.setdefault(source_id, []).append(key)
        return areas

    @property
    def pending(self) -> bool:
        """Whether any data on the site changed since the last stamp."""
        return any(c.pending for c in self.by_source.values())


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def source_dates(data_dir: Path, ds: Dataset) -> SourceDates:
    """Each source's release as recorded, or pending when its rows today differ from the record."""
    texts = {name: ds.files[name].decode("utf-8") for name in SOURCE_FILES if name in ds.files}
    return _compare(source_digests(texts), read_stamp(data_dir / STAMP))


def _compare(today: dict[str, str], stamp: Stamp | None) -> SourceDates:
    if stamp is not None and stamp.parts is None:
        return SourceDates({}, False, stamp.version)
    record = stamp.parts if stamp is not None and stamp.parts is not None else {}
    dates: dict[str, Changed] = {}
    for source_id, digest in today.items():
        entry = record.get(source_id)
        if entry is not None and entry["sha256"] == digest:
            dates[source_id] = Changed(str(entry["version"]), _date(entry["released"]))
        else:
            dates[source_id] = Changed(stamp.version if stamp is not None else "", None, pending=True)
    return SourceDates(dates, True, stamp.version if stamp is not None else "")


def date_pages(pages: list[Page], dates: SourceDates) -> SourceDates:
    """Give each page that shows sources its date; a reused page's key covers it, so a new date re-renders it."""
    for page in pages:
        changed = dates.latest(page.sources)
        if changed is None:
            continue
        page.context["data_changed"] = changed
        if page.fingerprint:
            page.fingerprint = fingerprint(page.fingerprint, changed)
    return dates


def unreleased_problems(data_dir: Path, problems: Problems) -> None:
    """A release build publishes only stamped data: otherwise its pages would say "not yet released"."""
    release = current_release(data_dir, Problems())
    if release is None:
        return  # the build reports why the data cannot be read
    dates = _compare(release.parts, read_stamp(data_dir / STAMP))
    changed = sorted({key.partition(" ")[0] for key, c in dates.by_source.items() if c.pending})
    if changed:
        since = f"since version {dates.last_version} was stamped" if dates.last_version else "and no version is stamped"
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        problems.error(
            data_dir / STAMP,
            None,
            f'a release needs released data, but the rows of {shown} changed {since}; bump the version, add a changelog entry and run "python build.py stamp"',
        )
