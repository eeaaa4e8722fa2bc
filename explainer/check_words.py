"""A data-quality check said in words, for lay readers, not as a formula.

"Question 2a's 10 figures add up to 308. They should add up to question 1a's figure, 297: they
come to 11 more." Numbers are the checks' own totals; the questions are the response's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .formatting import format_value

if TYPE_CHECKING:
    from .model import Observation


class _Relation(Protocol):
    relation: str


class Result(Protocol):
    """What a check's result offers to be said in words (`checks.Result`); described here, not
    imported, so that `checks` can use this module without the two importing each other."""

    rule: _Relation
    left: list[Observation]
    right: list[Observation]
    left_total: int | float | None
    right_total: int | float | None

    @property
    def checkable(self) -> bool: ...

    @property
    def holds(self) -> bool: ...

    @property
    def difference(self) -> int | float | None: ...


RELATION_WORDS = {"=": "should equal", "<=": "should be no more than", ">=": "should be at least"}


def _questions(observations: list[Observation]) -> str:
    questions = list(dict.fromkeys(o.question for o in observations))
    if len(questions) == 1:
        return f"question {questions[0]}"
    return "questions " + ", ".join(questions[:-1]) + f" and {questions[-1]}"


def _side(observations: list[Observation], total: int | float | None) -> str:
    """ "question 1a's figure, 297" or "the 10 figures of question 2a, which add up to 308"."""
    where = _questions(observations)
    if total is None:
        shown = "which include a suppressed figure" if len(observations) > 1 else "which is suppressed"
    else:
        shown = format_value(total, "")
    if len(observations) == 1:
        return f"the figure in {where}, " + (shown if total is not None else "which is suppressed")
    return f"the {len(observations)} figures in {where}, " + (f"which add up to {shown}" if total is not None else shown)


def in_words(result: Result) -> str:
    """The check, its two sides and its outcome, in two plain sentences."""
    left, right = _side(result.left, result.left_total), _side(result.right, result.right_total)
    sentence = f"{left[0].upper()}{left[1:]}, {RELATION_WORDS[result.rule.relation]} {right}."
    if not result.checkable:
        return f"{sentence} A suppressed figure is not zero, so this cannot be checked."
    if result.holds:
        return f"{sentence} This holds."
    difference = result.difference or 0
    gap = format_value(abs(difference), "")
    return f"{sentence} This does not hold: the first comes to {gap} {'more' if difference > 0 else 'less'} than the second."
