"""Narratives: Markdown files with front matter, whose numbers are lookups into the data.

Each file is rendered first as a Jinja template (so `{{ figure(...) }}` and `{{ chart(...) }}`
become HTML), then as Markdown. Problems are recorded with the Markdown file's own line numbers.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown
import yaml
from markupsafe import Markup

from . import safe_yaml
from .errors import Problems
from .figures import LookupProblem
from .safe_html import unsafe_html
from .sandbox import MAX_OUTPUT, NarrativeEnvironment, refused_statements
from .tables import read_text
from .template_errors import error_location, template_error_message

REQUIRED_META = ("title", "summary")
TEXT_META = {"title", "summary", "nav_title", "slug"}
ALLOWED_META = {"title", "summary", "order", "nav_title", "slug"}
# Folders the site builds from the data; a narrative there would overwrite a generated page.
RESERVED_SLUGS = {"councils", "sources", "data", "data-quality", "charts", "assets"}


@dataclass
class Narrative:
    path: Path
    slug: str
    title: str
    summary: str
    order: int
    nav_title: str
    source: str
    body_start: int


@dataclass
class RenderedNarrative:
    narrative: Narrative
    html: Markup
    toc: list[dict[str, Any]]

    @property
    def lead_and_body(self) -> tuple[Markup, Markup]:
        """The opening paragraph (the short answer) apart, so the contents list can follow it."""
        head, sep, tail = str(self.html).partition("</p>")
        if not sep or not head.lstrip().startswith("<p"):
            return Markup(""), self.html
        return Markup(head + sep), Markup(tail)


def read_narratives(content_dir: Path, problems: Problems) -> list[Narrative]:
    found = [_read_one(path, problems) for path in sorted(content_dir.glob("*.md"))]
    narratives = [n for n in found if n is not None]
    slugs: dict[str, Path] = {}
    for n in narratives:
        if n.slug in slugs:
            problems.error(n.path, 1, f'slug "{n.slug}" is already used by {slugs[n.slug].name}')
        slugs[n.slug] = n.path
    if "index" not in slugs and not (content_dir / "index.md").is_file():
        problems.error(content_dir, None, "no home page: add content/index.md")
    return sorted(narratives, key=lambda n: (n.order, n.slug))


def _read_one(path: Path, problems: Problems) -> Narrative | None:
    text = read_text(path, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(path, 1, "front matter: expected the file to start with a line of three dashes (---)")
        return None
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        problems.error(path, 1, "front matter: no closing line of three dashes (---)")
        return None
    meta = _parse_meta(path, "\n".join(lines[1:end]), problems)
    if meta is None:
        return None
    # Blank out the front matter so template line numbers stay those of the file.
    source = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    slug = str(meta.get("slug") or path.stem)
    if not _slug_ok(path, slug, problems):
        return None
    return Narrative(
        path,
        slug,
        str(meta["title"]),
        str(meta["summary"]),
        int(meta.get("order", 100)),
        str(meta.get("nav_title") or meta["title"]),
        source,
        end + 2,
    )


def _slug_ok(path: Path, slug: str, problems: Problems) -> bool:
    """A slug becomes a folder of the site: plain characters, and not one the data pages use."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        problems.error(
            path,
            1,
            f'slug: expected lower-case letters, digits and hyphens, found "{slug}" (rename the file or set "slug:" in the front matter)',
        )
        return False
    if slug in RESERVED_SLUGS:
        problems.error(path, 1, f'slug: "{slug}" is the address of a generated page; choose another (set "slug:" in the front matter)')
        return False
    return True


def _parse_meta(path: Path, text: str, problems: Problems) -> dict[str, Any] | None:
    try:
        meta = safe_yaml.load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problems.error(path, line, f"front matter: invalid YAML ({getattr(exc, 'problem', None) or 'cannot parse'})")
        return None
    if not isinstance(meta, dict):
        problems.error(path, 2, "front matter: expected key: value lines")
        return None
    ok = True
    for key in REQUIRED_META:
        if not meta.get(key):
            problems.error(path, 1, f'front matter: expected "{key}", found none')
            ok = False
    for key in sorted(set(meta) - ALLOWED_META):
        problems.error(path, 1, f'front matter: unknown key "{key}" (allowed: {", ".join(sorted(ALLOWED_META))})')
        ok = False
    for key in sorted(TEXT_META & set(meta)):
        value = meta[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float)):
            problems.error(path, 1, f"front matter: {key}: expected text, found a {type(value).__name__}")
            ok = False
    if "order" in meta and (not isinstance(meta["order"], int) or isinstance(meta["order"], bool)):
        problems.error(path, 1, f'front matter: order: expected a whole number, found "{meta["order"]}"')
        ok = False
    return meta if ok else None


class BlockHTML(Markup):
    """HTML that stands as a block of its own (a chart, a table), not inside a paragraph."""


class _Recorder:
    """Wraps narrative functions so a failing lookup is reported with its line and rendering goes on."""

    def __init__(self, problems: Problems):
        self.problems = problems
        self.template: jinja2.Template | None = None
        self.path: Path | None = None
        self.block: Callable[[Markup], Markup] = lambda html: html

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                result = fn(*args, **kwargs)
                return self.block(result) if isinstance(result, BlockHTML) else result
            except LookupProblem as exc:
                self.problems.error(self.path, self.current_line(), str(exc))  # type: ignore[arg-type]
                return Markup('<span class="lookup-error">[?]</span>')
            except TypeError as exc:
                self.problems.error(self.path, self.current_line(), f"{fn.__name__}: {exc}")  # type: ignore[arg-type]
                return Markup('<span class="lookup-error">[?]</span>')
            except jinja2.TemplateError as exc:
                where = error_location(exc) or (str(self.path), self.current_line())
                self.problems.error(*where, template_error_message(exc))
                return Markup('<span class="lookup-error">[?]</span>')

        call.__name__ = fn.__name__
        return call

    def current_line(self) -> int | None:
        frame = sys._getframe(1)
        filename = self.template.filename if self.template else None
        while frame is not None:
            if frame.f_code.co_filename == filename and self.template is not None:
                return self.template.get_corresponding_lineno(frame.f_lineno)
            frame = frame.f_back  # type: ignore[assignment]
        return None


def _error_line(exc: BaseException, filename: str) -> int | None:
    where = error_location(exc, lambda name: name == filename)
    return where[1] if where else None


def _compile(env: NarrativeEnvironment, narrative: Narrative, problems: Problems) -> jinja2.Template | None:
    """The narrative as a template, or None when it uses a statement narratives may not."""
    tree = env.parse(narrative.source, narrative.path.name, str(narrative.path))
    refused = refused_statements(tree)
    for line, message in refused:
        problems.error(narrative.path, line, message)
    if refused:
        return None
    code = env.compile(tree, narrative.path.name, str(narrative.path))
    return env.template_class.from_code(env, code, env.make_globals(None))


def render_narrative(narrative: Narrative, functions: dict[str, Callable[..., Any]], problems: Problems) -> RenderedNarrative | None:
    recorder = _Recorder(problems)
    recorder.path = narrative.path
    blocks: list[Markup] = []

    def block(html: Markup) -> Markup:
        # Block HTML goes through Markdown as a placeholder paragraph, then is put back.
        blocks.append(html)
        return Markup(f"\n\nzqzblock{len(blocks) - 1}zqz\n\n")

    recorder.block = block
    # Sandboxed, and never given the shared bytecode cache: code compiled outside the sandbox must not be reused inside it.
    env = NarrativeEnvironment(
        {name: recorder.wrap(fn) for name, fn in functions.items()}, autoescape=True, undefined=jinja2.StrictUndefined
    )
    before = len(problems.errors)
    try:
        template = _compile(env, narrative, problems)
        if template is None:
            return None
        recorder.template = template
        body = template.render()
    except jinja2.TemplateSyntaxError as exc:
        problems.error(narrative.path, exc.lineno, f"template syntax error: {exc.message}")
        return None
    except jinja2.UndefinedError as exc:
        problems.error(
            narrative.path, _error_line(exc, str(narrative.path)), f"{exc.message} (narratives can use: {', '.join(sorted(functions))})"
        )
        return None
    except (jinja2.TemplateError, ArithmeticError, TypeError, ValueError, MemoryError, RecursionError) as exc:
        problems.error(narrative.path, _error_line(exc, str(narrative.path)), f"cannot render: {template_error_message(exc)}")
        return None
    if len(body) > MAX_OUTPUT:
        problems.error(narrative.path, None, f"cannot render: the narrative comes to more than {MAX_OUTPUT:,} characters")
        return None
    if len(problems.errors) > before:
        return None
    md = markdown.Markdown(extensions=["toc", "tables", "attr_list", "def_list", "abbr"], extension_configs={"toc": {"toc_depth": "2-3"}})
    html = md.convert(body)
    for line, message in unsafe_html(html, narrative.source):
        problems.error(narrative.path, line, message)
    if len(problems.errors) > before:
        return None
    for i, piece in enumerate(blocks):
        html = html.replace(f"<p>zqzblock{i}zqz</p>", str(piece))
    return RenderedNarrative(narrative, Markup(html), list(md.toc_tokens))  # type: ignore[attr-defined]
