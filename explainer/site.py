"""Render pages with Jinja and write the whole site to a fresh folder, swapped in only on success."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .chart_render import RenderedChart
from .content import template_error_message
from .errors import Problems, did_you_mean
from .model import POPULATION_LABELS, STATUS_SHORTHAND, Dataset, council_page, source_page
from .numbers import format_value
from .pages import Page

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class SiteConfig:
    title: str
    site_url: str
    base_url: str
    feedback: str


def make_environment(templates_dir: Path, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir), autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, bytecode_cache=bytecode_cache
    )
    env.filters["number"] = lambda value, unit="children": format_value(value, unit)
    env.filters["authority_name"] = jinja2.pass_context(lambda context, code: context["dataset"].authorities[code].name)
    env.globals.update(POPULATION_LABELS=POPULATION_LABELS, STATUS_SHORTHAND=STATUS_SHORTHAND, source_page=source_page, council_page=council_page)
    return env


def partial_renderer(env: jinja2.Environment, common: dict[str, Any]) -> Any:
    def render(name: str, **context: Any) -> Markup:
        return Markup(env.get_template(name).render(**common, **context))

    return render


def render_pages(env: jinja2.Environment, pages: list[Page], common: dict[str, Any], problems: Problems, skip: Callable[[Page], bool] = lambda _: False) -> dict[str, bytes]:
    """Every page's HTML, except those `skip` says can be taken unchanged from the previous site."""
    files: dict[str, bytes] = {}
    for page in pages:
        if skip(page):
            continue
        # 404.html is served at any depth, so its links cannot be relative.
        root = common["config"].base_url or ("/" if page.path == "404.html" else page.root)
        try:
            html = env.get_template(page.template).render(**common, **page.context, page=page, root=root)
        except jinja2.TemplateSyntaxError as exc:
            problems.error(exc.filename or page.template, exc.lineno, f"template syntax error: {exc.message}")
            return files
        except jinja2.UndefinedError as exc:
            problems.error(*_template_location(exc, env), exc.message or "undefined variable")
            continue
        except jinja2.TemplateNotFound as exc:
            problems.error(*_template_location(exc, env), f'template "{exc.name}" not found{did_you_mean(str(exc.name), env.list_templates())}')
            continue
        except (jinja2.TemplateError, ArithmeticError, TypeError, ValueError) as exc:
            problems.error(*_template_location(exc, env), template_error_message(exc))
            continue
        files[page.path] = html.encode("utf-8")
    return files


def _template_location(exc: BaseException, env: jinja2.Environment) -> tuple[str, int | None]:
    tb, where = exc.__traceback__, ("templates", None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            where = (name, tb.tb_lineno)
        tb = tb.tb_next
    return where


def data_files(ds: Dataset) -> dict[str, bytes]:
    """The data package as published: the CSVs and descriptor as they are in data/, plus a zip."""
    files = {f"data/{name}": content for name, content in ds.files.items()}
    buffer = io.BytesIO()
    folder = f"{ds.name}-{ds.version}"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(ds.files.items()):
            info = zipfile.ZipInfo(f"{folder}/{name}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    files[f"data/{zip_name(ds)}"] = buffer.getvalue()
    return files


def zip_name(ds: Dataset) -> str:
    return f"{ds.name}-{ds.version}.zip"


def chart_files(charts: dict[str, RenderedChart]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for name, chart in charts.items():
        files[f"charts/{name}.csv"] = chart.csv.encode("utf-8")
        files[f"charts/{name}.png"] = chart.png
    return files


def asset_files(assets_dir: Path) -> dict[str, bytes]:
    return {f"assets/{p.relative_to(assets_dir).as_posix()}": p.read_bytes() for p in sorted(assets_dir.rglob("*")) if p.is_file()}


def sitemap(pages: Iterable[Page], site_url: str) -> dict[str, bytes]:
    urls = "".join(f"  <url><loc>{site_url}{p.url}</loc></url>\n" for p in sorted(pages, key=lambda p: p.path) if p.in_sitemap)
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    robots = f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n"
    return {"sitemap.xml": xml.encode(), "robots.txt": robots.encode()}


def write_site(files: dict[str, bytes], out_dir: Path, kept: Iterable[str] = ()) -> None:
    """Write everything beside `out_dir`, then swap it in, so a reader never sees half a site.

    `kept` files are unchanged since the previous site: they are hard-linked from it, not rewritten.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for rel, content in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        for rel in sorted(kept):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(out_dir / rel, target)
            except OSError:
                shutil.copy2(out_dir / rel, target)
        os.chmod(staging, 0o755)
        old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
        if out_dir.exists():
            os.rename(out_dir, old)
        os.rename(staging, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def manifest(files: dict[str, bytes]) -> str:
    return json.dumps(sorted(files), indent=0)
