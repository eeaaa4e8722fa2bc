"""One synthetic FOI response's figures: random, plausible, and consistent with the data-quality checks.

The identities the checks test hold by construction (breakdowns add up to their totals, accepted
<= offered, ...). The random draws happen in a fixed order, so a seed always gives the same figures.
"""

from __future__ import annotations

import random

BANDS = ["1", "2", "3", "4", "5", "6-10", "11-20", "21-50", "51-100", "101+"]
BAND_WEIGHTS = [44, 15, 8, 6, 4, 11, 6, 4, 1.5, 0.5]


def split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """`total` shared out in proportion to jittered weights; the parts add up to `total` exactly."""
    jittered = [w * rng.uniform(0.6, 1.4) for w in weights]
    scale = total / sum(jittered)
    parts = [int(w * scale) for w in jittered]
    parts[0] += total - sum(parts)
    return parts


def figures_for(rng: random.Random, size: float, year_index: int) -> dict[tuple[str, str, str], int]:
    """One response's figures, keyed by (metric, population, breakdown), consistent with the checks.

    The random draws happen in a fixed order, so a seed always gives the same package.
    """
    f, la, episodes, done = _missing_and_interviews(rng, size, year_index)
    f.update(_placements(rng, size, la))
    u, r = rng.uniform, round
    harm = f[("rhi_with_harm_evidence", "all", "")] = r(done * u(0.01, 0.08))
    for marker in ("Risk of exploitation", "Mental health issues", "Engaged in criminal activities", "Been hurt or harmed"):
        f[("episodes_with_risk_marker", "all", marker)] = r(episodes * u(0.03, 0.35))
    for kind in ("Physical", "Sexual", "Self-harm", "Suicide", "Emotional / psychological"):
        f[("rhi_with_harm_by_type", "all", kind)] = r(harm * u(0.0, 0.6))
    return f


def _missing_and_interviews(rng: random.Random, size: float, year_index: int) -> tuple[dict[tuple[str, str, str], int], int, int, int]:
    """Children missing, by population and times missing, and the interviews offered to them.

    Also returns the looked-after children, the episodes and the interviews done, which later
    figures are drawn against.
    """
    u, r = rng.uniform, round
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
    f[("missing_episodes", "all", "")] = episodes
    f[("rhi_offered", "all", "")] = offered_all
    f[("rhi_accepted", "all", "")] = accepted_all
    f[("rhi_acceptance_not_recorded", "all", "")] = not_recorded
    f[("rhi_done_in_house", "all", "")] = in_house
    f[("rhi_done_commissioned", "all", "")] = accepted_all - in_house
    f[("rhi_declined", "all", "")] = offered_all - accepted_all - not_recorded
    f[("rhi_done", "all", "")] = done
    f[("rhi_done_within_72h", "all", "")] = r(done * u(0.5, 0.85))
    return f, la, episodes, done


def _placements(rng: random.Random, size: float, la: int) -> dict[tuple[str, str, str], int]:
    """Looked after children placed out of area, and placed in the area by other councils."""
    u, r = rng.uniform, round
    placed_out = max(1, r(size * u(0.3, 1.2)))
    missing_out = r(min(placed_out, la) * u(0.2, 0.6))
    episodes_out = max(missing_out, r(missing_out * u(3, 6)))
    offered_out = r(episodes_out * u(0.85, 1.0))
    placed_in = r(size * u(0.1, 0.5))
    missing_in = r(placed_in * u(0.05, 0.25))
    episodes_in = max(missing_in, r(missing_in * u(1.5, 4)))
    return {
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
    }
