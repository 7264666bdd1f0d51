"""The browser and the host run the same library versions: the renderer tested here is the one shipped."""

from __future__ import annotations

import re
from pathlib import Path

from plauder_build.wheels import parse_pins

ROOT = Path(__file__).resolve().parents[3]


def normalized(name: str) -> str:
    """Package names compare as PyPI does (PEP 503): case and runs of -_. do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def constraint_versions() -> dict[str, str]:
    """name -> version of every `name==version` line in constraints.txt."""
    versions = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            versions[normalized(name)] = version.strip()
    return versions


def test_every_browser_wheel_has_the_same_version_in_constraints() -> None:
    """A browser-wheels.txt pin missing from constraints.txt, or pinned differently there, fails."""
    pins = parse_pins((ROOT / "browser-wheels.txt").read_text("utf-8"))
    assert pins, "browser-wheels.txt pins no wheel"
    constraints = constraint_versions()
    browser = {normalized(pin.name): pin.version for pin in pins}
    assert {name: constraints.get(name) for name in browser} == browser
