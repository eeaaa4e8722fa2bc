"""The package's licence statement, computed from the sources' own terms, never typed.

Each figure keeps the terms of the response it came from. Sources are grouped by `licence_id`;
a group is open only when its licence is one of a few known open licences, so terms that are
new, unstated or forbid republishing are always treated as restricting the package as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .dataset import Dataset
from .errors import Problems

OPEN_LICENCES = {
    "OGL-UK-3.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}
# Our own lists of councils and metrics, and our notes.
OWN_TERMS = "Open Government Licence v3.0"
LICENCE_FILE = "LICENCE.md"


@dataclass(frozen=True)
class Terms:
    """One set of re-use terms and the councils and sources that carry it."""

    licence_id: str
    title: str
    reuse_terms: str
    councils: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def is_open(self) -> bool:
        return self.licence_id in OPEN_LICENCES

    @property
    def url(self) -> str:
        return OPEN_LICENCES.get(self.licence_id, "")

    @property
    def councils_text(self) -> str:
        return _words(list(self.councils))


def _count(n: int) -> str:
    return ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")[n] if n < 10 else str(n)


def _words(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def terms_of(ds: Dataset, source_ids: set[str] | None = None) -> list[Terms]:
    """Every set of terms in the package (or among `source_ids`): open ones first, then by the first council's name."""
    groups: dict[str, list[str]] = {}
    for source in sorted(ds.sources.values(), key=lambda s: s.id):
        if source_ids is not None and source.id not in source_ids:
            continue
        groups.setdefault(source.licence_id, []).append(source.id)
    found = []
    for licence_id, ids in groups.items():
        first = ds.sources[ids[0]]
        # An official publication covers every council: name its publisher, not "England".
        councils = sorted({ds.sources[i].publisher if ds.sources[i].is_official else ds.authorities[ds.sources[i].authority_code].name for i in ids})
        found.append(Terms(licence_id, first.licence_title, first.reuse_terms, tuple(councils), tuple(ids)))
    return sorted(found, key=lambda t: (not t.is_open, t.councils, t.licence_id))


def package_sentence(ds: Dataset) -> str:
    """What a reader may do with the package as a whole, in one or two sentences."""
    terms = terms_of(ds)
    if not terms:
        return "The package holds no figures yet."
    if len(terms) == 1:
        only = terms[0]
        return f"Every figure in the package is under the same terms ({only.title}), so the package as a whole may be re-used on them."
    restricted = [t for t in terms if not t.is_open]
    if not restricted:
        return "Every source is under an open licence, so the package as a whole may be re-used, acknowledging each source."
    opened = [t for t in terms if t.is_open]
    sentence = (
        f"Because the package mixes {_count(len(terms))} sets of terms, the package as a whole may be re-used only in ways that "
        f"all of them allow, which means within the {_words([t.title for t in restricted])}."
    )
    for t in opened:
        sentence += f" Figures from {t.councils_text} can be re-used on their own under the {t.title}."
    return sentence


def licence_markdown(ds: Dataset) -> str:
    """The text of LICENCE.md, as published in the data folder and the zip."""
    lines = [
        "# Licences and re-use terms",
        "",
        "The figures in this package come from councils' answers to Freedom of Information requests and other",
        "published sources. Each figure keeps the re-use terms of the source it came from; `sources.csv` gives",
        "them row by row. This file is written by `build.py licence` from `sources.csv`: do not edit it by hand.",
        "",
        "| councils | terms | sources |",
        "|---|---|---|",
    ]
    for t in terms_of(ds):
        text = f"{t.title} (<{t.url}>)" if t.url else f"{t.title}: {t.reuse_terms}"
        lines.append(f"| {t.councils_text} | {text.replace('|', '/')} | {', '.join(t.sources)} |")
    attributions = sorted({s.attribution for s in ds.sources.values() if s.attribution})
    if attributions:
        lines += ["", "Re-use of these figures must carry the attribution their licence asks for: " + " ".join(f"\u201c{a}\u201d" for a in attributions)]
    lines += [
        "",
        package_sentence(ds),
        "",
        f"The lists of authorities and metrics, and our notes, are ours: re-use them under the {OWN_TERMS}.",
        "",
    ]
    return "\n".join(lines)


def terms_in_brief(ds: Dataset, source_ids: set[str] | None = None) -> str:
    """One sentence per set of terms, naming the councils: for the home page, and for each page about its own figures."""
    parts = []
    for t in terms_of(ds, source_ids):
        if t.is_open:
            parts.append(f"Figures from {t.councils_text} are under the {t.title}.")
        else:
            terms = t.reuse_terms[:1].lower() + t.reuse_terms[1:]
            parts.append(f"Figures from {t.councils_text} carry their own terms ({t.title}): {terms}")
    return " ".join(parts)


def terms_list_html(ds: Dataset) -> Markup:
    """A list, one item per set of terms, naming the councils: for "About the data"."""
    items = []
    for t in terms_of(ds):
        title = Markup('<a href="{}">{}</a>').format(t.url, t.title) if t.url else Markup("{}").format(t.title)
        items.append(Markup("<li><strong>{}</strong>: {}. {}</li>").format(t.councils_text, title, t.reuse_terms))
    return Markup("<ul>") + Markup("").join(items) + Markup("</ul><p>{}</p>").format(package_sentence(ds))


# Words in re-use terms that forbid republishing (the guide: ask the lead before adding such figures).
FORBIDS = re.compile(r"\b(?:not|never)\b[^.]{0,40}\b(?:republish|re-publish|reproduce|publish|redistribute)", re.IGNORECASE)
NO_TERMS = "LicenseRef-no-terms-stated"


def terms_problems(data_dir: Path, ds: Dataset, problems: Problems) -> None:
    """Warnings for terms the guide treats with care: each names the source and what to do."""
    path = data_dir / "sources.csv"
    for source in sorted(ds.sources.values(), key=lambda s: s.id):
        terms = source.reuse_terms
        if source.licence_id == "OGL-UK-3.0" and "open government licence" not in terms.lower():
            problems.warn(
                path,
                None,
                f"{source.id}: licence_id is OGL-UK-3.0 but reuse_terms do not name the Open Government Licence; copy the council's own words",
            )
        if FORBIDS.search(terms):
            problems.warn(
                path,
                None,
                f"{source.id}: its terms appear to forbid republishing; ask the lead before publishing its figures (docs/adding-data.md, step 2)",
            )
        if source.licence_id == NO_TERMS and "no re-use terms" not in terms.lower():
            problems.warn(
                path, None, f'{source.id}: licence_id {NO_TERMS} but reuse_terms do not say "no re-use terms"; use the guide\'s wording'
            )


def publish_statement(data_dir: Path, ds: Dataset, problems: Problems) -> None:
    """Warn about the terms and a stale LICENCE.md; the package as published always carries the computed one."""
    check_licence_file(data_dir, ds, problems)
    terms_problems(data_dir, ds, problems)
    ds.files[LICENCE_FILE] = licence_markdown(ds).encode("utf-8")


def check_licence_file(data_dir: Path, ds: Dataset, problems: Problems) -> None:
    """A warning when data/LICENCE.md is not the statement computed from sources.csv."""
    path = data_dir / LICENCE_FILE
    current = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n") if path.is_file() else ""
    if current != licence_markdown(ds):
        problems.warn(
            path,
            1,
            "not the statement computed from sources.csv; `build.py stamp` rewrites it, or `build.py licence` now (the site publishes the computed one)",
        )


def write_licence_file(data_dir: Path, ds: Dataset) -> Path:
    path = data_dir / LICENCE_FILE
    path.write_text(licence_markdown(ds), encoding="utf-8")
    return path
