"""Content-addressed names and precompressed twins for the files of build/."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import PurePosixPath

# gzip pays for text and wasm, and for the stored archives of bytecode (plauder_build/bytecode.py); it is
# tried on every archive, and a twin kept only where it saves a tenth. Images are compressed already.
_COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt", ".zip", ".whl"}
_MIN_SIZE = 1024


def fingerprinted(path: str, data: bytes) -> str:
    """`css/app.css` -> `css/app.3f2a9c81d0.css`: the name changes exactly when the bytes do."""
    pure = PurePosixPath(path)
    digest = hashlib.sha256(data).hexdigest()[:10]
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))


def gzip_twin(path: str, data: bytes) -> bytes | None:
    """The gzip of a file worth compressing (reproducible: no name, no time), else None."""
    if PurePosixPath(path).suffix not in _COMPRESSIBLE or len(data) < _MIN_SIZE:
        return None
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    return packed if len(packed) < 0.9 * len(data) else None
