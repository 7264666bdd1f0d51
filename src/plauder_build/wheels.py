"""The pinned pure-Python wheels the browser loads, verified against their sha256 hashes.

`browser-wheels.txt` lists them in pip's hash-checking format, so the same file drives the
download (`pip download --require-hashes`) and this check. A wheel that is missing or whose
bytes differ from the pinned hash stops the build: the browser must never run code that
nobody pinned.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from plauder_build.errors import BuildError

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s\\]+)")
_HASH = re.compile(r"--hash=sha256:(?P<digest>[0-9a-f]{64})")


def canonical_name(name: str) -> str:
    """A distribution's name as PEP 503 compares them: et_xmlfile, et-xmlfile and ET.xmlfile are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class WheelPin:
    name: str
    version: str
    sha256: frozenset[str]

    def matches(self, filename: str) -> bool:
        """Whether a wheel file name is this pin's (names compare as wheel tags write them)."""
        normalized = re.sub(r"[-_.]+", "_", self.name).lower()
        return filename.lower().startswith(f"{normalized}-{self.version}-") and filename.endswith(".whl")


def parse_pins(text: str) -> list[WheelPin]:
    """Pins from requirements text: `name==version --hash=sha256:...`, with `\\` continuations."""
    joined = re.sub(r"\\\s*\n", " ", text)
    pins = []
    for line in joined.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        pin = _PIN.match(line)
        digests = frozenset(m.group("digest") for m in _HASH.finditer(line))
        if not pin or not digests:
            raise BuildError(f"browser-wheels.txt: `{line}` is not of the form `name==version --hash=sha256:<hex>`.")
        pins.append(WheelPin(pin.group("name"), pin.group("version"), digests))
    return pins


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verified_wheels(pins: list[WheelPin], folder: Path) -> list[Path]:
    """The wheel file for each pin, after checking its hash; raises BuildError naming the fix."""
    found = []
    for pin in pins:
        candidates = [p for p in sorted(folder.glob("*.whl")) if pin.matches(p.name)] if folder.is_dir() else []
        if not candidates:
            raise BuildError(
                f"The browser wheel {pin.name}=={pin.version} is missing from {folder}. "
                "Run scripts/setup.sh (it downloads the pinned wheels)."
            )
        wheel = candidates[0]
        digest = sha256_of(wheel)
        if digest not in pin.sha256:
            raise BuildError(
                f"{wheel} does not match its pinned hash (sha256 {digest}). It may be corrupt or "
                "replaced: delete it and run scripts/setup.sh; if the pin itself changed on purpose, "
                "update the hash in browser-wheels.txt."
            )
        found.append(wheel)
    return found
