"""The planned site: self-contained, relative, strict, and written all at once."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest

from plauder.core.i18n import translate
from plauder.core.servers import KNOWN_SERVERS
from plauder_build import site as site_module
from plauder_build.admin import parse_admin_config
from plauder_build.csp import content_security_policy
from plauder_build.errors import BuildError
from plauder_build.site import Project, plan_site, write_site

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return plan_site(Project(ROOT))


def referenced_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href|config)="([^"]+)"', html)


def test_page_references_only_files_of_the_build_by_relative_url(site: dict[str, bytes]) -> None:
    """Every URL in the page is relative (so any sub-path works) and names a file the build has."""
    urls = [url for url in referenced_urls(site["index.html"].decode()) if not url.startswith("#")]  # in-page
    assert urls
    for url in urls:
        assert url.startswith("./"), url
        assert url[2:] in site, url


def test_pyscript_config_points_at_vendored_runtime_and_wheels(site: dict[str, bytes]) -> None:
    """The interpreter (our module over the vendored Pyodide) and every package come from the build itself,
    cached passthrough (no micropip)."""
    [config_name] = [name for name in site if re.fullmatch(r"pyscript\.[0-9a-f]{10}\.json", name)]
    config = json.loads(site[config_name])
    assert config["packages_cache"] == "passthrough"
    assert re.fullmatch(r"\./interpreter\.[0-9a-f]{10}\.js", config["interpreter"])  # Pyodide, via test_snapshot.py
    for url in [config["interpreter"], *config["packages"]]:
        assert url.startswith("./") and url[2:] in site, url
    assert [url.split("-")[0] for url in config["packages"]] == ["./wheels/plauder"]  # only the app at start


def test_the_page_asks_for_every_module_of_the_start_at_once(site: dict[str, bytes]) -> None:
    """Modules that import one another load in turns; the page names them all up front instead: PyScript's,
    the interpreter module with its snapshot store, and Pyodide's (which the interpreter imports late)."""
    page = site["index.html"].decode()
    preloaded = re.findall(r'<link rel="modulepreload" href="\./([^"]+)">', page)
    config = json.loads(site[re.search(r'config="\./([^"]+)"', page).group(1)])
    interpreter = config["interpreter"][2:]
    assert interpreter in preloaded
    assert re.search(r'import .* from "\./([^"]+)"', site[interpreter].decode()).group(1) in preloaded
    assert {name.rsplit("/", 1)[-1] for name in preloaded} >= {"core.js", "pyodide.mjs", "pyodide.asm.mjs"}
    assert all(name in site and name.endswith((".js", ".mjs")) for name in preloaded)


def test_the_renderer_wheels_are_listed_for_after_the_start(site: dict[str, bytes]) -> None:
    page = site["index.html"].decode()
    listed = json.loads(re.search(r'id="deferred-wheels">(.*?)</script>', page).group(1))
    assert {url.split("/")[-1].split("-")[0] for url in listed} >= {"markdown_it_py", "pygments", "latex2mathml"}
    assert all(url.startswith("./wheels/") and url[2:] in site for url in listed)


def test_the_renderer_modules_are_listed_in_the_order_their_imports_finish(site: dict[str, bytes]) -> None:
    """The page imports them a slice at a time (web/import_slices.py), the renderer itself last."""
    page = site["index.html"].decode()
    listed = json.loads(re.search(r'id="deferred-imports">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert listed[-1] == "plauder.render"
    assert listed.index("markdown_it") < listed.index("plauder.render.markdown")


def test_no_source_maps_and_no_absolute_or_foreign_urls(site: dict[str, bytes]) -> None:
    """No source maps ship, and our own files never name an absolute path or another host."""
    assert not [name for name in site if name.endswith(".map")]
    own = [name for name in site if not name.startswith("vendor/") and not name.endswith(".whl")]
    for name in own:
        text = site[name].decode()
        assert not re.search(r'(?:src|href)="(?:/|https?:)', text), name


def test_page_carries_the_strict_policy(site: dict[str, bytes]) -> None:
    """The Content-Security-Policy meta tag holds the strict policy: wasm allowed, eval not."""
    [meta] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', site["index.html"].decode())
    policy = content_security_policy()
    assert html.unescape(meta) == policy
    assert "'wasm-unsafe-eval'" in policy and "'unsafe-eval'" not in policy and "unsafe-inline" not in policy


def test_every_loaded_file_has_a_versioned_or_hashed_name(site: dict[str, bytes]) -> None:
    """Only the page and the service worker keep their names; everything else changes name with version or content."""
    for name in site:
        if name in {"index.html", "sw.js"}:
            continue
        assert re.search(r"(\.[0-9a-f]{10}\.|vendor/[a-z]+-\d+\.\d+\.\d+/|wheels/[^/]+-\d[^/]*\.whl$)", name), name


def test_every_python_of_the_build_loads_its_compiled_standard_library(site: dict[str, bytes]) -> None:
    """The page (and through it the snapshot worker), the code runner and the document reader name the build's
    standard library, named by its content; Pyodide's own copy of source is not in the build."""
    (stdlib,) = [name for name in site if re.fullmatch(r"vendor/pyodide-[^/]+/python_stdlib\.[0-9a-f]{10}\.zip", name)]
    assert not [name for name in site if name.endswith("/python_stdlib.zip")]
    for script in (
        r"interpreter\.[0-9a-f]{10}\.js",
        r"code-worker\.[0-9a-f]{10}\.js",
        r"documents-worker\.[0-9a-f]{10}\.js",
    ):
        (name,) = [name for name in site if re.fullmatch(script, name)]
        text = site[name].decode()
        assert f'const STDLIB_URL = new URL("./{stdlib}", import.meta.url).href;' in text, name
        assert "stdLibURL: STDLIB_URL" in text, name


def test_write_site_replaces_the_whole_folder_with_gzip_twins(tmp_path: Path) -> None:
    """A rebuild leaves no stale file behind and adds .gz twins for large text."""
    out = tmp_path / "build"
    write_site({"old.txt": b"x"}, out)
    write_site({"index.html": b"<p>hi</p>" * 500, "a/b.js": b"1"}, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a/b.js",
        "index.html",
        "index.html.gz",
    ]
    assert not list(tmp_path.glob("build.*"))


def test_a_rebuild_gzips_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unchanged file keeps the previous build's twin (gzip -9 of the runtime takes seconds); a changed one
    gets a new twin of its new bytes."""
    out = tmp_path / "build"
    page, old_script, new_script = b"<p>hi</p>" * 500, b"x = 1;\n" * 500, b"x = 2;\n" * 500
    write_site({"index.html": page, "a.js": old_script}, out)
    gzipped: list[str] = []
    real = site_module.gzip_twin
    monkeypatch.setattr(site_module, "gzip_twin", lambda path, data: gzipped.append(path) or real(path, data))
    write_site({"index.html": page, "a.js": new_script}, out)
    assert gzipped == ["a.js"]
    assert gzip.decompress((out / "a.js.gz").read_bytes()) == new_script
    assert gzip.decompress((out / "index.html.gz").read_bytes()) == page


def test_failed_plan_leaves_previous_build_untouched(tmp_path: Path) -> None:
    """A build that fails while planning writes nothing: the old build/ still serves."""
    out = tmp_path / "build"
    write_site({"index.html": b"old"}, out)
    broken = Project(tmp_path / "no-such-project")
    with pytest.raises(BuildError, match="npm ci"):
        write_site(plan_site(broken), out)
    assert (out / "index.html").read_bytes() == b"old"


def test_service_worker_lists_every_file_and_changes_with_the_build(site: dict[str, bytes]) -> None:
    """The worker precaches exactly the build's files; a different build gives a different worker."""
    worker = site["sw.js"].decode()
    listed = json.loads(re.search(r"const FILES = (\[.*?\]);", worker).group(1))  # type: ignore[union-attr]
    assert sorted(listed) == sorted(name for name in site if name != "sw.js")
    other = plan_site(Project(ROOT), parse_admin_config('[app]\ntitle = "Other"'))
    assert other["sw.js"] != site["sw.js"]


def test_the_settings_and_the_first_run_offer_every_known_server(site: dict[str, bytes]) -> None:
    """The servers to add come from core.servers, in its order, by name (the catch-all by its translated text)."""
    page = site["index.html"].decode()
    select = re.search(r'<select id="new-backend-server">(.*?)</select>', page, re.DOTALL)
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select.group(1))  # type: ignore[union-attr]
    expected = [(s.id, s.name or translate("en", "servers.other")) for s in KNOWN_SERVERS]
    assert options == expected
    offered = re.findall(r'data-server="([^"]+)"', page)
    assert offered == [s.id for s in KNOWN_SERVERS] * 2  # the welcome, and its template for later


def test_the_document_readers_wheels_load_only_into_the_document_worker(site: dict[str, bytes]) -> None:
    """pypdf, openpyxl and et_xmlfile ship in the build (and so in the service worker's cache, for offline
    use) but the page never loads them: only the document worker names them, per type, and the page names
    only the worker, which it starts at the first document."""
    page = site["index.html"].decode()
    deferred = json.loads(re.search(r'id="deferred-wheels">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    worker_url = json.loads(re.search(r'id="documents-worker">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert re.fullmatch(r"\./documents-worker\.[0-9a-f]{10}\.js", worker_url) and worker_url[2:] in site
    worker = site[worker_url[2:]].decode()
    libraries = json.loads(re.search(r"const LIBRARIES = (\{.*?\});", worker).group(1))  # type: ignore[union-attr]
    assert {kind: [path.split("/")[1].split("-")[0] for path in paths] for kind, paths in libraries.items()} == {
        "application/pdf": ["pypdf"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["et_xmlfile", "openpyxl"],
    }
    shipped = [path for paths in libraries.values() for path in paths]
    assert all(path in site for path in shipped)
    assert not {f"./{path}" for path in shipped} & set(deferred)
    for module in re.findall(r'<link rel="modulepreload" href="\./([^"]+)">', page):
        assert "documents-worker" not in module
    app_wheel = next(name for name in site if name.startswith("wheels/plauder-"))
    assert f'"./{app_wheel}"' in worker and 'import { loadPyodide } from "./vendor/pyodide-' in worker
    cached = json.loads(re.search(r"const FILES = (\[.*?\]);", site["sw.js"].decode()).group(1))  # type: ignore[union-attr]
    assert {worker_url[2:], *shipped} <= set(cached)


def test_a_document_library_that_is_not_pinned_stops_the_build() -> None:
    from plauder_build import documents, wheels

    pins = [wheels.WheelPin("pypdf", "7.1.1", frozenset({"0" * 64}))]
    with pytest.raises(BuildError, match="pins no et-xmlfile, openpyxl"):
        documents.document_wheels(pins, [Path("pypdf-7.1.1-py3-none-any.whl")])
