"""Raw HTML in Markdown (narratives, the changelog) may format text, never run a script.

Python-Markdown passes raw HTML through, so the HTML it produces is read back and refused when it
has an element that runs or loads something, an event-handler attribute (onclick=, onerror=, ...)
or a link to anything but a web page, a mail address or a page of this site. Reading the output,
not the source, sees through entity tricks such as `&#106;avascript:`. The site's
Content-Security-Policy (only its own scripts) is a second line behind this one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

REFUSED_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta", "base", "form", "svg", "math"}
)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset", "data", "cite"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers ignore these inside a scheme ("java\tscript:"), so they are dropped before looking at it.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in REFUSED_ELEMENTS:
            self.found.append((f"<{tag}", f"<{tag}> is not allowed in Markdown here: it could run or load code"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((name, f"the {name}= attribute is not allowed: event handlers run code"))
            elif name in URL_ATTRIBUTES and value and (scheme := url_scheme(value)) and scheme not in SAFE_SCHEMES:
                self.found.append(
                    (f"{scheme}:", f'a "{scheme}:" address is not allowed in a link: use https:, http:, mailto: or a relative link')
                )

    handle_startendtag = handle_starttag


def url_scheme(value: str) -> str | None:
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", value))
    return match.group(1).lower() if match else None


def unsafe_html(html: str, source: str) -> list[tuple[int | None, str]]:
    """(line in `source`, message) for each unsafe piece of `html`; the line is where the piece's
    tell-tale text first appears in the source, when it can be found there."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    lines = source.lower().split("\n")
    result: list[tuple[int | None, str]] = []
    for needle, message in dict.fromkeys(finder.found):
        line = next((i for i, text in enumerate(lines, start=1) if needle.lower() in text), None)
        result.append((line, message))
    return result
