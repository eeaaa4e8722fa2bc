"""Downloads that travel: each chart's PNG and CSV carry its title, sources and re-use terms.

The PNG is the chart's own SVG set in a frame with the title above and the sources and terms
below, so a picture copied out of the site still says what it shows and who may re-use it. The
CSV starts with the same lines as `#` comments (see docs/adding-charts.md). This module imports
nothing heavy: the chart worker uses it too.
"""

from __future__ import annotations

import re
import struct
import textwrap
import zlib
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from .chart_data import ChartData
    from .model import Dataset

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
LINE = 16  # px between lines of 12 px text
MARGIN = 8
# About the characters of 12 px text that fit a phone-wide picture.
WRAP = 52


def credits(ds: Dataset, chart: ChartData) -> list[str]:
    """Who gave the figures and on what terms, one sentence each; sources sharing terms share one."""
    sources = [ds.sources[sid] for sid in chart.source_ids]
    cited = [f"{ds.authorities[s.authority_code].name} ({s.request_reference or s.title})" for s in sources]
    lines = [f"Source: {'; '.join(cited)}, FOI responses."] if cited else []
    by_terms: dict[str, list[str]] = {}
    for s in sources:
        terms = s.licence_title if "Open Government Licence" in s.licence_title else s.reuse_terms or s.licence_title
        name = ds.authorities[s.authority_code].name
        if name not in by_terms.setdefault(terms, []):
            by_terms[terms].append(name)
    lines += [f"Re-use, {', '.join(names)}: {terms.rstrip('.')}." for terms, names in by_terms.items()]
    if chart.has_suppressed:
        lines.append("[c]: suppressed by the council; not zero.")
    return lines


def csv_note(chart: ChartData) -> str:
    """The lines a CSV starts with: `#` then a space, which spreadsheets show as text above the table."""
    lines = [chart.title, *chart.credits]
    return "".join(f"# {line}\n" for line in lines)


def _size(svg: str) -> tuple[float, float]:
    found = re.search(r'<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"', svg)
    return (float(found[1]), float(found[2])) if found else (320.0, 200.0)


def _lines(texts: list[str], y: float, weight: str = "normal") -> tuple[list[str], float]:
    out = []
    for text in texts:
        for line in textwrap.wrap(text, WRAP) or [""]:
            y += LINE
            out.append(f'<text x="{MARGIN}" y="{y:.0f}" font-size="12" font-weight="{weight}" fill="#0b0c0c">{escape(line)}</text>')
    return out, y


def framed_svg(svg: str, title: str, foot: list[str]) -> str:
    """The chart with its title above and its credits below, on white, for the PNG."""
    width, height = _size(svg)
    head, y = _lines([title], 0, "bold")
    inner = re.sub(r"^<svg\b", f'<svg x="{MARGIN}" y="{y + MARGIN:.0f}"', svg.strip(), count=1)
    tail, bottom = _lines(foot, y + MARGIN + height)
    total_w, total_h = max(width, WRAP * 6.4) + 2 * MARGIN, bottom + MARGIN
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w:.0f}" height="{total_h:.0f}" font-family="{FONT}">'
        f'<rect width="100%" height="100%" fill="white"/>{"".join(head)}{inner}{"".join(tail)}</svg>'
    )


def smaller_png(png: bytes) -> bytes:
    """The same image with its pixel data deflated at the highest level, about a quarter of the
    size vl-convert writes: every pixel and every other chunk is kept as it was."""
    pos, chunks, pixels = 8, [], b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IDAT":
            pixels += data
        else:
            chunks.append((kind, data))
    packed = zlib.compress(zlib.decompress(pixels), 9)
    out = [png[:8]]
    for kind, data in chunks:
        if kind == b"IEND":
            out.append(_chunk(b"IDAT", packed))
        out.append(_chunk(kind, data))
    return b"".join(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
