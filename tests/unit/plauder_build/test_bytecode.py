"""Bytecode made at build time by the vendored Pyodide under Node: the browser's Python imports it without
the source, each module is compiled once per compiler, and a module that does not compile stops the build."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from plauder_build import bytecode
from plauder_build.bytecode import Compiler, bytecode_stdlib, compiled_modules, stored_archive
from plauder_build.errors import BuildError
from plauder_build.site import Project

ROOT = Path(__file__).resolve().parents[3]
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node is installed with the browser runtime (scripts/setup.sh)")

MODULE = b'''"""The module's docstring."""
def double(x):
    """A function's docstring."""
    assert x > 0, "asserts are compiled out"
    return 2 * x

def fail():
    raise ValueError("from line 8")
'''
# Imports the compiled module from a zip on sys.path, as the page imports its standard library.
IMPORT = """
import { loadPyodide } from "{pyodide}";
import { readFileSync } from "node:fs";
const python = await loadPyodide();
python.FS.writeFile("/tmp/modules.zip", readFileSync("modules.zip"));
console.log(python.runPython(`
import json, sys, traceback
sys.path.insert(0, "/tmp/modules.zip")
import demo.calc as calc
try:
    calc.fail()
except ValueError as error:
    frame = traceback.extract_tb(error.__traceback__)[-1]
json.dumps({"file": calc.__file__, "doc": calc.__doc__, "function_doc": calc.double.__doc__,
            "double": calc.double(-2), "failed_at": [frame.filename, frame.lineno]})
`));
"""


def compiler(cache: Path) -> Compiler:
    real = Project(ROOT).compiler()
    return Compiler(real.pyodide_folder, real.pyodide_version, cache)


def in_pyodide(tmp_path: Path, archive: bytes) -> dict[str, object]:
    (tmp_path / "modules.zip").write_bytes(archive)
    script = IMPORT.replace("{pyodide}", (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").as_uri())
    (tmp_path / "import.mjs").write_text(script)
    done = subprocess.run([str(NODE), "import.mjs"], cwd=tmp_path, capture_output=True, text=True, check=True)
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_pyodide_imports_the_bytecode_without_its_source(tmp_path: Path) -> None:
    """The module runs from its .pyc alone; docstrings and asserts are compiled out, line numbers kept."""
    sources = [("demo/__init__.py", b""), ("demo/calc.py", MODULE), ("demo/data.txt", b"kept")]
    archive = stored_archive(compiled_modules(sources, compiler(tmp_path / "cache")))
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert opened.namelist() == ["demo/__init__.pyc", "demo/calc.pyc", "demo/data.txt"]
    assert in_pyodide(tmp_path, archive) == {
        "file": "/tmp/modules.zip/demo/calc.pyc",
        "doc": None,
        "function_doc": None,
        "double": -4,
        "failed_at": ["demo/calc.py", 8],
    }


def test_each_module_is_compiled_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second build reads the cache; a changed module alone goes to Node again."""
    compile_modules = compiler(tmp_path / "cache")
    first = compile_modules([("a.py", b"A = 1\n"), ("b.py", b"B = 1\n")])
    sent: list[list[str]] = []
    real_run = Compiler._run_node

    def counting(self: Compiler, sources: Sequence[tuple[str, bytes]]) -> list[bytes]:
        sent.append([name for name, _ in sources])
        return real_run(self, sources)

    monkeypatch.setattr(Compiler, "_run_node", counting)
    assert compile_modules([("a.py", b"A = 1\n"), ("b.py", b"B = 1\n")]) == first
    assert sent == []
    changed = compile_modules([("a.py", b"A = 1\n"), ("b.py", b"B = 2\n")])
    assert sent == [["b.py"]] and changed[0] == first[0] and changed[1] != first[1]


def test_a_module_that_does_not_compile_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"demo/broken\.py.*(invalid syntax|expected)"):
        compiler(tmp_path / "cache")([("demo/fine.py", b"x = 1\n"), ("demo/broken.py", b"def (:\n")])


def test_without_node_the_build_says_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(BuildError, match="Node.js is missing"):
        compiler(tmp_path / "cache")([("a.py", b"A = 1\n")])


def test_the_standard_library_becomes_stored_bytecode_without_what_cannot_run() -> None:
    """Every module of Pyodide's python_stdlib.zip is bytecode, other files stay, unusable packages go."""
    stock = (ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").read_bytes()
    compiled = bytecode_stdlib(stock, lambda sources: [b"pyc:" + name.encode() for name, _ in sources])
    with zipfile.ZipFile(io.BytesIO(stock)) as archive:
        stock_names = {name for name in archive.namelist() if not name.endswith("/")}
    with zipfile.ZipFile(io.BytesIO(compiled)) as archive:
        names = set(archive.namelist())
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
        assert archive.read("asyncio/__init__.pyc") == b"pyc:asyncio/__init__.py"
    kept = {name for name in stock_names if not name.startswith(bytecode.UNUSABLE)}
    assert names == {f"{name}c" if name.endswith(".py") else name for name in kept}
    assert kept != stock_names and not any(name.endswith(".py") for name in names)
