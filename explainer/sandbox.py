"""A narrative's Jinja runs in a sandbox: it can call the lookups, and nothing else, within a bound.

Narratives are text a maintainer (or a contributor's pull request) writes; rendering one must not
run code, read files or hang the build. So:
- Jinja's sandbox refuses private attributes (`figure.__globals__` and the like) and mutation;
- the only names are the lookups, and the only callables are the lookups and a few string methods;
- statements are limited to `{% if %}` and `{% set %}` (no loops, macros, includes), so each
  expression runs at most once, and operators that make big values (`*`, `**`, `+`) are capped
  (`~` is refused: repeated in a chain of `set`s it would double a text each time);
- the number of calls and the size of the output are bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_CALLS = 20_000
MAX_VALUE = 10_000  # characters or items a single operator may produce
MAX_OUTPUT = 2_000_000  # characters of rendered narrative
# Statements a narrative may use; everything else (for, macro, set, include, ...) is refused.
ALLOWED_STATEMENTS = (nodes.Output, nodes.If, nodes.Assign)
MAX_BITS = 4096  # a whole number bigger than any count, without letting repeated squaring run away
SAFE_FILTERS = ("abs", "capitalize", "default", "d", "e", "escape", "first", "float", "int", "last", "length", "count", "lower", "round")
SAFE_FILTERS += ("string", "title", "trim", "upper", "join")
SAFE_METHODS = frozenset({"lower", "upper", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith", "endswith"})


class NarrativeError(SecurityError):
    """Something a narrative may not do."""


class NarrativeEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, lookups: dict[str, Callable[..., Any]], **options: Any):
        super().__init__(**options)
        self.globals.clear()
        self.globals.update(lookups)
        self.filters = {name: self.filters[name] for name in SAFE_FILTERS}
        self._lookups = {id(fn) for fn in lookups.values()}
        self.calls = 0

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.calls += 1
        if __self.calls > MAX_CALLS:
            raise NarrativeError(f"more than {MAX_CALLS} calls: a narrative is text with lookups, not a program")
        if id(__obj) not in __self._lookups and getattr(__obj, "__name__", "") not in SAFE_METHODS:
            name = getattr(__obj, "__name__", type(__obj).__name__)
            raise NarrativeError(f'"{name}" cannot be called in a narrative: only the lookups can (figure, chart and the others)')
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and (abs(right) > 64 if isinstance(right, int | float) else True):
            raise NarrativeError("a power above 64 is not allowed in a narrative")
        if operator == "*" and any(isinstance(v, str | list | tuple) for v in (left, right)):
            count, value = (right, left) if isinstance(left, str | list | tuple) else (left, right)
            if isinstance(count, int) and len(value) * count > MAX_VALUE:
                raise NarrativeError(f"a repeated text or list longer than {MAX_VALUE} is not allowed in a narrative")
        if operator == "+" and all(isinstance(v, str | list | tuple) for v in (left, right)) and len(left) + len(right) > MAX_VALUE:
            raise NarrativeError(f"a joined text or list longer than {MAX_VALUE} is not allowed in a narrative")
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, int) and result.bit_length() > MAX_BITS:
            raise NarrativeError("a number that large is not allowed in a narrative")
        return result


def refused_statements(template: nodes.Template) -> list[tuple[int, str]]:
    """(line, message) for each statement a narrative may not use."""
    found = []
    for node in template.body:
        found += _refused(node)
    return found


def _refused(node: nodes.Node) -> list[tuple[int, str]]:
    if isinstance(node, nodes.Include | nodes.Extends | nodes.Import | nodes.FromImport):
        name = node.template.value if isinstance(node.template, nodes.Const) else "another file"
        return [(node.lineno, f'cannot include "{name}": a narrative is one file; use chart() and figure() to bring in charts and figures')]
    if isinstance(node, nodes.Stmt) and not isinstance(node, ALLOWED_STATEMENTS):
        word = type(node).__name__.lower()
        return [(node.lineno, f"{{% {word} %}} is not allowed in a narrative: use {{{{ }}}} lookups, {{% if %}} and {{% set %}} only")]
    if isinstance(node, nodes.Concat):
        return [(node.lineno, "the ~ operator is not allowed in a narrative: write the text outside {{ }}")]
    found = []
    for child in node.iter_child_nodes():
        found += _refused(child)
    return found
