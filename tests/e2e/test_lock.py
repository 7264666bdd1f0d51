"""The passphrase lock: keys encrypted at rest, unlocked once per session, a wrong passphrase opens nothing."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, send, use_fault_server, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer

SECRET = "sk-lock-test-9f3a"
PASSPHRASE = "correct horse battery"
NAME = "Erika Mustermann"  # a customer in the privacy guard's list of names: personal data, sealed with conversations

# Every record of every object store of Plauder's database, as the browser stores them.
RAW_DATABASE = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result);
                                             r.onerror = () => no(r.error); });
  const dump = {};
  for (const name of db.objectStoreNames) {
    dump[name] = await new Promise((ok) => { const r = db.transaction(name).objectStore(name).getAll();
                                             r.onsuccess = () => ok(r.result); });
  }
  db.close();
  return JSON.stringify(dump);
}"""


def set_lock(page: Page, passphrase: str, repeated: str) -> None:
    page.locator("#lock-passphrase").fill(passphrase)
    page.locator("#lock-repeat").fill(repeated)
    page.locator("#lock-apply").click()


def color(page: Page, selector: str) -> str:
    return str(page.evaluate("s => getComputedStyle(document.querySelector(s)).color", selector))


def refuses_a_wrong_passphrase(page: Page) -> None:
    """The passphrase dialog says a wrong passphrase is wrong, styled as the page's errors are, and stays open."""
    page.locator("#unlock-passphrase").fill("wrong passphrase")
    page.locator("#unlock-apply").click()
    expect(page.locator("#unlock-status")).to_have_text(
        "That passphrase is wrong. Nothing was unlocked.", timeout=30_000
    )
    assert color(page, "#unlock-status") == color(page, "#notice") != color(page, "#unlock-text")
    expect(page.locator("#unlock")).to_be_visible()


def save_names(page: Page, names: str) -> None:
    """Settings, Privacy: list `names` to be replaced (settings open)."""
    page.locator("#privacy-names").fill(names)
    page.locator("#save-privacy-names").click()
    expect(page.locator("#privacy-status")).to_contain_text("saved")


def reload(page: Page) -> None:
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)


def test_keys_are_sealed_and_open_only_with_the_passphrase(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    page = session.page
    session.boot(app_url)
    add_backend(page, "other", f"{fault_server.url}/v1", api_key=SECRET)
    assert SECRET in page.evaluate(RAW_DATABASE)  # the control: without a lock the key is stored as typed

    set_lock(page, "short", "short")
    expect(page.locator("#lock-status")).to_have_text("The passphrase needs at least 8 characters.")
    set_lock(page, PASSPHRASE, PASSPHRASE + "!")
    expect(page.locator("#lock-status")).to_have_text("The two passphrases differ.")
    set_lock(page, PASSPHRASE, PASSPHRASE)
    expect(page.locator("#lock-status")).to_have_text("Done: the API keys are now stored encrypted.", timeout=30_000)
    raw = page.evaluate(RAW_DATABASE)
    assert SECRET not in raw and PASSPHRASE not in raw and '"sealed_keys"' in raw

    reload(page)
    expect(page.locator("#unlock")).to_be_visible()
    expect(page.locator("#unlock-title")).to_have_text("Unlock your API keys")
    refuses_a_wrong_passphrase(page)
    page.locator("#unlock-passphrase").fill(PASSPHRASE)
    page.locator("#unlock-passphrase").press("Enter")
    expect(page.locator("#unlock")).to_be_hidden(timeout=30_000)

    choose_model(page, "test-only-echo-auth")
    send(page, "Which key?")
    expect(wait_for_answer(page).locator(".content")).to_have_text("Bearer •••")  # the unsealed key was sent
    assert [e for e in fault_server.requests() if e.case == "test-only-echo-auth"][-1].headers["authorization"] == (
        f"Bearer {SECRET}"
    )
    # The echoing test server put the key into the answer (shown masked); the settings hold it sealed only.
    assert SECRET not in json.dumps(json.loads(page.evaluate(RAW_DATABASE))["settings"])


def test_skipping_the_unlock_leaves_the_keys_locked(session: Session, app_url: str, fault_server: FaultServer) -> None:
    page = session.page
    session.boot(app_url)
    add_backend(page, "other", f"{fault_server.url}/v1", api_key=SECRET)
    set_lock(page, PASSPHRASE, PASSPHRASE)
    expect(page.locator("#lock-status")).to_have_text("Done: the API keys are now stored encrypted.", timeout=30_000)
    close_settings(page)
    reload(page)
    page.locator("#unlock-skip").click()
    page.locator("#open-settings").click()
    expect(page.locator("#lock-state")).to_contain_text("still locked")
    expect(page.locator('#backend-list [data-field="api_key"]')).to_have_value("")
    page.locator("#lock-unlock").click()
    page.locator("#unlock-passphrase").fill(PASSPHRASE)
    page.locator("#unlock-apply").click()
    expect(page.locator("#lock-state")).to_contain_text("unlocked for this session", timeout=30_000)
    expect(page.locator('#backend-list [data-field="api_key"]')).to_have_value(SECRET)


def test_sealed_conversations_stay_hidden_until_unlocked(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    page = session.page
    session.boot(app_url)
    use_fault_server(page, fault_server, "ok")
    send(page, "Plans for the secret merger")
    wait_for_answer(page)
    page.locator("#open-settings").click()
    save_names(page, NAME)
    raw = page.evaluate(RAW_DATABASE)
    assert "secret merger" in raw and NAME in raw  # the control: unlocked data is stored as written

    page.locator("#lock-conversations").check()
    set_lock(page, PASSPHRASE, PASSPHRASE)
    expect(page.locator("#lock-status")).to_have_text(
        "Done: API keys and conversations are now stored encrypted.", timeout=30_000
    )
    raw = page.evaluate(RAW_DATABASE)
    assert "secret merger" not in raw and PASSPHRASE not in raw and NAME not in raw and '"sealed_names"' in raw
    assert len(json.loads(raw)["messages"]) == 2  # both messages are there, sealed

    reload(page)
    expect(page.locator("#unlock")).to_be_visible()
    expect(page.locator("#unlock-title")).to_have_text("Unlock your conversations and API keys")
    expect(page.locator("#unlock-skip")).to_be_hidden()
    page.keyboard.press("Escape")  # a dialog's cancel: refused while conversations are sealed
    expect(page.locator("#unlock")).to_be_visible()
    expect(page.locator("#conversations button.conversation")).to_have_count(0)
    expect(page.locator("#conversations .empty")).to_have_text(
        "Your conversations are locked. Unlock them with your passphrase to see them."
    )
    refuses_a_wrong_passphrase(page)
    expect(page.locator("#conversations button.conversation")).to_have_count(0)
    page.locator("#unlock-passphrase").fill(PASSPHRASE)
    page.locator("#unlock-apply").click()
    expect(page.locator("#unlock")).to_be_hidden(timeout=30_000)

    page.locator("#open-settings").click()
    expect(page.locator("#privacy-names")).to_have_value(NAME)  # unsealed for the privacy guard
    save_names(page, f"{NAME}\nACME Corp")  # saved while unlocked: sealed again, never in the clear
    raw = page.evaluate(RAW_DATABASE)
    assert NAME not in raw and "ACME" not in raw
    close_settings(page)
    page.locator("#conversations button.conversation", has_text="secret merger").click()
    expect(page.locator('#messages article[data-role="user"]')).to_have_text(re.compile("Plans for the secret merger"))
    send(page, "And the timeline")
    expect(page.locator("#prompt")).to_have_value("")  # stored: the new turn, not the last one, is awaited next
    wait_for_answer(page)
    raw = page.evaluate(RAW_DATABASE)
    assert "timeline" not in raw and len(json.loads(raw)["messages"]) == 4

    page.locator("#open-settings").click()
    page.locator("#lock-remove").click()  # an unlocked session alone does not remove the lock: the passphrase does
    expect(page.locator("#unlock-title")).to_have_text("Remove the passphrase lock")
    expect(page.locator("#unlock-text")).to_contain_text("API keys and conversations are then stored unencrypted")
    refuses_a_wrong_passphrase(page)
    assert '"sealed"' in page.evaluate(RAW_DATABASE)
    page.locator("#unlock-skip").click()  # Cancel
    expect(page.locator("#unlock")).to_be_hidden()
    expect(page.locator("#lock-remove")).to_be_visible()
    page.locator("#lock-remove").click()
    expect(page.locator("#unlock-status")).to_have_text("")
    page.locator("#unlock-passphrase").fill(PASSPHRASE)
    page.locator("#unlock-apply").click()
    expect(page.locator("#unlock")).to_be_hidden(timeout=30_000)
    expect(page.locator("#lock-status")).to_contain_text("The lock is removed", timeout=30_000)
    raw = page.evaluate(RAW_DATABASE)
    assert "secret merger" in raw and "timeline" in raw and '"sealed"' not in raw
    assert "ACME Corp" in raw and '"sealed_names"' not in raw
