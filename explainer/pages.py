"""The page inventory: narratives plus pages generated from the data, one per item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .chart_render import RenderedChart
from .checks import Result
from .content import BlockHTML, Narrative, render_narrative
from .dataset import Dataset
from .directory import by_region
from .errors import Problems, did_you_mean
from .figures import LookupProblem, Lookups
from .freshness import fingerprint
from .glossary_links import add_term_ids, glossary_terms, link_first_uses
from .licensing import terms_in_brief, terms_list_html
from .lookups import Reach, SetLookups, source_kind
from .model import Observation, Source, source_order
from .official.pairs import paired_figures
from .source_digests import area_key, services_key, source_key, whole_key
from .urls import chapter_page, source_page

Partial = Callable[..., Markup]
# The narrative whose definition list is the glossary; chapters link a term's first use to it.
GLOSSARY = "glossary"


@dataclass
class Page:
    path: str
    template: str
    title: str
    description: str
    section: str
    context: dict[str, Any] = field(default_factory=dict)
    image: str | None = None
    in_sitemap: bool = True
    # A digest of the data the page shows, for pages generated one per item; empty: always render.
    fingerprint: str = ""
    # The parts of sources the page shows (source_digests.py): its "last changed" date is the latest of theirs.
    sources: frozenset[str] = frozenset()

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")

    @property
    def url(self) -> str:
        return self.path.removesuffix("index.html")


def narrative_path(narrative: Narrative) -> str:
    return chapter_page(narrative.slug)


def _narrative_functions(
    ds: Dataset, charts: dict[str, RenderedChart], partial: Partial, root: str, used: list[str], reach: Reach
) -> dict[str, Callable[..., Any]]:
    lookups = Lookups(ds, root, lambda obs: reach.add_figure(ds, obs))
    sets = SetLookups(ds, root, reach)

    def chart(name: str) -> BlockHTML:
        if name not in charts:
            raise LookupProblem(f'unknown chart "{name}"{did_you_mean(name, list(charts))}')
        used.append(name)
        reach.charts.add(name)
        return BlockHTML(partial("_chart.html", chart=charts[name], root=root))

    def services_table() -> BlockHTML:
        # The table shows every council's services: a change to any of them may make the prose around it stale.
        reach.add("services", "any", "any")
        reach.sources.update(s.source_id for s in ds.services)
        reach.parts.update(services_key(s.source_id, s.authority_code) for s in ds.services)
        return BlockHTML(partial("_services_table.html", services=ds.services, ds=ds, root=root, show_authority=True))

    def corrections_contact() -> Markup:
        return Markup(partial("_corrections_contact.html", root=root).strip())

    # Both speak of every source's terms: a source added or relicensed may make the prose stale.
    def licence_terms() -> BlockHTML:
        reach.add("sources", "any", "any")
        return BlockHTML(terms_list_html(ds))

    def licence_summary() -> str:
        reach.add("sources", "any", "any")
        return terms_in_brief(ds)

    return {
        "figure": lookups.figure,
        "licence_terms": licence_terms,
        "corrections_contact": corrections_contact,
        "licence_summary": licence_summary,
        "get": lookups.get,
        "threshold": lookups.threshold,
        "suppressed_range": lookups.suppressed_range,
        "percent": lookups.percent,
        "ratio": lookups.ratio,
        "difference": lookups.difference,
        "councils": sets.councils,
        "councils_with_sources": sets.councils_with_sources,
        "figures_by_council": sets.figures_by_council,
        "shares_by_council": sets.shares_by_council,
        "chart": chart,
        "services_table": services_table,
    }


def narrative_pages(
    narratives: list[Narrative],
    ds: Dataset,
    charts: dict[str, RenderedChart],
    partial: Partial,
    problems: Problems,
    reaches: dict[str, Reach] | None = None,
) -> list[Page]:
    """The narratives' pages; `reaches` (by narrative file name) is filled with what each one's lookups reached."""
    pages = []
    glossary = next((n for n in narratives if n.slug == GLOSSARY), None)
    terms = glossary_terms(glossary.source) if glossary is not None else {}
    for narrative in narratives:
        path = narrative_path(narrative)
        used: list[str] = []
        root = "../" * path.count("/")
        reach = Reach()
        if reaches is not None:
            reaches[narrative.path.name] = reach
        functions = _narrative_functions(ds, charts, partial, root, used, reach)
        rendered = render_narrative(narrative, functions, problems)
        if rendered is None:
            continue
        if narrative is glossary:
            rendered.html = add_term_ids(rendered.html)
        elif glossary is not None:
            rendered.html = link_first_uses(rendered.html, terms, root + narrative_path(glossary).removesuffix("index.html"))
        image = f"charts/{used[0]}.png" if used else None
        shown = reach.sources | {o.source_id for name in used for o in charts[name].data.observations}
        # A list of councils with sources changes with the sources listed, not with their figures.
        listed = {s.id for s in ds.sources.values() if any(k[0] == "sources" and k[2] in ("any", source_kind(ds, s.id)) for k in reach.keys)}
        reuse_note = terms_in_brief(ds, shown) if shown and narrative is not glossary else ""
        pages.append(
            Page(
                path,
                "narrative.html",
                narrative.title,
                narrative.summary,
                narrative.slug,
                {"narrative": rendered, "charts_used": used, "reuse_note": reuse_note},
                image,
                sources=frozenset(
                    reach.parts
                    | {area_key(o.source_id, o.authority_code) for name in used for o in charts[name].data.observations}
                    | {source_key(s) for s in shown | listed}
                ),
            )
        )
    return pages


def by_period(observations: list[Observation]) -> list[tuple[str, list[Observation]]]:
    groups: dict[str, list[Observation]] = {}
    for obs in sorted(observations, key=lambda o: (o.period.start, o.period.end, o.source_id, o.line)):
        groups.setdefault(obs.period.label, []).append(obs)
    return list(groups.items())


def check_fingerprint(result: Result) -> tuple[object, ...]:
    return (
        result.rule.id,
        result.population,
        result.period_label,
        result.left_total,
        result.right_total,
        [o.line for o in result.left + result.right],
    )


def data_pages(ds: Dataset, checks: list[Result], charts: dict[str, RenderedChart]) -> list[Page]:
    pages: list[Page] = []
    checks_by_source: dict[str, list[Result]] = {}
    for result in checks:
        checks_by_source.setdefault(result.source_id, []).append(result)
    directory = by_region(ds)
    pages.append(
        Page(
            "councils/index.html",
            "authorities.html",
            "Find your council",
            "Every council in England, grouped by region, A to Z, including councils that have since merged or split.",
            "councils",
            {"directory": directory},
            fingerprint=fingerprint(directory),
        )
    )
    pages += _source_pages(ds, checks_by_source)
    pages.append(
        Page(
            "data/index.html",
            "data.html",
            "Download the data",
            "Download every figure as a Frictionless data package: fields, licences, citation and how to load it.",
            "data",
            {},
        )
    )
    pairs = paired_figures(ds)
    pages.append(
        Page(
            "data-quality/index.html",
            "quality.html",
            "Data quality checks",
            "Where the councils' figures agree with each other and where they do not, checked response by response.",
            "data-quality",
            {"checks": checks, "pairs": pairs},
            sources=frozenset(
                {area_key(r.source_id, r.authority_code) for r in checks}
                | {source_key(r.source_id) for r in checks}
                | {area_key(o.source_id, o.authority_code) for p in pairs for o in (p.foi, p.official)}
                | {source_key(o.source_id) for p in pairs for o in (p.foi, p.official)}
            ),
        )
    )
    pages.append(Page("404.html", "404.html", "Page not found", "The page you asked for is not on this site.", "", {}, in_sitemap=False))
    return pages


def _official_source_page(ds: Dataset, source: Source, print_: str) -> Page:
    """Provenance, cautions and a count of figures by year; the figures themselves are in the download and on area pages."""
    years: dict[str, int] = {}
    for obs in ds.by_source[source.id]:
        years[obs.period.label] = years.get(obs.period.label, 0) + 1
    return Page(
        source_page(source.id),
        "source_official.html",
        f"Source: {source.publisher}, {source.title}",
        f"{source.publisher}: {source.edition}. Where the figures come from, their re-use terms and the publisher's cautions.",
        "sources",
        {"source": source, "years": sorted(years.items()), "areas": len({o.authority_code for o in ds.by_source[source.id]})},
        fingerprint=print_,
        sources=frozenset({whole_key(source.id)}),
    )


def _source_pages(ds: Dataset, checks_by_source: dict[str, list[Result]]) -> list[Page]:
    """The list of sources, then a page per source: its figures, services and checks."""
    pages: list[Page] = []
    source_prints = {
        source.id: fingerprint(
            source,
            ds.authorities[source.authority_code],
            [o.raw for o in ds.by_source[source.id]],
            [s.raw for s in ds.services_by_source[source.id]],
            [check_fingerprint(c) for c in checks_by_source.get(source.id, [])],
        )
        for source in ds.sources.values()
    }
    sources = sorted(ds.sources.values(), key=lambda s: (ds.authorities[s.authority_code].name, source_order(s)))
    pages.append(
        Page(
            "sources/index.html",
            "sources.html",
            "Sources",
            "The FOI responses every figure comes from, with their references, dates and re-use terms.",
            "sources",
            {"sources": sources},
            fingerprint=fingerprint(
                sources, [ds.authorities[s.authority_code].name for s in sources], [len(ds.by_source[s.id]) for s in sources]
            ),
        )
    )
    for source in sources:
        authority = ds.authorities[source.authority_code]
        if source.is_official:
            pages.append(_official_source_page(ds, source, source_prints[source.id]))
            continue
        pages.append(
            Page(
                source_page(source.id),
                "source.html",
                f"Source: {authority.name}, {source.title}",
                f"{authority.name}'s FOI response ({source.request_reference or 'no reference given'}): every figure taken from it, with question numbers, answers as written and re-use terms.",
                "sources",
                {
                    "source": source,
                    "authority": authority,
                    "observations": ds.by_source[source.id],
                    "services": ds.services_by_source[source.id],
                    "checks": checks_by_source.get(source.id, []),
                },
                fingerprint=source_prints[source.id],
                sources=frozenset({whole_key(source.id)}),
            )
        )
    return pages
