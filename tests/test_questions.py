"""The question as asked beside each answer: data/questions.csv holds each FOI question's wording,
transcribed from the response, and source pages show it beside the figures that answer it."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

from conftest import ROOT

from explainer.dataset import load
from explainer.errors import Problems


def _rows(data: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((data / name).read_text(encoding="utf-8"))))


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_question_is_worded_as_its_source_document_quotes_it() -> None:
    documents = {s["source_id"]: s["document"] for s in _rows(ROOT / "data", "sources.csv")}
    for row in _rows(ROOT / "data", "questions.csv"):
        letter = _words((ROOT / "inputs" / "foi" / documents[row["source_id"]]).read_text(encoding="utf-8"))
        for part in ("heading", "text"):
            assert _words(row[part]) in letter, f"{row['source_id']} {row['question']} {part}: {row[part]!r}"


def test_source_pages_show_each_question_beside_its_figures(real_site: Path) -> None:
    cited = {(o["source_id"], o["question"]) for o in _rows(ROOT / "data", "observations.csv")}
    for row in _rows(ROOT / "data", "questions.csv"):
        page = _words(html.unescape((real_site / "sources" / f"{row['source_id']}.html").read_text(encoding="utf-8")))
        if (row["source_id"], row["question"]) in cited:
            assert f"<q>{_words(row['text'])}</q>" in page, row


def test_a_cited_question_without_wording_is_named_with_its_line(project: Path) -> None:
    data = project / "data"
    lines = (data / "questions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = next(csv.DictReader(io.StringIO(lines[0] + lines[1])))
    (data / "questions.csv").write_text(lines[0] + "".join(lines[2:]), encoding="utf-8")
    problems = Problems()
    assert load(data, problems) is not None
    warned = [str(w) for w in problems.warnings if "questions.csv" in w.message]
    assert len(warned) == 1
    assert re.search(r"observations\.csv:[0-9]+: ", warned[0])
    assert f'{dropped["source_id"]} question "{dropped["question"]}"' in warned[0]


def test_a_question_given_twice_is_an_error(project: Path) -> None:
    data = project / "data"
    lines = (data / "questions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "questions.csv").write_text("".join(lines) + lines[1], encoding="utf-8")
    problems = Problems()
    assert load(data, problems) is None
    assert any("given twice" in str(e) and f":{len(lines) + 1}:" in str(e) for e in problems.errors)
