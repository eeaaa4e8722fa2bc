"""Glossary terms linked where they first appear in a chapter.

The glossary is a narrative whose definition list names the terms. Each term's `<dt>` gets an id,
and in every other chapter the first use of each term in running text (not in a heading, a link,
a chart, a table or code) links to it. Plurals ("looked after children") count as uses.
"""

from __future__ import annotations

import itertools
import re

from markupsafe import Markup

from .model import slugify

# Running text only: a term inside these is not linked.
SKIP = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "figure", "table", "dt", "abbr", "svg", "q", "nav", "details"})
# Words too common to link wherever they first appear.
TOO_COMMON = frozenset({"child", "missing"})
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


def glossary_terms(source: str) -> dict[str, str]:
    """Terms of a Markdown definition list (a line, then a line starting ":"), each with its anchor id."""
    lines = source.splitlines()
    terms: dict[str, str] = {}
    for line, following in itertools.pairwise(lines):
        term = line.strip()
        if not following.startswith(":") or not term or term.startswith(("#", ":", "{", "-")):
            continue
        # "Suppressed [c]" -> "Suppressed"; "Liquid Logic (LL)" -> "Liquid Logic".
        plain = re.sub(r"\s*[\[(].*?[\])]", "", term).strip()
        if plain and "," not in plain and plain.lower() not in TOO_COMMON:
            terms[plain] = term_id(term)
    return terms


def term_id(term: str) -> str:
    return "term-" + slugify(term)


def add_term_ids(html: str) -> Markup:
    """The glossary page: an id on each <dt>, so chapters can link to it."""
    return Markup(re.sub(r"<dt>(.*?)</dt>", lambda m: f'<dt id="{term_id(re.sub(r"<[^>]+>", "", m[1]))}">{m[1]}</dt>', html))


def _pattern(terms: dict[str, str]) -> re.Pattern[str]:
    # Longest first, so "looked after child" wins over a shorter term inside it.
    names = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<![\w/])(" + "|".join(re.escape(n) for n in names) + r")(?:s|es|ren)?(?![\w/])", re.IGNORECASE)


def link_first_uses(html: str, terms: dict[str, str], href: str) -> Markup:
    """`html` with the first use of each term in running text linked to `href#id`."""
    if not terms:
        return Markup(html)
    by_lower = {t.lower(): i for t, i in terms.items()}
    pattern, used, depth = _pattern(terms), set(), 0
    pieces = TAG.split(html)
    for n, piece in enumerate(pieces):
        if piece.startswith("<"):
            depth = max(0, depth + _depth_change(piece))
        elif depth == 0 and piece.strip():
            pieces[n] = _link_in_text(piece, pattern, by_lower, used, href)
    return Markup("".join(pieces))


def _depth_change(tag: str) -> int:
    match = TAG_NAME.match(tag)
    if match is None or match[2].lower() not in SKIP or tag.endswith("/>"):
        return 0
    return -1 if match[1] else 1


def _link_in_text(text: str, pattern: re.Pattern[str], ids: dict[str, str], used: set[str], href: str) -> str:
    def replace(match: re.Match[str]) -> str:
        key = match[1].lower()
        if key in used:
            return match[0]
        used.add(key)
        return f'<a class="term" href="{href}#{ids[key]}">{match[0]}</a>'

    return pattern.sub(replace, text)
