"""Only the runtime files the page needs are vendored, from the pinned npm packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plauder_build import runtime
from plauder_build.errors import BuildError

NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"


def test_pyodide_versions_match_the_lock_file() -> None:
    """The vendored versions are exactly those package-lock.json pins."""
    lock = json.loads((NODE_MODULES.parent / "package-lock.json").read_text())["packages"]
    assert runtime.pyodide(NODE_MODULES).version == lock["node_modules/pyodide"]["version"]
    assert runtime.pyscript(NODE_MODULES).version == lock["node_modules/@pyscript/core"]["version"]


def test_pyscript_ships_core_chunks_but_no_editor_terminal_or_maps() -> None:
    """Editor (codemirror), terminal (xterm), MicroPython and source maps stay out of the build."""
    targets = [target for _, target in runtime.pyscript(NODE_MODULES).files]
    assert any(t.endswith("/core.js") for t in targets)
    assert not [t for t in targets if any(word in t for word in ("codemirror", "xterm", "mpy-", ".map"))]


def test_pyodide_ships_its_five_boot_files_in_a_versioned_folder() -> None:
    """Pyodide boots from five files; they sit under vendor/pyodide-<version>/."""
    package = runtime.pyodide(NODE_MODULES)
    assert [Path(t).name for _, t in package.files] == list(runtime.PYODIDE_FILES)
    assert {str(Path(t).parent) for _, t in package.files} == {f"vendor/pyodide-{package.version}"}


def test_missing_runtime_names_the_fix(tmp_path: Path) -> None:
    """Without node_modules the build stops and says to run npm ci."""
    with pytest.raises(BuildError, match="npm ci --ignore-scripts"):
        runtime.pyodide(tmp_path)


def test_missing_pyscript_chunk_is_reported(tmp_path: Path) -> None:
    """A PyScript release with another chunk layout stops the build instead of shipping a broken page."""
    dist = tmp_path / "@pyscript" / "core" / "dist"
    dist.mkdir(parents=True)
    (dist.parent / "package.json").write_text('{"version": "9.9.9"}')
    (dist / "core.js").write_text("")
    with pytest.raises(BuildError, match="lacks the chunks .*PYSCRIPT_CHUNKS"):
        runtime.pyscript(tmp_path)
