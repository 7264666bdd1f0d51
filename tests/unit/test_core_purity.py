"""The functional core must run under plain CPython: no browser module anywhere in it."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "plauder" / "core"
BROWSER_MODULES = {"js", "pyodide", "pyodide_js", "pyscript", "_pyodide", "micropip"}


def browser_imports(source: str) -> list[str]:
    """Names of browser modules that `source` imports, wherever the import statement sits."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {
            "__import__",
            "import_module",
        }:
            names = [arg.value for arg in node.args[:1] if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        else:
            continue
        found += [name for name in names if name.split(".")[0] in BROWSER_MODULES]
    return found


def test_core_imports_no_browser_module() -> None:
    """Every module under plauder.core is free of js/pyodide/pyscript imports."""
    modules = sorted(CORE.rglob("*.py"))
    assert modules, "found no core modules to check"
    offenders = {str(path.relative_to(CORE)): browser_imports(path.read_text("utf-8")) for path in modules}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_checker_sees_every_kind_of_browser_import() -> None:
    """Negative control: the checker flags plain, from-, nested and dynamic imports of browser modules."""
    source = """
import js
from pyodide.ffi import create_proxy
def later():
    import pyscript
    return __import__("js"), importlib.import_module("pyodide_js")
import json
from . import sibling
"""
    assert browser_imports(source) == ["js", "pyodide.ffi", "pyscript", "js", "pyodide_js"]


def test_core_modules_import_under_cpython() -> None:
    """Importing each core module under CPython succeeds (so they can be unit-tested here)."""
    import importlib

    for path in sorted(CORE.rglob("*.py")):
        dotted = ".".join(path.relative_to(CORE.parents[1]).with_suffix("").parts).removesuffix(".__init__")
        importlib.import_module(dotted)
