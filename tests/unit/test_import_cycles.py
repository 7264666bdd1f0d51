"""No module of ours imports itself through others: every import circle in src/ is a design error
(two modules that each need the other are one module, or one of them wants a callback)."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
OURS = ("plauder", "plauder_build")


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")


def imported(source: str, modules: set[str]) -> set[str]:
    """The modules of `modules` that `source` imports anywhere (type-checking imports too)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in modules}
    return found


def import_graph() -> dict[str, set[str]]:
    paths = [path for package in OURS for path in (SRC / package).rglob("*.py")]
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported(path.read_text("utf-8"), modules) - {module_name(path)} for path in paths}


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One circle per strongly connected group of two or more modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_src_has_no_import_circle() -> None:
    graph = import_graph()
    assert len(graph) > 50, "found too few modules to check"
    assert cycles(graph) == []


def test_the_detector_finds_a_planted_circle() -> None:
    """Negative control: a circle through three modules, and one through a `from package import module`."""
    modules = {"a", "b", "c", "p", "p.m"}
    graph = {
        "a": imported("import b", modules),
        "b": imported("from c import thing", modules),
        "c": imported("import a\nimport json", modules),
        "p": imported("from p import m", modules),
        "p.m": imported("import p", modules),
    }
    assert cycles(graph) == [["a", "b", "c"], ["p", "p.m"]]
