"""Python modules compiled to bytecode at build time, so a first visit does not compile them in the browser.

Pyodide ships its standard library as source, and the app wheel held source too: a cold start compiled
every module it imported, about 320 of them, before the app was ready. Here the vendored Pyodide itself
compiles them under Node (compile_bytecode.mjs), so the bytecode is exactly what the browser's Python
would have made, and the browser imports .pyc files without their source.

Bytecode is larger than source: it is compiled without docstrings and column tables, and archives of it are
stored uncompressed, so that the gzip of the whole archive (the build's .gz twin) shares what all modules
have in common. That comes out as small as the deflated source.

Compiled modules are cached in .cache/bytecode, one file per module source and compiler, so a rebuild
runs Node only for what changed.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from plauder_build.errors import BuildError

COMPILER = Path(__file__).with_name("compile_bytecode.mjs")
EPOCH = (1980, 1, 1, 0, 0, 0)

# Packages of Pyodide's standard library that fail in any browser, left out of the build's copy. multiprocessing
# starts no process nor queue without the _multiprocessing module Pyodide lacks (only its cpu_count worked, which
# os.cpu_count does too); without it the cold start's bytes stay below those of the source it replaces.
UNUSABLE = ("multiprocessing/",)

Compile = Callable[[Sequence[tuple[str, bytes]]], list[bytes]]
"""Bytecode for (name, source) pairs, in their order; names are paths like `plauder/core/ids.py`."""


@dataclass(frozen=True)
class Compiler:
    """Compiles with the Pyodide in `pyodide_folder` (node_modules/pyodide), caching below `cache`."""

    pyodide_folder: Path
    pyodide_version: str
    cache: Path

    def __call__(self, sources: Sequence[tuple[str, bytes]]) -> list[bytes]:
        folder = self.cache / self._tag()
        paths = [folder / f"{_digest(name.encode() + bytes(1) + source)}.pyc" for name, source in sources]
        missing = {path: source for source, path in zip(sources, paths, strict=True) if not path.is_file()}
        if missing:
            folder.mkdir(parents=True, exist_ok=True)
            for path, data in zip(missing, self._run_node(list(missing.values())), strict=True):
                partial = path.with_name(f"{path.name}.{os.getpid()}")  # renamed: a parallel build never reads half
                partial.write_bytes(data)
                partial.replace(path)
        return [path.read_bytes() for path in paths]

    def _tag(self) -> str:
        """Names the compiler: another Pyodide or another compile script makes other bytecode."""
        return f"pyodide-{self.pyodide_version}-{_digest(COMPILER.read_bytes())[:12]}"

    def _run_node(self, sources: Sequence[tuple[str, bytes]]) -> list[bytes]:
        node = shutil.which("node")
        if node is None:
            raise BuildError("Node.js is missing: the build compiles Python with Pyodide under Node (scripts/setup.sh)")
        with tempfile.TemporaryDirectory() as scratch:
            inputs, outputs = Path(scratch) / "sources.zip", Path(scratch) / "bytecode.zip"
            inputs.write_bytes(stored_archive(sources))
            done = subprocess.run(
                [node, str(COMPILER), str(self.pyodide_folder), str(inputs), str(outputs)],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise BuildError(f"compiling Python to bytecode failed:\n{done.stderr.strip()}")
            with zipfile.ZipFile(outputs) as archive:
                return [archive.read(name) for name, _ in sources]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_archive(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A reproducible zip of `entries`, uncompressed: served gzipped as a whole, it is smaller than deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def compiled_modules(sources: Sequence[tuple[str, bytes]], compile_modules: Compile) -> list[tuple[str, bytes]]:
    """`sources` with each .py file replaced by its bytecode, `x.py` by `x.pyc`; other files as they are."""
    modules = [(name, data) for name, data in sources if name.endswith(".py")]
    bytecode = dict(zip((name for name, _ in modules), compile_modules(modules), strict=True))
    return [(f"{name}c", bytecode[name]) if name in bytecode else (name, data) for name, data in sources]


def bytecode_stdlib(stdlib_zip: bytes, compile_modules: Compile) -> bytes:
    """Pyodide's python_stdlib.zip with every module as bytecode, in a stored archive, less what cannot run."""
    with zipfile.ZipFile(io.BytesIO(stdlib_zip)) as archive:
        sources = [
            (info.filename, archive.read(info))
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith(UNUSABLE)
        ]
    return stored_archive(compiled_modules(sources, compile_modules))
