"""Every gate over the national chapter, the council list and 20 council profiles chosen at
random for this run (the seed is printed, so a failure can be replayed with PROFILE_SEED)."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from .gates import report
from .site import GATES, Site

pytestmark = pytest.mark.browser

SAMPLE = 20
FIXED = ("across-england/index.html", "councils/index.html")


@pytest.fixture(scope="module")
def profile_sample(served_site: Site) -> Iterator[Site]:
    profiles = sorted(
        p.relative_to(served_site.root).as_posix()
        for p in (served_site.root / "councils").glob("*.html")
        if p.name != "index.html" and not p.stem.endswith("-foi")
    )
    seed = int(os.environ.get("PROFILE_SEED", random.randrange(1_000_000)))
    print(f"profile sample seed: {seed} (PROFILE_SEED={seed} replays it)")
    assert len(profiles) >= SAMPLE, f"only {len(profiles)} council profiles were built"
    yield served_site.sampled([*FIXED, *random.Random(seed).sample(profiles, SAMPLE)])


@pytest.mark.parametrize("gate", [g for g in GATES if g != "download"])
def test_gate_finds_nothing_on_the_profile_sample(browser: Browser, profile_sample: Site, gate: str) -> None:
    problems = GATES[gate](browser, profile_sample)
    assert not problems, report(problems)
