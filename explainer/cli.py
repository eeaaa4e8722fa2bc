"""Command line: build (default), check, serve."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

from .errors import BuildError, Problems, display_path
from .versioning import version_warnings

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the missing-children explainer into site/.")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks")
    sub = parser.add_subparsers(dest="command")
    commands = (
        ("build", "validate the data and write the site (default)"),
        ("check", "validate only; write nothing"),
        ("serve", "build, serve on 127.0.0.1 and rebuild on change"),
        ("stamp", "record the data package version as released, after bumping it and adding a changelog entry"),
        ("licence", "rewrite data/LICENCE.md from the re-use terms in sources.csv"),
    )
    for name, text in commands:
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument(
            "--root", type=Path, default=ROOT, help="project folder holding data/, content/ and templates/ (default: this one)"
        )
        cmd.add_argument("--data", type=Path, help="data package folder (default: ROOT/data)")
        cmd.add_argument("--debug", action="store_true", help="show Python tracebacks")
        if name == "stamp":
            cmd.add_argument("--force", action="store_true", help="stamp even though the data changed under the same version")
        if name in ("build", "serve"):
            cmd.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
            cmd.add_argument("--base-url", default="", help="root links at this URL path (e.g. /explainer/) instead of relative links")
        if name == "build":
            cmd.add_argument(
                "--release", action="store_true", help="refuse to build with a placeholder site_url or corrections contact in site.toml"
            )
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
        if args.command == "stamp":
            return _stamp(paths, args.force)
        if args.command == "licence":
            return _licence(paths)
        if args.command == "serve":
            from .serve import serve

            return serve(paths, args.base_url, args.port)
        return _build(paths, args.base_url, getattr(args, "release", False))
    except Exception:
        if args.debug:
            raise
        print("build failed: an internal error (not a problem in your input); run again with --debug for the traceback", file=sys.stderr)
        return 2


def failure_lines(problems: Problems, out: Path | None, command: str = "build") -> list[str]:
    """One line per distinct problem (a mistake in base.html fails every page, but is one mistake), then a summary."""
    errors = sorted(dict.fromkeys(problems.errors), key=lambda p: (p.path, p.line or 0))
    n = len(errors)
    tail = f"; {out.name}/ was left as it was" if out is not None else ""
    return [str(p) for p in errors] + [f"{command} failed: {n} error{'s' if n != 1 else ''}{tail}"]


def report_failure(problems: Problems, out: Path | None, command: str = "build") -> None:
    for line in failure_lines(problems, out, command):
        print(line, file=sys.stderr)


def _print_warnings(problems: Problems) -> None:
    for w in dict.fromkeys(problems.warnings):
        print(f"{w} (warning)", file=sys.stderr)


def _build(paths: object, base_url: str, release: bool = False) -> int:
    from .build import build, read_config
    from .release import release_problems

    problems = Problems()
    started = time.perf_counter()
    if release:
        release_problems(read_config(paths, base_url, problems), paths.config, problems)  # type: ignore[arg-type, attr-defined]
        if problems.errors:
            report_failure(problems, paths.out)  # type: ignore[attr-defined]
            return 1
    try:
        result = build(paths, base_url, problems)  # type: ignore[arg-type]
    except BuildError:
        _print_warnings(problems)
        report_failure(problems, paths.out)  # type: ignore[attr-defined]
        return 1
    version_warnings(paths.data, problems)  # type: ignore[attr-defined]
    _print_warnings(problems)
    took = time.perf_counter() - started
    if result.skipped:
        print(f"{display_path(paths.out)}/ is up to date: nothing changed since the last build ({took:.2f} s)")  # type: ignore[attr-defined]
        return 0
    print(
        f"built {result.pages} pages and {result.charts} charts ({result.files} files, {result.bytes / 1024:.0f} KB) into {display_path(paths.out)}/ in {took:.2f} s"
    )  # type: ignore[attr-defined]
    return 0


def _validate(paths: object, problems: Problems) -> None:
    """Everything a build would check, plus Frictionless's own validation; nothing is written."""
    from .build import build
    from .validate import frictionless_problems

    with contextlib.suppress(BuildError):
        build(paths, "", problems, write=False)  # type: ignore[arg-type]
    if not problems.errors:
        frictionless_problems(paths.data, problems)  # type: ignore[attr-defined]


def _check(paths: object) -> int:
    problems = Problems()
    _validate(paths, problems)
    if not problems.errors:
        version_warnings(paths.data, problems)  # type: ignore[attr-defined]
    _print_warnings(problems)
    if problems.errors:
        report_failure(problems, None, "check")
        return 1
    print(f"check passed: {display_path(paths.data)}/, {display_path(paths.content)}/ and {display_path(paths.templates)}/ are valid")  # type: ignore[attr-defined]
    return 0


def _licence(paths: object) -> int:
    problems = Problems()
    if _rewrite_licence(paths.data, problems) is None:  # type: ignore[attr-defined]
        report_failure(problems, None, "licence")
        return 1
    return 0


def _rewrite_licence(data: Path, problems: Problems | None = None) -> Path | None:
    """LICENCE.md as computed from sources.csv; said only when it changed."""
    from .dataset import load
    from .licensing import LICENCE_FILE, licence_markdown, write_licence_file

    dataset = load(data, problems if problems is not None else Problems())
    if dataset is None:
        return None
    before = (data / LICENCE_FILE).read_bytes() if (data / LICENCE_FILE).is_file() else b""
    if before != licence_markdown(dataset).encode("utf-8"):
        written = write_licence_file(data, dataset)
        print(f"rewrote {display_path(written)} from the re-use terms in sources.csv")
    return data / LICENCE_FILE


def _stamp(paths: object, force: bool) -> int:
    """Record the version as released: only for valid data, a new version and a changelog entry."""
    from .versioning import current_release, read_stamp, stamp_refusals, write_stamp

    data = paths.data  # type: ignore[attr-defined]
    problems = Problems()
    _validate(paths, problems)
    if not problems.errors:
        _rewrite_licence(data)
    release = current_release(data, problems) if not problems.errors else None
    if release is not None:
        stamp_refusals(data, release, force, problems)
    if problems.errors or release is None:
        report_failure(problems, None, "stamp")
        return 1
    previous = read_stamp(data / "version-stamp.json")
    if previous is not None and previous.version == release.version and previous.digests == release.digests:
        print(f"version {release.version} is already stamped and the data have not changed; nothing to do")
        return 0
    written = write_stamp(data, release)
    print(f"stamped version {release.version}: {len(release.digests)} files recorded in {display_path(written)}; commit it with the data")
    return 0
