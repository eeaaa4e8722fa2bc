"""What a table's [c] note says a suppressed figure may be: only the range its council stated."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bs4 import BeautifulSoup

from explainer.model import Observation, Period, suppressed_range

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def obs(status: str = "suppressed", note: str = "", as_reported: str = "c") -> Observation:
    return Observation(1, "src", "E1", PERIOD, "m", "all", "", None, status, as_reported, "1", note)


def test_a_stated_limit_gives_zero_to_that_limit() -> None:
    assert suppressed_range([obs(note="Suppressed: 5 or fewer.")]) == "0 to 5"
    assert suppressed_range([obs(as_reported="fewer than ten, so 10 or less")]) == "0 to 10"


def test_no_range_when_any_suppressed_figure_has_no_stated_limit() -> None:
    assert suppressed_range([obs(note="Suppressed: 5 or fewer."), obs(note="withheld")]) == ""
    assert suppressed_range([obs(note="withheld")]) == ""


def test_reported_figures_do_not_count_and_different_limits_are_each_named() -> None:
    assert suppressed_range([obs("reported", note="3 or fewer"), obs(note="7 or fewer")]) == "0 to 7"
    assert suppressed_range([obs(note="10 or fewer"), obs(note="5 or fewer")]) == "0 to 5 or 0 to 10"
    assert suppressed_range([obs("reported")]) == ""


def test_every_table_note_claims_only_limits_its_own_rows_state(real_site: Path) -> None:
    checked = 0
    for page in sorted(real_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for note in soup.select("ul.table-note"):
            line = next((li.get_text(" ", strip=True) for li in note.find_all("li") if li.get_text().startswith("[c]")), None)
            if line is None:
                continue
            table = note.find_previous("table")
            assert table is not None, f"{page}: a table note with no table"
            hidden = [row.get_text(" ", strip=True) for row in table.select("tbody tr") if "[c]" in row.get_text()]
            assert hidden, f"{page}: a [c] note under a table with no [c] row"
            limits = re.findall(r"0 to (\d+)", line)
            assert line.endswith("not to be read as zero."), f"{page}: {line!r}"
            for row in hidden if limits else []:
                stated = any(re.search(rf"\b{limit} or (fewer|lower|less)", row) for limit in limits)
                assert stated, f"{page}: {line!r} claims a limit that the row {row!r} does not state"
            checked += 1
    assert checked, "no table on the site has a [c] note"
