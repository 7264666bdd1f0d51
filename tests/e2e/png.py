"""PNG files written by hand for the browser tests (no imaging library needed)."""

from __future__ import annotations

import struct
import zlib


def png(width: int, height: int, green: int = 90) -> bytes:
    """An RGB PNG of a horizontal gradient; `green` tells pictures of the same size apart."""
    row = b"\x00" + bytes(value for x in range(width) for value in (x * 255 // width, green % 256, 160))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(row * height, 6)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height
