"""The snapshot start: a later start restores Python from the snapshot of its build, and any doubt falls back.

The first start of a build makes the snapshot in a worker once the app is ready (html[data-snapshot-save]);
later starts restore it (html[data-snapshot=restored], the performance mark plauder:snapshot-restored).
Another build's snapshot, a corrupt one and one that fails to restore are deleted, the start goes on
as without one, and a new one is made. The snapshot never holds what the user stored.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from plauder_build.server import BuildServer, make_server
from plauder_build.site import Project, plan_site, write_site
from tests.e2e.chat_ui import add_backend, choose_model, close_settings, send, wait_for_answer, wait_for_renderer
from tests.e2e.conftest import BOOT_TIMEOUT_MS, PREFIX, ROOT, Session
from tests.e2e.fault_server import TOKENS, FaultServer

SNAPSHOT_TIMEOUT_MS = 180_000  # a second Python boots in the worker, on a machine busy with the page's own
API_KEY = "sk-snapshot-probe-key-77c4e1"
MESSAGE = "snapshot probe message 5e1b9d"
ANSWER = "snapshot probe answer 0a6f3c"

# The snapshot database's records, without their contents (and without creating the database).
RECORDS = """async () => {
  if (!(await indexedDB.databases()).some((d) => d.name === "plauder-snapshots")) return [];
  const db = await new Promise((ok, no) => { const r = indexedDB.open("plauder-snapshots");
                                             r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  const store = db.transaction("snapshots").objectStore("snapshots");
  const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()].map((r) =>
    new Promise((ok) => { r.onsuccess = () => ok(r.result); })));
  db.close();
  return values.map((v, i) => ({scope: keys[i], key: v.key, size: v.contents ? v.contents.size : 0,
                                unmakeable: v.unmakeable || null}));
}"""
# The start times of the performance marks named, by name.
MARKS = "(names) => Object.fromEntries(names.map((n) => [n, performance.getEntriesByName(n).map((e) => e.startTime)]))"
# Change the one record's contents with `change(bytes)`; with `rehash` its stored hash is made to match again.
ALTER = """async ([change, rehash]) => {
  const db = await new Promise((ok) => {
    const r = indexedDB.open("plauder-snapshots");
    r.onsuccess = () => ok(r.result);
  });
  const get = db.transaction("snapshots").objectStore("snapshots").getAll();
  const [record] = await new Promise((ok) => { get.onsuccess = () => ok(get.result); });
  const keys = db.transaction("snapshots").objectStore("snapshots").getAllKeys();
  const [scope] = await new Promise((ok) => { keys.onsuccess = () => ok(keys.result); });
  const bytes = new Uint8Array(await record.contents.arrayBuffer());
  if (change === "middle") bytes[bytes.length >> 1] ^= 0xff;
  if (change === "magic") bytes[0] ^= 0xff;
  record.contents = new Blob([bytes]);
  const snapshot = bytes.subarray(0, record.snapshotSize);
  if (rehash) record.snapshotSha256 = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", snapshot)),
                                                (b) => b.toString(16).padStart(2, "0")).join("");
  const put = db.transaction("snapshots", "readwrite").objectStore("snapshots").put(record, scope);
  await new Promise((ok) => { put.onsuccess = ok; });
  db.close();
}"""
# Which of `needles` (ASCII) occur in the stored bytes: Python keeps an ASCII str one byte per character.
CONTAINS = """async (needles) => {
  const db = await new Promise((ok) => {
    const r = indexedDB.open("plauder-snapshots");
    r.onsuccess = () => ok(r.result);
  });
  const get = db.transaction("snapshots").objectStore("snapshots").getAll();
  const [record] = await new Promise((ok) => { get.onsuccess = () => ok(get.result); });
  db.close();
  const bytes = new Uint8Array(await record.contents.arrayBuffer());
  const text = new TextDecoder("windows-1252").decode(bytes); // one character per byte
  const wide = new TextDecoder("utf-16le").decode(bytes.subarray(0, bytes.length & ~1));
  return needles.map((needle) => text.includes(needle) || wide.includes(needle));
}"""
# Main-thread tasks over 50 ms, recorded from the start of the page (an init script).
RECORD_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) => __longTasks.push([e.startTime, e.duration])))
  .observe({type: "longtask"});
"""
# The longest main-thread task while the snapshot was made and written.
LONGEST_TASK_WHILE_SAVING = """() => {
  const from = performance.getEntriesByName("plauder:snapshot-making")[0].startTime;
  const write = performance.getEntriesByName("plauder:snapshot-write")[0];
  const until = write.startTime + write.duration;
  return Math.max(0, ...__longTasks.filter(([start]) => start >= from && start <= until).map(([, d]) => d));
}"""
DISCARD = """() => new Promise((ok) => { const r = indexedDB.deleteDatabase("plauder-snapshots");
                                   r.onsuccess = r.onerror = r.onblocked = () => ok(); })"""


@pytest.fixture
def session(open_session: Callable[..., Session]) -> Session:
    """A session that makes snapshots (the others' contexts skip the worker)."""
    return open_session(snapshots=True)


def state(page: Page) -> tuple[str | None, str | None]:
    """(how this start went, what became of saving a snapshot)."""
    found = page.evaluate("[document.documentElement.dataset.snapshot, document.documentElement.dataset.snapshotSave]")
    return found[0], found[1]


def wait_for_snapshot(page: Page) -> None:
    page.locator("html[data-snapshot-save=made], html[data-snapshot-save=failed]").wait_for(
        state="attached", timeout=SNAPSHOT_TIMEOUT_MS
    )
    assert state(page)[1] == "made"


def reload(page: Page) -> None:
    page.reload()
    page.locator("html[data-boot=ready], html[data-boot=failed]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
    assert page.evaluate("document.documentElement.dataset.boot") == "ready"


def the_key_in(page: Page) -> str:
    """The key this build gives its snapshot, read from the interpreter module the page loaded."""
    url = page.evaluate("performance.getEntriesByType('resource').map(e => e.name).find(n => /interpreter\\./.test(n))")
    return re.search(r'const KEY = "([^"]+)";', page.request.get(url).text()).group(1)


def works(page: Page) -> None:
    """Python runs the app: controls are enabled, settings show the Python version, the renderer loads."""
    expect(page.locator("#send")).to_be_enabled()
    page.locator("#open-settings").click()
    expect(page.locator("#python-version")).to_contain_text("Pyodide 314")
    close_settings(page)
    wait_for_renderer(page)


def test_second_start_restores_from_the_snapshot_and_sends_what_was_typed_early(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """The first start makes the snapshot without blocking the page; the second starts from it, and a message
    sent while it loads goes out."""
    page = session.page
    page.context.add_init_script(RECORD_LONG_TASKS)
    session.boot(app_url)
    assert state(page)[0] == "none"
    add_backend(page, "other", f"{fault_server.url}/v1")  # the first listed model, "ok", becomes the default
    close_settings(page)
    wait_for_snapshot(page)
    assert page.evaluate(LONGEST_TASK_WHILE_SAVING) <= 50  # made and written in a worker: the page stays free
    made = page.evaluate("performance.getEntriesByName('plauder:snapshot-write')[0].detail.bytes")
    assert 20e6 < made < 40e6
    [record] = page.evaluate(RECORDS)
    assert (record["scope"], record["key"], record["unmakeable"]) == (PREFIX, the_key_in(page), None)

    held: list[Route] = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.reload()
    while not held:
        page.wait_for_timeout(20)
    send(page, "Sent early.")
    expect(page.locator("#boot-pending")).to_be_visible()
    held[0].continue_()
    answer = wait_for_answer(page)
    expect(answer.locator(".content")).to_have_text("".join(TOKENS))
    assert state(page) == ("restored", None)
    assert page.evaluate("performance.getEntriesByName('plauder:snapshot-restored').length") == 1
    # The restore began as the interpreter module ran, not at PyScript's call, and PyScript got it after it asked.
    marks = page.evaluate(MARKS, ["plauder:python-restore", "plauder:python-load", "plauder:python-started"])
    assert len(marks["plauder:python-restore"]) == 1
    assert marks["plauder:python-load"][0] <= marks["plauder:python-started"][0]
    works(page)
    session.assert_clean()


class OtherVersion(Project):
    """The same project at another version: another app wheel, so another build for the snapshot."""

    def version(self) -> str:
        return "0.1.0.post1"


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[Path, BuildServer]]:
    """A build folder of this test's own, served under the usual prefix."""
    out = tmp_path / "build"
    write_site(plan_site(Project(ROOT)), out)
    server = make_server(out, "127.0.0.1", 0, PREFIX)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, server
    server.shutdown()
    server.server_close()


def test_a_new_build_discards_the_old_snapshot(
    open_session: Callable[..., Session], own_server: tuple[Path, BuildServer]
) -> None:
    """A redeploy with other app code: the old snapshot is deleted at the next start, which starts as
    without one; then a snapshot of the new build is made."""
    out, server = own_server
    session = open_session(snapshots=True)
    page = session.page
    session.boot(server.url)
    wait_for_snapshot(page)
    old_key = the_key_in(page)
    assert [record["key"] for record in page.evaluate(RECORDS)] == [old_key]

    write_site(plan_site(OtherVersion(ROOT)), out)  # the redeploy, on the same address
    reload(page)
    new_key = the_key_in(page)
    assert new_key != old_key
    assert state(page)[0] == "stale"
    assert page.evaluate(RECORDS) == []  # deleted before Python started, not merely ignored
    works(page)
    wait_for_snapshot(page)
    assert [record["key"] for record in page.evaluate(RECORDS)] == [new_key]
    session.assert_clean()


def test_a_corrupt_or_unrestorable_snapshot_falls_back_and_the_app_works(session: Session, app_url: str) -> None:
    """Bytes that no longer match their hash are never handed to Pyodide: the start goes on without them,
    deletes them and makes a new snapshot. Bytes that match but fail inside Pyodide (here: a broken header)
    mark the build as one not to snapshot again, since a new snapshot would fail alike. Either way the app
    starts and says nothing alarming."""
    page = session.page
    session.boot(app_url)
    wait_for_snapshot(page)

    page.evaluate(ALTER, ["middle", False])
    reload(page)
    assert state(page)[0] == "corrupt"
    assert page.evaluate(RECORDS) == []
    works(page)
    expect(page.locator("#notice")).to_be_hidden()
    wait_for_snapshot(page)
    reload(page)
    assert state(page)[0] == "restored"

    page.evaluate(ALTER, ["magic", True])
    reload(page)
    assert state(page)[0] == "unrestorable"
    [record] = page.evaluate(RECORDS)
    assert record["size"] == 0 and "magic number" in record["unmakeable"]
    works(page)
    expect(page.locator("#notice")).to_be_hidden()
    reload(page)
    page.wait_for_timeout(8000)  # longer than a start waits before it would make a snapshot
    assert state(page) == ("unmakeable", None)
    works(page)
    session.assert_clean()


def test_an_app_wheel_the_browser_cannot_read_is_not_snapshotted(session: Session, app_url: str) -> None:
    """The page and the snapshot worker read the app wheel alike (wheel-files.js). Served damaged to both, the page
    has Pyodide install it, and the worker marks the build as one not to snapshot rather than retry at every
    start."""
    fetched: list[str] = []

    def damage_all_but_the_installers(route: Route) -> None:
        fetched.append(route.request.url)
        if len(fetched) == 2:  # Pyodide's installer, after the page's own read failed
            route.continue_()
        else:
            route.fulfill(status=200, body=b"PK\x03\x04 not really a wheel", content_type="application/octet-stream")

    page = session.page
    page.route(re.compile(r"/wheels/plauder-[^/]*\.whl$"), damage_all_but_the_installers)
    session.boot(app_url)
    assert page.evaluate("document.documentElement.dataset.appWheel") == "installed"
    page.locator("html[data-snapshot-save=failed]").wait_for(state="attached", timeout=SNAPSHOT_TIMEOUT_MS)
    [record] = page.evaluate(RECORDS)
    assert record["size"] == 0 and record["unmakeable"]
    assert len(fetched) == 3
    page.unroute(re.compile(r"/wheels/plauder-[^/]*\.whl$"))
    reload(page)
    assert state(page)[0] == "unmakeable"
    works(page)


def test_the_snapshot_holds_no_key_and_no_message(session: Session, app_url: str, fault_server: FaultServer) -> None:
    """Made after a start that read an API key and a conversation (and once more after one that wrote
    them), the stored snapshot holds neither: it comes from a Python that never saw the user's data."""
    page = session.page
    session.boot(app_url)
    add_backend(page, "other", f"{fault_server.url}/v1", api_key=API_KEY)
    close_settings(page)
    choose_model(page, "scripted")
    fault_server.queue_answer(ANSWER)
    send(page, MESSAGE)
    expect(wait_for_answer(page).locator(".content")).to_have_text(ANSWER)
    wait_for_snapshot(page)
    control = "plauder.web.main"  # a name the snapshot holds: the search finds what is there
    assert page.evaluate(CONTAINS, [control, API_KEY, MESSAGE, ANSWER]) == [True, False, False, False]

    page.evaluate(DISCARD)
    reload(page)  # this start reads the key and the conversation list before the snapshot is made
    assert state(page)[0] == "none"
    page.locator("#conversations a, #conversations button", has_text=MESSAGE[:12]).first.click()
    expect(page.locator('#messages article[data-role="assistant"] .content')).to_have_text(ANSWER)
    wait_for_snapshot(page)
    assert page.evaluate(CONTAINS, [control, API_KEY, MESSAGE, ANSWER]) == [True, False, False, False]
    session.assert_clean()


def test_an_offline_start_restores_the_snapshot(
    open_session: Callable[..., Session], own_server: tuple[Path, BuildServer]
) -> None:
    """With the server gone, the service worker serves the build and the start still comes from the snapshot
    (kept in IndexedDB, apart from the worker's Cache Storage, which holds one cache per build)."""
    _, server = own_server
    session = open_session(service_workers="allow", snapshots=True)
    page = session.page
    session.boot(server.url)
    page.locator("html[data-offline=ready]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
    wait_for_snapshot(page)
    server.shutdown()
    server.server_close()
    reload(page)
    assert state(page)[0] == "restored"
    works(page)
    assert len(page.evaluate("caches.keys()")) == 1
    assert session.record.page_errors == []
