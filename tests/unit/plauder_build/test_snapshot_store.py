"""The snapshot store's pure part, run in Node: the files a snapshot needs, packed and unpacked unchanged."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from plauder_build.site import make_environment

ROOT = Path(__file__).resolve().parents[3]
NODE = shutil.which("node")

ROUND_TRIP = """
import { packFiles, unpackFiles } from "./snapshots.mjs";
const files = [
  ["plauder/__init__.py", new TextEncoder().encode("x = 1\\n")],
  ["plauder/empty.py", new Uint8Array(0)],
  ["plauder-0.1.0+ab.dist-info/RECORD", Uint8Array.from({ length: 70000 }, (_, i) => i % 251)],
  ["plauder/ünïcode.py", new TextEncoder().encode("# ✓\\n")],
];
const packed = packFiles(files);
// Unpacked from a view that does not start at its buffer's start, as the record's contents follow the snapshot.
const shifted = new Uint8Array(packed.length + 16);
shifted.set(packed, 16);
const back = unpackFiles(shifted.subarray(16));
console.log(JSON.stringify({
  paths: back.map(([path]) => path),
  same: back.every(([, data], i) => data.length === files[i][1].length && data.every((b, j) => b === files[i][1][j])),
  empty: unpackFiles(packFiles([])).length,
}));
"""


@pytest.mark.skipif(NODE is None, reason="Node is installed with the browser runtime (scripts/setup.sh)")
def test_files_survive_packing_at_any_offset(tmp_path: Path) -> None:
    (tmp_path / "snapshots.mjs").write_text(
        make_environment(ROOT / "src" / "templates").get_template("snapshots.js").render()
    )
    (tmp_path / "round_trip.mjs").write_text(ROUND_TRIP)
    result = subprocess.run([str(NODE), "round_trip.mjs"], cwd=tmp_path, capture_output=True, text=True, check=True)
    found = json.loads(result.stdout)
    assert found["paths"] == [
        "plauder/__init__.py",
        "plauder/empty.py",
        "plauder-0.1.0+ab.dist-info/RECORD",
        "plauder/ünïcode.py",
    ]
    assert found["same"] is True and found["empty"] == 0
