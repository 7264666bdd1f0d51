"""Offline start from the service worker, and a redeploy picked up whole."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import expect

from plauder_build.admin import parse_admin_config
from plauder_build.server import BuildServer, make_server
from plauder_build.site import Project, plan_site, write_site
from tests.e2e.conftest import PREFIX, ROOT, Session, free_port


def build(out: Path, title: str) -> None:
    write_site(plan_site(Project(ROOT), parse_admin_config(f'[app]\ntitle = "{title}"')), out)


def serve(out: Path, port: int) -> BuildServer:
    server = make_server(out, "127.0.0.1", port, PREFIX)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(server: BuildServer) -> None:
    server.shutdown()
    server.server_close()


def caches(session: Session) -> list[str]:
    return list(session.page.evaluate("caches.keys()"))


def served_by(session: Session) -> set[str]:
    """Who answered each of the build's files this page loaded: "cache" where the browser's static routes
    took them from the worker's cache without running it."""
    return set(
        session.page.evaluate(
            """() => performance.getEntriesByType("resource")
                .filter((entry) => entry.name.startsWith(location.origin))
                .map((entry) => entry.workerMatchedSourceType)"""
        )
    )


def test_starts_without_its_server_and_picks_up_a_new_build(
    open_session: Callable[..., Session], tmp_path: Path
) -> None:
    out, port = tmp_path / "build", free_port()
    build(out, "Build A")
    server = serve(out, port)
    session = open_session(service_workers="allow")
    page = session.page
    session.boot(server.url)
    page.locator("html[data-offline=ready]").wait_for(state="attached", timeout=60_000)
    [first_cache] = caches(session)

    stop(server)  # the intranet server is gone
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    expect(page).to_have_title("Build A")
    expect(page.locator("#send")).to_be_enabled()
    assert served_by(session) == {"cache"}

    build(out, "Build B")  # a redeploy, on the same address
    server = serve(out, port)
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    expect(page).to_have_title("Build B")
    expect(page.locator(".brand .brand-name")).to_have_text("Build B")
    page.wait_for_function(f"caches.keys().then(k => k.length === 1 && k[0] !== {first_cache!r})", timeout=60_000)
    stop(server)
    page.reload()  # offline again: now the new build starts from the cache
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    expect(page).to_have_title("Build B")
    assert served_by(session) == {"cache"}
    assert session.record.page_errors == []
