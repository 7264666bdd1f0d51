"""Which files of the npm-installed browser runtime the page needs, and where they go.

Only these files are vendored: Pyodide's five boot files and the PyScript chunks that its
core loads on the main thread (measured with the request recorder of the e2e tests).
Each runtime lands in a folder named after its exact version, so a redeploy with another
version never mixes old and new files in a browser cache.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from plauder_build.errors import BuildError

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)

# PyScript's core.js imports its hashed core chunk, and at start its plugins (error display,
# deprecations, and the plugin probes that look for <py-editor>, <py-terminal>, <py-game>),
# plus the package graph when packages are configured. Editor, terminal and MicroPython code
# stays out: the page uses none of them and none of them is requested.
PYSCRIPT_CHUNKS = (
    "core.js",
    "core",
    "deprecations-manager",
    "donkey",
    "error",
    "py-editor",
    "py-game",
    "py-terminal",
    "pyodide_graph",
)
_CHUNK = re.compile(r"(.+)-[A-Za-z0-9_-]{8}\.js")


@dataclass(frozen=True)
class VendoredPackage:
    """One npm package: its exact version and the files (source path, path in build/) it ships."""

    name: str
    version: str
    files: tuple[tuple[Path, str], ...]

    def url_of(self, name: str) -> str:
        """The page-relative URL of one of this package's files."""
        return next(target for source, target in self.files if source.name == name)

    def modules(self) -> tuple[str, ...]:
        """The page-relative URLs of its JavaScript modules, all of which a start loads."""
        return tuple(target for _, target in self.files if target.endswith((".js", ".mjs")))


def _installed_version(package_dir: Path) -> str:
    manifest = package_dir / "package.json"
    if not manifest.is_file():
        raise BuildError(
            f"{package_dir} is missing: the browser runtime is not installed. "
            "Run `npm ci --ignore-scripts` in the project folder (scripts/setup.sh does it)."
        )
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def _chunk_stem(name: str) -> str | None:
    """`py-editor-C4XsZtn7.js` -> `py-editor`: Vite names chunks stem + 8-character hash."""
    if name == "core.js":
        return name
    match = _CHUNK.fullmatch(name)
    return match.group(1) if match else None


def pyodide(node_modules: Path) -> VendoredPackage:
    """Pyodide's boot files, checked to exist."""
    source = node_modules / "pyodide"
    version = _installed_version(source)
    missing = [name for name in PYODIDE_FILES if not (source / name).is_file()]
    if missing:
        raise BuildError(
            f"pyodide {version} in {source} lacks {', '.join(missing)}: run `npm ci --ignore-scripts` again."
        )
    folder = f"vendor/pyodide-{version}"
    return VendoredPackage("pyodide", version, tuple((source / n, f"{folder}/{n}") for n in PYODIDE_FILES))


def pyscript(node_modules: Path) -> VendoredPackage:
    """The PyScript chunks the main thread loads, without source maps."""
    source = node_modules / "@pyscript" / "core"
    version = _installed_version(source)
    names = sorted(p.name for p in (source / "dist").iterdir() if _chunk_stem(p.name) in PYSCRIPT_CHUNKS)
    missing = set(PYSCRIPT_CHUNKS) - {_chunk_stem(name) for name in names}
    if missing:
        raise BuildError(
            f"@pyscript/core {version} lacks the chunks {', '.join(sorted(missing))}: this build knows the layout of "
            "0.7.x; update PYSCRIPT_CHUNKS in src/plauder_build/runtime.py after checking the new layout."
        )
    folder = f"vendor/pyscript-{version}"
    return VendoredPackage("pyscript", version, tuple((source / "dist" / n, f"{folder}/{n}") for n in names))
