"""Command line: build (default), check, serve."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

from .errors import BuildError, Problems, display_path

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the missing-children explainer into site/.")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks")
    sub = parser.add_subparsers(dest="command")
    for name, text in (("build", "validate the data and write the site (default)"), ("check", "validate only; write nothing"), ("serve", "build, serve on 127.0.0.1 and rebuild on change")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--root", type=Path, default=ROOT, help="project folder holding data/, content/ and templates/ (default: this one)")
        cmd.add_argument("--data", type=Path, help="data package folder (default: ROOT/data)")
        cmd.add_argument("--debug", action="store_true", help="show Python tracebacks")
        if name != "check":
            cmd.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
            cmd.add_argument("--base-url", default="", help="root links at this URL path (e.g. /explainer/) instead of relative links")
        if name == "serve":
            cmd.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        args = _parser().parse_args(["build", *(argv if argv is not None else sys.argv[1:])])
    from .build import Paths

    paths = Paths.under(args.root.resolve(), args.out.resolve() if getattr(args, "out", None) else None)
    if args.data:
        paths = Paths(args.data.resolve(), paths.content, paths.templates, paths.out, paths.cache, paths.config)
    try:
        if args.command == "check":
            return _check(paths)
        if args.command == "serve":
            from .serve import serve

            return serve(paths, args.base_url, args.port)
        return _build(paths, args.base_url)
    except Exception:
        if args.debug:
            raise
        print("build failed: an internal error (not a problem in your input); run again with --debug for the traceback", file=sys.stderr)
        return 2


def report_failure(problems: Problems, out: Path | None) -> None:
    for p in sorted(problems.errors, key=lambda p: (p.path, p.line or 0)):
        print(p, file=sys.stderr)
    n = len(problems.errors)
    tail = f"; {out.name}/ was left as it was" if out is not None else ""
    print(f"build failed: {n} error{'s' if n != 1 else ''}{tail}", file=sys.stderr)


def _print_warnings(problems: Problems) -> None:
    for w in problems.warnings:
        print(f"{w} (warning)", file=sys.stderr)


def _build(paths: object, base_url: str) -> int:
    from .build import build

    problems = Problems()
    started = time.perf_counter()
    try:
        result = build(paths, base_url, problems)  # type: ignore[arg-type]
    except BuildError:
        _print_warnings(problems)
        report_failure(problems, paths.out)  # type: ignore[attr-defined]
        return 1
    _print_warnings(problems)
    took = time.perf_counter() - started
    print(f"built {result.pages} pages and {result.charts} charts ({result.files} files, {result.bytes / 1024:.0f} KB) into {display_path(paths.out)}/ in {took:.2f} s")  # type: ignore[attr-defined]
    return 0


def _check(paths: object) -> int:
    from .build import build
    from .validate import frictionless_problems

    problems = Problems()
    with contextlib.suppress(BuildError):
        build(paths, "", problems, write=False)  # type: ignore[arg-type]
    if not problems.errors:
        frictionless_problems(paths.data, problems)  # type: ignore[attr-defined]
    _print_warnings(problems)
    if problems.errors:
        report_failure(problems, None)
        return 1
    print(f"check passed: {display_path(paths.data)}/, {display_path(paths.content)}/ and {display_path(paths.templates)}/ are valid")  # type: ignore[attr-defined]
    return 0
