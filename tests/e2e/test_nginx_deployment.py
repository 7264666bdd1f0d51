"""Deployment: the build folder under a sub-path of real nginx, configured by deploy/nginx.conf."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plauder_build.csp import code_worker_policy, content_security_policy
from tests.e2e.chat_ui import send, wait_for_answer
from tests.e2e.conftest import PREFIX, ROOT, Session, free_port
from tests.e2e.fault_server import TOKENS

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
EXAMPLE = ROOT / "deploy" / "nginx.conf"
EXAMPLE_ROOT = "root /srv/www;"


def nginx_conf(work: Path, web_root: Path, port: int) -> str:
    """A complete nginx.conf around the repo's example location block, with Debian's stock types."""
    example = EXAMPLE.read_text()
    assert EXAMPLE_ROOT in example, "deploy/nginx.conf no longer has the root line this test points elsewhere"
    location = example.replace(EXAMPLE_ROOT, f"root {web_root};")
    temp = "\n".join(
        f"    {kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
user root;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
    server {{
        listen 127.0.0.1:{port};
{location}
    }}
}}
"""


@pytest.fixture(scope="module")
def nginx_url(preset_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert Path(NGINX).exists(), "nginx is missing: run scripts/setup.sh --test"
    work = tmp_path_factory.mktemp("nginx")
    web_root = work / "www"
    shutil.copytree(preset_site, web_root / PREFIX.strip("/"))
    port = free_port()
    (work / "nginx.conf").write_text(nginx_conf(work, web_root, port))
    process = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf")], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}{PREFIX}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"nginx did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def head(url: str, **headers: str) -> dict[str, str]:
    request = urllib.request.Request(url, method="HEAD", headers=headers)
    with urllib.request.urlopen(request) as response:
        return {key.lower(): value for key, value in response.headers.items()}


def test_preset_build_boots_and_chats_from_nginx_under_a_sub_path(session: Session, nginx_url: str) -> None:
    """With the example config, real nginx serves an admin's preset build that boots cleanly and chats."""
    session.boot(nginx_url)
    send(session.page, "Hello from behind nginx.")
    expect(wait_for_answer(session.page).locator(".content")).to_have_text("".join(TOKENS))
    session.assert_clean()
    page_requests = [url for url in session.record.requests if url.startswith(nginx_url.split(PREFIX)[0])]
    assert all(PREFIX in url for url in page_requests)


def test_example_config_sends_the_headers_the_app_needs(preset_site: Path, nginx_url: str) -> None:
    """.mjs as JavaScript, gzip twins, immutable caching for files, revalidation and the build's CSP for the page."""
    mjs = next(preset_site.glob("vendor/pyodide-*/pyodide.mjs")).relative_to(preset_site).as_posix()
    assert head(nginx_url + mjs)["content-type"].startswith("text/javascript")
    wasm = head(nginx_url + mjs.replace("pyodide.mjs", "pyodide.asm.wasm"), **{"Accept-Encoding": "gzip"})
    assert wasm["content-type"] == "application/wasm" and wasm["content-encoding"] == "gzip"
    assert wasm["cache-control"] == "public, max-age=31536000, immutable"
    page = head(nginx_url)
    assert page["cache-control"] == "no-cache"
    assert page["content-security-policy"] == content_security_policy()
    code_worker = next(preset_site.glob("code-worker.*.js")).name  # the code run there has a policy of its own
    worker = head(nginx_url + code_worker, **{"Accept-Encoding": "gzip"})
    assert worker["content-security-policy"] == code_worker_policy() and worker["content-encoding"] == "gzip"
    assert worker["cache-control"] == "public, max-age=31536000, immutable"
    assert worker["content-type"].startswith("application/javascript") or worker["content-type"].startswith("text/")
