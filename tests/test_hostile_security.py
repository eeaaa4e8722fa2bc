"""Hostile input, security: nothing from data/, content/ or site.toml runs code, reads or writes
outside its folders, reaches the network or becomes an unsafe link.

Each case makes one hostile change to a fresh copy of a built project and returns the line
`build` and `check` must give; both must fail with it, leave site/ as it was and write nothing
anywhere around the project.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hostile import built_copy, fresh_copy, refused, run
from test_bad_input import (
    add_source,
    append_line,
    edit_descriptor,
    field,
    narrative_line,
    resource,
    write_narrative,
)

CASES: dict[str, Callable[[Path], str]] = {}


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_copy(tmp_path_factory, "hostile-security")


def case(fn: Callable[[Path], str]) -> Callable[[Path], str]:
    CASES[fn.__name__] = fn
    return fn


# Links --------------------------------------------------------------------------------------------


@case
def javascript_url_in_sources(root: Path) -> str:
    n = add_source(root, url="javascript:alert(document.domain)")
    return f'data/sources.csv:{n}: url: expected an address starting http: or https:, found a "javascript:" address (it would not be a safe link)'


@case
def data_url_in_sources(root: Path) -> str:
    n = add_source(root, url="data:text/html,<script>alert(1)</script>")
    return f'data/sources.csv:{n}: url: expected an address starting http: or https:, found a "data:" address (it would not be a safe link)'


def set_setting(root: Path, key: str, toml_value: str) -> int:
    """Replace `key = ...` in site.toml (or add it); returns its line."""
    path = root / "site.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next((i for i, text in enumerate(lines) if text.startswith(f"{key} =")), len(lines))
    lines[at : at + 1] = [f"{key} = {toml_value}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


@case
def javascript_feedback_address(root: Path) -> str:
    n = set_setting(root, "feedback", '"javascript:alert(1)"')
    return f'site.toml:{n}: feedback: expected an address starting http: or https: or mailto:, found a "javascript:" address (it would not be a safe link), or an email address'


@case
def site_url_with_a_line_break(root: Path) -> str:
    """robots.txt takes site_url as it is: a line break would add a rule of the attacker's."""
    n = set_setting(root, "site_url", '"https://x.example/\\nDisallow: /"')
    return f"site.toml:{n}: site_url: expected an address without spaces or control characters"


# Paths --------------------------------------------------------------------------------------------


@case
def package_name_leaves_the_folder(root: Path) -> str:
    edit_descriptor(root, lambda d: d.update(name="../../escaped"))
    return 'data/datapackage.json: package name: expected letters, digits, ".", "-" or "_" (it becomes part of a file name), found "../../escaped"'


@case
def package_version_leaves_the_folder(root: Path) -> str:
    edit_descriptor(root, lambda d: d.update(version="1.0.0/../../../escaped"))
    return 'data/datapackage.json: package version: expected letters, digits, ".", "-" or "_" (it becomes part of a file name), found "1.0.0/../../../escaped"'


@case
def resource_path_leaves_data(root: Path) -> str:
    (root / "outside.csv").write_text((root / "data/metrics.csv").read_text(encoding="utf-8"), encoding="utf-8")
    edit_descriptor(root, lambda d: resource(d, "metrics").update(path="../outside.csv"))
    return 'data/datapackage.json: resource "metrics": path: expected a file inside data/, found "../outside.csv", which leaves it'


@case
def resource_path_is_a_system_file(root: Path) -> str:
    edit_descriptor(root, lambda d: resource(d, "metrics").update(path="/etc/hostname"))
    return 'data/datapackage.json: resource "metrics": path: expected a path relative to data/, found the absolute path "/etc/hostname"'


@case
def resource_path_is_a_url(root: Path) -> str:
    edit_descriptor(root, lambda d: resource(d, "metrics").update(path="https://example.org/metrics.csv"))
    return 'data/datapackage.json: resource "metrics": path: expected a file in data/, found an address "https://example.org/metrics.csv" (the build never downloads anything)'


@case
def resource_is_a_symlink_out(root: Path) -> str:
    (root / "secret.csv").write_text((root / "data/metrics.csv").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "data/metrics.csv").unlink()
    (root / "data/metrics.csv").symlink_to(root / "secret.csv")
    return 'data/datapackage.json: resource "metrics": path: "metrics.csv" is a link to a file outside data/; copy the file in instead'


@case
def licence_is_a_symlink_to_a_system_file(root: Path) -> str:
    (root / "data/LICENCE.md").unlink()
    (root / "data/LICENCE.md").symlink_to("/etc/hostname")
    return 'data/LICENCE.md: LICENCE.md: "LICENCE.md" is a link to a file outside data/; copy the file in instead'


@case
def source_id_leaves_the_site_once_its_pattern_is_gone(root: Path) -> str:
    edit_descriptor(root, lambda d: field(d, "sources", "source_id")["constraints"].pop("pattern"))
    n = add_source(root, source_id="../../escaped")
    return f'data/sources.csv:{n}: source_id: expected letters, digits, ".", "-" or "_" (it becomes part of a file name), found "../../escaped"'


@case
def asset_is_a_symlink_out(root: Path) -> str:
    (root / "templates/assets/stolen.txt").symlink_to("/etc/hostname")
    return 'templates/assets/stolen.txt: asset: "assets/stolen.txt" is a link to a file outside templates/; copy the file in instead'


# Narratives ---------------------------------------------------------------------------------------


@case
def narrative_reaches_python_globals(root: Path) -> str:
    write_narrative(root, 'Text {{ figure.__globals__.sys.modules.os.popen("touch ../owned").read() }}.\n')
    return f"content/zz-test.md:{narrative_line(1)}: cannot render: access to attribute '__globals__' of 'function' object is unsafe."


@case
def narrative_loops_without_end(root: Path) -> str:
    write_narrative(root, "Text.\n\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n")
    return f"content/zz-test.md:{narrative_line(3)}: {{% for %}} is not allowed in a narrative: use {{{{ }}}} lookups, {{% if %}} and {{% set %}} only"


@case
def narrative_doubles_a_text_until_memory_runs_out(root: Path) -> str:
    write_narrative(root, "{% set a = 'x' * 9999 %}\n{% set a = a ~ a %}\n")
    return f"content/zz-test.md:{narrative_line(2)}: the ~ operator is not allowed in a narrative: write the text outside {{{{ }}}}"


@case
def narrative_calls_a_string_method_with_a_huge_width(root: Path) -> str:
    write_narrative(root, "Text {{ 'x'.zfill(1000000000) }}.\n")
    return f'content/zz-test.md:{narrative_line(1)}: cannot render: "zfill" cannot be called in a narrative: only the lookups can (figure, chart and the others)'


@case
def narrative_script_element(root: Path) -> str:
    write_narrative(root, "Text.\n\n<script>alert(document.domain)</script>\n")
    return f"content/zz-test.md:{narrative_line(3)}: <script> is not allowed in Markdown here: it could run or load code"


@case
def narrative_event_handler(root: Path) -> str:
    write_narrative(root, 'Text.\n\n<img src="x.png" alt="" onerror="alert(1)">\n')
    return f"content/zz-test.md:{narrative_line(3)}: the onerror= attribute is not allowed: event handlers run code"


@case
def narrative_javascript_link(root: Path) -> str:
    write_narrative(root, "Text with [a link](javascript:alert(1)).\n")
    return f'content/zz-test.md:{narrative_line(1)}: a "javascript:" address is not allowed in a link: use https:, http:, mailto: or a relative link'


@case
def narrative_entity_encoded_javascript_link(root: Path) -> str:
    write_narrative(root, 'Text.\n\n<a href="&#106;avascript:alert(1)">link</a>\n')
    return 'content/zz-test.md: a "javascript:" address is not allowed in a link: use https:, http:, mailto: or a relative link'


@case
def narrative_event_handler_through_attribute_list(root: Path) -> str:
    """Markdown's attribute lists ({: ... }) set any attribute on the element before them."""
    write_narrative(root, 'Text.\n\n## Heading {: onmouseover="alert(1)" }\n')
    return f"content/zz-test.md:{narrative_line(3)}: the onmouseover= attribute is not allowed: event handlers run code"


@case
def narrative_link_with_a_mixed_case_scheme(root: Path) -> str:
    write_narrative(root, "Text with [a link](JaVaScRiPt:alert(1)).\n")
    return f'content/zz-test.md:{narrative_line(1)}: a "javascript:" address is not allowed in a link: use https:, http:, mailto: or a relative link'


@case
def changelog_script(root: Path) -> str:
    n = append_line(root / "data/CHANGELOG.md", "\n<script>alert(1)</script>") + 1
    return f"data/CHANGELOG.md:{n}: <script> is not allowed in Markdown here: it could run or load code"


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_one_clear_line(
    name: str, built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = fresh_copy(built_project, tmp_path / "project")
    expected = CASES[name](root)
    monkeypatch.chdir(root)
    refused(root, [expected], capsys)
    refused(root, [expected], capsys, "check")
    assert not (tmp_path / "owned").exists()


def test_check_opens_no_connection(
    built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A resource, schema or profile given as an address is refused, and nothing is fetched either way."""
    root = fresh_copy(built_project, tmp_path / "project")
    edit_descriptor(root, lambda d: resource(d, "metrics").update(path="http://127.0.0.1:9/metrics.csv"))
    tried: list[object] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        tried.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.chdir(root)
    code, _, _ = run(["check", "--root", str(root)], capsys)
    assert (code, tried) == (1, [])


def test_published_pages_allow_only_their_own_scripts(built_project: Path) -> None:
    """The Content-Security-Policy, behind the refusals above: a script that got through still would not run."""
    pages = sorted((built_project / "site").rglob("*.html"))
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None, page
        rules = dict(rule.strip().split(" ", 1) for rule in policy["content"].split(";"))
        assert (rules["script-src"], rules["default-src"], rules["object-src"]) == ("'self'", "'self'", "'none'"), page
        assert not [s for s in soup.find_all("script") if not s.get("src")], f"{page} has an inline script the policy would block"


def test_zip_entries_stay_in_their_folder(built_project: Path) -> None:
    import zipfile

    descriptor = json.loads((built_project / "data/datapackage.json").read_text(encoding="utf-8"))
    folder = f"{descriptor['name']}-{descriptor['version']}/"
    zips = list((built_project / "site/data").glob("*.zip"))
    assert len(zips) == 1
    with zipfile.ZipFile(zips[0]) as archive:
        names = archive.namelist()
    assert names and all(n.startswith(folder) and ".." not in n.split("/") and not n.startswith("/") for n in names)
