"""A wheel of the app's own Python package, so the browser loads it in one request.

The wheel holds the package's modules as bytecode (plauder_build/bytecode.py says why), in a stored
archive the build serves gzipped. It is reproducible (fixed timestamps and order) and its version
carries a hash of its contents (`0.1.0+<hash>`), so its URL changes exactly when the code, or the
Python that compiled it, does: a browser never runs old app code with a new page, and an unchanged
build keeps its cache.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from plauder_build.bytecode import Compile, compiled_modules, stored_archive


def _sources(package_dir: Path) -> list[tuple[str, bytes]]:
    root = package_dir.parent
    return [
        (path.relative_to(root).as_posix(), path.read_bytes())
        for path in sorted(package_dir.rglob("*.py"))
        if "__pycache__" not in path.parts
    ]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_app_wheel(package_dir: Path, version: str, compile_modules: Compile) -> tuple[str, bytes]:
    """(file name, bytes) of a pure-Python wheel holding `package_dir`'s modules, compiled, and nothing else."""
    modules = compiled_modules(_sources(package_dir), compile_modules)
    content_hash = hashlib.sha256(b"".join(name.encode() + b"\0" + data for name, data in modules)).hexdigest()[:12]
    full_version = f"{version}+{content_hash}"
    name = package_dir.name
    dist_info = f"{name}-{full_version}.dist-info"
    metadata = {
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {full_version}\n".encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: plauder build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    entries = modules + sorted(metadata.items())
    record = "\n".join([*(_record_line(n, d) for n, d in entries), f"{dist_info}/RECORD,,", ""]).encode()
    return f"{name}-{full_version}-py3-none-any.whl", stored_archive([*entries, (f"{dist_info}/RECORD", record)])
