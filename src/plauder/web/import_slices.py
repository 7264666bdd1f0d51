"""Importing many modules without holding the page: a slice of them per task.

The answer renderer's modules, imported at once, held the page for 640 ms after every start. The page
imports them in the order their imports finish (plauder_build.import_order), so that each step runs
little more than one module's own code: what it imports is there by then.

A package's `__init__` is the exception: importing `markdown_it.common.utils` runs `markdown_it`'s
`__init__` first, which imports the whole library in that one step. So a package whose submodule comes
first is put in place unrun (as the import system itself does before it runs a module), and runs at
its own turn in the list, after its submodules. Between slices, and at the end, such packages are out of
`sys.modules`: code that runs meanwhile and imports one gets it run, as usual.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import sys
import time
from collections.abc import Iterable
from contextlib import suppress
from types import ModuleType

IMPORT_SLICE_MS = 12  # imports run for about this long per task


async def import_in_slices(modules: Iterable[str], slice_ms: float = IMPORT_SLICE_MS) -> None:
    """Import `modules` in their order, in tasks of about `slice_ms`. A module that fails here (this Python
    lacks it, or it needs its package run first) is left to the import that needs it, which says why."""
    unrun: dict[str, ModuleType] = {}
    started = time.perf_counter()
    try:
        for name in modules:
            if name in sys.modules and name not in unrun:
                continue
            with suppress(Exception):
                _import_alone(name, unrun)
            if (time.perf_counter() - started) * 1000 >= slice_ms:
                _take_out(unrun)
                await asyncio.sleep(0)  # let the page draw and take input
                _put_back(unrun)
                started = time.perf_counter()
    finally:
        _take_out(unrun)


def _take_out(unrun: dict[str, ModuleType]) -> None:
    for name in unrun:
        sys.modules.pop(name, None)


def _put_back(unrun: dict[str, ModuleType]) -> None:
    """The unrun packages in place again, but those imported (and so run) meanwhile, in the order they were put."""
    for name, module in list(unrun.items()):
        if name in sys.modules:
            del unrun[name]
        else:
            sys.modules[name] = module


def _import_alone(name: str, unrun: dict[str, ModuleType]) -> None:
    """Import `name` with its packages in place but unrun, or run it if it is such a package."""
    module = unrun.pop(name, None)
    if module is not None:
        _run(name, module)
        return
    parts = name.split(".")
    for end in range(1, len(parts)):
        package = ".".join(parts[:end])
        if package not in sys.modules:
            spec = importlib.util.find_spec(package)  # its parent is in place: this runs no package's code
            if spec is None or spec.loader is None:
                raise ModuleNotFoundError(package, name=package)
            unrun[package] = sys.modules[package] = importlib.util.module_from_spec(spec)
    importlib.import_module(name)


def _run(name: str, module: ModuleType) -> None:
    """Run a package put in place unrun; like any import, one that fails is taken out again."""
    spec = module.__spec__
    assert spec is not None and spec.loader is not None  # set by module_from_spec
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
