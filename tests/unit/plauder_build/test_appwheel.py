"""The app's own wheel is reproducible, installable, and renamed exactly when its code changes."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from plauder_build.appwheel import build_app_wheel


def fake_compile(sources: Sequence[tuple[str, bytes]]) -> list[bytes]:
    """Stands in for Pyodide's compiler (tests/unit/plauder_build/test_bytecode.py runs the real one)."""
    return [b"bytecode of " + name.encode() + b": " + source for name, source in sources]


def make_package(root: Path, body: str = "VALUE = 1\n") -> Path:
    package = root / "demo"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text('"""demo"""\n')
    (package / "sub" / "__init__.py").write_text(body)
    (package / "sub" / "__pycache__").mkdir()
    (package / "sub" / "__pycache__" / "x.pyc").write_bytes(b"junk")
    return package


def test_same_sources_give_identical_wheels(tmp_path: Path) -> None:
    """Two builds of unchanged code give byte-identical wheels (browsers keep their cache)."""
    package = make_package(tmp_path)
    assert build_app_wheel(package, "0.1.0", fake_compile) == build_app_wheel(package, "0.1.0", fake_compile)


def test_changed_code_changes_the_file_name(tmp_path: Path) -> None:
    """Any code change yields a new versioned name, so no browser runs stale code."""
    package = make_package(tmp_path)
    before, _ = build_app_wheel(package, "0.1.0", fake_compile)
    (package / "sub" / "__init__.py").write_text("VALUE = 2\n")
    after, _ = build_app_wheel(package, "0.1.0", fake_compile)
    assert before != after
    assert before.startswith("demo-0.1.0+") and before.endswith("-py3-none-any.whl")


def test_other_bytecode_of_the_same_code_changes_the_file_name(tmp_path: Path) -> None:
    """Another Pyodide compiles the same source to other bytecode: the browser must not keep the old wheel."""
    package = make_package(tmp_path)
    before, _ = build_app_wheel(package, "0.1.0", fake_compile)
    after, _ = build_app_wheel(package, "0.1.0", lambda sources: [b"other " + data for data in fake_compile(sources)])
    assert before != after


def test_wheel_holds_bytecode_and_a_valid_record(tmp_path: Path) -> None:
    """The wheel has the compiled modules, stored, without sources or caches, and a RECORD that matches them."""
    name, data = build_app_wheel(make_package(tmp_path), "0.1.0", fake_compile)
    version = name.split("-")[1]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        assert {"demo/__init__.pyc", "demo/sub/__init__.pyc"} <= names
        assert not any(n.endswith(".py") or "__pycache__" in n for n in names)
        assert archive.read("demo/sub/__init__.pyc") == b"bytecode of demo/sub/__init__.py: VALUE = 1\n"
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
        record = archive.read(f"demo-{version}.dist-info/RECORD").decode().splitlines()
        for line in record:
            path, digest, size = line.split(",")
            if not digest:
                continue
            content = archive.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(content)
        assert {line.split(",")[0] for line in record} == names
