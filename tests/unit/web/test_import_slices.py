"""Importing the renderer's modules in slices: in the listed order, the page's other tasks in between, a
package's submodules before the package itself, and a module that fails left to the import that needs it."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from plauder.web.import_slices import import_in_slices
from tests.unit.web.fakes import run

PROBES = ["slice_probe_a", "slice_probe_b", "slice_probe_c"]
PACKAGE = "slice_probe_package"
LOGGED = f"import {__name__} as tests\ntests.LOG.append(__name__)\n"


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Modules that write their name into the log when they run: three alone, and a package whose `__init__`
    imports its two submodules (the second of which imports the first)."""
    names: list[str] = []
    monkeypatch.setattr(sys.modules[__name__], "LOG", names, raising=False)
    for name in PROBES:
        (tmp_path / f"{name}.py").write_text(LOGGED)
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text(f"from {PACKAGE} import first, second\n{LOGGED}")
    (package / "first.py").write_text(LOGGED)
    (package / "second.py").write_text(f"from {PACKAGE}.first import __name__ as first\n{LOGGED}")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield names
    for name in [*PROBES, PACKAGE, f"{PACKAGE}.first", f"{PACKAGE}.second", "slice_probe_broken"]:
        sys.modules.pop(name, None)


async def interleaved(log: list[str], modules: list[str], slice_ms: float) -> None:
    async def other_task() -> None:
        for _ in range(len(modules)):
            log.append("other")
            await asyncio.sleep(0)

    await asyncio.gather(import_in_slices(modules, slice_ms), other_task())


def test_modules_are_imported_in_order_with_the_page_between_slices(log: list[str]) -> None:
    run(interleaved(log, PROBES, slice_ms=0))
    assert log == ["slice_probe_a", "other", "slice_probe_b", "other", "slice_probe_c", "other"]


def test_a_slice_holds_as_many_imports_as_its_time_allows(log: list[str]) -> None:
    run(interleaved(log, PROBES, slice_ms=60_000))
    assert log == [*PROBES, "other", "other", "other"]


def test_a_package_runs_after_its_submodules_each_in_its_own_step(log: list[str]) -> None:
    modules = [f"{PACKAGE}.first", f"{PACKAGE}.second", PACKAGE]
    run(interleaved(log, modules, slice_ms=0))
    assert log == [f"{PACKAGE}.first", "other", f"{PACKAGE}.second", "other", PACKAGE, "other"]
    package = sys.modules[PACKAGE]
    assert package.first is sys.modules[f"{PACKAGE}.first"] and package.second is sys.modules[f"{PACKAGE}.second"]


def test_a_package_imported_between_slices_runs_there_and_once(log: list[str]) -> None:
    """Another task imports the package while the slices have put it in place unrun: it gets the package run."""
    seen: list[object] = []

    async def another_task() -> None:
        await asyncio.sleep(0)  # after the first slice
        seen.append(importlib.import_module(PACKAGE).second)
        log.append("imported")

    async def both() -> None:
        await asyncio.gather(import_in_slices([f"{PACKAGE}.first", f"{PACKAGE}.second", PACKAGE], 0), another_task())

    run(both())
    assert log == [f"{PACKAGE}.first", f"{PACKAGE}.second", PACKAGE, "imported"]
    assert seen == [sys.modules[f"{PACKAGE}.second"]]


def test_a_package_not_reached_is_taken_out_and_runs_at_its_next_import(log: list[str]) -> None:
    run(import_in_slices([f"{PACKAGE}.first"]))
    assert log == [f"{PACKAGE}.first"] and PACKAGE not in sys.modules
    importlib.import_module(PACKAGE)
    assert log == [f"{PACKAGE}.first", f"{PACKAGE}.second", PACKAGE]


def test_a_module_this_python_lacks_is_left_out(log: list[str]) -> None:
    run(import_in_slices(["slice_probe_a", "no_such_module_here", "no_such_package.module", "slice_probe_b"]))
    assert log == ["slice_probe_a", "slice_probe_b"]


def test_a_module_that_fails_is_left_to_the_import_that_needs_it(log: list[str], tmp_path: Path) -> None:
    (tmp_path / "slice_probe_broken.py").write_text("raise ValueError('broken')\n")
    run(import_in_slices(["slice_probe_broken", "slice_probe_a"]))
    assert log == ["slice_probe_a"] and "slice_probe_broken" not in sys.modules
    with pytest.raises(ValueError, match="broken"):
        importlib.import_module("slice_probe_broken")
