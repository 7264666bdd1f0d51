"""The code worker in the build (plauder_build/workers.py): the page names it and nothing more (it starts at the
first Run, never with the app); it imports the vendored Pyodide, loads the app wheel for its runner, caps its
Python's memory and gives up the network before any code runs; the service worker keeps it for offline use."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plauder.core.running import MEMORY_MB
from plauder_build.site import Project, plan_site

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return plan_site(Project(ROOT))


def test_the_page_names_the_code_worker_and_loads_nothing_of_it(site: dict[str, bytes]) -> None:
    page = site["index.html"].decode()
    url = json.loads(re.search(r'id="code-worker">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert re.fullmatch(r"\./code-worker\.[0-9a-f]{10}\.js", url) and url[2:] in site
    assert page.count("code-worker.") == 1  # no preload, no script tag: only its name in its JSON script
    cached = json.loads(re.search(r"const FILES = (\[.*?\]);", site["sw.js"].decode()).group(1))  # type: ignore[union-attr]
    assert url[2:] in cached


def test_the_worker_runs_the_app_s_runner_in_the_vendored_pyodide_cut_off_before_any_code(
    site: dict[str, bytes],
) -> None:
    name = next(name for name in site if name.startswith("code-worker."))
    worker = site[name].decode()
    app_wheel = next(name for name in site if name.startswith("wheels/plauder-"))
    assert 'import { loadPyodide } from "./vendor/pyodide-' in worker and f'"./{app_wheel}"' in worker
    assert f"const MEMORY_BYTES = {MEMORY_MB} * 1024 * 1024;" in worker
    assert 'pyimport("plauder.core.running.runner")' in worker
    for name in ("fetch", "XMLHttpRequest", "WebSocket", "EventSource", "importScripts", "indexedDB", "caches"):
        assert f'"{name}"' in worker
    # The runner is taken, then the worker sealed, and only then is a message answered.
    assert worker.index('.runner").run') < worker.index("sealed();") < worker.index('addEventListener("message"')
    assert "{{" not in worker and "{%" not in worker
