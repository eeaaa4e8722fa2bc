"""A release build refuses placeholder addresses in site.toml; an ordinary build does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_build

from explainer.errors import Problems
from explainer.output import SiteConfig
from explainer.release import release_problems


def problems_for(site_url: str, feedback: str, tmp_path: Path) -> list[str]:
    toml = tmp_path / "site.toml"
    toml.write_text(f'title = "t"\nsite_url = "{site_url}"\nfeedback = "{feedback}"\n', encoding="utf-8")
    problems = Problems()
    release_problems(SiteConfig("t", site_url, "", feedback), toml, problems)
    return [str(p).split(": ", 1)[1] for p in problems.errors]


@pytest.mark.parametrize(
    "site_url", ["https://missing-children-explainer.example/", "http://real.org.uk/", "https://localhost/", "https://x.test/", "/"]
)
def test_placeholder_or_insecure_site_url_is_refused(tmp_path: Path, site_url: str) -> None:
    found = problems_for(site_url, "corrections@real.org.uk", tmp_path)
    assert len(found) == 1 and found[0].startswith("site_url:")


@pytest.mark.parametrize("feedback", ["", "me@example.com", "https://forms.example/x", "someone@site.invalid"])
def test_placeholder_contact_is_refused(tmp_path: Path, feedback: str) -> None:
    found = problems_for("https://real.org.uk/", feedback, tmp_path)
    assert len(found) == 1 and found[0].startswith("feedback:")


@pytest.mark.parametrize("feedback", ["corrections@real.org.uk", "https://real.org.uk/corrections"])
def test_real_addresses_pass(tmp_path: Path, feedback: str) -> None:
    assert problems_for("https://real.org.uk/explainer/", feedback, tmp_path) == []


def test_release_build_of_the_shipped_settings_fails_with_lines_and_leaves_no_site(project: Path) -> None:
    done = run_build("build", "--release", "--root", str(project), cwd=project)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("site.toml:") and "site_url:" in lines[0]
    assert lines[1].startswith("site.toml:") and "feedback:" in lines[1]
    assert not (project / "site").exists()
    assert run_build("build", "--root", str(project), cwd=project).returncode == 0
