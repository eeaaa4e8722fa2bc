"""Render pages with Jinja and write the whole site to a fresh folder, swapped in only on success."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup

from .chart_render import RenderedChart
from .dataset import Dataset
from .errors import Problems, did_you_mean
from .figures import describe_inputs
from .formatting import format_value
from .model import POPULATION_LABELS, STATUS_SHORTHAND, suppressed_range
from .output_folder import MARKER, MARKER_TEXT
from .pages import Page
from .profile import year_ending
from .safe_paths import inside
from .template_errors import error_location, template_error_message
from .urls import council_page, source_page

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class SiteConfig:
    title: str
    site_url: str
    base_url: str
    feedback: str


def make_environment(templates_dir: Path, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache,
    )
    env.filters["number"] = lambda value, unit="children": format_value(value, unit)
    env.filters["year_ending"] = year_ending
    env.filters["authority_name"] = jinja2.pass_context(lambda context, code: context["dataset"].authorities[code].name)
    env.filters["described"] = jinja2.pass_context(lambda context, inputs: describe_inputs(inputs, context["dataset"]))
    env.globals.update(
        POPULATION_LABELS=POPULATION_LABELS, STATUS_SHORTHAND=STATUS_SHORTHAND, suppressed_range=suppressed_range, source_page=source_page, council_page=council_page
    )
    return env


def partial_renderer(env: jinja2.Environment, common: dict[str, Any]) -> Any:
    def render(name: str, **context: Any) -> Markup:
        return Markup(env.get_template(name).render(**common, **context))

    return render


def render_pages(
    env: jinja2.Environment,
    pages: list[Page],
    common: dict[str, Any],
    problems: Problems,
    out: Staging,
    skip: Callable[[Page], bool] = lambda _: False,
) -> None:
    """Every page's HTML into `out`, except those `skip` says can be taken unchanged from the previous site."""
    for page in pages:
        if skip(page):
            continue
        # 404.html is served at any depth, so its links cannot be relative.
        root = common["config"].base_url or ("/" if page.path == "404.html" else page.root)
        try:
            html = env.get_template(page.template).render(**common, **page.context, page=page, root=root)
        except jinja2.TemplateSyntaxError as exc:
            problems.error(exc.filename or page.template, exc.lineno, f"template syntax error: {exc.message}")
            return
        except jinja2.UndefinedError as exc:
            problems.error(*_template_location(exc), exc.message or "undefined variable")
            continue
        except jinja2.TemplateNotFound as exc:
            problems.error(*_template_location(exc), f'template "{exc.name}" not found{did_you_mean(str(exc.name), env.list_templates())}')
            continue
        except (jinja2.TemplateError, ArithmeticError, TypeError, ValueError) as exc:
            problems.error(*_template_location(exc), template_error_message(exc))
            continue
        out.write(page.path, html.encode("utf-8"))


def _template_location(exc: BaseException) -> tuple[str, int | None]:
    return error_location(exc) or ("templates", None)


def data_files(ds: Dataset, extras: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The data package as published: the CSVs and descriptor as they are in data/, plus a zip that also carries `extras` (a README, a citation file)."""
    files = {f"data/{name}": content for name, content in ds.files.items()}
    buffer = io.BytesIO()
    folder = f"{ds.name}-{ds.version}"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted({**ds.files, **(extras or {})}.items()):
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
    urls = "".join(f"  <url><loc>{xml_escape(site_url + p.url)}</loc></url>\n" for p in sorted(pages, key=lambda p: p.path) if p.in_sitemap)
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    robots = f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n"
    return {"sitemap.xml": xml.encode(), "robots.txt": robots.encode()}


class Staging:
    """A new site written beside `out_dir` and swapped in only by `publish()`, so a reader never
    sees half a site and a failed build leaves the old one as it was. With `enabled=False` (for
    `check`) nothing touches the disk; files are only counted.
    """

    def __init__(self, out_dir: Path, enabled: bool = True):
        self.out_dir, self.enabled = out_dir.resolve(), enabled
        self.folder: Path | None = None
        self.count = self.size = 0
        self._made: set[Path] = set()
        self.written: list[str] = []
        self.kept: list[str] = []

    def __enter__(self) -> Staging:
        if self.enabled:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            # A web server must be able to read the site whatever the maintainer's umask (077 would make it private).
            self._umask = os.umask(0o022)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.new-", dir=self.out_dir.parent))
            # Marked first, so that a killed build's leftover is recognised as ours and cleaned up by the next.
            (self.folder / MARKER).write_bytes(MARKER_TEXT)
            self.written.append(MARKER)  # part of the published state, so an unchanged site is recognised as such
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            os.umask(self._umask)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _target(self, rel: str) -> Path | None:
        if self.folder is None:
            return None
        # Whatever the data say, nothing is written outside the new folder.
        target = inside(self.folder, rel)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def write(self, rel: str, content: bytes) -> None:
        self.count, self.size = self.count + 1, self.size + len(content)
        if (target := self._target(rel)) is not None:
            target.write_bytes(content)
            self.written.append(rel)

    def write_all(self, files: dict[str, bytes]) -> None:
        for rel, content in sorted(files.items()):
            self.write(rel, content)

    def keep(self, rels: Iterable[str]) -> None:
        """Files unchanged since the previous site: hard-linked from it, not rewritten."""
        for rel in sorted(rels):
            self.count += 1
            self.kept.append(rel)
            if (target := self._target(rel)) is not None:
                try:
                    os.link(self.out_dir / rel, target)
                except OSError:
                    shutil.copy2(self.out_dir / rel, target)

    def state_after(self, before: dict[str, list[int]]) -> dict[str, list[int]]:
        """The published site's file sizes and times: a kept file is a hard link, so its entry is as before."""
        state = {rel: before[rel] for rel in self.kept if rel in before}
        for rel in self.written:
            info = (self.out_dir / rel).stat()
            state[rel] = [info.st_size, info.st_mtime_ns]
        return dict(sorted(state.items()))

    def publish(self) -> None:
        if self.folder is None:
            return
        os.chmod(self.folder, 0o755)
        old = self.out_dir.parent / f".{self.out_dir.name}.old-{os.getpid()}"
        if self.out_dir.exists():
            os.rename(self.out_dir, old)
        os.rename(self.folder, self.out_dir)
        self.folder = None
        shutil.rmtree(old, ignore_errors=True)
