"""Content-addressed names and gzip twins."""

from __future__ import annotations

import gzip
import random

from plauder_build.assets import fingerprinted, gzip_twin


def test_fingerprint_follows_the_bytes() -> None:
    """Same bytes, same name; other bytes, other name; folder and extension are kept."""
    assert fingerprinted("css/app.css", b"a") == fingerprinted("css/app.css", b"a")
    assert fingerprinted("css/app.css", b"a") != fingerprinted("css/app.css", b"b")
    name = fingerprinted("css/app.css", b"a")
    assert name.startswith("css/app.") and name.endswith(".css") and len(name) == len("css/app..css") + 10


def test_gzip_twin_for_large_text_is_reproducible_and_exact() -> None:
    """Large text gets a twin that unpacks to the original, identical on every build."""
    data = b"console.log('plauder');\n" * 200
    twin = gzip_twin("x.js", data)
    assert twin is not None and gzip.decompress(twin) == data and twin == gzip_twin("x.js", data)


def test_no_twin_for_small_precompressed_or_incompressible_files() -> None:
    """Small files, images, and data gzip cannot shrink (a deflated zip archive) get no twin."""
    assert gzip_twin("x.js", b"a" * 100) is None
    assert gzip_twin("x.png", b"a" * 10_000) is None
    assert gzip_twin("x.zip", random.Random(7).randbytes(4096)) is None
    assert gzip_twin("x.wasm", random.Random(7).randbytes(4096)) is None
