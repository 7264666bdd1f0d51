"""The snapshot start: PyScript's config names our interpreter module, keyed to what the snapshot is made of."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plauder_build import runtime
from plauder_build.admin import parse_admin_config
from plauder_build.site import Project, plan_site
from plauder_build.snapshot import SNAPSHOT_IMPORTS, snapshot_key

ROOT = Path(__file__).resolve().parents[3]
INPUTS = {"vendor/pyodide-1.0.0/pyodide.asm.wasm": b"wasm", "wheels/plauder-0.1.0+abc-py3-none-any.whl": b"wheel"}


class OtherVersion(Project):
    """The same project at another version: its app wheel, and so its snapshot, differ."""

    def version(self) -> str:
        return "0.1.0.post1"


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return plan_site(Project(ROOT))


def only(site: dict[str, bytes], pattern: str) -> str:
    [name] = [name for name in site if re.fullmatch(pattern, name)]
    return name


def interpreter_module(site: dict[str, bytes]) -> str:
    return site[only(site, r"interpreter\.[0-9a-f]{10}\.js")].decode()


def key_of(site: dict[str, bytes]) -> str:
    return re.search(r'const KEY = "([^"]+)";', interpreter_module(site)).group(1)


def test_key_names_the_runtime_and_follows_every_input() -> None:
    """Same inputs, same key; another runtime, other bytes, another file or other imports, another key."""
    key = snapshot_key("1.0.0", INPUTS, ["plauder.web.main"])
    assert re.fullmatch(r"pyodide-1\.0\.0-[0-9a-f]{20}", key)
    assert snapshot_key("1.0.0", dict(reversed(INPUTS.items())), ["plauder.web.main"]) == key
    assert snapshot_key("1.0.1", INPUTS, ["plauder.web.main"]) != key
    assert snapshot_key("1.0.0", {**INPUTS, "wheels/plauder-0.1.0+abc-py3-none-any.whl": b"wheel2"}, ["x"]) != key
    assert snapshot_key("1.0.0", {**INPUTS, "snapshots.js": b""}, ["plauder.web.main"]) != key
    assert snapshot_key("1.0.0", INPUTS, ["plauder.web.main", "plauder.render"]) != key


def test_key_cannot_be_forged_by_moving_bytes_between_names() -> None:
    """Names and contents are length-prefixed: shifting a byte from a name into the data changes the key."""
    assert snapshot_key("1", {"ab": b"c"}, []) != snapshot_key("1", {"a": b"bc"}, [])


def test_pyscript_starts_python_through_the_interpreter_module(site: dict[str, bytes]) -> None:
    """The config names our module; it re-exports Pyodide's version and reads Pyodide from the vendored folder."""
    config = json.loads(site[only(site, r"pyscript\.[0-9a-f]{10}\.json")])
    module = interpreter_module(site)
    assert config["interpreter"] == "./" + only(site, r"interpreter\.[0-9a-f]{10}\.js")
    pyodide = runtime.pyodide(ROOT / "node_modules")
    assert f'export const version = "{pyodide.version}";' in module
    assert "export async function loadPyodide(" in module
    assert f'new URL("./vendor/pyodide-{pyodide.version}/", import.meta.url)' in module
    for name in re.findall(r'"\./([^"]+)"', module):  # every file it names is in the build
        assert name in site or name == f"vendor/pyodide-{pyodide.version}/", name


def test_our_modules_are_js_files_that_stock_nginx_serves_as_javascript(site: dict[str, bytes]) -> None:
    """Only Pyodide's own files are .mjs: a server that sends .mjs with a wrong type then makes the page
    name pyodide.mjs (our module imports it at run time), not a file of ours that it cannot fix."""
    ours = [name for name in site if name.endswith((".js", ".mjs")) and not name.startswith("vendor/")]
    assert ours and not [name for name in ours if name.endswith(".mjs")]
    assert 'import(INDEX_URL + "pyodide.mjs")' in interpreter_module(site)


def test_the_start_script_imports_the_interpreter_module_early(site: dict[str, bytes]) -> None:
    """start.js imports the same module URL that the config names, so the snapshot is read at first paint."""
    start = site[only(site, r"start\.[0-9a-f]{10}\.js")].decode()
    interpreter = only(site, r"interpreter\.[0-9a-f]{10}\.js")
    assert f'import "./{interpreter}";' in start


def test_key_covers_runtime_app_wheel_and_snapshot_modules(site: dict[str, bytes]) -> None:
    """The module's key is the one computed from the Pyodide files (the standard library the build's, compiled),
    the app wheel and the two snapshot modules."""
    pyodide = runtime.pyodide(ROOT / "node_modules")
    stdlib = only(site, r"vendor/pyodide-[^/]+/python_stdlib\.[0-9a-f]{10}\.zip")
    runtime_files = [target for _, target in pyodide.files if not target.endswith("/python_stdlib.zip")]
    wheel = only(site, r"wheels/plauder-.+\.whl")
    modules = [only(site, r"snapshots\.[0-9a-f]{10}\.js"), only(site, r"snapshot-worker\.[0-9a-f]{10}\.js")]
    inputs = {name: site[name] for name in [*runtime_files, stdlib, wheel, *modules]}
    assert key_of(site) == snapshot_key(pyodide.version, inputs, SNAPSHOT_IMPORTS)


def test_a_new_app_makes_a_new_key_and_a_new_title_does_not(site: dict[str, bytes]) -> None:
    """Other app code means another snapshot; an admin's presets are read at run time and keep it."""
    assert key_of(plan_site(OtherVersion(ROOT))) != key_of(site)
    assert key_of(plan_site(Project(ROOT), parse_admin_config('[app]\ntitle = "ACME Chat"'))) == key_of(site)


def test_snapshot_holds_the_app_but_not_the_renderer() -> None:
    """The app's entry point and all it imports; not the renderer, whose wheels load after the start and
    would grow Python's memory past the 30 MiB that Pyodide 314 can restore (pyodide#6254)."""
    assert "plauder.web.main" in SNAPSHOT_IMPORTS
    assert not [name for name in SNAPSHOT_IMPORTS if name.startswith("plauder.render")]


def test_the_worker_and_the_page_share_one_storage_module(site: dict[str, bytes]) -> None:
    store = only(site, r"snapshots\.[0-9a-f]{10}\.js")
    worker = site[only(site, r"snapshot-worker\.[0-9a-f]{10}\.js")].decode()
    assert f'from "./{store}";' in worker and f'from "./{store}";' in interpreter_module(site)
