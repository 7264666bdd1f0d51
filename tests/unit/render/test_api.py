"""The public surface of plauder.render, and its purity (it runs in Pyodide and under CPython alike)."""

from __future__ import annotations

from pathlib import Path

import plauder.render
from tests.unit.test_core_purity import browser_imports

RENDER = Path(plauder.render.__file__).parent


def test_public_names() -> None:
    """The web layer relies on exactly these names."""
    assert sorted(plauder.render.__all__) == [
        "ALLOWED_TAGS",
        "RenderLabels",
        "RenderUpdate",
        "SlicedRender",
        "StreamRenderer",
        "highlight_css",
        "misleading_link",
        "plain_code",
        "render",
        "sanitize",
    ]


def test_render_imports_no_browser_module() -> None:
    """Like core, the renderer never imports js, pyodide or pyscript."""
    modules = sorted(RENDER.glob("*.py"))
    assert modules
    assert {
        path.name: browser_imports(path.read_text("utf-8"))
        for path in modules
        if browser_imports(path.read_text("utf-8"))
    } == {}
