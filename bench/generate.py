#!/usr/bin/env python3
"""Write a SYNTHETIC national data package for the benchmark: every upper-tier council in England.

    .venv/bin/python bench/generate.py OUT_DIR [--seed 2025] [--years 10] [--authorities 153]

The package has the real package's schema (datapackage.json is copied from data/) and:

- 153 authorities: England's upper-tier councils with their real ONS codes, names and regions
  (bench/authorities.py);
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
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from authorities import AUTHORITIES  # noqa: E402

REPO = HERE.parent
REAL_DATA = REPO / "data"
FIRST_YEAR = 2015
SUPPRESSED_SHARE = 0.05
# County councils have E10 codes; used only if the real schema's pattern does not allow them.
AUTHORITY_CODE_PATTERN = "E(0[6-9]|10)[0-9]{6}"
BANDS = ["1", "2", "3", "4", "5", "6-10", "11-20", "21-50", "51-100", "101+"]
BAND_WEIGHTS = [44, 15, 8, 6, 4, 11, 6, 4, 1.5, 0.5]
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


def split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """`total` shared out in proportion to jittered weights; the parts add up to `total` exactly."""
    jittered = [w * rng.uniform(0.6, 1.4) for w in weights]
    scale = total / sum(jittered)
    parts = [int(w * scale) for w in jittered]
    parts[0] += total - sum(parts)
    return parts


def figures_for(rng: random.Random, size: float, year_index: int) -> dict[tuple[str, str, str], int]:
    """One response's figures, keyed by (metric, population, breakdown), consistent with the checks."""
    u = rng.uniform
    r = round
    trend = 1 + 0.04 * year_index
    children = max(3, r(size * trend * u(0.85, 1.15)))
    la = max(1, r(children * u(0.2, 0.4)))
    nla = children - la
    f: dict[tuple[str, str, str], int] = {
        ("children_missing", "all", ""): children,
        ("children_missing", "looked_after", ""): la,
    }
    for population, group in (("not_looked_after", nla), ("looked_after", la)):
        for band, value in zip(BANDS, split(rng, group, BAND_WEIGHTS), strict=True):
            f[("children_by_times_missing", population, band)] = value
    offered = {"not_looked_after": r(nla * u(1.6, 3.2)), "looked_after": r(la * u(4.0, 8.0))}
    accepted = {p: r(v * u(0.45, 0.85)) for p, v in offered.items()}
    for p, count in (("not_looked_after", nla), ("looked_after", la)):
        f[("rhi_offered", p, "")] = offered[p]
        f[("rhi_accepted", p, "")] = accepted[p]
        f[("rhi_declined", p, "")] = offered[p] - accepted[p]
        children_offered = r(count * u(0.85, 1.0))
        f[("children_offered_rhi", p, "")] = children_offered
        f[("children_accepted_rhi", p, "")] = r(children_offered * u(0.6, 0.95))
    offered_all = sum(offered.values())
    accepted_all = sum(accepted.values())
    not_recorded = min(r(offered_all * u(0.0, 0.04)), offered_all - accepted_all)
    episodes = max(offered_all + r(offered_all * u(0.0, 0.08)), children)
    done = r(accepted_all * u(0.9, 1.0))
    in_house = r(accepted_all * u(0.7, 1.0))
    f.update(
        {
            ("missing_episodes", "all", ""): episodes,
            ("rhi_offered", "all", ""): offered_all,
            ("rhi_accepted", "all", ""): accepted_all,
            ("rhi_acceptance_not_recorded", "all", ""): not_recorded,
            ("rhi_done_in_house", "all", ""): in_house,
            ("rhi_done_commissioned", "all", ""): accepted_all - in_house,
        }
    )
    f[("rhi_declined", "all", "")] = offered_all - accepted_all - not_recorded
    f[("rhi_done", "all", "")] = done
    f[("rhi_done_within_72h", "all", "")] = r(done * u(0.5, 0.85))
    # Looked after children placed out of area, and placed in the area by other councils.
    placed_out = max(1, r(size * u(0.3, 1.2)))
    missing_out = r(min(placed_out, la) * u(0.2, 0.6))
    episodes_out = max(missing_out, r(missing_out * u(3, 6)))
    offered_out = r(episodes_out * u(0.85, 1.0))
    placed_in = r(size * u(0.1, 0.5))
    missing_in = r(placed_in * u(0.05, 0.25))
    episodes_in = max(missing_in, r(missing_in * u(1.5, 4)))
    f.update(
        {
            ("children_placed_out_of_area", "looked_after_out_of_area", ""): placed_out,
            ("children_missing", "looked_after_out_of_area", ""): missing_out,
            ("missing_episodes", "looked_after_out_of_area", ""): episodes_out,
            ("rhi_offered", "looked_after_out_of_area", ""): offered_out,
            ("rhi_done", "looked_after_out_of_area", ""): r(offered_out * u(0.4, 0.8)),
            ("commissioned_rhi_spend", "looked_after_out_of_area", ""): r(u(0, 60000)),
            ("children_placed_in", "looked_after_placed_in", ""): placed_in,
            ("children_missing", "looked_after_placed_in", ""): missing_in,
            ("missing_episodes", "looked_after_placed_in", ""): episodes_in,
            ("rhi_done", "looked_after_placed_in", ""): r(episodes_in * u(0.4, 0.9)),
            ("rhi_with_harm_evidence", "all", ""): r(done * u(0.01, 0.08)),
        }
    )
    harm = f[("rhi_with_harm_evidence", "all", "")]
    for marker in ("Risk of exploitation", "Mental health issues", "Engaged in criminal activities", "Been hurt or harmed"):
        f[("episodes_with_risk_marker", "all", marker)] = r(episodes * u(0.03, 0.35))
    for kind in ("Physical", "Sexual", "Self-harm", "Suicide", "Emotional / psychological"):
        f[("rhi_with_harm_by_type", "all", kind)] = r(harm * u(0.0, 0.6))
    return f


def as_reported(value: int, unit: str) -> str:
    if unit == "GBP":
        return f"£{value:,}"
    return f"{value:,}" if value >= 1000 else str(value)


def generate(out_dir: Path, seed: int = 2025, years: int = 10, n_authorities: int = 153) -> dict[str, int]:
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    auth_header, real_authorities = read_csv(REAL_DATA / "authorities.csv")
    src_header, real_sources = read_csv(REAL_DATA / "sources.csv")
    obs_header, real_observations = read_csv(REAL_DATA / "observations.csv")
    svc_header, real_services = read_csv(REAL_DATA / "services.csv")
    metric_header, metrics = read_csv(REAL_DATA / "metrics.csv")
    units = {m["metric_id"]: m["unit"] for m in metrics}

    # Every metric x population x breakdown the real data use, with the question that asked it.
    combos: dict[tuple[str, str, str], str] = {}
    for o in real_observations:
        combos.setdefault((o["metric_id"], o["population"], o["breakdown"]), o["question"])

    real_codes = {a["authority_code"] for a in real_authorities}
    chosen = [a for a in AUTHORITIES if a[0] in real_codes]
    chosen += [a for a in AUTHORITIES if a[0] not in real_codes][: max(0, n_authorities - len(chosen))]
    real_years = {(o["authority_code"], period_label(o["period_start"], o["period_end"])) for o in real_observations}

    authorities = [{"authority_code": c, "authority_name": n, "region": r} for c, n, r in sorted(chosen)]
    sources: list[dict[str, object]] = list(real_sources)
    observations: list[dict[str, object]] = list(real_observations)
    services: list[dict[str, object]] = list(real_services)
    synthetic_rows: list[dict[str, object]] = []

    for code, name, _region in sorted(chosen):
        kind = code[:3]
        base = {"E10": 900.0, "E08": 420.0, "E09": 260.0}.get(kind, 280.0)
        size = base * rng.lognormvariate(0, 0.45)
        if name in ("City of London", "Isles of Scilly", "Rutland"):
            size = rng.uniform(4, 30)
        restrictive = rng.random() < 0.25
        licence = (
            (
                f"LicenseRef-{code}-FOI-reuse",
                f"{name} FOI re-use terms",
                "May be used for private study and non-commercial research; any other use needs the council's permission.",
            )
            if restrictive
            else (
                "OGL-UK-3.0",
                "Open Government Licence v3.0",
                "May be re-used under the Open Government Licence v3.0: copy, publish, adapt and use commercially, acknowledging the source.",
            )
        )
        last_source = None
        for i in range(years):
            year = FIRST_YEAR + i
            label, start, end = financial_year(year)
            if (code, label) in real_years:
                continue
            source_id = f"syn-{code.lower()}-{label}"
            responded = dt.date(year + 1, 3, 31) + dt.timedelta(days=rng.randint(30, 300))
            sources.append(
                {
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
                }
            )
            last_source = (source_id, label)
            figures = figures_for(rng, size, i)
            for (metric, population, breakdown), question in combos.items():
                value = figures.get((metric, population, breakdown))
                if value is None:  # a combination this generator does not know yet: plausible small count
                    value = rng.randint(0, 50)
                row = {
                    "source_id": source_id,
                    "authority_code": code,
                    "period_start": start,
                    "period_end": end,
                    "metric_id": metric,
                    "population": population,
                    "breakdown": breakdown,
                    "value": value,
                    "status": "reported",
                    "as_reported": as_reported(value, units.get(metric, "children")),
                    "question": question,
                    "note": "",
                }
                synthetic_rows.append(row)
                observations.append(row)
        if last_source is not None:
            sid, label = last_source
            in_house = rng.random() < 0.6
            services.append(
                {
                    "source_id": sid,
                    "authority_code": code,
                    "as_of": label,
                    "service": "return_home_interview",
                    "population": "all",
                    "provider_type": "in_house" if in_house else "third_sector",
                    "provider": f"{name} Missing Children Team"
                    if in_house
                    else rng.choice(["Barnardo's", "NYAS", "The Children's Society", "Catch22"]),
                    "detail": "Synthetic description of who carries out return home interviews.",
                    "question": "4",
                }
            )
            if rng.random() < 0.5:
                services.append(
                    {
                        "source_id": sid,
                        "authority_code": code,
                        "as_of": label,
                        "service": "post_missing_support",
                        "population": "all",
                        "provider_type": "mixed",
                        "provider": "Early Help and commissioned services",
                        "detail": "Synthetic description of support after a return home interview.",
                        "question": "5",
                    }
                )

    _suppress(rng, synthetic_rows, len(observations))

    write_csv(out_dir / "authorities.csv", auth_header, authorities)  # type: ignore[arg-type]
    write_csv(out_dir / "sources.csv", src_header, sources)
    write_csv(out_dir / "observations.csv", obs_header, observations)
    write_csv(out_dir / "services.csv", svc_header, services)
    write_csv(out_dir / "metrics.csv", metric_header, metrics)  # type: ignore[arg-type]
    _write_descriptor(out_dir, len(chosen), years)
    (out_dir / "LICENCE.md").write_text(
        "# Licence\n\nSYNTHETIC benchmark data: random figures, never to be published or re-used. The real package's rows (Coventry, Leicester) keep their own terms, see the real data/LICENCE.md.\n",
        encoding="utf-8",
    )
    (out_dir / "CHANGELOG.md").write_text(
        f"# Changelog\n\n## 0.0.0\n\n- SYNTHETIC national package for the benchmark: {len(chosen)} authorities, {years} financial years, seed {seed}.\n",
        encoding="utf-8",
    )
    statuses = Counter(str(o["status"]) for o in observations)
    return {
        "authorities": len(authorities),
        "sources": len(sources),
        "observations": len(observations),
        "suppressed": statuses["suppressed"],
        "services": len(services),
    }


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
        for field in resource.get("schema", {}).get("fields", []):
            pattern = field.get("constraints", {}).get("pattern")
            if field["name"] == "authority_code" and pattern and not re.fullmatch(pattern, "E10000016"):
                field["constraints"]["pattern"] = AUTHORITY_CODE_PATTERN  # an older schema without county councils
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
