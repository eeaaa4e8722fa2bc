"""Told when prose may be stale: what each narrative was written against, and what changed since.

Rendering a narrative records what its lookups and charts reached (`lookups.Reach`). A snapshot of
that reach is the councils holding each (metric, period) it reached, with a digest of each
council's figures there, and a digest of each chart's data. `build.py review` stores the snapshot
in `content/.reviewed.json` when an editor has read the narrative; `check` compares the stored
snapshot with today's and names the narrative and what changed; `stamp` refuses while any differ.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .errors import Problems, display_path
from .lookups import MAX_NAMED, Reach, source_kind, words_list
from .model import Observation

MANIFEST = ".reviewed.json"
# Beyond this many councils for one (metric, period), one digest stands for all their figures,
# so the manifest stays small when a lookup reaches every council in England.
MAX_PER_COUNCIL = 20
Snapshot = dict[str, Any]
NEVER = "not reviewed yet"


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:12]


def key_label(key: tuple[str, str, str]) -> str:
    """ "children_missing 2020-21", with the kind of source only when it is not FOI or any."""
    metric, period, kind = key
    if metric == "sources":
        return "the list of sources" + ("" if kind in ("any", "foi") else f" ({kind})")
    if metric == "services":
        return "the table of who carries out interviews"
    where = metric if period == "any" else f"{metric} {period}"
    return where if kind in ("any", "foi") else f"{where} ({kind})"


def _observations(ds: Dataset, key: tuple[str, str, str]) -> list[Observation]:
    metric, period, kind = key
    if period == "any":
        found = [o for (m, _), obs in ds.by_metric_period.items() if m == metric for o in obs]
    else:
        found = list(ds.by_metric_period.get((metric, period), ()))
    return [o for o in found if kind == "any" or source_kind(ds, o.source_id) == kind]


def _entry(ds: Dataset, key: tuple[str, str, str]) -> dict[str, Any]:
    """The councils for one key, and a digest of each one's figures (or of all, when many)."""
    per_council: dict[str, list[tuple]] = {}
    if key[0] == "sources":
        for s in ds.sources.values():
            if key[2] == "any" or source_kind(ds, s.id) == key[2]:
                per_council.setdefault(ds.authorities[s.authority_code].name, []).append((s.id, s.licence_id, s.title))
    elif key[0] == "services":
        for s in ds.services:
            row = (s.source_id, s.as_of, s.service, s.population, s.provider_type, s.provider, s.detail, s.question)
            per_council.setdefault(ds.authorities[s.authority_code].name, []).append(row)
    else:
        for o in _observations(ds, key):
            row = (o.source_id, o.population, o.breakdown, o.value, o.status, o.as_reported)
            per_council.setdefault(ds.authorities[o.authority_code].name, []).append(row)
    digests = {name: _digest(sorted(rows)) for name, rows in sorted(per_council.items())}
    if len(digests) > MAX_PER_COUNCIL:
        return {"councils": sorted(digests), "figures": _digest(digests)}
    return {"councils": sorted(digests), "figures": digests}


def snapshot(ds: Dataset, reach: Reach, chart_data: dict[str, str]) -> Snapshot:
    """What one narrative reaches today, in the form stored in the manifest."""
    return {
        "data": {key_label(k): _entry(ds, k) for k in sorted(reach.keys)},
        "charts": {name: _digest(chart_data.get(name, "")) for name in sorted(reach.charts)},
    }


def _entry_changes(label: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    added = sorted(set(new["councils"]) - set(old["councils"]))
    removed = sorted(set(old["councils"]) - set(new["councils"]))
    if added or removed:
        what = [f"{_some(added)} added"] if added else []
        what += [f"{_some(removed)} removed"] if removed else []
        n = len(new["councils"])
        return [f"{label} now has {n} council{'s' if n != 1 else ''} ({'; '.join(what)})"]
    if old["figures"] == new["figures"]:
        return []
    if isinstance(old["figures"], dict) and isinstance(new["figures"], dict):
        changed = [c for c in new["figures"] if old["figures"].get(c) != new["figures"][c]]
        return [f"{label}: figures changed for {words_list(changed)}"]
    return [f"{label}: figures changed"]


def _some(names: list[str]) -> str:
    """A few names in words; beyond MAX_NAMED, the first few and how many more."""
    if len(names) <= MAX_NAMED:
        return words_list(names)
    return f"{', '.join(names[: MAX_NAMED - 1])} and {len(names) - MAX_NAMED + 1} more"


def changes(old: Snapshot, new: Snapshot) -> list[str]:
    """What differs between the snapshot a narrative was reviewed against and today's, in words."""
    found: list[str] = []
    for label, entry in new["data"].items():
        if label not in old.get("data", {}):
            found.append(f"now reaches {label}, not there when it was last read")
        else:
            found += _entry_changes(label, old["data"][label], entry)
    for name, digest in new["charts"].items():
        before = old.get("charts", {}).get(name)
        if before is None:
            found.append(f"now shows chart {name}")
        elif before != digest:
            found.append(f"chart {name} shows different data")
    return found


def read_manifest(content_dir: Path) -> dict[str, Snapshot]:
    path = content_dir / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return raw.get("narratives", {}) if isinstance(raw, dict) else {}


def write_manifest(content_dir: Path, entries: dict[str, Snapshot]) -> Path:
    path = content_dir / MANIFEST
    note = "Written by `build.py review`: what each narrative reached when an editor last read it. Do not edit by hand."
    text = json.dumps({"note": note, "narratives": dict(sorted(entries.items()))}, indent=1, sort_keys=False, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def stale(content_dir: Path, today: dict[str, Snapshot]) -> dict[str, list[str]]:
    """Narratives whose reach changed since they were last read, each with what changed."""
    manifest = read_manifest(content_dir)
    found: dict[str, list[str]] = {}
    for name, snap in sorted(today.items()):
        if name not in manifest:
            found[name] = [NEVER]
        elif what := changes(manifest[name], snap):
            found[name] = what
    return found


def warn_stale(content_dir: Path, today: dict[str, Snapshot], problems: Problems) -> dict[str, list[str]]:
    """One warning per change, naming the narrative, as `check` and `build` print them."""
    found = stale(content_dir, today)
    for name, what in found.items():
        command = f"`build.py review {display_path(content_dir / name)}`"
        for change in what:
            problems.warn(content_dir / name, None, f"{change}; read it{'' if change == NEVER else ' again'}, then run {command}")
    return found


def today(
    content_dir: Path, ds: Dataset, reaches: dict[str, Reach], chart_data: dict[str, str], problems: Problems
) -> tuple[dict[str, Snapshot], dict[str, list[str]]]:
    """Each narrative's snapshot today, and the narratives whose reach changed since they were read (warned)."""
    snapshots = {name: snapshot(ds, reach, chart_data) for name, reach in reaches.items()}
    return snapshots, warn_stale(content_dir, snapshots, problems)
