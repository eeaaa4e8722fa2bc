"""One page per council (and for England and each region): its profile, with every figure from its
FOI answers where it gave any; and the national chapter."""

from __future__ import annotations

from .checks import Result
from .dataset import Dataset
from .freshness import fingerprint
from .hexlayout import Hex
from .licensing import terms_in_brief
from .model import Authority, Observation
from .national import build_national
from .official_figures import OfficialFigures
from .pages import Page, by_period, check_fingerprint
from .profile import Profile, build_profile
from .source_digests import whole_key
from .urls import council_page


def display_name(authority: Authority) -> str:
    """A former council's name with the year it ended: two councils can share a name (Dorset, Buckinghamshire)."""
    ended = getattr(authority, "valid_to", None)
    return f"{authority.name} (until {ended.year})" if ended else authority.name


def _profile_print(profile: Profile) -> str:
    """What the page shows: every cell's value, status and source, and every note."""
    table = [(m, [(c.value, c.status, c.source_id) for c in cells]) for m, _, cells in profile.table]
    charts = [(c.title, c.description, c.rows) for c in (profile.trend, profile.neighbours) if c is not None]
    cin = [(y, [(c.value, c.status, c.source_id) for c in cells]) for y, *cells in profile.cin]
    foi = [(o.raw, c.value, c.status) for o, c in profile.foi_pairs]
    notes = [c.id for c in profile.cautions + profile.latest_cautions + profile.trend_cautions]
    areas = [(a.code, a.name, a.slug) for a in profile.areas + profile.successors + profile.predecessors]
    return fingerprint(profile.authority, table, charts, cin, foi, notes, areas, [s.id for s in profile.sources + profile.foi_sources])


NATIONAL_PAGE = "across-england/index.html"


def national_page(ds: Dataset, figures: OfficialFigures, layout: dict[str, Hex]) -> Page | None:
    national = build_national(ds, figures, layout, "../")
    if national is None:
        return None
    return Page(
        NATIONAL_PAGE,
        "national.html",
        "Children missing from care across England",
        "Looked after children who went missing in England: the national trend, differences between regions, the spread between councils, and a map of every council.",
        "across-england",
        {
            "national": national,
            "reuse_note": terms_in_brief(ds, {s.id for s in national.sources}),
            "charts_used": [national.trend.name, national.regions.name],
            "files": {
                "across-england/councils.csv": national.map_csv.encode("utf-8"),
                **{f"councils/{c.name}.csv": c.csv.encode("utf-8") for c in (national.trend, national.regions)},
            },
        },
        # The chapter shows every area's figures from each of its sources.
        sources=frozenset(whole_key(s.id) for s in national.sources),
    )


def profile_pages(ds: Dataset, checks: list[Result], layout: dict[str, Hex], figures: OfficialFigures | None = None) -> list[Page]:
    figures = figures or OfficialFigures(ds)
    checks_by_authority: dict[str, list[Result]] = {}
    for result in checks:
        checks_by_authority.setdefault(result.authority_code, []).append(result)
    pages = [p for p in [national_page(ds, figures, layout)] if p is not None]
    for authority in sorted(ds.authorities.values(), key=lambda a: a.name):
        profile = build_profile(ds, figures, authority, authority.slug)
        charts = [c for c in (profile.trend, profile.neighbours) if c is not None]
        services = ds.services_of(authority.code)
        foi_ids = {s.id for s in profile.foi_sources}
        foi: list[Observation] = [o for o in ds.by_authority[authority.code] if o.source_id in foi_ids]
        own_checks = checks_by_authority.get(authority.code, [])
        reuse_note = terms_in_brief(ds, {s.id for s in profile.sources} | foi_ids)
        pages.append(
            Page(
                council_page(authority.slug),
                "profile.html",
                f"{display_name(authority)}: children missing from care",
                f"Looked after children who went missing from {authority.name}'s care: the latest year beside England and the region, the trend since 2015, similar councils, and sources.",
                "councils",
                {
                    "profile": profile,
                    "authority": authority,
                    "services": services,
                    # Every figure from its FOI answers, period by period, and the checks on them.
                    "periods": by_period(foi),
                    "checks": own_checks,
                    "reuse_note": reuse_note,
                    "charts_used": [c.name for c in charts],
                    "files": {f"councils/{c.name}.csv": c.csv.encode("utf-8") for c in charts},
                },
                fingerprint=fingerprint(
                    _profile_print(profile),
                    [s.raw for s in services],
                    [o.raw for o in foi],
                    [check_fingerprint(c) for c in own_checks],
                    reuse_note,
                ),
                # Its FOI sources, and the official sources its figures come from.
                sources=profile.parts,
            )
        )
    return pages
