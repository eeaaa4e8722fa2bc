"""Where the build may read and write, and which addresses may become links.

Every check here holds whatever `datapackage.json` or its schema says: a schema's id pattern can
be edited away, so a name that becomes part of a file path is checked again in code.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

# A name that becomes one segment of a path (a page, the zip): no separators, no dot-dot, short
# enough for every file system (255 bytes) with room for a suffix.
SEGMENT_MAX = 100
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# `javascript:` and `data:` can run code when clicked; `file:` and the rest reach the reader's own machine.
LINK_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


class UnsafePath(ValueError):
    """An output path that would leave the output folder."""


def segment_problem(text: str, what: str) -> str | None:
    """Why `text` cannot be one segment of a published path, or None."""
    if not text:
        return f"{what}: expected a name, found none"
    if len(text) > SEGMENT_MAX:
        return f"{what}: expected at most {SEGMENT_MAX} characters for a name used in file names, found {len(text)}"
    if not _SEGMENT.fullmatch(text) or ".." in text:
        return f'{what}: expected letters, digits, ".", "-" or "_" (it becomes part of a file name), found "{text[:60]}"'
    return None


def is_url(text: str) -> bool:
    """Anything with a scheme (https:, file:, C: on Windows) or a network path (//host/...)."""
    return bool(_SCHEME.match(text)) or text.startswith(("//", "\\\\"))


def link_problem(url: str, mailto: bool = False) -> str | None:
    """Why `url` may not become a link on the site, or None. Only web addresses (and mail addresses where asked) may."""
    schemes = (*LINK_SCHEMES, "mailto") if mailto else LINK_SCHEMES
    allowed = " or ".join(f"{s}:" for s in schemes)
    match = _SCHEME.match(url)
    if match is None:
        return f'expected an address starting {allowed}, found "{url[:80]}"'
    if match.group(1).lower() not in schemes:
        return f'expected an address starting {allowed}, found a "{match.group(1)}:" address (it would not be a safe link)'
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return "expected an address without spaces or control characters"
    if match.group(1).lower() != "mailto" and not urlsplit(url.strip()).netloc:
        return f'expected a full address such as https://example.org/page, found "{url[:80]}"'
    return None


def input_problem(folder: Path, rel: str, what: str) -> str | None:
    """Why the file `rel` may not be read as part of `folder`, or None: it must be a relative path
    inside the folder, not a URL, and not a symlink (anywhere on the way) to somewhere outside."""
    if is_url(rel):
        return f'{what}: expected a file in {folder.name}/, found an address "{rel[:80]}" (the build never downloads anything)'
    if rel.startswith(("/", "\\")) or Path(rel).is_absolute():
        return f'{what}: expected a path relative to {folder.name}/, found the absolute path "{rel[:80]}"'
    parts = rel.replace("\\", "/").split("/")
    if ".." in parts or "\x00" in rel:
        return f'{what}: expected a file inside {folder.name}/, found "{rel[:80]}", which leaves it'
    try:
        real = (folder / rel).resolve()
        real.relative_to(folder.resolve())
    except ValueError:
        return f'{what}: "{rel[:80]}" is a link to a file outside {folder.name}/; copy the file in instead'
    except OSError as exc:
        return f'{what}: cannot read "{rel[:80]}": {exc.strerror}'
    return None


def inside(folder: Path, rel: str) -> Path:
    """`folder/rel`, proved to stay inside `folder` (a fresh folder of ours, without symlinks); raises UnsafePath otherwise."""
    norm = posixpath.normpath(rel)
    if (
        not rel
        or "\\" in rel
        or "\x00" in rel
        or rel.startswith("/")
        or norm != rel
        or norm == "."
        or norm.split("/")[0] == ".."
        or any(len(part.encode()) > 200 for part in norm.split("/"))
    ):
        raise UnsafePath(rel)
    # Lexical proof is enough: the staging folder is new and holds only regular files we wrote.
    return folder / norm
