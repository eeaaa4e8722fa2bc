"""What a release build refuses: a site published with a placeholder address or no contact.

Placeholders are the reserved names no one can own (RFC 2606 and 6761: .example, .invalid,
.test, localhost), so the shipped site.toml builds for preview and fails for release.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .errors import Problems
from .output import SiteConfig

RESERVED = (".example", ".invalid", ".test", ".localhost", "example.com", "example.org", "example.net")


def _placeholder_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return not host or host == "localhost" or host.endswith(RESERVED) or host in {h.lstrip(".") for h in RESERVED}


def _line_of(path: Path, key: str) -> int | None:
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return next((n for n, text in enumerate(lines, start=1) if re.match(rf"\s*{key}\s*=", text)), None)


def release_problems(config: SiteConfig, path: Path, problems: Problems) -> None:
    url = urlsplit(config.site_url)
    if url.scheme != "https" or _placeholder_host(url.hostname or ""):
        problems.error(
            path,
            _line_of(path, "site_url"),
            f'site_url: a release needs the public https address the site is published at, found "{config.site_url}"',
        )
    contact = config.feedback.strip()
    host = contact.rpartition("@")[2] if "@" in contact and "://" not in contact else (urlsplit(contact).hostname or "")
    if not contact or _placeholder_host(host):
        problems.error(
            path,
            _line_of(path, "feedback"),
            f'feedback: a release needs a real contact for corrections (an email address or https address), found "{contact}"',
        )
