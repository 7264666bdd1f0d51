"""The page's wheel reader (templates/wheel-files.js), run in Node: the app wheel's files exactly as Python's
zipfile reads them, and anything it does not expect refused, so that Pyodide installs the wheel instead."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from plauder_build import wheels
from plauder_build.appwheel import build_app_wheel
from plauder_build.site import Project, make_environment

ROOT = Path(__file__).resolve().parents[3]
NODE = shutil.which("node")
READ = """
import { readFileSync } from "node:fs";
import { wheelFiles } from "./wheel-files.mjs";
const bytes = readFileSync(process.argv[2]);
try {
  const files = await wheelFiles(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const { createHash } = await import("node:crypto");
  console.log(JSON.stringify(Object.fromEntries(files.map(([name, data]) => [name, createHash("sha256").update(data).digest("hex")]))));
} catch (error) {
  console.log(JSON.stringify({ refused: error.constructor.name, why: error.message }));
}
"""
pytestmark = pytest.mark.skipif(NODE is None, reason="Node is installed with the browser runtime (scripts/setup.sh)")


def read(tmp_path: Path, wheel: bytes) -> dict[str, str]:
    (tmp_path / "wheel-files.mjs").write_text(
        make_environment(ROOT / "src" / "templates").get_template("wheel-files.js").render()
    )
    (tmp_path / "read.mjs").write_text(READ)
    (tmp_path / "some.whl").write_bytes(wheel)
    result = subprocess.run(
        [str(NODE), "read.mjs", "some.whl"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    found: dict[str, str] = json.loads(result.stdout)
    return found


def zip_of(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def real_wheel(which: str) -> bytes:
    """The app wheel (stored bytecode), or the largest pinned wheel (deflated, as published)."""
    project = Project(ROOT)
    if which == "app":
        return build_app_wheel(project.package, "0.1.0", project.compiler())[1]
    pinned = wheels.verified_wheels(wheels.parse_pins(project.wheel_pins.read_text("utf-8")), project.wheel_cache)
    return max(pinned, key=lambda path: path.stat().st_size).read_bytes()


@pytest.mark.parametrize("which", ["app", "pinned"])
def test_real_wheels_read_as_zipfile_reads_them(tmp_path: Path, which: str) -> None:
    wheel = real_wheel(which)
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        expected = {
            info.filename: hashlib.sha256(archive.read(info)).hexdigest()
            for info in archive.infolist()
            if not info.is_dir()
        }
    assert len(expected) > 100
    assert read(tmp_path, wheel) == expected


def test_stored_entries_empty_files_and_a_comment_read_too(tmp_path: Path) -> None:
    wheel = zip_of({"a/b.py": b"x = 1\n", "a/empty.py": b"", "a/ünï.txt": "✓".encode()}, zipfile.ZIP_STORED)
    wheel = wheel[:-2] + (5).to_bytes(2, "little") + b"hello"  # the archive's comment
    assert read(tmp_path, wheel) == {
        name: hashlib.sha256(data).hexdigest()
        for name, data in [("a/b.py", b"x = 1\n"), ("a/empty.py", b""), ("a/ünï.txt", "✓".encode())]
    }


@pytest.mark.parametrize(
    ("wheel", "why"),
    [
        (b"not a zip at all" * 10, "not a ZIP archive"),
        (zip_of({"../outside.py": b"x = 1\n"}), "outside the folder"),
        (zip_of({"/etc/passwd": b"x"}), "outside the folder"),
        (zip_of({"a.py": b"x = 1\n" * 100})[:-60], "not a ZIP archive"),
    ],
)
def test_what_it_does_not_expect_is_refused(tmp_path: Path, wheel: bytes, why: str) -> None:
    found = read(tmp_path, wheel)
    assert found["refused"] == "UnreadableWheel" and why in found["why"]


def test_a_damaged_file_is_refused(tmp_path: Path) -> None:
    wheel = bytearray(zip_of({"a.py": b"print('hello')\n" * 50}, zipfile.ZIP_STORED))
    wheel[40] ^= 0xFF  # a byte of the stored file
    found = read(tmp_path, bytes(wheel))
    assert found["refused"] == "UnreadableWheel" and "a.py: damaged" in found["why"]
