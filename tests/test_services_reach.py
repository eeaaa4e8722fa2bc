"""A narrative that shows the services table is told when a service changes, and its page's date
follows the services' sources."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import copy_project, run_build, without_official_figures

NARRATIVE = """---
title: Services only
summary: A chapter that shows nothing but the table of services.
order: 99
---

{{ services_table() }}
"""


def _change_first_service(data: Path) -> str:
    path = data / "services.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    detail = rows[0].index("detail")
    rows[1][detail] += " Changed by a test."
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return rows[1][rows[0].index("authority_code")]


def test_a_changed_service_names_the_narrative_and_dates_its_page(tmp_path: Path) -> None:
    root = without_official_figures(copy_project(tmp_path))
    narrative = root / "content" / "services-only.md"
    narrative.write_text(NARRATIVE, encoding="utf-8")
    reviewed = run_build("review", str(narrative), "--root", str(root))
    assert reviewed.returncode == 0, reviewed.stderr
    quiet = run_build("check", "--root", str(root))
    assert "services-only.md" not in quiet.stdout + quiet.stderr

    _change_first_service(root / "data")
    checked = run_build("check", "--root", str(root))
    said = checked.stdout + checked.stderr
    assert "services-only.md: the table of who carries out interviews: " in said, said

    built = run_build("build", "--root", str(root))
    assert built.returncode == 0, built.stderr
    page = (root / "site" / "services-only" / "index.html").read_text(encoding="utf-8")
    assert "changed after the last release" in page


def test_a_narrative_listing_every_sources_terms_is_told_when_a_source_changes(tmp_path: Path) -> None:
    root = without_official_figures(copy_project(tmp_path))
    narrative = root / "content" / "terms-only.md"
    narrative.write_text(NARRATIVE.replace("services_table()", "licence_terms()").replace("Services only", "Terms only"), encoding="utf-8")
    assert run_build("review", str(narrative), "--root", str(root)).returncode == 0
    path = root / "data" / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("title")] += " (retitled by a test)"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    checked = run_build("check", "--root", str(root))
    assert "terms-only.md: the list of sources: " in checked.stdout + checked.stderr, checked.stdout + checked.stderr
