"""Personal data replaced before it leaves for an external backend (issue 16, core/privacy), seen in the page.

The external backend is https://api.example.test, which Playwright forwards to the fault server (on
127.0.0.1, so itself internal): the app sees a host outside the user's networks, the test sees every
request that arrived.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from playwright.sync_api import FloatRect, Locator, Page, Route, expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, last_answer, send, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_exchange import download
from tests.e2e.test_lock import PASSPHRASE, RAW_DATABASE, reload, set_lock
from tests.e2e.test_screens import axe_violations

EXTERNAL = "https://api.example.test"
EMAIL = "max.mustermann@example.com"
OTHER = "eva@example.org"
CONVERSATION_RECORDS = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result); r.onerror = no; });
  const all = await new Promise((ok, no) => {
    const q = db.transaction("conversations").objectStore("conversations").getAll(); q.onsuccess = () => ok(q.result); q.onerror = no;
  });
  db.close();
  return all;
}"""


def forward_external(page: Page, fault_server: FaultServer) -> None:
    """Requests to EXTERNAL go to the fault server, as a gateway would pass them on."""

    def forward(route: Route) -> None:
        route.fulfill(response=route.fetch(url=route.request.url.replace(EXTERNAL, fault_server.url, 1)))

    page.route(f"{EXTERNAL}/**", forward)


def test_an_external_backend_gets_placeholders_and_the_user_sees_real_values(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """The composer says what will be replaced; the server receives `[EMAIL_1]`, never the address; the
    question and an answer that echoes the placeholder show the address; the question is marked; after a
    reload the stored mapping restores the placeholder in the next answer too."""
    page = session.page
    forward_external(page, fault_server)
    session.boot(app_url)
    add_backend(page, "other", f"{EXTERNAL}/v1")
    close_settings(page)
    fault_server.reset()
    choose_model(page, "scripted")

    page.locator("#prompt").fill(f"Please write to {EMAIL} about the invoice")
    note = page.locator("#redaction-note")
    expect(note).to_have_attribute("role", "status")
    expect(note).to_have_text("1 email address will be replaced before this goes to api.example.test.")
    fault_server.queue_answer("I will write to [EMAIL_1] today.", token_chars=4)  # the placeholder in pieces
    fault_server.queue_title("Invoice for [EMAIL_1]")
    page.locator("#prompt").press("Enter")
    answer = wait_for_answer(page)
    expect(answer.locator(".content")).to_have_text(f"I will write to {EMAIL} today.")
    expect(note).to_have_text("")  # the box was emptied by sending
    question = page.locator('#messages article[data-role="user"]').last
    expect(question.locator(".content")).to_contain_text(EMAIL)
    expect(question.locator(".meta")).to_have_text("sent with 1 replacement")
    expect(page.locator("#chat-title")).to_have_text(f"Invoice for {EMAIL}")

    (asked,) = [exchange for exchange in fault_server.chats("scripted") if not exchange.title]
    assert asked.json()["messages"][-1]["content"] == "Please write to [EMAIL_1] about the invoice"
    assert all(EMAIL not in exchange.body for exchange in fault_server.requests())  # the title request too
    (record,) = page.evaluate(CONVERSATION_RECORDS)
    assert record["redactions"] == {"[EMAIL_1]": EMAIL}

    session.boot(app_url)  # the start reopens the conversation
    expect(last_answer(page).locator(".content")).to_have_text(f"I will write to {EMAIL} today.")
    fault_server.queue_answer("Sent to [EMAIL_1].", token_chars=5)
    send(page, "Thanks, and please confirm")
    expect(wait_for_answer(page).locator(".content")).to_have_text(f"Sent to {EMAIL}.")
    second = [exchange for exchange in fault_server.chats("scripted") if not exchange.title][-1]
    assert [m["content"] for m in second.json()["messages"]] == [
        "Please write to [EMAIL_1] about the invoice",
        "I will write to [EMAIL_1] today.",
        "Thanks, and please confirm",
    ]
    assert all(EMAIL not in exchange.body for exchange in fault_server.requests())


def test_an_export_keeps_the_real_values_and_a_lock_seals_the_mapping(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """The export holds the real values and the conversation's mapping; once a lock seals conversations, raw
    IndexedDB holds neither the value nor its placeholder; unlocked after a reload, the mapping restores the
    stored answer and the next one, and the next request still carries only the placeholder."""
    page = session.page
    forward_external(page, fault_server)
    session.boot(app_url)
    add_backend(page, "other", f"{EXTERNAL}/v1")
    close_settings(page)
    fault_server.reset()
    choose_model(page, "scripted")
    fault_server.queue_answer("I will write to [EMAIL_1] today.")
    fault_server.queue_title("Invoice")
    send(page, f"Please write to {EMAIL} about the invoice")
    expect(wait_for_answer(page).locator(".content")).to_have_text(f"I will write to {EMAIL} today.")

    page.locator("#open-settings").click()
    _, text = download(page, lambda: page.locator("#export-all").click())
    (conversation,) = json.loads(text)["conversations"]
    assert conversation["redactions"] == {"[EMAIL_1]": EMAIL}
    assert [m["content"] for m in conversation["messages"]] == [
        f"Please write to {EMAIL} about the invoice",
        f"I will write to {EMAIL} today.",
    ]
    raw = page.evaluate(RAW_DATABASE)
    assert EMAIL in raw and "[EMAIL_1]" in raw  # the control: unlocked, the mapping is stored as it is

    page.locator("#lock-conversations").check()
    set_lock(page, PASSPHRASE, PASSPHRASE)
    expect(page.locator("#lock-status")).to_have_text(
        "Done: API keys and conversations are now stored encrypted.", timeout=30_000
    )
    raw = page.evaluate(RAW_DATABASE)
    assert EMAIL not in raw and "[EMAIL_1]" not in raw and "redactions" not in raw

    reload(page)
    page.locator("#unlock-passphrase").fill(PASSPHRASE)
    page.locator("#unlock-apply").click()
    expect(page.locator("#unlock")).to_be_hidden(timeout=30_000)
    page.locator("#conversations button.conversation").first.click()
    expect(last_answer(page).locator(".content")).to_have_text(f"I will write to {EMAIL} today.")
    fault_server.queue_answer("Sent to [EMAIL_1].")
    send(page, "Please confirm")
    expect(wait_for_answer(page).locator(".content")).to_have_text(f"Sent to {EMAIL}.")
    last = [exchange for exchange in fault_server.chats("scripted") if not exchange.title][-1]
    assert last.json()["messages"][0]["content"] == "Please write to [EMAIL_1] about the invoice"
    assert all(EMAIL not in exchange.body for exchange in fault_server.requests())
    assert EMAIL not in page.evaluate(RAW_DATABASE)


def test_an_internal_backend_gets_the_text_unchanged(session: Session, app_url: str, fault_server: FaultServer) -> None:
    """A backend on this machine is in-house: no note, the address goes as typed, nothing is marked."""
    page = session.page
    session.boot(app_url)
    add_backend(page, "other", f"{fault_server.url}/v1")
    close_settings(page)
    fault_server.reset()
    choose_model(page, "scripted")
    fault_server.queue_answer("Done.")
    page.locator("#prompt").fill(f"Please write to {EMAIL}")
    page.wait_for_timeout(600)  # past the note's delay
    expect(page.locator("#redaction-note")).to_have_text("")
    page.locator("#prompt").press("Enter")
    wait_for_answer(page)
    (asked,) = [exchange for exchange in fault_server.chats("scripted") if not exchange.title]
    assert asked.json()["messages"][-1]["content"] == f"Please write to {EMAIL}"
    expect(page.locator('#messages article[data-role="user"] .meta')).to_have_text("")


def test_a_listed_name_never_reaches_an_external_backend(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """Settings, Privacy: a name the user lists is replaced in the question and the title request (the
    section says plainly that unlisted names are not detected); an unlisted one goes as typed."""
    page = session.page
    forward_external(page, fault_server)
    session.boot(app_url)
    add_backend(page, "other", f"{EXTERNAL}/v1")
    page.locator('.settings-nav button[data-section="privacy-section"]').click()
    section = page.locator("#privacy-section")
    expect(section).to_contain_text("a name that is neither in your list nor in your admin's is not detected")
    section.locator("#privacy-names").fill("Erika Mustermann\n\n  ACME   Corp\nerika mustermann")
    section.locator("#save-privacy-names").click()
    expect(section.locator("#privacy-status")).to_have_text("2 names saved.")
    expect(section.locator("#privacy-names")).to_have_value("Erika Mustermann\nACME Corp")
    close_settings(page)
    fault_server.reset()
    choose_model(page, "scripted")

    page.locator("#prompt").fill("Can ERIKA MUSTERMANN of Acme Corp meet Max Weber?")
    expect(page.locator("#redaction-note")).to_have_text(
        "2 names will be replaced before this goes to api.example.test."
    )
    fault_server.queue_answer("[NAME_1] can meet on Monday.")
    fault_server.queue_title("Meeting with [NAME_2]")
    page.locator("#prompt").press("Enter")
    expect(wait_for_answer(page).locator(".content")).to_have_text("ERIKA MUSTERMANN can meet on Monday.")
    expect(page.locator("#chat-title")).to_have_text("Meeting with Acme Corp")
    (asked,) = [exchange for exchange in fault_server.chats("scripted") if not exchange.title]
    assert asked.json()["messages"][-1]["content"] == "Can [NAME_1] of [NAME_2] meet Max Weber?"
    assert all("mustermann" not in e.body.lower() and "acme" not in e.body.lower() for e in fault_server.requests())


def test_a_finding_let_through_goes_as_typed_once(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """The box lists each value found as a chip; its "Send as typed" toggle, used from the keyboard, lets
    that value through: the note says so, the server gets it in clear in that message, and the next
    message's request has it replaced again. axe-core finds nothing with the chips shown."""
    session = open_session(bypass_csp=True)  # axe-core is injected
    page = session.page
    forward_external(page, fault_server)
    session.boot(app_url)
    add_backend(page, "other", f"{EXTERNAL}/v1")
    close_settings(page)
    fault_server.reset()
    choose_model(page, "scripted")

    page.locator("#prompt").fill(f"Write to {EMAIL} and {OTHER}")
    chips = page.locator("#redaction-findings .finding")
    expect(chips).to_have_count(2)
    expect(chips.first).to_contain_text(f"{EMAIL}Email address")
    assert axe_violations(page) == []
    toggle = chips.first.get_by_role("button", name=f"Send as typed, this message only: Email address {EMAIL}")
    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_be_focused()  # drawn again, the keyboard stays on it
    expect(page.locator("#redaction-note")).to_have_text(
        "1 email address will be replaced before this goes to api.example.test. 1 goes as typed, in this message only."
    )
    assert axe_violations(page) == []
    fault_server.queue_answer("Done.")
    fault_server.queue_title("Mail")
    page.locator("#prompt").press("Enter")
    wait_for_answer(page)
    expect(page.locator("#redaction-findings")).to_be_hidden()
    (asked,) = [exchange for exchange in fault_server.chats("scripted") if not exchange.title]
    assert asked.json()["messages"][-1]["content"] == f"Write to {EMAIL} and [EMAIL_1]"

    fault_server.queue_answer("Ok.")
    send(page, "Thanks")
    wait_for_answer(page)
    second = [exchange for exchange in fault_server.chats("scripted") if not exchange.title][-1]
    assert second.json()["messages"][0]["content"] == "Write to [EMAIL_2] and [EMAIL_1]"
    assert all(EMAIL not in e.body for e in fault_server.requests() if e is not asked)


def test_the_box_marks_what_will_be_replaced(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """At 320 px, the values that will be replaced are marked in the box itself, over the very characters
    (the layer behind the box holds the same text, wrapped and scrolled alike); one let through is no
    longer marked; typing takes the marks away until the pause, scrolling the box moves them with it.
    The layer is hidden from assistive technology: the chips say it in words, and each selects its value in
    the box. axe-core finds nothing, light or dark."""
    session = open_session(bypass_csp=True)
    page = session.page
    forward_external(page, fault_server)
    session.boot(app_url)
    add_backend(page, "other", f"{EXTERNAL}/v1")
    close_settings(page)
    choose_model(page, "scripted")
    page.set_viewport_size({"width": 320, "height": 640})

    box, marks = page.locator("#prompt"), page.locator("#prompt-marks mark")
    text = f"Hello,\nplease write to {EMAIL} and pay DE89 3704 0044 0532 0130 00 today; copy {OTHER}."
    box.fill(text)
    expect(marks).to_have_text([EMAIL, "DE89 3704 0044 0532 0130 00", OTHER])
    expect(page.locator("#prompt-marks")).to_have_attribute("aria-hidden", "true")
    assert page.locator("#prompt-marks").text_content() == text  # the same text, so it wraps alike
    layer, field = page.locator("#prompt-marks").bounding_box(), box.bounding_box()
    assert layer == field  # the same box
    assert all(field["x"] <= b["x"] and b["x"] + b["width"] <= field["x"] + field["width"] + 0.5 for b in boxes(marks))
    page.emulate_media(color_scheme="dark")
    assert axe_violations(page) == []
    page.emulate_media(color_scheme="light")

    select = page.get_by_role("button", name=re.compile(r"^Select in the message: DE89 3704 0044 0532 0130 00\W+IBAN$"))
    select.focus()
    page.keyboard.press("Enter")  # the keyboard's way to the mark: the box holds the value selected
    expect(box).to_be_focused()
    assert box.evaluate("b => b.value.slice(b.selectionStart, b.selectionEnd)") == "DE89 3704 0044 0532 0130 00"
    assert axe_violations(page) == []

    page.locator("#redaction-findings .let-through").last.click()  # the second address goes as typed
    expect(marks).to_have_text([EMAIL, "DE89 3704 0044 0532 0130 00"])
    box.press("End")
    box.press_sequentially(" Thanks")
    expect(marks).to_have_count(0)  # while typing: the marks would no longer fit the text
    expect(marks).to_have_count(2)  # drawn again after the pause

    box.fill("\n".join(["line"] * 40) + f"\nlast: {EMAIL}")
    expect(marks).to_have_text([EMAIL])
    box.evaluate("b => { b.scrollTop = b.scrollHeight; }")
    page.wait_for_function("() => document.getElementById('prompt-marks').scrollTop > 0")
    assert page.locator("#prompt-marks").evaluate("m => m.scrollTop") == box.evaluate("b => b.scrollTop")
    assert session.record.console_errors == [] and session.record.page_errors == []
    assert {url.split("/v1")[0] for url in session.record.non_local_requests()} <= {EXTERNAL}


def boxes(locator: Locator) -> list[FloatRect]:
    return [box for box in (locator.nth(i).bounding_box() for i in range(locator.count())) if box is not None]


def test_a_blocked_message_stays_in_the_box_with_its_reason(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """With external backends set to block, a message with findings is not sent: it stays in the box, the
    notice says why, the server gets no chat request. Rated a processor (redact by default), the same
    backend then gets the message with the address replaced."""
    page = session.page
    forward_external(page, fault_server)
    session.boot(app_url)
    fieldset = add_backend(page, "other", f"{EXTERNAL}/v1")
    page.locator('.settings-nav button[data-section="privacy-section"]').click()
    expect(page.locator("#privacy-policy-processor")).to_have_value("redact")
    page.locator("#privacy-policy-external").select_option("block")
    expect(page.locator("#privacy-policy-status")).to_have_text("Saved.")
    close_settings(page)
    fault_server.reset()
    choose_model(page, "scripted")

    text = f"Please write to {EMAIL}"
    page.locator("#prompt").fill(text)
    expect(page.locator("#redaction-note")).to_have_text(
        "1 email address found: this message will not be sent to api.example.test."
    )
    expect(page.locator("#redaction-findings .let-through")).to_have_count(0)  # nothing to let through
    page.locator("#prompt").press("Enter")
    expect(page.locator("#notice")).to_have_text(
        "Not sent: messages with personal data or secrets do not go to api.example.test."
        " Remove what the note lists, or choose another backend."
    )
    expect(page.locator("#prompt")).to_have_value(text)
    expect(page.locator('#messages article[data-role="user"]')).to_have_count(0)
    assert fault_server.chats("scripted") == []

    page.locator("#open-settings").click()
    fieldset.locator('[data-field="trust"]').select_option("processor")
    fieldset.locator('[data-action="save"]').click()
    expect(fieldset.locator(".status")).to_have_text(re.compile(r"^Connected"))
    close_settings(page)
    expect(page.locator("#redaction-note")).to_have_text(
        "1 email address will be replaced before this goes to api.example.test."
    )
    fault_server.queue_answer("Done.")
    page.locator("#send").click()
    wait_for_answer(page)
    (asked,) = [exchange for exchange in fault_server.chats("scripted") if not exchange.title]
    assert asked.json()["messages"][-1]["content"] == "Please write to [EMAIL_1]"
