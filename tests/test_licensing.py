"""The licence statement is computed from the sources' terms, for any mix of terms."""

from __future__ import annotations

from pathlib import Path

from small_data import CLOSED, OGL, council, councils_with, dataset, observation, source

from explainer.errors import Problems
from explainer.licensing import check_licence_file, licence_markdown, package_sentence, terms_in_brief, terms_of, write_licence_file


def mixed() -> tuple:
    a, b, c = council(1), council(2), council(3)
    unstated = ("LicenseRef-no-terms-stated", "No re-use terms stated", "The response states no re-use terms.")
    ds = dataset(
        [a, b, c],
        [source("sa", a.code, OGL), source("sb", b.code, CLOSED), source("sc", c.code, unstated)],
        [observation(s, x.code, "children_missing", 1.0) for s, x in (("sa", a), ("sb", b), ("sc", c))],
    )
    return ds, a, b, c


def test_one_set_of_terms_covers_the_whole_package() -> None:
    ds = councils_with("children_missing", [1.0, 2.0], CLOSED)
    assert [t.licence_id for t in terms_of(ds)] == ["LicenseRef-closed"]
    assert "Closed council terms" in package_sentence(ds) and "as a whole may be re-used on them" in package_sentence(ds)


def test_all_open_terms_open_the_package() -> None:
    a, b = council(1), council(2)
    cc_by = ("CC-BY-4.0", "Creative Commons Attribution 4.0", "Re-use with attribution.")
    ds = dataset([a, b], [source("sa", a.code, OGL), source("sb", b.code, cc_by)], [])
    assert "Every source is under an open licence" in package_sentence(ds)


def test_mixed_terms_restrict_the_package_and_name_every_council() -> None:
    ds, a, b, c = mixed()
    sentence = package_sentence(ds)
    assert "only in ways that all of them allow" in sentence
    assert "Closed council terms" in sentence and "No re-use terms stated" in sentence
    assert f"Figures from {a.name} can be re-used on their own under the Open Government Licence v3.0" in sentence
    text = licence_markdown(ds)
    for x in (a, b, c):
        assert x.name in text
    for sid in ("sa", "sb", "sc"):
        assert sid in text
    assert all(x.name in terms_in_brief(ds) for x in (a, b, c))


def test_unknown_terms_are_never_treated_as_open() -> None:
    ds, *_ = mixed()
    assert [t.is_open for t in terms_of(ds)] == [True, False, False]


def test_a_stale_licence_file_is_a_warning_until_rewritten(tmp_path: Path) -> None:
    ds, *_ = mixed()
    (tmp_path / "LICENCE.md").write_text("# typed by hand\n", encoding="utf-8")
    problems = Problems()
    check_licence_file(tmp_path, ds, problems)
    assert [str(w).split(": ", 1)[1] for w in problems.warnings] == [
        "not the statement computed from sources.csv; `build.py stamp` rewrites it, or `build.py licence` now (the site publishes the computed one)"
    ]
    write_licence_file(tmp_path, ds)
    problems = Problems()
    check_licence_file(tmp_path, ds, problems)
    assert problems.warnings == []


def test_check_warns_about_terms_the_guide_treats_with_care(tmp_path: Path) -> None:
    from explainer.licensing import terms_problems

    a, b, c, d = council(1), council(2), council(3), council(4)
    ds = dataset(
        [a, b, c, d],
        [
            source("ogl-unnamed", a.code, ("OGL-UK-3.0", "Open Government Licence v3.0", "Free to re-use.")),
            source("forbids", b.code, ("LicenseRef-b", "B terms", "This information must not be republished without consent.")),
            source("unstated", c.code, ("LicenseRef-no-terms-stated", "No re-use terms stated", "Nothing said.")),
            source("fine", d.code, OGL),
        ],
        [],
    )
    problems = Problems()
    terms_problems(tmp_path, ds, problems)
    warned = [w.message.split(":", 1)[0] for w in problems.warnings]
    assert warned == ["forbids", "ogl-unnamed", "unstated"]
