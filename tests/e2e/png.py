"""PNG files written by hand for the browser tests (no imaging library needed)."""

from __future__ import annotations

import random
import struct
import zlib


def _encoded(width: int, height: int, pixels: bytes) -> bytes:
    """An RGB PNG of `pixels`: `height` rows of `width` * 3 bytes, each after its filter byte (none)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(pixels, 6)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png(width: int, height: int, green: int = 90) -> bytes:
    """An RGB PNG of a horizontal gradient; `green` tells pictures of the same size apart."""
    row = b"\x00" + bytes(value for x in range(width) for value in (x * 255 // width, green % 256, 160))
    return _encoded(width, height, row * height)


def noise_png(width: int, height: int, seed: int = 7) -> bytes:
    """An RGB PNG of random pixels: it compresses to nothing less, so it is as big as stored as it is here."""
    rows = random.Random(seed).randbytes(width * 3 * height)
    return _encoded(width, height, b"".join(b"\x00" + rows[y * width * 3 : (y + 1) * width * 3] for y in range(height)))


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height
