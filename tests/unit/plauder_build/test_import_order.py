"""The order in which a module's imports finish, as the page imports the renderer's modules in slices."""

from __future__ import annotations

from pathlib import Path

import pytest

from plauder_build.errors import BuildError
from plauder_build.import_order import import_order

SOURCE = Path(__file__).resolve().parents[3] / "src"


def write_package(root: Path) -> None:
    package = root / "order_probe"
    package.mkdir()
    (package / "__init__.py").write_text("from order_probe import outer\n")
    (package / "outer.py").write_text("from order_probe import inner\nimport fractions\n")
    (package / "inner.py").write_text("import decimal\n")


def test_each_module_comes_after_what_it_imports(tmp_path: Path) -> None:
    write_package(tmp_path)
    order = import_order("order_probe", tmp_path)
    assert order[-1] == "order_probe"
    assert order.index("order_probe.inner") < order.index("order_probe.outer")
    assert order.index("decimal") < order.index("order_probe.inner")
    assert order.index("fractions") < order.index("order_probe.outer")
    assert "encodings" not in order and "site" not in order  # Python's own start


def test_the_renderer_is_listed_last_after_its_libraries() -> None:
    order = import_order("plauder.render", SOURCE)
    assert order[-1] == "plauder.render"
    for library, user in [
        ("markdown_it.main", "plauder.render.markdown"),
        ("latex2mathml.converter", "plauder.render.mathml"),
        ("pygments.lexer", "plauder.render.lexers"),
    ]:
        assert order.index(library) < order.index(user)


def test_a_module_that_fails_to_import_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "broken_probe.py").write_text("raise RuntimeError('no such thing here')\n")
    with pytest.raises(BuildError, match="no such thing here"):
        import_order("broken_probe", tmp_path)
