"""Schema migrations in the real browser: every shipped version upgrades without loss, a failed one changes nothing,
and tabs of different versions step aside for each other."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from plauder.core.schema import VERSION
from tests.e2e.conftest import Session

FIXTURES = Path(__file__).parent / "fixtures"

# Creates a database exactly as a fixture describes it: its version, stores, indexes and records.
SEED = """async (fixture) => {
  await new Promise((ok) => { const r = indexedDB.deleteDatabase("plauder"); r.onsuccess = r.onerror = ok; });
  const db = await new Promise((ok, no) => {
    const request = indexedDB.open("plauder", fixture.version);
    request.onupgradeneeded = () => {
      for (const [name, store] of Object.entries(fixture.stores)) {
        const created = request.result.createObjectStore(name, { keyPath: store.keyPath });
        for (const [index, keyPath] of Object.entries(store.indexes)) created.createIndex(index, keyPath);
      }
    };
    request.onsuccess = () => ok(request.result);
    request.onerror = () => no(request.error);
  });
  const names = Object.keys(fixture.records);
  const transaction = db.transaction(names, "readwrite");
  for (const name of names) for (const record of fixture.records[name]) transaction.objectStore(name).put(record);
  await new Promise((ok) => { transaction.oncomplete = ok; });
  db.close();
}"""

# The database as the browser holds it: version, each store's indexes and records (opened without upgrading).
DUMP = """async () => {
  const db = await new Promise((ok) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result); });
  const dump = { version: db.version, stores: {} };
  for (const name of db.objectStoreNames) {
    const store = db.transaction(name).objectStore(name);
    const records = await new Promise((ok) => { const r = store.getAll(); r.onsuccess = () => ok(r.result); });
    dump.stores[name] = { indexes: [...store.indexNames], records };
  }
  db.close();
  return dump;
}"""


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def seed(page: Page, app_url: str, database: dict[str, Any]) -> None:
    """Create the database on the app's origin before the app ever opens it."""
    page.goto(app_url + "sw.js")  # any file of the origin: the app itself must not run yet
    page.evaluate(SEED, database)


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record.get("id", record.get("key")): record for record in records}


def test_version_1_upgrades_without_losing_anything(session: Session, app_url: str) -> None:
    page, old = session.page, fixture("schema_v1.json")
    seed(page, app_url, old)
    session.boot(app_url)

    expect(page.locator("#conversations button.conversation")).to_have_count(2)
    page.locator("#conversations button.conversation", has_text="Rhymes with orange").click()
    expect(page.locator('#messages article[data-role="assistant"] .content')).to_have_text("Sporange, almost.")
    page.locator("#conversations button.conversation", has_text="Holiday plans").click()
    expect(page.locator('#messages article[data-role="assistant"] .content')).to_have_text("Try the Baltic coast.")

    upgraded = page.evaluate(DUMP)
    assert upgraded["version"] == VERSION
    assert "folders" in upgraded["stores"] and "folder_id" in upgraded["stores"]["conversations"]["indexes"]
    assert set(upgraded["stores"]["files"]["indexes"]) == {"message_id", "conversation_id"}  # version 3: pictures
    for name, records in old["records"].items():  # every record of version 1 is still there, unchanged
        assert by_id(upgraded["stores"][name]["records"]) == by_id(records)
    assert session.record.page_errors == []


def test_a_failed_migration_leaves_the_old_data_and_says_so(session: Session, app_url: str) -> None:
    page, old = session.page, fixture("schema_v1.json")
    # A version 1 database that somehow already holds a store named like one version 2 creates.
    broken = {**old, "stores": {**old["stores"], "folders": {"keyPath": "id", "indexes": {}}}}
    seed(page, app_url, broken)
    session.boot(app_url)

    expect(page.locator("#notice")).to_contain_text(f"could not update its stored data from version 1 to {VERSION}")
    expect(page.locator("#notice")).to_contain_text("ConstraintError")
    expect(page.locator("#notice")).to_contain_text("left exactly as they were")
    after = page.evaluate(DUMP)
    assert after["version"] == 1
    for name, records in old["records"].items():
        assert by_id(after["stores"][name]["records"]) == by_id(records)


def test_an_older_tab_is_waited_for_and_a_newer_one_takes_over(session: Session, app_url: str) -> None:
    old_tab, old = session.page, fixture("schema_v1.json")
    seed(old_tab, app_url, old)
    # An old build's tab: holds the database open at version 1 and ignores requests to let go.
    old_tab.evaluate("""() => new Promise((ok) => { const r = indexedDB.open("plauder", 1);
                                                     r.onsuccess = () => { window.oldDb = r.result; ok(); }; })""")
    new_tab = old_tab.context.new_page()
    new_tab.goto(app_url)
    expect(new_tab.locator("#notice")).to_contain_text("waits for its other tabs", timeout=60_000)
    old_tab.evaluate("window.oldDb.close()")
    new_tab.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    expect(new_tab.locator("#conversations button.conversation")).to_have_count(2)
    expect(new_tab.locator("#notice")).to_be_hidden()

    # A newer build opens in a third tab: this one lets go and says to reload.
    newer = old_tab.context.new_page()
    newer.goto(app_url + "sw.js")
    newer.evaluate(f"""() => new Promise((ok) => {{ const r = indexedDB.open("plauder", {VERSION + 1});
                                                    r.onsuccess = () => {{ r.result.close(); ok(); }}; }})""")
    expect(new_tab.locator("#notice")).to_contain_text("Reload this page")
