"""A wheel of the app's own Python package, so the browser loads it in one request.

The wheel is reproducible (fixed timestamps and order) and its version carries a hash of its
contents (`0.1.0+<hash>`), so its URL changes exactly when the code does: a browser never
runs old app code with a new page, and an unchanged build keeps its cache.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from io import BytesIO
from pathlib import Path

_EPOCH = (1980, 1, 1, 0, 0, 0)


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


def build_app_wheel(package_dir: Path, version: str) -> tuple[str, bytes]:
    """(file name, bytes) of a pure-Python wheel holding `package_dir` and nothing else."""
    sources = _sources(package_dir)
    content_hash = hashlib.sha256(b"".join(name.encode() + b"\0" + data for name, data in sources)).hexdigest()[:12]
    full_version = f"{version}+{content_hash}"
    name = package_dir.name
    dist_info = f"{name}-{full_version}.dist-info"
    metadata = {
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {full_version}\n".encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: plauder build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    entries = sources + sorted(metadata.items())
    record = "\n".join([*(_record_line(n, d) for n, d in entries), f"{dist_info}/RECORD,,", ""]).encode()
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry_name, data in [*entries, (f"{dist_info}/RECORD", record)]:
            info = zipfile.ZipInfo(entry_name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return f"{name}-{full_version}-py3-none-any.whl", buffer.getvalue()
