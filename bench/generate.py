#!/usr/bin/env python3
"""Write a SYNTHETIC national data package for the benchmark: every upper-tier council in England.

    .venv/bin/python bench/generate.py OUT_DIR [--seed 2025] [--years 10] [--authorities 153]

The package has the real package's schema (datapackage.json is copied from data/) and:

- the real package's areas and official statistics, unchanged; synthetic FOI answers for up to
  153 councils that exist today (those with real answers first);
- 10 financial years, 2015-16 to 2024-25, one source (FOI response) per authority and year;
- for each source, one observation for every metric x population x breakdown combination the real
  observations use (read from data/observations.csv at run time, so new metrics are picked up);
- random but plausible figures that satisfy the identities the consistency checks test
  (breakdowns add up, accepted <= offered, ...), about 5% of them suppressed (value empty,
  status "suppressed", as_reported "c"), small numbers first, as councils do;
- one or two services rows per authority.

The real package's rows are kept unchanged (Coventry and Leicester), because the narratives look
their figures up; those two councils get synthetic sources only for the years the real data do
not cover, so no lookup becomes ambiguous. Everything else is random, from a fixed seed, so the
same arguments give byte-identical files. The package is titled SYNTHETIC and must never be
published.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_figures import figures_for  # noqa: E402

REPO = HERE.parent
REAL_DATA = REPO / "data"
FIRST_YEAR = 2015
SUPPRESSED_SHARE = 0.05
# County councils have E10 codes; used only if the real schema's pattern does not allow them.
AUTHORITY_CODE_PATTERN = "E(0[6-9]|10)[0-9]{6}"
SUPPRESSED_NOTE = "Suppressed: the council does not report values of 5 or lower, to protect confidentiality."


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, object]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def financial_year(year: int) -> tuple[str, str, str]:
    """2020 -> ("2020-21", "2020-04-01", "2021-03-31")."""
    return f"{year}-{str(year + 1)[2:]}", f"{year}-04-01", f"{year + 1}-03-31"


def period_label(start: str, end: str) -> str:
    s, e = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if (s.month, s.day, e.month, e.day) == (4, 1, 3, 31) and e.year == s.year + 1:
        return f"{s.year}-{str(e.year)[2:]}"
    return f"{start}/{end}"


def as_reported(value: int, unit: str) -> str:
    if unit == "GBP":
        return f"£{value:,}"
    return f"{value:,}" if value >= 1000 else str(value)


@dataclass
class Package:
    """The rows being written: the real package's, then the synthetic ones appended."""

    authorities: list[dict[str, object]]
    sources: list[dict[str, object]]
    observations: list[dict[str, object]]
    services: list[dict[str, object]]
    synthetic_rows: list[dict[str, object]] = field(default_factory=list)


OPEN_LICENCE = (
    "OGL-UK-3.0",
    "Open Government Licence v3.0",
    "May be re-used under the Open Government Licence v3.0: copy, publish, adapt and use commercially, acknowledging the source.",
)


def _council(rng: random.Random, code: str, name: str) -> tuple[float, tuple[str, str, str]]:
    """A council's size (about how many children go missing a year) and the licence of its responses."""
    base = {"E10": 900.0, "E08": 420.0, "E09": 260.0}.get(code[:3], 280.0)
    size = base * rng.lognormvariate(0, 0.45)
    if name in ("City of London", "Isles of Scilly", "Rutland"):
        size = rng.uniform(4, 30)
    if rng.random() >= 0.25:
        return size, OPEN_LICENCE
    terms = "May be used for private study and non-commercial research; any other use needs the council's permission."
    return size, (f"LicenseRef-{code}-FOI-reuse", f"{name} FOI re-use terms", terms)


def _source(rng: random.Random, source_id: str, code: str, year: int, licence: tuple[str, str, str]) -> dict[str, object]:
    responded = dt.date(year + 1, 3, 31) + dt.timedelta(days=rng.randint(30, 300))
    return {
        "source_id": source_id,
        "authority_code": code,
        "title": f"Missing children and return home interviews, April {year} to March {year + 1} (synthetic)",
        "request_reference": f"FOI-{year + 1}-{rng.randint(1000, 99999)}" if rng.random() < 0.85 else "",
        "response_date": responded.isoformat() if rng.random() < 0.9 else "",
        "licence_id": licence[0],
        "licence_title": licence[1],
        "reuse_terms": licence[2],
        "url": "",
        "document": "",
        "received_as": "SYNTHETIC benchmark response (not a real FOI answer)",
        "source_kind": "foi_response",
        "publisher": f"{code} (synthetic)",
    }


def _observations(
    rng: random.Random, figures: dict[tuple[str, str, str], int], source: dict[str, object], year: int, real: RealData
) -> list[dict[str, object]]:
    """One row for every combination the real data use; a combination the generator does not know gets a small count."""
    _, start, end = financial_year(year)
    rows = []
    for (metric, population, breakdown), question in real.combos.items():
        value = figures.get((metric, population, breakdown))
        if value is None:
            value = rng.randint(0, 50)
        rows.append(
            {
                "source_id": source["source_id"],
                "authority_code": source["authority_code"],
                "period_start": start,
                "period_end": end,
                "metric_id": metric,
                "population": population,
                "breakdown": breakdown,
                "value": value,
                "status": "reported",
                "as_reported": as_reported(value, real.units.get(metric, "children")),
                "question": question,
                "note": "",
            }
        )
    return rows


def _services(rng: random.Random, source_id: str, label: str, code: str, name: str) -> list[dict[str, object]]:
    """Who does a council's return home interviews, and (for about half) its support afterwards."""
    in_house = rng.random() < 0.6
    common = {"source_id": source_id, "authority_code": code, "as_of": label}
    provider = f"{name} Missing Children Team" if in_house else rng.choice(["Barnardo's", "NYAS", "The Children's Society", "Catch22"])
    rows: list[dict[str, object]] = [
        {
            **common,
            "service": "return_home_interview",
            "population": "all",
            "provider_type": "in_house" if in_house else "third_sector",
            "provider": provider,
            "detail": "Synthetic description of who carries out return home interviews.",
            "question": "4",
        }
    ]
    if rng.random() < 0.5:
        rows.append(
            {
                **common,
                "service": "post_missing_support",
                "population": "all",
                "provider_type": "mixed",
                "provider": "Early Help and commissioned services",
                "detail": "Synthetic description of support after a return home interview.",
                "question": "5",
            }
        )
    return rows


@dataclass
class RealData:
    """The real package, read once: its rows, and what the synthetic rows copy from it."""

    headers: dict[str, list[str]]
    rows: dict[str, list[dict[str, str]]]
    # Every metric x population x breakdown the real data use, with the question that asked it.
    combos: dict[tuple[str, str, str], str]
    units: dict[str, str]
    years: set[tuple[str, str]]  # (authority code, financial year) the real data cover

    @classmethod
    def read(cls) -> RealData:
        headers, rows = {}, {}
        for name in ("authorities", "sources", "observations", "services", "metrics"):
            headers[name], rows[name] = read_csv(REAL_DATA / f"{name}.csv")
        combos: dict[tuple[str, str, str], str] = {}
        # Only what FOI answers ask: the official statistics are copied as they are, never imitated.
        foi_sources = {s["source_id"] for s in rows["sources"] if s.get("source_kind") == "foi_response"}
        for o in rows["observations"]:
            if o["source_id"] not in foi_sources:
                continue
            combos.setdefault((o["metric_id"], o["population"], o["breakdown"]), o["question"])
        units = {m["metric_id"]: m["unit"] for m in rows["metrics"]}
        years = {
            (o["authority_code"], period_label(o["period_start"], o["period_end"]))
            for o in rows["observations"]
            if o["source_id"] in foi_sources
        }
        return cls(headers, rows, combos, units, years)


def _add_council(rng: random.Random, package: Package, real: RealData, code: str, name: str, years: int) -> None:
    """A council's sources and figures for every year the real data do not cover, and its services."""
    size, licence = _council(rng, code, name)
    last_source = None
    for i in range(years):
        year = FIRST_YEAR + i
        label = financial_year(year)[0]
        if (code, label) in real.years:
            continue
        source = _source(rng, f"syn-{code.lower()}-{label}", code, year, licence)
        package.sources.append(source)
        last_source = (str(source["source_id"]), label)
        rows = _observations(rng, figures_for(rng, size, i), source, year, real)
        package.synthetic_rows += rows
        package.observations += rows
    if last_source is not None:
        package.services += _services(rng, *last_source, code, name)


def generate(out_dir: Path, seed: int = 2025, years: int = 10, n_authorities: int = 153) -> dict[str, int]:
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    real = RealData.read()
    # Synthetic FOI answers go to councils that exist today, those that answered real requests first.
    answered = {s["authority_code"] for s in real.rows["sources"] if s.get("source_kind") == "foi_response"}
    current = [
        (a["authority_code"], a["authority_name"], a["region"])
        for a in real.rows["authorities"]
        if a.get("area_level") == "local_authority" and not a.get("valid_to")
    ]
    chosen = [a for a in current if a[0] in answered]
    chosen += [a for a in current if a[0] not in answered][: max(0, n_authorities - len(chosen))]
    package = Package(
        list(real.rows["authorities"]),
        list(real.rows["sources"]),
        list(real.rows["observations"]),
        list(real.rows["services"]),
    )
    for code, name, _region in sorted(chosen):
        _add_council(rng, package, real, code, name, years)
    _suppress(rng, package.synthetic_rows, len(package.observations))
    _write(out_dir, package, real, seed, years)
    statuses = Counter(str(o["status"]) for o in package.observations)
    return {
        "authorities": len(package.authorities),
        "sources": len(package.sources),
        "observations": len(package.observations),
        "suppressed": statuses["suppressed"],
        "services": len(package.services),
    }


def _write(out_dir: Path, package: Package, real: RealData, seed: int, years: int) -> None:
    for name in ("authorities", "sources", "observations", "services"):
        write_csv(out_dir / f"{name}.csv", real.headers[name], getattr(package, name))
    write_csv(out_dir / "metrics.csv", real.headers["metrics"], real.rows["metrics"])  # type: ignore[arg-type]
    written = {"authorities", "sources", "observations", "services", "metrics"}
    for resource in json.loads((REAL_DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        if resource["name"] not in written:
            shutil.copyfile(REAL_DATA / resource["path"], out_dir / resource["path"])
    _write_descriptor(out_dir, len(package.authorities), years)
    (out_dir / "LICENCE.md").write_text(
        "# Licence\n\nSYNTHETIC benchmark data: random figures, never to be published or re-used. The real package's rows (Coventry, Leicester) keep their own terms, see the real data/LICENCE.md.\n",
        encoding="utf-8",
    )
    (out_dir / "CHANGELOG.md").write_text(
        f"# Changelog\n\n## 0.0.0\n\n- SYNTHETIC national package for the benchmark: {len(package.authorities)} authorities, {years} financial years, seed {seed}.\n",
        encoding="utf-8",
    )


def _suppress(rng: random.Random, rows: list[dict[str, object]], total_rows: int) -> None:
    """About 5% of all figures suppressed: small numbers (1 to 5) first, then a few at random."""
    target = round(SUPPRESSED_SHARE * total_rows) - sum(1 for r in rows if r["status"] == "suppressed")
    small = [r for r in rows if isinstance(r["value"], int) and 1 <= r["value"] <= 5 and r["metric_id"] != "commissioned_rhi_spend"]
    rng.shuffle(small)
    chosen = small[: round(target * 0.8)]
    picked = {id(r) for r in chosen}
    others = [r for r in rows if id(r) not in picked]
    chosen += rng.sample(others, max(0, target - len(chosen)))
    for r in chosen:
        r.update(value="", status="suppressed", as_reported="c", note=SUPPRESSED_NOTE)


def _write_descriptor(out_dir: Path, n_authorities: int, years: int) -> None:
    descriptor = json.loads((REAL_DATA / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["name"] = descriptor["name"] + "-synthetic"
    descriptor["title"] = (
        f"SYNTHETIC benchmark package ({n_authorities} councils, {years} years; random figures, never publish): " + descriptor["title"]
    )
    descriptor["description"] = (
        "SYNTHETIC: random figures generated by bench/generate.py to measure the build at national scale. Not real data; never publish. "
        + descriptor["description"]
    )
    descriptor["version"] = "0.0.0"
    for resource in descriptor["resources"]:
        for schema_field in resource.get("schema", {}).get("fields", []):
            pattern = schema_field.get("constraints", {}).get("pattern")
            if schema_field["name"] == "authority_code" and pattern and not re.fullmatch(pattern, "E10000016"):
                schema_field["constraints"]["pattern"] = AUTHORITY_CODE_PATTERN  # an older schema without county councils
    (out_dir / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the package into (created if missing)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--authorities", type=int, default=153)
    args = parser.parse_args(argv)
    counts = generate(args.out, args.seed, args.years, args.authorities)
    print(f"wrote a SYNTHETIC package to {args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
