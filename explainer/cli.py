"""Command line: build (default), check, serve."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError, Problems, attempt, display_path, failure_lines, os_problem, warning_lines
from .paths import Paths

if TYPE_CHECKING:
    from .build import BuildResult
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
        ("review", "record that narratives were read against today's data (content/.reviewed.json)"),
        ("import-official", "turn the raw official statistics in inputs/official/ into rows in data/"),
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
        if name == "review":
            cmd.add_argument("files", nargs="*", type=Path, help="the narratives read, e.g. content/going-missing.md")
            cmd.add_argument("--all", action="store_true", help="every narrative")
        if name == "import-official":
            cmd.add_argument("--inputs", type=Path, help="folder of raw official files and manifest.csv (default: ROOT/inputs/official)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        args = _parser().parse_args(["build", *(argv if argv is not None else sys.argv[1:])])
    out = args.out.resolve() if getattr(args, "out", None) else None
    paths = Paths.under(args.root.resolve(), out, args.data.resolve() if args.data else None)
    try:
        if args.command == "check":
            return _check(paths)
        if args.command == "stamp":
            return _stamp(paths, args.force)
        if args.command == "licence":
            return _licence(paths)
        if args.command == "review":
            return _review(paths, args.files, args.all)
        if args.command == "import-official":
            from .official.command import import_official

            return import_official(args.inputs.resolve() if args.inputs else args.root.resolve() / "inputs" / "official", paths.data)
        if args.command == "serve":
            from .serve import serve

            return serve(paths, args.base_url, args.port)
        return _build(paths, args.base_url, getattr(args, "release", False))
    except OSError as exc:
        if args.debug:
            raise
        problems = Problems()
        os_problem(exc, paths.out, problems)
        _print(failure_lines(problems, paths.out if args.command in (None, "build") else None, args.command or "build"))
        return 1
    except Exception:
        if args.debug:
            raise
        print("build failed: an internal error (not a problem in your input); run again with --debug for the traceback", file=sys.stderr)
        return 2


def _print(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _build(paths: Paths, base_url: str, release: bool = False) -> int:
    # Imported here, not at the top: `check` and `stamp` do not need the renderer.
    from .build import build, read_config
    from .page_dates import unreleased_problems
    from .release import release_problems

    def step(problems: Problems) -> BuildResult:
        if release:
            release_problems(read_config(paths, base_url, problems), paths.config, problems)
            unreleased_problems(paths.data, problems)
            problems.raise_if_any()
        result = build(paths, base_url, problems)
        version_warnings(paths.data, problems)
        return result

    started = time.perf_counter()
    problems = Problems()
    result, failed = attempt(step, problems, paths.out)
    _print(warning_lines(problems) + failed)
    if result is None:
        return 1
    print(result.summary(paths.out, time.perf_counter() - started))
    return 0


def _validate(paths: Paths, problems: Problems) -> BuildResult | None:
    """Everything a build would check, plus Frictionless's own validation; nothing is written."""
    from .build import build
    from .frictionless_check import frictionless_problems

    result = None
    with contextlib.suppress(BuildError):
        result = build(paths, "", problems, write=False)
    if not problems.errors:
        frictionless_problems(paths.data, problems)
    return result


def _review(paths: Paths, files: list[Path], every: bool) -> int:
    """Record each narrative named (or all) as read against what its lookups reach today."""
    from .review import read_manifest, write_manifest

    content = paths.content
    problems = Problems()
    result = _validate(paths, problems)
    wanted = sorted(result.reviews) if result is not None and every else [f.name for f in files]
    if result is not None and not wanted:
        problems.error(content, None, "review: name the narratives you read (content/<name>.md), or --all")
    for name in wanted:
        if result is not None and name not in result.reviews:
            problems.error(content / name, None, f"review: not a narrative (narratives: {', '.join(sorted(result.reviews))})")
    if problems.errors or result is None:
        _print(failure_lines(problems, None, "review"))
        return 1
    manifest = read_manifest(content)
    for name in wanted:
        manifest[name] = result.reviews[name]
        print(
            f"recorded {display_path(content / name)} as read: {len(result.reviews[name]['data'])} lookups, {len(result.reviews[name]['charts'])} charts"
        )
    for name in [n for n in manifest if n not in result.reviews]:
        del manifest[name]  # a narrative that was deleted or renamed
    write_manifest(content, manifest)
    return 0


def _check(paths: Paths) -> int:
    problems = Problems()
    _validate(paths, problems)
    if not problems.errors:
        version_warnings(paths.data, problems)
    _print(warning_lines(problems))
    if problems.errors:
        _print(failure_lines(problems, None, "check"))
        return 1
    print(f"check passed: {display_path(paths.data)}/, {display_path(paths.content)}/ and {display_path(paths.templates)}/ are valid")
    return 0


def _licence(paths: Paths) -> int:
    problems = Problems()
    if _rewrite_licence(paths.data, problems) is None:
        _print(failure_lines(problems, None, "licence"))
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


def _stamp(paths: Paths, force: bool) -> int:
    """Record the version as released: only for valid data, a new version and a changelog entry."""
    from .versioning import current_release, read_stamp, stamp_refusals, write_stamp

    data = paths.data
    problems = Problems()
    result = _validate(paths, problems)
    for name in result.stale if result is not None else {}:
        problems.error(
            paths.content / name, None, "not reviewed since what it reaches changed (see check); read it, then run `build.py review`"
        )
    if not problems.errors:
        _rewrite_licence(data)
    release = current_release(data, problems) if not problems.errors else None
    if release is not None:
        stamp_refusals(data, release, force, problems)
    if problems.errors or release is None:
        _print(failure_lines(problems, None, "stamp"))
        return 1
    previous = read_stamp(data / "version-stamp.json")
    # A stamp written before sources were recorded gets them now, even when nothing else changed.
    if previous is not None and previous.parts is not None and (previous.version, previous.digests) == (release.version, release.digests):
        print(f"version {release.version} is already stamped and the data have not changed; nothing to do")
        return 0
    written = write_stamp(data, release)
    print(f"stamped version {release.version}: {len(release.digests)} files recorded in {display_path(written)}; commit it with the data")
    return 0
