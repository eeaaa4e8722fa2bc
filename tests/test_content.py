"""The narratives in content/: no typed numbers, every figure shown equals the data, charts say what the data say.

The site is built once for this module, with the project's own command, into a temporary folder.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from explainer.charts import build_all  # noqa: E402
from explainer.dataset import Dataset, load  # noqa: E402
from explainer.errors import Problems  # noqa: E402
from explainer.figures import Figure  # noqa: E402
from explainer.formatting import format_percent, format_ratio, format_value  # noqa: E402
from explainer.model import Observation, suppression_label  # noqa: E402

CONTENT = REPO / "content"

# Every page the issue asks for, and the charts each must place.
CHAPTERS = [
    "index",
    "going-missing",
    "return-home-interviews",
    "placed-out-of-area",
    "who-carries-out-interviews",
    "risks",
    "about-the-data",
    "glossary",
]
CHART_PAGES = {
    "children-missing-2020-21": "going-missing",
    "times-missing-2020-21": "going-missing",
    "rhi-offered-accepted-2020-21": "return-home-interviews",
    "rhi-funnel-2017-18": "return-home-interviews",
    "out-of-area-2017-18": "placed-out-of-area",
    "risk-markers-2024": "risks",
}
SERVICES_PAGE = "who-carries-out-interviews"
# How a figure that is not reported reads, independently of the code under test.
NOT_REPORTED_TEXT = {"suppressed": "[c] suppressed", "not_held": "[x] not held", "not_applicable": "[z] not applicable"}
# Official statistics only: DfE's "low" (fewer than 0.5) and "u" (unreliable) codes, by their shorthand.
OFFICIAL_SHORTHAND = {**{k: v.split()[0] for k, v in NOT_REPORTED_TEXT.items()}, "low": "[low]", "unreliable": "[u]"}


# --------------------------------------------------------------------------------------------
# 1. No number typed by hand in content/*.md
# --------------------------------------------------------------------------------------------

# Removed before looking for digits. Each keeps line breaks so reported line numbers stay true.
_TEMPLATE_BLOCKS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<!--.*?-->", re.S)
_ALLOWED = [
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # Markdown link targets: [text](target "title")
    re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$"),  # reference-style link definitions
    re.compile(r"<(?:https?://|mailto:)[^>]*>|https?://\S+"),  # bare and angle-bracket links
    re.compile(r"\{:?\s*[#.][^}]*\}"),  # attribute lists: {: .lead}, {: #report-an-error }, {#id}
    re.compile(r"(?<![\d£$])(?<!\d[.,])\b(?:19|20)\d{2}(?:-\d{2})?\b(?!\d|[.,]\d|%)"),  # years: 2014, 2020-21
    re.compile(r"\b72 hours\b"),  # the statutory guidance's time limit
    re.compile(r"\b(?:[Qq]uestions?\s+|Q)(?:OA\s*)?\d+[a-z]?(?:\s*\([ivx]+\))?(?!\d|[.,]\d|%)"),  # question 3a, Q3e(ii), question OA 2b
]
_DIGITS = re.compile(r"[£$]?\d[\d,.]*%?")


def _blank(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n")


def typed_numbers(text: str) -> list[tuple[int, str, str]]:
    """(line, number, line text) for every digit a Markdown narrative types by hand."""
    lines = text.replace("\r\n", "\n").split("\n")
    # Front matter: only the title and summary are read by people; the other keys are settings.
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), 0)
        key = ""
        for i in range(1, end):
            match = re.match(r"([A-Za-z_]\w*)\s*:", lines[i])
            if match:
                key = match.group(1)
                lines[i] = lines[i][match.end() :] if key in ("title", "summary") else ""
            elif key not in ("title", "summary"):
                lines[i] = ""
        lines[0] = lines[end] = ""
    body = _TEMPLATE_BLOCKS.sub(_blank, "\n".join(lines))
    found = []
    for number, line in enumerate(body.split("\n"), start=1):
        rest = line
        for pattern in _ALLOWED:
            rest = pattern.sub(" ", rest)
        found += [(number, m.group(0), line.strip()) for m in _DIGITS.finditer(rest)]
    return found


def test_scanner_flags_a_typed_number_with_its_line() -> None:
    text = "---\ntitle: How many?\nsummary: One sentence.\norder: 10\n---\n\nIn 2020-21, 297 children went missing.\n"
    assert typed_numbers(text) == [(7, "297", "In 2020-21, 297 children went missing.")]


def test_scanner_flags_numbers_in_the_title_and_summary_but_not_other_settings() -> None:
    text = "---\ntitle: Why 297 children?\nsummary: About 45% of them.\norder: 10\nnav_title: Going missing\n---\nBody.\n"
    assert [(line, number) for line, number, _ in typed_numbers(text)] == [(2, "297"), (3, "45%")]


@pytest.mark.parametrize(
    "typed",
    [
        "It was 1,458 episodes.",
        "A share of 36%.",
        "It cost £2,658.",
        "A ratio of 3.1 each.",
        "Between 11 and 20 times.",
        "In 2024 there were 366 children.",
        "Since 2020-21, 12 more.",
    ],
)
def test_scanner_flags_numbers_written_in_many_ways(typed: str) -> None:
    assert typed_numbers(f"---\ntitle: T\nsummary: S\n---\n{typed}\n"), typed


@pytest.mark.parametrize(
    "allowed",
    [
        'In 2020-21, {{ figure("coventry", "2020-21", "children_missing") }} children.',
        '{{ percent(get("leicester", "2017-18", "rhi_done"), get("leicester", "2017-18", "missing_episodes")) }}',
        "{% set year = 2024 %}",
        "The guidance of January 2014 asks for an interview within 72 hours.",
        "See question 3a, Q3e(ii) and question OA 2b.",
        "See [the check](../data-quality/#lei-missing-2020-21-done_by_provider_total-all).",
        "## How to report an error {: #report-an-error }",
        "Text.\n{: .lead}",
        "Under the Freedom of Information Act 2000.",
    ],
)
def test_scanner_allows_lookups_years_and_references(allowed: str) -> None:
    assert typed_numbers(f"---\ntitle: T\nsummary: S\norder: 20\n---\n{allowed}\n") == []


def test_scanner_keeps_line_numbers_after_a_multiline_lookup() -> None:
    text = '---\ntitle: T\nsummary: S\n---\n{{ figure("coventry",\n  "2024", "rhi_done") }}\nThen 42 more.\n'
    assert [(line, number) for line, number, _ in typed_numbers(text)] == [(7, "42")]


def test_content_has_no_typed_numbers() -> None:
    files = sorted(CONTENT.glob("*.md"))
    assert files, "content/ has no Markdown files"
    problems = [
        f"content/{path.name}:{line}: typed number {number!r}: {text}"
        for path in files
        for line, number, text in typed_numbers(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "numbers must be lookups into the data:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# The real site, built once
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("content") / "site"
    done = subprocess.run([sys.executable, "build.py", "build", "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"build failed:\n{done.stdout}\n{done.stderr}"
    return out


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    problems = Problems()
    ds = load(REPO / "data", problems)
    assert ds is not None, "\n".join(str(p) for p in problems.errors)
    return ds


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(site.rglob("*.html"))
    }


def _page_path(slug: str) -> str:
    return "index.html" if slug == "index" else f"{slug}/index.html"


def _front_matter_title(slug: str) -> str:
    text = (CONTENT / f"{slug}.md").read_text(encoding="utf-8")
    match = re.search(r"^title:\s*(.+)$", text, re.M)
    assert match, f"content/{slug}.md has no title"
    return match.group(1).strip().strip("\"'")


# --------------------------------------------------------------------------------------------
# The pages the issue asks for
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", CHAPTERS)
def test_page_exists_with_its_question_and_a_short_answer_first(pages: dict[str, BeautifulSoup], slug: str) -> None:
    path = _page_path(slug)
    assert path in pages, f"{path} was not built from content/{slug}.md"
    article = pages[path].find("article")
    assert article is not None
    assert article.find("h1").get_text(strip=True) == _front_matter_title(slug)
    # The home page opens with the national headline (checked in test_profiles), then its answer.
    first = next(
        p for p in article.find_all("p") if p.find_parent("nav") is None and "headline-national" not in (p.get("class") or [])
    )
    assert "lead" in (first.get("class") or []), f"{path}: the first paragraph should be the answer, marked {{: .lead}}"
    sentences = re.findall(r"[.!?](?:\s|$)", first.get_text(" ", strip=True))
    assert 2 <= len(sentences) <= 3, f"{path}: the opening answer should be two or three sentences, found {len(sentences)}"
    if slug not in ("index", "glossary"):
        assert len(article.find_all("h2")) >= 3, f"{path}: sections should be h2 headings so the page gets a contents list"


def test_about_the_data_has_the_report_an_error_target(pages: dict[str, BeautifulSoup]) -> None:
    heading = pages["about-the-data/index.html"].find(id="report-an-error")
    assert heading is not None and heading.name == "h2"
    # The footer of every page links here.
    assert pages["index.html"].find("a", href="about-the-data/#report-an-error") is not None


def test_glossary_is_a_definition_list_covering_the_jargon(pages: dict[str, BeautifulSoup]) -> None:
    article = pages["glossary/index.html"].find("article")
    terms = {dt.get_text(" ", strip=True).lower() for dt in article.find_all("dt")}
    assert all(dt.find_next_sibling("dd") is not None for dt in article.find_all("dt"))
    for needed in ("looked after child", "missing episode", "return home interview", "suppressed [c]"):
        assert needed in terms, f"glossary lacks {needed!r}"


@pytest.mark.parametrize(("chart", "slug"), sorted(CHART_PAGES.items()))
def test_chart_is_placed_on_its_chapter(pages: dict[str, BeautifulSoup], chart: str, slug: str) -> None:
    assert pages[_page_path(slug)].find("figure", id=f"chart-{chart}") is not None, f"{chart} is not on {slug}"


def test_every_chart_is_used_and_only_once(pages: dict[str, BeautifulSoup]) -> None:
    declared = set(build_all(load(REPO / "data", Problems())))
    # Profiles and the national chapter draw their own charts; these are the declared ones.
    placed = Counter(
        name for soup in pages.values() for f in soup.select("figure.chart") if (name := f["id"].removeprefix("chart-")) in declared
    )
    assert set(placed) == declared, f"charts not placed: {sorted(declared - set(placed))}"
    assert all(n == 1 for n in placed.values()), placed


def test_services_table_is_on_its_chapter(pages: dict[str, BeautifulSoup]) -> None:
    assert pages[_page_path(SERVICES_PAGE)].select_one("article table.services") is not None


def test_no_lookup_failed(pages: dict[str, BeautifulSoup]) -> None:
    assert not [path for path, soup in pages.items() if soup.select(".lookup-error")]


# --------------------------------------------------------------------------------------------
# 2. Every figure shown equals the package's value
# --------------------------------------------------------------------------------------------

_HREF = re.compile(r"^(?P<up>(?:\.\./)*)sources/(?P<source>[^/]+)\.html#(?P<anchor>.+)$")
_OFFICIAL_HREF = re.compile(r"^(?P<up>(?:\.\./)*)sources/(?P<source>[^/#]+)\.html$")


def _raw_values() -> dict[tuple[str, str, str, str, str, str, str, str], str]:
    """Values straight from data/observations.csv, not through the code under test."""
    with (REPO / "data" / "observations.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {
            (r["source_id"], r["authority_code"], r["period_start"], r["period_end"], r["metric_id"], r["population"], r["breakdown"], r["question"]): r["value"]
            for r in csv.DictReader(handle)
        }


def _raw(obs: Observation, raw: dict) -> float | None:
    value = raw[
        (
            obs.source_id,
            obs.authority_code,
            obs.period.start.isoformat(),
            obs.period.end.isoformat(),
            obs.metric_id,
            obs.population,
            obs.breakdown,
            obs.question,
        )
    ]
    return float(value) if value != "" else None


def _as_number(text: str) -> float:
    return float(text.replace("£", "").replace(",", ""))


class Figures:
    """Observations by source and anchor, and by the description a figure's title carries."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.by_anchor: dict[tuple[str, str], Observation] = {}
        # Official statistics have no row per figure on their source page (one publication holds
        # thousands); their links name the publication, checked below by the figure's description.
        self.official = {s.id for s in ds.sources.values() if s.is_official}
        for obs in ds.observations:
            if obs.source_id in self.official:
                continue
            key = (obs.source_id, obs.anchor)
            assert key not in self.by_anchor, f"two figures share the anchor {key}"
            self.by_anchor[key] = obs
        self.by_description = {self.describe(o): o for o in ds.observations}

    def unit(self, obs: Observation) -> str:
        return self.ds.metrics[obs.metric_id].unit

    def describe(self, obs: Observation) -> str:
        return Figure(obs, self.unit(obs), "").describe(self.ds)

    def split(self, rest: str, joiner: str) -> tuple[Observation, Observation]:
        """'<description A><joiner><description B>' -> (A, B), trying every place the joiner occurs."""
        for match in re.finditer(re.escape(joiner), rest):
            first, second = rest[: match.start()], rest[match.end() :]
            if first in self.by_description and second in self.by_description:
                return self.by_description[first], self.by_description[second]
        raise AssertionError(f"cannot tell which figures this title names: {rest!r}")


def _figure_links(pages: dict[str, BeautifulSoup]) -> list[tuple[str, Tag]]:
    return [(path, a) for path, soup in pages.items() for a in soup.select("a.figure")]


def test_figures_are_shown_on_every_chapter_with_numbers(pages: dict[str, BeautifulSoup]) -> None:
    counts = Counter(path for path, _ in _figure_links(pages))
    for slug in ("index", "going-missing", "return-home-interviews", "placed-out-of-area", "who-carries-out-interviews", "risks"):
        assert counts[_page_path(slug)] >= 4, f"{slug} shows {counts[_page_path(slug)]} figures"


def test_every_figure_link_leads_to_its_row_on_the_source_page(pages: dict[str, BeautifulSoup], dataset: Dataset) -> None:
    official = {s.id for s in dataset.sources.values() if s.is_official}
    for path, a in _figure_links(pages):
        publication = _OFFICIAL_HREF.match(a["href"])
        if publication and publication["source"] in official:
            assert publication["up"] == "../" * path.count("/"), f"{path}: {a['href']} does not start from the site root"
            assert f"sources/{publication['source']}.html" in pages, f"{path}: {a['href']} leads to no source page"
            continue
        match = _HREF.match(a["href"])
        assert match, f"{path}: figure link {a['href']!r} is not sources/<id>/#<anchor>"
        assert match["up"] == "../" * path.count("/"), f"{path}: {a['href']} does not start from the site root"
        target = pages.get(f"sources/{match['source']}.html")
        assert target is not None, f"{path}: {a['href']} leads to no source page"
        assert target.find(id=match["anchor"]) is not None, f"{path}: {a['href']}: no row with that id on the source page"


def test_every_figure_shown_equals_the_data(pages: dict[str, BeautifulSoup], dataset: Dataset) -> None:
    figures, raw = Figures(dataset), _raw_values()
    checked: Counter[str] = Counter()
    for path, a in _figure_links(pages):
        publication = _OFFICIAL_HREF.match(a["href"])
        if publication and publication["source"] in figures.official:
            _check_official_figure(path, a, publication["source"], figures, raw)
            checked["official"] += 1
            continue
        match = _HREF.match(a["href"])
        assert match, a["href"]
        obs = figures.by_anchor.get((match["source"], match["anchor"]))
        assert obs is not None, f"{path}: {a['href']} names no figure in data/observations.csv"
        text, title = a.get_text(), a.get("title", "")
        where = f"{path}: {text!r} ({title})"
        if " divided by " in title:
            head, rest = title.split(": ", 1)
            top, bottom = figures.split(rest, "; divided by ")
            assert top == obs, f"{where}: links to {obs.anchor}, not to the figure divided"
            a_value, b_value = _raw(top, raw), _raw(bottom, raw)
            assert a_value is not None and b_value, f"{where}: divides a figure that is not reported, or by zero"
            assert head == f"{format_value(a_value, figures.unit(top))} divided by {format_value(b_value, figures.unit(bottom))}", where
            expected = format_percent(a_value, b_value) if text.endswith("%") else format_ratio(a_value, b_value)
            if text.endswith("%"):
                share = 100 * a_value / b_value
                rounded = "less than 1%" if share > 0 and round(share) == 0 else f"{round(share)}%"
                assert text == ("more than 99%" if share < 100 and round(share) == 100 else rounded), where
            assert text == expected, f"{where}: expected {expected}"
            checked["derived"] += 1
        elif ", ignoring sign: " in title:
            head, rest = title.split(", ignoring sign: ", 1)
            first, second = figures.split(rest, "; and ")
            assert first == obs, where
            a_value, b_value = _raw(first, raw), _raw(second, raw)
            assert a_value is not None and b_value is not None, where
            assert text == format_value(abs(a_value - b_value), figures.unit(first)), where
            checked["derived"] += 1
        elif title.startswith("Suppression threshold of: "):
            assert title.removeprefix("Suppression threshold of: ") == figures.describe(obs), where
            assert _raw(obs, raw) is None and text == suppression_label(obs), f"{where}: not the council's threshold"
        elif title.startswith("Range of the suppressed figure: "):
            assert title.removeprefix("Range of the suppressed figure: ") == figures.describe(obs), where
            limit = suppression_label(obs).split()[0]
            assert _raw(obs, raw) is None and text == f"0 to {limit}", f"{where}: not from zero to the council's limit"
        else:
            assert title == figures.describe(obs), f"{where}: the title does not describe {obs.anchor}"
            value = _raw(obs, raw)
            if value is None:
                assert text == NOT_REPORTED_TEXT[obs.status], f"{where}: a {obs.status} figure must read {NOT_REPORTED_TEXT[obs.status]!r}"
            else:
                assert text == format_value(value, figures.unit(obs)), f"{where}: the data say {value}"
                assert _as_number(text) == value, where
            checked["plain"] += 1
    assert checked["plain"] >= 20 and checked["derived"] >= 10, checked


RATE_TITLE = "Per 10,000 children aged 0 to 17, worked out from: "


def _check_official_figure(path: str, a: Tag, source_id: str, figures: Figures, raw: dict) -> None:
    """An official figure's link names its publication; its title says which figure, and its text is that figure's value."""
    where = f"{path}: {a.get_text()!r} ({a.get('title', '')})"
    title = a.get("title", "")
    if title.startswith(RATE_TITLE):
        count, population = figures.split(title.removeprefix(RATE_TITLE), "; divided by ")
        assert {count.source_id, population.source_id} & {source_id}, where
        a_value, b_value = _raw(count, raw), _raw(population, raw)
        if a_value is None or not b_value:
            assert a.get_text().startswith("["), f"{where}: a rate from a withheld figure must be withheld, never a number"
        else:
            assert _as_number(a.get_text()) == round(10_000 * a_value / b_value), where
        return
    obs = figures.by_description.get(title)
    assert obs is not None, f"{where}: the title describes no figure in data/observations.csv"
    assert obs.source_id == source_id, f"{where}: links to {source_id}, the figure is from {obs.source_id}"
    value = _raw(obs, raw)
    if value is None:
        # DfE's words for its own codes ("not available"), after the same shorthand as FOI figures.
        assert a.get_text().split()[0] == OFFICIAL_SHORTHAND[obs.status], where
    else:
        assert _as_number(a.get_text().rstrip("%")) == value, f"{where}: the data say {value}"


# --------------------------------------------------------------------------------------------
# 3. Each chart's description states what its data say
# --------------------------------------------------------------------------------------------

_YEAR = re.compile(r"\b(?:19|20)\d{2}(?:-\d{2})?\b")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


def _numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in _NUMBER.findall(_YEAR.sub(" ", text))]


def _table(figure: Tag) -> tuple[list[str], list[list[str]]]:
    table = figure.select_one("details.chart-data table")
    assert table is not None
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    return header, rows


def _derived_percentages(counts: list[tuple[tuple[str, ...], float]]) -> set[str]:
    """Whole percentages computable within one breakdown of a table.

    A breakdown is the rows that share every label but one (for example one council's looked
    after children, by times missing). Within it: one row over another, one row over the
    breakdown's total, and the rest of the breakdown (total less one row) over the total.
    """
    found: set[str] = set()
    width = len(counts[0][0]) if counts else 0
    for varying in range(width):
        groups: dict[tuple[str, ...], list[float]] = {}
        for labels, value in counts:
            groups.setdefault(labels[:varying] + labels[varying + 1 :], []).append(value)
        for values in groups.values():
            total = sum(values)
            found |= {format_percent(a, b) for a in values for b in values if b}
            if total:
                found |= {format_percent(v, total) for v in values} | {format_percent(total - v, total) for v in values}
    return found


@pytest.fixture(scope="module")
def chart_data(dataset: Dataset) -> dict:
    return build_all(dataset)


def _chart_figures(pages: dict[str, BeautifulSoup], declared: dict) -> dict[str, Tag]:
    """The declared charts' figures (profiles and the national chapter have tests of their own)."""
    figures = {f["id"].removeprefix("chart-"): f for soup in pages.values() for f in soup.select("figure.chart")}
    return {name: figure for name, figure in figures.items() if name in declared}


def test_each_charts_picture_is_named_by_its_own_title_and_description(pages: dict[str, BeautifulSoup]) -> None:
    """A screen reader announces the svg by the ids it names: they must be this figure's own, and unique on the page."""
    checked = 0
    for path, soup in pages.items():
        for figure in soup.select("figure.chart"):
            svg, desc = figure.select_one("svg"), figure.select_one("p.chart-desc")
            assert svg is not None and desc is not None and desc.get_text(strip=True), f"{path}: {figure.get('id')}"
            names = svg.get("aria-labelledby", "").split() + svg.get("aria-describedby", "").split()
            assert desc.get("id") in names, f"{path}: {figure.get('id')}: the svg is not described by its description"
            for name in names:
                found = soup.find_all(id=name)
                assert len(found) == 1 and figure in found[0].parents, f"{path}: id {name!r} is not this figure's alone"
            checked += 1
    assert checked, "no chart on any page"


def test_chart_table_shows_the_data(pages: dict[str, BeautifulSoup], chart_data: dict) -> None:
    """Every count in a chart's table is a reported figure of that chart, and every reported figure is in the table."""
    raw = _raw_values()
    for name, figure in _chart_figures(pages, chart_data).items():
        data = chart_data[name]
        _header, rows = _table(figure)
        count_columns = [i for i, c in enumerate(data.columns) if (c.numeric and c.key != "share") or c.key == "episodes_text"]
        shown = Counter(_as_number(row[i]) for row in rows for i in count_columns if re.fullmatch(r"[£\d,.]+", row[i]))
        reported = Counter(_raw(o, raw) for o in data.observations if o.is_reported)
        assert shown == reported, f"{name}: table shows {sorted(shown.elements())}, data have {sorted(reported.elements())}"
        suppressed = sum(1 for o in data.observations if not o.is_reported)
        # A share may be left out ([c]) when a band of its group is; only the counts stand for figures.
        assert sum(1 for row in rows if any("[c]" in row[i] for i in count_columns)) == suppressed, (
            f"{name}: each suppressed figure should show as [c]"
        )


def test_chart_description_has_no_number_absent_from_its_table(pages: dict[str, BeautifulSoup], chart_data: dict) -> None:
    for name, figure in _chart_figures(pages, chart_data).items():
        data = chart_data[name]
        _header, rows = _table(figure)
        in_table = {n for row in rows for cell in row for n in _numbers(cell)}
        label_columns = [i for i, c in enumerate(data.columns) if not c.numeric and not c.key.endswith("_text")]
        count_columns = [i for i, c in enumerate(data.columns) if (c.numeric and c.key != "share") or c.key == "episodes_text"]
        counts = [
            (tuple(row[i] for i in label_columns), _as_number(row[j]))
            for row in rows
            for j in count_columns
            if re.fullmatch(r"[\d,]+", row[j])
        ]
        derived = _derived_percentages(counts)
        suppressed_rows = str(sum(1 for row in rows if any("[c]" in cell for cell in row)))
        description = figure.select_one("p.chart-desc").get_text()
        for number in _numbers(description):
            ok = number in in_table or number == suppressed_rows or number in derived
            assert ok, f"{name}: {number!r} in the description is neither in the chart's table nor computed from it: {description}"


def test_chart_descriptions_state_each_finding(pages: dict[str, BeautifulSoup], chart_data: dict) -> None:
    """What each description must say, recomputed here from the chart's own table."""
    charts = _chart_figures(pages, chart_data)

    def desc(name: str) -> str:
        return charts[name].select_one("p.chart-desc").get_text()

    # Children missing: every figure is stated.
    _, rows = _table(charts["children-missing-2020-21"])
    for council, _group, children in rows:
        assert children in desc("children-missing-2020-21"), (council, children)

    # Times missing: the share of each group who went missing more than once, and the comparison.
    _, rows = _table(charts["times-missing-2020-21"])
    groups: dict[tuple[str, str], list[float]] = {}
    # A group with a suppressed band has no share: its true total is unknown.
    hidden = {(council, group) for council, group, _times, children, _share in rows if children == "[c]"}
    for council, group, times, children, _share in rows:
        if (council, group) not in hidden:
            total_once = groups.setdefault((council, group), [0, 0])
            total_once[0] += _as_number(children)
            total_once[1] += _as_number(children) if times == "1" else 0
    repeat = {key: (total - once) / total for key, (total, once) in groups.items() if total}
    for (council, group), (total, once) in groups.items():
        assert f"{council}, {group.lower()}: {format_percent(total - once, total)}" in desc("times-missing-2020-21"), (council, group)
    councils = {c for c, _ in repeat}
    more_often = all(
        repeat[(c, "Looked after")] > repeat[(c, "Not looked after")]
        for c in councils
        if (c, "Looked after") in repeat and (c, "Not looked after") in repeat
    )
    assert ("a larger share of looked after children than of children not looked after" in desc("times-missing-2020-21")) == more_often

    # Offered and accepted: the acceptance rate for each council and group.
    _, rows = _table(charts["rhi-offered-accepted-2020-21"])
    offered = {(r[0], r[1]): _as_number(r[3]) for r in rows if r[2] == "Offered"}
    accepted = {(r[0], r[1]): _as_number(r[3]) for r in rows if r[2] == "Accepted"}
    for key, value in offered.items():
        assert f"{key[0]}, {key[1].lower()}: {format_percent(accepted[key], value)}" in desc("rhi-offered-accepted-2020-21"), key

    # Funnels: where the episodes start and how many end in an interview.
    for name in ("rhi-funnel-2017-18", "out-of-area-2017-18"):
        _, rows = _table(charts[name])
        first, last = rows[0], rows[-1]
        assert f"{first[2]} missing episodes led to {last[2]}" in desc(name), name
        assert f"({format_percent(_as_number(last[2]), _as_number(first[2]))})" in desc(name), name

    # Risk markers: every marker named with its figure; suppressed ones as [c], never as zero.
    _, rows = _table(charts["risk-markers-2024"])
    for _council, marker, episodes in rows:
        assert f"{marker.lower()} {episodes}" in desc("risk-markers-2024"), marker
        if "[c]" in episodes:
            assert f"{marker.lower()} 0" not in desc("risk-markers-2024")
