"""What a reader downloads: bytes of HTML, CSS and JavaScript per page, raw and gzipped, and requests."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

GZIP_LEVEL = 6  # gzip's own default, and what most servers are set to
BUILD_LINE = re.compile(r"built (\d+) pages and (\d+) charts \((\d+) files, (\d+) KB\)")
ORIGIN = "site.invalid"  # a made-up host: any URL that resolves elsewhere leaves the site's origin


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, dict[str, str]]] = []  # (kind, url, attrs)
        self.inline_js = ""
        self.inline_css = 0
        self._in: str | None = None
        self.charts = 0

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        rel = attrs.get("rel", "").lower().split()
        if tag == "link" and attrs.get("href"):
            if "stylesheet" in rel:
                self.found.append(("css", attrs["href"], attrs))
            elif {"icon", "apple-touch-icon", "shortcut"} & set(rel):
                self.found.append(("image", attrs["href"], attrs))
            elif {"preload", "modulepreload", "manifest"} & set(rel):
                self.found.append(("other", attrs["href"], attrs))
        elif tag == "script":
            if attrs.get("src"):
                self.found.append(("js", attrs["src"], attrs))
            elif attrs.get("type", "text/javascript") in ("", "text/javascript", "module", "application/javascript"):
                self._in = "script"
        elif tag == "style":
            self._in = "style"
        elif tag in ("img", "iframe", "embed", "audio", "video", "source", "track") and attrs.get("src"):
            self.found.append(("image" if tag in ("img", "source") else "other", attrs["src"], attrs))
        elif tag == "object" and attrs.get("data"):
            self.found.append(("other", attrs["data"], attrs))
        elif tag == "image" and (attrs.get("href") or attrs.get("xlink:href")):
            self.found.append(("image", attrs.get("href") or attrs["xlink:href"], attrs))
        if tag == "figure" and "chart" in attrs.get("class", "").split():
            self.charts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.inline_js += data
        elif self._in == "style":
            self.inline_css += len(data.encode())


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def gz(data: bytes) -> int:
    return len(gzipped(data))


class _Fetched:
    """The files a page pulls in, by kind, followed from the page and from its stylesheets."""

    def __init__(self, site: Path, base: str) -> None:
        self.site, self.base = site, base
        self.sizes: dict[str, list[bytes]] = {"css": [], "js": [], "image": [], "other": []}
        self.external: list[str] = []
        self.missing: list[str] = []
        self.print_css = 0
        self.seen: set[str] = set()

    def follow(self, found: list[tuple[str, str, dict[str, str]]]) -> None:
        queue = list(found)
        while queue:
            kind, ref, attrs = queue.pop(0)
            content = self._fetch(ref)
            if content is None:
                continue
            self.sizes[kind].append(content)
            if kind == "css":
                if attrs.get("media") == "print":
                    self.print_css += len(content)
                # Fonts and images a stylesheet pulls in are requests too.
                for inner in re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", content.decode("utf-8", errors="replace")):
                    queue.append(("image", urljoin(urljoin(self.base, ref), inner), {}))

    def _fetch(self, ref: str) -> bytes | None:
        url = urlparse(urljoin(self.base, ref))
        if url.scheme == "data":
            return None
        if url.netloc != ORIGIN:
            self.external.append(ref)
            return None
        if url.path in self.seen:
            return None
        self.seen.add(url.path)
        path = self.site / url.path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.missing.append(ref)
            return None
        return path.read_bytes()


def page_weight(site: Path, page: str) -> dict[str, object]:
    html = (site / page).read_bytes()
    text = html.decode("utf-8", errors="replace")
    parser = _Resources()
    parser.feed(text)
    fetched = _Fetched(site, f"http://{ORIGIN}/{page}")
    fetched.follow(parser.found)
    raw = {k: sum(len(c) for c in v) for k, v in fetched.sizes.items()}
    zipped = {k: sum(gz(c) for c in v) for k, v in fetched.sizes.items()}
    inline_js = parser.inline_js.encode()
    return {
        "page": page,
        "charts": parser.charts,
        "html_raw": len(html),
        "html_gz": gz(html),
        "svg_raw": sum(len(m.group(0).encode()) for m in re.finditer(r"<svg\b.*?</svg>", text, flags=re.S)),
        "css_raw": raw["css"],
        "css_gz": zipped["css"],
        "print_css_raw": fetched.print_css,
        # Inline script counts as JavaScript loaded; its bytes are already in the HTML's.
        "js_raw": raw["js"] + len(inline_js),
        "js_gz": zipped["js"] + (gz(inline_js) if parser.inline_js.strip() else 0),
        "js_files": len(fetched.sizes["js"]),
        "inline_js_raw": len(inline_js),
        "images_raw": raw["image"],
        "total_gz": gz(html) + zipped["css"] + zipped["js"],
        "requests": 1 + len(fetched.seen) + len(fetched.external),
        "external": fetched.external,
        "missing": fetched.missing,
    }


def heaviest_pages(site: Path, files: list[Path], n: int = 3) -> list[dict[str, object]]:
    pages = sorted((p for p in files if p.suffix == ".html"), key=lambda p: -p.stat().st_size)[:n]
    return [{"page": p.relative_to(site).as_posix(), "raw": p.stat().st_size, "gz": gz(p.read_bytes())} for p in pages]


def typical_pages(site: Path, chapter_slug: str) -> dict[str, str]:
    """Home, the chapter with the most charts, and an authority page (Coventry's, else the first)."""
    pages = {"home": "index.html"}
    chapter = f"{chapter_slug}/index.html"
    if chapter_slug != "index" and (site / chapter).is_file():
        pages["chapter"] = chapter
    councils = sorted(p.stem for p in (site / "councils").glob("*.html") if p.stem != "index")
    if councils:
        pages["authority"] = f"councils/{'coventry' if 'coventry' in councils else councils[0]}.html"
    return pages


def output_summary(site: Path, build_line: str) -> dict[str, object]:
    """What a clean build wrote: pages and charts (as the build reported them), files and bytes."""
    match = BUILD_LINE.search(build_line)
    files = [p for p in site.rglob("*") if p.is_file()]
    return {
        "pages": int(match.group(1)) if match else sum(1 for p in files if p.suffix == ".html"),
        "charts": int(match.group(2)) if match else None,
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "html_files": sum(1 for p in files if p.suffix == ".html"),
        "heaviest": heaviest_pages(site, files),
        "build_line": build_line,
    }
