"""The code stays a house a newcomer can find their way in (issue 12): no import cycle among the
build's modules, no module over 400 lines and no function over 60 lines in explainer/ or bench/.

Read from the source with `ast`, so an import inside a function (or under TYPE_CHECKING) counts:
a cycle hidden in a function is still a cycle for the reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
FOLDERS = ("explainer", "bench")


def sources(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "node_modules" not in p.parts)


def local_imports(path: Path, package: Path) -> set[str]:
    """The modules of explainer/ that `path` imports, as dotted names relative to explainer/."""
    here = path.relative_to(package).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[: len(here) - node.level + 1])
            elif node.module and node.module.split(".")[0] == "explainer":
                base = []
                node_module = node.module.split(".", 1)[1] if "." in node.module else ""
                found.update(_candidates(base, node_module, node.names))
                continue
            else:
                continue
            found.update(_candidates(base, node.module or "", node.names))
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".", 1)[1] for a in node.names if a.name.startswith("explainer."))
    return found


def _candidates(base: list[str], module: str, names: list[ast.alias]) -> set[str]:
    """`from .a import b` names module a, and a.b in case b is a module itself."""
    prefix = ".".join([*base, *([module] if module else [])])
    return {prefix, *(f"{prefix}.{a.name}" if prefix else a.name for a in names)} - {""}


def import_graph() -> dict[str, set[str]]:
    package = ROOT / "explainer"
    modules = {".".join(p.relative_to(package).with_suffix("").parts).removesuffix(".__init__"): p for p in sources("explainer")}
    return {name: (local_imports(path, package) & set(modules)) - {name} for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_a_function_level_import_counts(tmp_path: Path) -> None:
    package = tmp_path / "explainer"
    package.mkdir()
    (package / "a.py").write_text("def f():\n    from .b import g\n    return g\n", encoding="utf-8")
    assert "b" in local_imports(package / "a.py", package)


def test_no_import_cycle_in_explainer() -> None:
    assert cycles(import_graph()) == [], "modules that import each other (move the shared piece into a module both import)"


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_module_over_400_lines(folder: str) -> None:
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in sources(folder)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_function_over_60_lines(folder: str) -> None:
    long = {}
    for path in sources(folder):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (n := node.end_lineno - node.lineno + 1) > MAX_FUNCTION_LINES:  # type: ignore[operator]
                long[f"{path.relative_to(ROOT).as_posix()}:{node.lineno} {node.name}"] = n
    assert long == {}
