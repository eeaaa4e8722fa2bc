"""The build as a list of stages: read and check everything first, then render, then write."""

from __future__ import annotations

import gc
import hashlib
import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from . import chart_render, chart_theme, freshness, licensing, output, output_folder, package_docs, page_dates, reuse, review, safe_paths
from .chart_spec import read_chart_specs
from .charts import build_all
from .checks import run_checks
from .content import read_narratives
from .dataset import Dataset, load
from .errors import Problems, display_path
from .hexlayout import LAYOUT, UPDATES, read_layout
from .official_figures import MISSING_CHILDREN, MISSING_SHARE, OfficialFigures
from .pages import Page, data_pages, narrative_pages
from .paths import Paths
from .profile_pages import profile_pages
from .safe_html import unsafe_html
from .urls import chapter_page


@dataclass(frozen=True)
class BuildResult:
    pages: int
    charts: int
    files: int
    bytes: int
    skipped: bool = False
    # What each narrative reaches today, and those whose reach changed since they were last read.
    reviews: dict[str, review.Snapshot] = field(default_factory=dict)
    stale: dict[str, list[str]] = field(default_factory=dict)

    def summary(self, out: Path, seconds: float) -> str:
        """What the build did, in one line for the terminal."""
        if self.skipped:
            return f"{display_path(out)}/ is up to date: nothing changed since the last build ({seconds:.2f} s)"
        done = f"built {self.pages} pages and {self.charts} charts ({self.files} files, {self.bytes / 1024:.0f} KB)"
        return f"{done} into {display_path(out)}/ in {seconds:.2f} s"


def read_config(paths: Paths, base_url: str, problems: Problems) -> output.SiteConfig:
    try:
        raw = tomllib.loads(paths.config.read_text(encoding="utf-8")) if paths.config.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.error(paths.config, None, f"invalid TOML: {exc}")
        raw = {}
    settings = {"title": "Missing children explainer", "site_url": "/", "feedback": ""}
    for key, default in settings.items():
        value = raw.get(key, default)
        if not isinstance(value, str):
            problems.error(paths.config, None, f"{key}: expected text in double quotes, found {type(value).__name__}")
            value = default
        settings[key] = value
    # Both become links (and site_url goes into sitemap.xml and robots.txt), so only web addresses may.
    site_url = settings["site_url"] + ("" if settings["site_url"].endswith("/") else "/")
    relative = site_url.startswith("/") and not site_url.startswith("//") and not any(c.isspace() or ord(c) < 32 for c in site_url)
    if not relative and (message := safe_paths.link_problem(site_url)) is not None:
        problems.error(paths.config, _setting_line(paths.config, "site_url"), f"site_url: {message}")
    feedback = settings["feedback"]
    if feedback and not EMAIL.fullmatch(feedback) and (message := safe_paths.link_problem(feedback, mailto=True)) is not None:
        problems.error(paths.config, _setting_line(paths.config, "feedback"), f"feedback: {message}, or an email address")
    base = base_url + ("" if not base_url or base_url.endswith("/") else "/")
    return output.SiteConfig(settings["title"], site_url, base, settings["feedback"])


EMAIL = re.compile(r"[^@\s<>\"'&:/]+@[A-Za-z0-9.-]+")


def _setting_line(path: Path, key: str) -> int | None:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.is_file() else []
    return next((n for n, text in enumerate(lines, start=1) if re.match(rf"\s*{key}\s*=", text)), None)


def build(paths: Paths, base_url: str, problems: Problems, write: bool = True) -> BuildResult:
    """Every stage runs for `check` too (write=False), so it finds every problem a build would."""
    # The build makes hundreds of thousands of long-lived objects and almost no cycles; the
    # default thresholds would re-scan them all many times over.
    gc.set_threshold(100_000, 50, 100)
    with output_folder.build_lock(paths.cache):
        if write:
            _check_output_folder(paths, problems)
        return _locked_build(paths, base_url, problems, write)


def _check_output_folder(paths: Paths, problems: Problems) -> None:
    project = paths.config.parent.resolve()
    inputs = [paths.data, paths.content, paths.templates, paths.cache, paths.config, *([paths.inputs] if paths.inputs else [])]
    message = output_folder.output_problem(paths.out, project, inputs)
    if message is not None:
        problems.error(paths.out, None, f"the output folder {message}")
        problems.raise_if_any()
    output_folder.remove_leftovers(paths.out.resolve())


def _locked_build(paths: Paths, base_url: str, problems: Problems, write: bool) -> BuildResult:
    digest = freshness.inputs_digest(
        [paths.data, paths.content, paths.templates, *_hexmap_folder(paths)],
        [paths.config, *_hexmap_updates(paths)],
        f"{base_url}|{paths.out}",
    )
    out_dir = paths.out.resolve()
    before = freshness.output_state(out_dir) if write else {}
    record = freshness.BuildRecord(paths.cache / "last-build.json", out_dir, before)
    if write and record.is_fresh(digest):
        return BuildResult(0, 0, 0, 0, skipped=True)
    # The chart engine costs about a second of CPU to start. Start it early (to warm up while the
    # data load) only when no chart was ever rendered here; otherwise the charts are usually all in
    # the cache, and render_all starts it for the few that are not.
    worker = None if any((paths.cache / "charts").glob("*.svg")) else chart_render.start_worker()
    try:
        return _build(paths, base_url, problems, write, worker, record, digest, before)
    finally:
        chart_render.stop_worker(worker)


def _build(
    paths: Paths, base_url: str, problems: Problems, write: bool, worker: Any, record: freshness.BuildRecord, digest: str, before: dict
) -> BuildResult:
    out_dir = record.out_dir
    config, dataset, narratives, chart_specs, changelog, env, layout = _read_inputs(paths, base_url, problems)
    # The published licence statement is always the one computed from the sources.
    licensing.publish_statement(paths.data, dataset, problems)
    # zlib works outside the GIL: the download zip is made while the pages are prepared.
    zipping = ThreadPoolExecutor(max_workers=1)
    downloads_future = zipping.submit(output.data_files, dataset, package_docs.extras(dataset, config.site_url))
    zipping.shutdown(wait=False)
    checks = run_checks(dataset)
    declared = build_all(dataset, chart_specs, problems)
    problems.raise_if_any()
    charts = chart_render.render_all(declared, paths.cache / "charts", worker)
    assets = output.asset_files(paths.templates / "assets")
    assets["assets/chart-theme.css"] = chart_theme.css().encode("utf-8")
    # One index of the official figures serves the header's headline and every profile.
    figures = OfficialFigures(dataset)
    common = _common_context(dataset, config, assets, narratives, figures)
    partial = output.partial_renderer(env, common)
    reaches: dict[str, Any] = {}
    pages = narrative_pages(narratives, dataset, charts, partial, problems, reaches) + data_pages(dataset, checks, charts)
    pages += profile_pages(dataset, checks, layout, figures)
    check_page_paths(pages, problems)
    problems.raise_if_any()
    common["source_dates"] = dates = page_dates.date_pages(pages, page_dates.source_dates(paths.data, dataset))
    reviews, stale = review.today(paths.content, dataset, reaches, {n: c.table_csv for n, c in charts.items()}, problems)
    downloads = downloads_future.result()
    data_page = next(p for p in pages if p.template == "data.html")
    data_page.context.update(_data_page_context(dataset, config, downloads[f"data/{output.zip_name(dataset)}"]), changelog=changelog)
    shared = freshness.fingerprint(
        freshness.inputs_digest([paths.templates], [paths.config], base_url),
        dataset.descriptor.get("title"),
        dataset.version,
        dataset.metrics,
        common["navigation"],
        common["assets"],
        (dates.pending, dates.last_version, dataset.released),  # the footer: released, and when
    )
    page_cache = reuse.PageCache(record, shared)
    kept = [p.path for p in pages if page_cache.reusable(p)] if write else []
    kept_set = set(kept)
    with output.Staging(out_dir, enabled=write) as staging:
        output.render_pages(env, pages, common, problems, staging, skip=lambda p: p.path in kept_set)
        problems.raise_if_any()
        staging.keep(kept)
        staging.write_all(downloads)
        staging.write_all(output.chart_files(charts))
        staging.write_all({name: content for page in pages for name, content in page.context.get("files", {}).items()})
        staging.write_all({f"assets/{common['assets'][name.removeprefix('assets/')]}": content for name, content in assets.items()})
        staging.write_all(output.sitemap(pages, config.site_url))
        staging.publish()
    if write:
        record.save(digest, staging.state_after(before), page_cache.keys(pages))
    return BuildResult(len(pages), len(charts), staging.count, staging.size, reviews=reviews, stale=stale)


def _read_inputs(paths: Paths, base_url: str, problems: Problems) -> tuple[output.SiteConfig, Dataset, list, list, Markup, Any, dict]:
    """The first stage: every input read and checked, so that nothing is rendered from bad input."""
    config = read_config(paths, base_url, problems)
    dataset = load(paths.data, problems)
    narratives = read_narratives(paths.content, problems)
    chart_specs = read_chart_specs(paths.content / "charts", problems)
    changelog = changelog_html(dataset, paths.data / "CHANGELOG.md", problems) if dataset is not None else Markup("")
    templates_cache = _bytecode_cache(paths.cache / "jinja")
    env = output.make_environment(paths.templates, templates_cache)
    _compile_templates(env, paths.templates, problems)
    _check_assets(paths.templates, problems)
    layout = read_layout(paths.inputs, problems) if _hexmap_folder(paths) else {}
    problems.raise_if_any()
    assert dataset is not None
    return config, dataset, narratives, chart_specs, changelog, env, layout


def check_page_paths(pages: list[Page], problems: Problems) -> None:
    """Every page gets a file of its own, inside the site: the checks on the data should already
    ensure it, and this proves it whatever the schema says."""
    seen: dict[str, Page] = {}
    for page in pages:
        try:
            safe_paths.inside(Path("site"), page.path)
        except safe_paths.UnsafePath:
            problems.error("site", None, f'page "{page.title[:80]}" would be written to "{page.path[:80]}", outside the site')
            continue
        if page.path in seen:
            problems.error("site", None, f'pages "{seen[page.path].title[:80]}" and "{page.title[:80]}" would both be {page.path}')
        seen[page.path] = page


def _check_assets(templates: Path, problems: Problems) -> None:
    """Assets are published as they are: a symlink out of templates/ would publish a file of the machine's."""
    for path in sorted((templates / "assets").rglob("*")):
        rel = path.relative_to(templates).as_posix()
        if (message := safe_paths.input_problem(templates, rel, "asset")) is not None:
            problems.error(path, None, message)


def _hexmap_folder(paths: Paths) -> list[Path]:
    """The hex map layout, when the project has one (a bare data folder built elsewhere may not)."""
    return [paths.inputs / LAYOUT.parent] if paths.inputs is not None and (paths.inputs / LAYOUT).is_file() else []


def _hexmap_updates(paths: Paths) -> list[Path]:
    return [paths.inputs / UPDATES] if _hexmap_folder(paths) else []


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache:
    """Compiled templates, keyed by a checksum of their source, so an unchanged template is not re-parsed."""
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def _compile_templates(env: Any, templates_dir: Path, problems: Problems) -> None:
    for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.error(templates_dir / name, exc.lineno, f"template syntax error: {exc.message}")


def hashed_name(name: str, content: bytes) -> str:
    """style.css -> style.3f2a9c1e.css, so a changed stylesheet is never served stale from a cache."""
    if name == "favicon.svg":
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:8]}{dot}{ext}"


def _common_context(
    dataset: Dataset, config: output.SiteConfig, assets: dict[str, bytes], narratives: list, figures: OfficialFigures | None = None
) -> dict[str, Any]:
    chapters = [Page(chapter_page(n.slug), "", n.nav_title, "", n.slug) for n in narratives]
    navigation = [
        {"title": "Home" if p.section == "index" else p.title, "url": p.url, "section": p.section}
        for p in chapters
        if p.section != "glossary" and p.section != "about-the-data"
    ]
    figures = figures or OfficialFigures(dataset)
    england = figures.england()
    headline = None
    if england is not None and figures.years:
        latest = figures.years[-1]
        headline = {
            "year": latest,
            "children": figures.cell(england.code, latest, MISSING_CHILDREN),
            "share": figures.cell(england.code, latest, MISSING_SHARE),
        }
        navigation.append({"title": "Across England", "url": "across-england/", "section": "across-england"})
    navigation += [
        {"title": "Find your council", "url": "councils/", "section": "councils"},
        {"title": "Sources", "url": "sources/", "section": "sources"},
        {"title": "Data", "url": "data/", "section": "data"},
    ]
    return {
        "dataset": dataset,
        "config": config,
        "national_headline": headline,
        "navigation": navigation,
        "chapters": [p for p in chapters if p.section != "index"],
        "assets": {name.removeprefix("assets/"): hashed_name(name.removeprefix("assets/"), content) for name, content in assets.items()},
    }


def changelog_html(dataset: Dataset, path: Path, problems: Problems) -> Markup:
    """The changelog as shown on the data page: Markdown, whose raw HTML may not run anything."""
    text = dataset.files.get("CHANGELOG.md", b"").decode("utf-8")
    body = text.split("\n", 1)[1] if text.startswith("# ") else text
    html = markdown.markdown(body)
    for line, message in unsafe_html(html, text):
        problems.error(path, line, message)
    return Markup(html)


def _data_page_context(dataset: Dataset, config: output.SiteConfig, zipped: bytes) -> dict[str, Any]:
    resources = []
    for r in dataset.descriptor["resources"]:
        rows = dataset.files.get(r["path"], b"").decode("utf-8-sig").count("\n") - 1
        resources.append(
            {
                "name": r["name"],
                "title": r.get("title", r["name"]),
                "path": r["path"],
                "description": r.get("description", ""),
                "fields": r["schema"]["fields"],
                "primary_key": r["schema"].get("primaryKey", []),
                "rows": rows,
            }
        )
    return {
        "zip_name": output.zip_name(dataset),
        "zip_folder": package_docs.zip_folder(dataset),
        "licence_sentence": licensing.package_sentence(dataset),
        "zip_kb": max(1, round(len(zipped) / 1024)),
        "resources": resources,
        "sources": sorted(dataset.sources.values(), key=lambda s: s.id),
        "citation": package_docs.citation_text(dataset, config.site_url),
        "zip_sha256": hashlib.sha256(zipped).hexdigest(),
    }
