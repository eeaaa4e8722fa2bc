"""Bad input, one case at a time: each mistake gives its one line, exit status 1, and site/ unchanged.

Every case starts from a copy of the real project whose site/ was built once, makes one mistake a
maintainer could make (in data/, content/ or templates/), then runs `build` and `check` in-process
from the copy's folder, as a maintainer would from the project's. Rows are appended rather than
edited, so line numbers are worked out from the files and the cases survive new data.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, run_build, without_official_figures

from explainer.cli import main
from explainer.dataset import load
from explainer.errors import Problems

SUMMARY_BUILD = "build failed: 1 error; site/ was left as it was"
SUMMARY_CHECK = "check failed: 1 error"
# A figure no real response gives (its breakdown is made up), so appending it never clashes with real rows.
GOOD_OBSERVATION = {
    "source_id": "cov-foi330799902",
    "authority_code": "E08000026",
    "period_start": "2020-04-01",
    "period_end": "2021-03-31",
    "metric_id": "missing_episodes",
    "population": "all",
    "breakdown": "bad-input test",
    "value": "3",
    "status": "reported",
    "as_reported": "3",
    "question": "99",
    "note": "",
}
GOOD_SOURCE = {
    "source_id": "bad-input-test",
    "authority_code": "E08000026",
    "title": "A response made up for a test",
    "request_reference": "FOI000",
    "response_date": "2021-06-07",
    "licence_id": "OGL-UK-3.0",
    "licence_title": "Open Government Licence v3.0",
    "reuse_terms": "May be re-used under the Open Government Licence v3.0.",
    "source_kind": "foi_response",
    "publisher": "Coventry City Council",
}
NARRATIVE_HEAD = "---\ntitle: A test page\nsummary: Made up for a test.\n---\n\n"


# Editing the copy -----------------------------------------------------------------------------


def append_line(path: Path, text: str) -> int:
    """Add one line at the end, as a spreadsheet row would be; returns its line number."""
    body = path.read_text(encoding="utf-8")
    if body and not body.endswith("\n"):
        body += "\n"
    path.write_text(body + text + "\n", encoding="utf-8")
    return body.count("\n") + 1


def csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def append_row(path: Path, base: dict[str, str], **changes: str) -> int:
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = {**base, **changes}
    return append_line(path, csv_line([row.get(name, "") for name in header]))


def add_observation(root: Path, **changes: str) -> int:
    return append_row(root / "data/observations.csv", GOOD_OBSERVATION, **changes)


def add_source(root: Path, **changes: str) -> int:
    return append_row(root / "data/sources.csv", GOOD_SOURCE, **changes)


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first `old`; returns the line it was on."""
    body = path.read_text(encoding="utf-8")
    at = body.index(old)
    path.write_text(body[:at] + new + body[at + len(old) :], encoding="utf-8")
    return body[:at].count("\n") + 1


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def insert_after_line(path: Path, needle: str, text: str) -> int:
    """Put `text` on a line of its own after the first line containing `needle`; returns its number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = line_of(path, needle)
    lines.insert(at, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


def write_narrative(root: Path, body: str, name: str = "zz-test.md") -> None:
    (root / "content" / name).write_text(NARRATIVE_HEAD + body, encoding="utf-8")


def narrative_line(body_line: int) -> int:
    """Line in the file of a line of the body written by write_narrative (1 = first body line)."""
    return NARRATIVE_HEAD.count("\n") + body_line


def edit_descriptor(root: Path, change: Callable[[dict], None]) -> None:
    path = root / "data/datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def field(descriptor: dict, resource_name: str, field_name: str) -> dict:
    return next(f for f in resource(descriptor, resource_name)["schema"]["fields"] if f["name"] == field_name)


# The cases: each makes one mistake and returns the exact line it must produce -------------------

CASES: dict[str, Callable[[Path], str]] = {}


def case(fn: Callable[[Path], str]) -> Callable[[Path], str]:
    CASES[fn.__name__] = fn
    return fn


@case
def value_of_wrong_type(root: Path) -> str:
    n = add_observation(root, value="12a")
    return f'data/observations.csv:{n}: value: expected a number, found "12a"'


@case
def value_not_a_number(root: Path) -> str:
    n = add_observation(root, metric_id="commissioned_rhi_spend", value="NaN")
    return f'data/observations.csv:{n}: value: expected a number, found "NaN"'


@case
def negative_count(root: Path) -> str:
    n = add_observation(root, value="-3")
    return f'data/observations.csv:{n}: value: expected a number of at least 0, found "-3"'


@case
def fractional_count(root: Path) -> str:
    n = add_observation(root, value="3.5")
    return f'data/observations.csv:{n}: value: expected a non-negative whole number for a count of episodes, found "3.5"'


@case
def thousands_separator(root: Path) -> str:
    n = add_observation(root, value="1,121", as_reported="1,121")
    return f'data/observations.csv:{n}: value: expected a number without thousands separators, found "1,121" (write 1121; keep "1,121" in as_reported)'


@case
def value_on_suppressed_row(root: Path) -> str:
    n = add_observation(root, status="suppressed", as_reported="c")
    return f'data/observations.csv:{n}: value: expected an empty cell because status is "suppressed", found "3" (never write a suppressed figure as a number)'


@case
def value_on_not_held_row(root: Path) -> str:
    n = add_observation(root, value="0", status="not_held", as_reported="Not held")
    return f'data/observations.csv:{n}: value: expected an empty cell because status is "not_held", found "0" (never write a suppressed figure as a number)'


@case
def empty_value_on_reported_row(root: Path) -> str:
    n = add_observation(root, value="")
    return f'data/observations.csv:{n}: value: expected a number because status is "reported", found an empty cell (for a withheld figure set status to suppressed or not_held)'


@case
def unknown_status(root: Path) -> str:
    n = add_observation(root, value="", status="Suppressed", as_reported="c")
    return f'data/observations.csv:{n}: status: expected one of reported, suppressed, not_held, not_applicable, low, unreliable, found "Suppressed" (did you mean "suppressed"?)'


@case
def unknown_authority(root: Path) -> str:
    n = add_observation(root, authority_code="E08000O26")
    return f'data/observations.csv:{n}: authority_code: unknown authority "E08000O26" (did you mean "E08000026"?)'


@case
def authority_other_than_the_sources(root: Path) -> str:
    n = add_observation(root, authority_code="E06000016")
    return f'data/observations.csv:{n}: authority_code: expected "E08000026", the authority of source "cov-foi330799902", found "E06000016"'


@case
def unknown_source(root: Path) -> str:
    n = add_observation(root, source_id="cov-foi33079990")
    return f'data/observations.csv:{n}: source_id: unknown source "cov-foi33079990" (did you mean "cov-foi330799902"?)'


@case
def unknown_metric(root: Path) -> str:
    n = add_observation(root, metric_id="rhi_offerd")
    return f'data/observations.csv:{n}: metric_id: unknown metric "rhi_offerd" (did you mean "rhi_offered"?)'


@case
def unknown_population(root: Path) -> str:
    n = add_observation(root, population="looked-after")
    choices = "all, not_looked_after, looked_after, looked_after_out_of_area, looked_after_placed_in, children_in_need"
    return f'data/observations.csv:{n}: population: expected one of {choices}, found "looked-after" (did you mean "looked_after"?)'


@case
def duplicate_figure(root: Path) -> str:
    # A question the response asks, so that only the duplicate is reported (not a missing wording).
    first = add_observation(root, question="1a")
    n = add_observation(root, question="1a", as_reported="3 again")
    return f"data/observations.csv:{n}: duplicate figure: same source, authority, period, metric, population and breakdown as line {first}"


@case
def date_not_iso(root: Path) -> str:
    n = add_observation(root, period_start="01/04/2020")
    return f'data/observations.csv:{n}: period_start: expected a date, found "01/04/2020" (dates are YYYY-MM-DD)'


@case
def impossible_date(root: Path) -> str:
    n = add_observation(root, period_end="2021-02-29")
    return f'data/observations.csv:{n}: period_end: expected a date, found "2021-02-29" (no such day in the calendar)'


@case
def period_ends_before_it_starts(root: Path) -> str:
    n = add_observation(root, period_end="2019-03-31")
    return f"data/observations.csv:{n}: period_end: expected a date on or after period_start 2020-04-01, found 2019-03-31"


@case
def stray_quote(root: Path) -> str:
    row = csv_line(list(GOOD_OBSERVATION.values())).replace(",99,", ',"99,', 1)
    n = append_line(root / "data/observations.csv", row)
    return f'data/observations.csv:{n}: expected 12 columns, found 11: a double quote (") in this row opens a cell that is never closed; remove the stray quote or close it'


@case
def stray_quote_mid_file(root: Path) -> str:
    path = root / "data/observations.csv"
    n = append_line(path, 'cov-foi330799902,E08000026,2020-04-01,2021-03-31,missing_episodes,all,bad-input test,3,reported,3,"99,')
    append_line(path, 'cov-foi330799902,E08000026,2020-04-01,2021-03-31,missing_episodes,all,second,3,reported,"3",99,')
    return f'data/observations.csv:{n}: expected 12 columns, found 13: a double quote (") in this row opens a cell that runs on to line {n + 1}; remove the stray quote or close it'


@case
def comma_in_unquoted_cell(root: Path) -> str:
    row = csv_line(list(GOOD_OBSERVATION.values())) + "Includes children placed out of area, and others"
    n = append_line(root / "data/observations.csv", row)
    return f"data/observations.csv:{n}: expected 12 columns, found 13 (a cell that contains a comma must be in double quotes)"


@case
def missing_cell(root: Path) -> str:
    n = append_line(root / "data/observations.csv", csv_line(list(GOOD_OBSERVATION.values())[:-1]))
    return f"data/observations.csv:{n}: expected 12 columns, found 11"


@case
def latin1_file(root: Path) -> str:
    path = root / "data/observations.csv"
    n = add_observation(root, note="Réponse")
    path.write_bytes(path.read_bytes().replace("é".encode(), "é".encode("latin-1")))
    return f"data/observations.csv:{n}: file is not UTF-8 text: byte 0xe9 on this line (saved as Latin-1 or Windows-1252?); save it as UTF-8 (in Excel choose CSV UTF-8)"


@case
def windows_1252_file(root: Path) -> str:
    path = root / "data/sources.csv"
    n = add_source(root, title="The council’s answer")
    path.write_bytes(path.read_bytes().replace("’".encode(), "’".encode("cp1252")))
    return f"data/sources.csv:{n}: file is not UTF-8 text: byte 0x92 on this line (saved as Latin-1 or Windows-1252?); save it as UTF-8 (in Excel choose CSV UTF-8)"


@case
def missing_licence(root: Path) -> str:
    n = add_source(root, licence_id="")
    return f"data/sources.csv:{n}: licence_id: expected a value, found an empty cell"


@case
def missing_reuse_terms(root: Path) -> str:
    n = add_source(root, reuse_terms="")
    return f"data/sources.csv:{n}: reuse_terms: expected a value, found an empty cell"


@case
def duplicate_source_id(root: Path) -> str:
    n = add_source(root, source_id="cov-foi330799902")
    first = line_of(root / "data/sources.csv", "cov-foi330799902,")
    return f'data/sources.csv:{n}: source_id: duplicate key "cov-foi330799902" (first on line {first})'


@case
def response_date_in_words(root: Path) -> str:
    n = add_source(root, response_date="7 June 2021")
    return f'data/sources.csv:{n}: response_date: expected a date, found "7 June 2021" (dates are YYYY-MM-DD)'


@case
def source_of_unknown_authority(root: Path) -> str:
    n = add_source(root, authority_code="E06000O16")
    return f'data/sources.csv:{n}: authority_code: unknown authority "E06000O16" (did you mean "E06000016"?)'


@case
def authority_code_not_ons(root: Path) -> str:
    n = append_line(root / "data/authorities.csv", "E8000099,Testtown,West Midlands,local_authority,,,,,")
    return f'data/authorities.csv:{n}: authority_code: expected a value like E08000026, found "E8000099"'


@case
def duplicate_authority(root: Path) -> str:
    n = append_line(root / "data/authorities.csv", "E08000026,Coventry again,West Midlands,local_authority,,,,,")
    first = line_of(root / "data/authorities.csv", "E08000026,")
    return f'data/authorities.csv:{n}: authority_code: duplicate key "E08000026" (first on line {first})'


@case
def unknown_unit(root: Path) -> str:
    n = append_line(root / "data/metrics.csv", "test_metric,A test metric,kids,Made up for a test.")
    return f'data/metrics.csv:{n}: unit: expected one of children, episodes, interviews, assessments, GBP, percent, average, found "kids"'


@case
def service_of_unknown_source(root: Path) -> str:
    n = append_line(root / "data/services.csv", "lei-missing-2020,E06000016,2020-21,return_home_interview,all,in_house,A team,Made up.,4")
    return f'data/services.csv:{n}: source_id: unknown source "lei-missing-2020" (did you mean "lei-missing-2020-21"?)'


@case
def unknown_service(root: Path) -> str:
    n = append_line(
        root / "data/services.csv", "lei-missing-2020-21,E06000016,2020-21,return_home_interviews,all,in_house,A team,Made up.,4"
    )
    services = "return_home_interview, post_missing_support, out_of_hours_line, delivery_mode, follow_up"
    return f'data/services.csv:{n}: service: expected one of {services}, found "return_home_interviews" (did you mean "return_home_interview"?)'


@case
def empty_file(root: Path) -> str:
    (root / "data/metrics.csv").write_text("", encoding="utf-8")
    return "data/metrics.csv:1: file is empty: expected a header row (metric_id,label,unit,definition)"


@case
def missing_column(root: Path) -> str:
    path = root / "data/authorities.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")
    return f"data/authorities.csv:1: missing column '{header.rsplit(',', 1)[1]}'; the header must be {header}"


@case
def extra_column(root: Path) -> str:
    replace_once(root / "data/authorities.csv", "authority_code,authority_name,region", "authority_code,authority_name,region,notes")
    return "data/authorities.csv:1: unexpected column 'notes'; add it to the schema in datapackage.json first"


@case
def columns_out_of_order(root: Path) -> str:
    header = (root / "data/authorities.csv").read_text(encoding="utf-8").splitlines()[0]
    replace_once(root / "data/authorities.csv", "authority_code,authority_name,region", "authority_name,authority_code,region")
    return f"data/authorities.csv:1: columns out of order; the header must be {header}"


@case
def missing_resource_file(root: Path) -> str:
    (root / "data/services.csv").unlink()
    return "data/services.csv: file not found: every resource in datapackage.json needs its CSV file"


@case
def invalid_json(root: Path) -> str:
    path = root / "data/datapackage.json"
    n = line_of(path, '"version"')
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[n - 1] = lines[n - 1].replace('",', '"', 1)
    path.write_text("".join(lines), encoding="utf-8")
    column = len(lines[n]) - len(lines[n].lstrip()) + 1
    return f"data/datapackage.json:{n + 1}: invalid JSON: Expecting ',' delimiter (column {column})"


@case
def resource_missing_from_descriptor(root: Path) -> str:
    edit_descriptor(root, lambda d: d["resources"].remove(resource(d, "services")))
    return 'data/datapackage.json: resource "services" is missing from "resources"'


@case
def resource_without_path(root: Path) -> str:
    edit_descriptor(root, lambda d: resource(d, "metrics").pop("path"))
    return 'data/datapackage.json: expected every entry of "resources" to be an object with a "path" (the CSV file name)'


@case
def field_of_wrong_type_in_descriptor(root: Path) -> str:
    edit_descriptor(root, lambda d: field(d, "observations", "period_end").update(type="string"))
    return 'data/datapackage.json: resource "observations": field "period_end": expected type "date", found "string"'


@case
def constraint_the_build_does_not_check(root: Path) -> str:
    edit_descriptor(root, lambda d: field(d, "observations", "value")["constraints"].update(maximum=100000))
    return 'data/datapackage.json: resource "observations": field "value": constraint "maximum" is not checked by the build; remove it, or add the check to explainer/schema.py'


@case
def package_without_version(root: Path) -> str:
    edit_descriptor(root, lambda d: d.pop("version"))
    return 'data/datapackage.json: package metadata: expected "version", found none'


# Narratives (content/*.md) ------------------------------------------------------------------------


@case
def front_matter_invalid_yaml(root: Path) -> str:
    (root / "content/zz-test.md").write_text("---\ntitle: [A test page\nsummary: Made up.\n---\n\nText.\n", encoding="utf-8")
    return "content/zz-test.md:3: front matter: invalid YAML (expected ',' or ']', but got ':')"


@case
def front_matter_missing(root: Path) -> str:
    (root / "content/zz-test.md").write_text("title: A test page\n\nText.\n", encoding="utf-8")
    return "content/zz-test.md:1: front matter: expected the file to start with a line of three dashes (---)"


@case
def front_matter_not_closed(root: Path) -> str:
    (root / "content/zz-test.md").write_text("---\ntitle: A test page\nsummary: Made up.\n\nText.\n", encoding="utf-8")
    return "content/zz-test.md:1: front matter: no closing line of three dashes (---)"


@case
def front_matter_without_summary(root: Path) -> str:
    (root / "content/zz-test.md").write_text("---\ntitle: A test page\n---\n\nText.\n", encoding="utf-8")
    return 'content/zz-test.md:1: front matter: expected "summary", found none'


@case
def front_matter_misspelt_key(root: Path) -> str:
    (root / "content/zz-test.md").write_text("---\ntitle: A test page\nsummary: Made up.\nordre: 3\n---\n\nText.\n", encoding="utf-8")
    return 'content/zz-test.md:1: front matter: unknown key "ordre" (allowed: nav_title, order, slug, summary, title)'


@case
def front_matter_order_not_a_number(root: Path) -> str:
    (root / "content/zz-test.md").write_text("---\ntitle: A test page\nsummary: Made up.\norder: first\n---\n\nText.\n", encoding="utf-8")
    return 'content/zz-test.md:1: front matter: order: expected a whole number, found "first"'


@case
def slug_of_a_generated_page(root: Path) -> str:
    write_narrative(root, "Text.\n", name="data.md")
    return 'content/data.md:1: slug: "data" is the address of a generated page; choose another (set "slug:" in the front matter)'


@case
def file_name_with_spaces(root: Path) -> str:
    write_narrative(root, "Text.\n", name="My page.md")
    return 'content/My page.md:1: slug: expected lower-case letters, digits and hyphens, found "My page" (rename the file or set "slug:" in the front matter)'


@case
def missing_home_page(root: Path) -> str:
    (root / "content/index.md").unlink()
    return "content: no home page: add content/index.md"


@case
def narrative_not_utf8(root: Path) -> str:
    (root / "content/zz-test.md").write_bytes((NARRATIVE_HEAD + "Café.\n").encode("latin-1"))
    n = narrative_line(1)
    return f"content/zz-test.md:{n}: file is not UTF-8 text: byte 0xe9 on this line (saved as Latin-1 or Windows-1252?); save it as UTF-8 (most editors offer it under Save As or Encoding)"


@case
def jinja_syntax_error(root: Path) -> str:
    write_narrative(root, 'Text.\n\nIn 2020-21 {{ figure("coventry", "2020-21", "children_missing" }} children went missing.\n')
    return f"content/zz-test.md:{narrative_line(3)}: template syntax error: unexpected '}}', expected ')'"


@case
def unknown_lookup_authority(root: Path) -> str:
    write_narrative(root, 'In 2020-21 {{ figure("coventri", "2020-21", "children_missing") }} children went missing.\n')
    return f'content/zz-test.md:{narrative_line(1)}: unknown authority "coventri" (did you mean "coventry"?)'


@case
def unknown_lookup_metric(root: Path) -> str:
    write_narrative(root, 'Text.\n\n{{ figure("coventry", "2020-21", "rhi_offerd", "looked_after") }} offers.\n')
    return f'content/zz-test.md:{narrative_line(3)}: unknown metric "rhi_offerd" (did you mean "rhi_offered"?)'


@case
def unknown_lookup_population(root: Path) -> str:
    write_narrative(root, '{{ figure("coventry", "2020-21", "children_missing", "lookedafter") }} children.\n')
    return f'content/zz-test.md:{narrative_line(1)}: unknown population "lookedafter" (did you mean "looked_after"?)'


@case
def unknown_chart(root: Path) -> str:
    write_narrative(root, 'Text.\n\n{{ chart("risk-marker-2024") }}\n')
    return f'content/zz-test.md:{narrative_line(3)}: unknown chart "risk-marker-2024" (did you mean "risk-markers-2024"?)'


@case
def chart_declaration_with_a_misspelt_metric(root: Path) -> str:
    path = root / "content/charts/risk-markers-2024.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.split("\n").index("metrics: [episodes_with_risk_marker]") + 1
    path.write_text(text.replace("metrics: [episodes_with_risk_marker]", "metrics: [episodes_with_risk_markr]"), encoding="utf-8")
    return f'content/charts/risk-markers-2024.yaml:{line}: unknown metric "episodes_with_risk_markr" (did you mean "episodes_with_risk_marker"?)'


@case
def chart_declaration_of_an_unknown_kind(root: Path) -> str:
    path = root / "content/charts/risk-markers-2024.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.split("\n").index("kind: comparison") + 1
    path.write_text(text.replace("kind: comparison", "kind: comparisn"), encoding="utf-8")
    return f'content/charts/risk-markers-2024.yaml:{line}: kind: expected one of comparison, strip, funnel, bands, trend, found "comparisn" (did you mean "comparison"?)'


@case
def undefined_variable_in_narrative(root: Path) -> str:
    write_narrative(root, "Text.\n\nIn all {{ total }} children.\n")
    functions = "chart, corrections_contact, councils, councils_with_sources, difference, figure, figures_by_council, get, licence_summary, licence_terms, percent, ratio, services_table, shares_by_council, suppressed_range, threshold"
    return f"content/zz-test.md:{narrative_line(3)}: 'total' is undefined (narratives can use: {functions})"


@case
def include_in_narrative(root: Path) -> str:
    write_narrative(root, 'Text.\n\n{% include "glossary.md" %}\n')
    return f'content/zz-test.md:{narrative_line(3)}: cannot include "glossary.md": a narrative is one file; use chart() and figure() to bring in charts and figures'


@case
def arithmetic_error_in_narrative(root: Path) -> str:
    write_narrative(root, "Text.\n\n{{ 10 / 0 }}\n")
    return f"content/zz-test.md:{narrative_line(3)}: cannot render: ZeroDivisionError: division by zero"


# Templates ----------------------------------------------------------------------------------------


@case
def undefined_variable_in_template(root: Path) -> str:
    n = insert_after_line(root / "templates/base.html", "<body", "{{ site_name }}")
    return f"templates/base.html:{n}: 'site_name' is undefined"


@case
def unknown_attribute_in_template(root: Path) -> str:
    n = replace_once(root / "templates/profile.html", "{{ authority.region }}", "{{ authority.regoin }}")
    return f"templates/profile.html:{n}: 'explainer.model.Authority object' has no attribute 'regoin'"


@case
def template_syntax_error(root: Path) -> str:
    n = insert_after_line(root / "templates/404.html", "{% block main %}", "{% if %}")
    return f"templates/404.html:{n}: template syntax error: Expected an expression, got 'end of statement block'"


@case
def template_missing_partial(root: Path) -> str:
    n = replace_once(root / "templates/source.html", '{% include "_provenance.html" %}', '{% include "_provenence.html" %}')
    return f'templates/source.html:{n}: template "_provenence.html" not found (did you mean "_provenance.html"?)'


@case
def partial_with_undefined_variable(root: Path) -> str:
    n = insert_after_line(root / "templates/_chart.html", "<figcaption>", "{{ chart_caption }}")
    return f"templates/_chart.html:{n}: 'chart_caption' is undefined"


# Running them -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real project with its site/ built once; each case copies it again."""
    base = without_official_figures(copy_project(tmp_path_factory.mktemp("bad-input") / "project"))
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", base / ".cache")
    result = run_build("build", "--root", str(base), cwd=base)
    assert result.returncode == 0, result.stderr
    return base


def fresh_copy(built: Path, target: Path) -> Path:
    shutil.copytree(built, target, ignore=shutil.ignore_patterns(".cache"))
    (target / ".cache").symlink_to(built / ".cache", target_is_directory=True)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_one_clear_line(
    name: str, built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = fresh_copy(built_project, tmp_path / "project")
    before = snapshot(root / "site")
    expected = CASES[name](root)
    monkeypatch.chdir(root)

    code, out, err = run(["build", "--root", str(root)], capsys)
    assert (code, err, out) == (1, [expected, SUMMARY_BUILD], [])
    assert snapshot(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []

    code, out, err = run(["check", "--root", str(root)], capsys)
    assert (code, err, out) == (1, [expected, SUMMARY_CHECK], [])


def declared_constraints() -> list[tuple[str, str, str, object]]:
    """(resource file, field, constraint, its setting) for every constraint data/datapackage.json declares."""
    descriptor = json.loads((ROOT / "data/datapackage.json").read_text(encoding="utf-8"))
    return [
        (resource["path"], field["name"], name, setting)
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
        for name, setting in field.get("constraints", {}).items()
        if setting is not False
    ]


def breaking(constraint: str, setting: object, first: str) -> str:
    """A value that breaks the constraint; first is the field's value in the file's first row."""
    if constraint == "required":
        return ""
    if constraint == "unique":
        return first
    if constraint == "enum":
        return "zz-not-listed"
    if constraint == "pattern":
        assert not re.fullmatch(str(setting), "!"), setting
        return "!"
    if constraint == "minimum":
        return str(setting - 1)  # type: ignore[operator]
    # The build refuses a descriptor with a constraint it does not check (see CHECKED_CONSTRAINTS).
    raise AssertionError(f"this test knows no value that breaks {constraint!r}: teach it one, and the validator the rule")


@pytest.mark.parametrize(("resource", "field", "constraint", "setting"), declared_constraints(), ids=lambda v: str(v)[:20])
def test_every_constraint_the_descriptor_declares_is_enforced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, resource: str, field: str, constraint: str, setting: object
) -> None:
    """The build's own validator must refuse what the descriptor forbids, or it and Frictionless disagree."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / resource
    first = next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    line = append_row(path, first, **{field: breaking(constraint, setting, first[field])})
    monkeypatch.chdir(tmp_path)
    problems = Problems()
    assert load(data, problems) is None
    said = [str(p) for p in problems.errors]
    assert any(p.startswith(f"data/{resource}:{line}: {field}: ") for p in said), said


def test_every_problem_is_reported_in_one_run(
    built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = fresh_copy(built_project, tmp_path / "project")
    expected = [
        CASES[name](root) for name in ("template_syntax_error", "front_matter_order_not_a_number", "unknown_metric", "missing_licence")
    ]
    monkeypatch.chdir(root)
    code, _, err = run(["check", "--root", str(root)], capsys)
    assert (code, err) == (1, [*sorted(expected), "check failed: 4 errors"])


# Accepted, as a spreadsheet user would expect -----------------------------------------------------


def add_bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def excel(data: bytes) -> bytes:
    """What Excel's "CSV UTF-8" writes: a byte-order mark and CRLF line ends."""
    return add_bom(crlf(data))


@pytest.mark.parametrize("saved_as", [add_bom, crlf, excel], ids=["byte-order-mark", "crlf", "excel-csv-utf8"])
def test_spreadsheet_saves_give_the_same_site(
    saved_as: Callable[[bytes], bytes],
    built_project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = fresh_copy(built_project, tmp_path / "project")
    for path in [*sorted((root / "data").glob("*.csv")), root / "data/datapackage.json", root / "content/index.md"]:
        path.write_bytes(saved_as(path.read_bytes()))
    monkeypatch.chdir(root)
    code, _, err = run(["check", "--root", str(root)], capsys)
    assert code == 0, err
    assert [line for line in err if not line.endswith("(warning)")] == []
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err
    assert snapshot(root / "site") == snapshot(built_project / "site")


def test_markup_in_data_is_shown_as_text(
    built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = fresh_copy(built_project, tmp_path / "project")
    attack = "<script>alert('x')</script>"
    add_observation(root, as_reported=f"3 {attack}", note="<b>bold</b> & more")
    add_source(root, title=f"Title {attack}")
    # A council whose name is markup, drawn in a comparison chart (SVG) and in its data table.
    append_line(root / "data/authorities.csv", csv_line(["E06999998", f"Evil {attack}", "Nowhere", "local_authority", "", "", "", "", ""]))
    add_source(root, source_id="evil-test", authority_code="E06999998")
    for population, value in (("all", "10"), ("looked_after", "5")):
        add_observation(
            root,
            source_id="evil-test",
            authority_code="E06999998",
            metric_id="children_missing",
            population=population,
            breakdown="",
            value=value,
            as_reported=value,
        )
    monkeypatch.chdir(root)
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err
    site = root / "site"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert attack not in html and "<b>bold</b>" not in html, page
        soup = BeautifulSoup(html, "html.parser")
        assert not [s for s in soup.find_all("script") if "alert" in s.get_text()], page
    source_page = BeautifulSoup((site / "sources/cov-foi330799902.html").read_text(encoding="utf-8"), "html.parser")
    cells = [q.get_text() for q in source_page.find_all("q")]
    assert f"3 {attack}" in cells
    assert "Note: <b>bold</b> & more" in source_page.get_text()
    title_page = BeautifulSoup((site / "sources/bad-input-test.html").read_text(encoding="utf-8"), "html.parser")
    assert attack in title_page.h1.get_text()
    charted = [
        fig
        for page in site.rglob("*.html")
        for fig in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("figure#chart-children-missing-2020-21")
    ]
    assert charted and all(f"Evil {attack}" in fig.select_one("svg").get_text() for fig in charted)


def test_a_quote_inside_a_cell_is_kept(
    built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = fresh_copy(built_project, tmp_path / "project")
    row = csv_line(list(GOOD_OBSERVATION.values())).replace(",3,99,", ',3 "episodes",99,', 1)
    append_line(root / "data/observations.csv", row)
    monkeypatch.chdir(root)
    code, _, err = run(["build", "--root", str(root)], capsys)
    assert code == 0, err
    page = BeautifulSoup((root / "site/sources/cov-foi330799902.html").read_text(encoding="utf-8"), "html.parser")
    assert '3 "episodes"' in [q.get_text() for q in page.find_all("q")]
