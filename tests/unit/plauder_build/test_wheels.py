"""Browser wheels are pinned by hash; the build refuses a missing or altered one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from plauder_build.errors import BuildError
from plauder_build.wheels import WheelPin, parse_pins, verified_wheels

DATA = b"PK\x05\x06" + b"\0" * 18


def pin_for(data: bytes, name: str = "markdown-it-py", version: str = "3.0.0") -> str:
    return f"{name}=={version} --hash=sha256:{hashlib.sha256(data).hexdigest()}"


def test_parse_pins_reads_pip_hash_format_with_continuations_and_comments() -> None:
    """The same file pip downloads from is what the build checks against."""
    text = f"# comment\n\nmdurl==0.1.2 \\\n    --hash=sha256:{'a' * 64} \\\n    --hash=sha256:{'b' * 64}\n"
    assert parse_pins(text) == [WheelPin("mdurl", "0.1.2", frozenset({"a" * 64, "b" * 64}))]


@pytest.mark.parametrize("line", ["mdurl==0.1.2", "mdurl>=0.1 --hash=sha256:" + "a" * 64, "--hash=sha256:" + "a" * 64])
def test_parse_pins_rejects_unpinned_or_unhashed_lines(line: str) -> None:
    """An exact version and a hash are both required."""
    with pytest.raises(BuildError, match="not of the form"):
        parse_pins(line)


def test_verified_wheels_accepts_matching_hash(tmp_path: Path) -> None:
    """A wheel whose bytes match its pin is returned, matched by normalized name."""
    wheel = tmp_path / "markdown_it_py-3.0.0-py3-none-any.whl"
    wheel.write_bytes(DATA)
    assert verified_wheels(parse_pins(pin_for(DATA)), tmp_path) == [wheel]


def test_verified_wheels_stops_on_hash_mismatch(tmp_path: Path) -> None:
    """Altered bytes stop the build with a message naming the file and the fix."""
    (tmp_path / "markdown_it_py-3.0.0-py3-none-any.whl").write_bytes(DATA + b"tampered")
    with pytest.raises(BuildError, match=r"does not match its pinned hash.*scripts/setup.sh"):
        verified_wheels(parse_pins(pin_for(DATA)), tmp_path)


def test_verified_wheels_stops_on_missing_file(tmp_path: Path) -> None:
    """A pinned wheel that was never downloaded stops the build and says how to get it."""
    (tmp_path / "markdown_it_py-2.0.0-py3-none-any.whl").write_bytes(DATA)
    with pytest.raises(BuildError, match=r"markdown-it-py==3.0.0 is missing.*scripts/setup.sh"):
        verified_wheels(parse_pins(pin_for(DATA)), tmp_path)
