"""The dev server serves the build as production should: types, caching, gzip, sub-path."""

from __future__ import annotations

import gzip
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from plauder_build.csp import code_worker_policy, content_security_policy
from plauder_build.server import make_server, snapshot, watch


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("build")
    (root / "index.html").write_text("<!doctype html><p>hi</p>")
    (root / "vendor").mkdir()
    (root / "vendor" / "pyodide.mjs").write_text("export {};")
    (root / "vendor" / "pyodide.asm.wasm").write_bytes(b"\0asm" + b"\0" * 2000)
    (root / "vendor" / "pyodide.asm.wasm.gz").write_bytes(gzip.compress(b"\0asm" + b"\0" * 2000))
    (root / "code-worker.0123456789.js").write_text("export {};")
    (root / "documents-worker.0123456789.js").write_text("export {};")
    server = make_server(root, "127.0.0.1", 0, "/plauder/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_page_is_revalidated_and_carries_the_policy(base_url: str) -> None:
    """The page is served with no-cache and the same CSP as its meta tag."""
    status, headers, _ = fetch(base_url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Content-Security-Policy"] == content_security_policy()


def test_the_code_worker_carries_a_policy_of_its_own(base_url: str) -> None:
    """The code a user runs in the code worker may reach only the build's files (csp.code_worker_policy); other
    scripts carry no policy (the page's holds for them)."""
    _, headers, _ = fetch(base_url + "code-worker.0123456789.js")
    assert headers["Content-Security-Policy"] == code_worker_policy()
    assert "connect-src 'self';" in code_worker_policy() + ";" and "'unsafe-eval'" not in code_worker_policy()
    _, headers, _ = fetch(base_url + "documents-worker.0123456789.js")
    assert "Content-Security-Policy" not in headers


def test_module_and_wasm_types_and_immutable_caching(base_url: str) -> None:
    """.mjs is JavaScript (else the browser refuses it) and .wasm is application/wasm, cached for good."""
    status, headers, _ = fetch(base_url + "vendor/pyodide.mjs")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers, _ = fetch(base_url + "vendor/pyodide.asm.wasm")
    assert headers["Content-Type"] == "application/wasm"


def test_gzip_twin_is_served_when_accepted(base_url: str) -> None:
    """With Accept-Encoding: gzip the precompressed twin goes out, with the original's type."""
    _, headers, body = fetch(base_url + "vendor/pyodide.asm.wasm", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and headers["Content-Type"] == "application/wasm"
    assert gzip.decompress(body).startswith(b"\0asm")
    _, headers, body = fetch(base_url + "vendor/pyodide.asm.wasm")
    assert "Content-Encoding" not in headers and body.startswith(b"\0asm")


def test_sub_path_is_enforced(base_url: str) -> None:
    """Outside the prefix is 404; the prefix without its slash redirects; missing files are 404."""
    root = base_url.removesuffix("plauder/")
    assert fetch(root + "index.html")[0] == 404
    assert fetch(base_url + "nothing.js")[0] == 404
    request = urllib.request.Request(base_url.rstrip("/"), method="HEAD")
    opener = urllib.request.build_opener(
        type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {"redirect_request": lambda *a, **k: None})
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request)
    assert caught.value.code == 301 and caught.value.headers["Location"] == "/plauder/"


def test_snapshot_notices_edits_additions_and_removals(tmp_path: Path) -> None:
    """The watcher's snapshot differs after any change, and ignores __pycache__."""
    (tmp_path / "a.py").write_text("1")
    before = snapshot([tmp_path])
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.pyc").write_text("x")
    assert snapshot([tmp_path]) == before
    (tmp_path / "b.py").write_text("2")
    assert snapshot([tmp_path]) != before


def test_watch_rebuilds_after_an_edit(tmp_path: Path) -> None:
    """The dev server's watcher calls rebuild once a watched file changes."""
    source = tmp_path / "page.html"
    source.write_text("one")
    rebuilt = threading.Event()
    watch([tmp_path], rebuilt.set, interval=0.02)
    time.sleep(0.1)
    assert not rebuilt.is_set()
    source.write_text("two, and longer")
    assert rebuilt.wait(timeout=5)
