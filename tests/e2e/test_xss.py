"""Model output cannot attack the page: the pinned XSS corpus, streamed and then reloaded from history, in
real Chromium with the page's CSP switched off (the renderer must be safe by itself), runs no script, makes
no request and leaves nothing off the allowlist in the DOM. A negative control proves the checks can fail."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Dialog, expect

from plauder.render import ALLOWED_TAGS
from tests.e2e.chat_ui import (
    send,
    use_fault_server,
    wait_for_answer,
    wait_for_renderer,
)
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.xss_corpus import corpus

PARTS = 6  # answers the corpus is spread over (about 35 kB each)
STREAM_TIMEOUT_MS = 180_000

# Runs before the page's own scripts: a canary that counts calls of the usual proof-of-concept functions,
# and a watcher that checks every element and attribute that ever appears in a rendered answer (so the
# streaming path's intermediate DOM is checked too, not only the final one).
WATCH = """(allowed) => {
  window.__xss = { calls: [], dom: [] };
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    window[name] = (...args) => { window.__xss.calls.push(name + "(" + args.join(",") + ")"); };
  }
  const allowedTags = new Set(allowed);
  const check = (node) => {
    if (node.nodeType !== 1 || !node.closest('#messages article[data-role="assistant"] .content')) return;
    const tag = node.localName;
    if (!allowedTags.has(tag) && !node.classList.contains("content")) window.__xss.dom.push("tag " + tag);
    for (const attribute of node.attributes) {
      const name = attribute.name.toLowerCase(), value = attribute.value;
      if (name.startsWith("on") || ["style", "src", "srcdoc", "formaction", "xlink:href", "action"].includes(name))
        window.__xss.dom.push(tag + " " + name + "=" + value.slice(0, 60));
      if (name === "href" && !/^(https?:\\/\\/|mailto:)/i.test(value)) window.__xss.dom.push("href " + value.slice(0, 60));
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") check(record.target);
      for (const node of record.addedNodes) {
        check(node);
        if (node.querySelectorAll) node.querySelectorAll("*").forEach(check);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
}"""


def answers() -> list[str]:
    """The corpus as PARTS answers, one entry per paragraph."""
    entries = corpus()
    size = -(-len(entries) // PARTS)
    return ["\n\n".join(entries[i : i + size]) for i in range(0, len(entries), size)]


def watched_session(open_session: Callable[..., Session]) -> tuple[Session, list[str]]:
    session = open_session(bypass_csp=True)
    session.page.context.add_init_script(f"({WATCH})({sorted(ALLOWED_TAGS)!r})")
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    session.page.on("dialog", on_dialog)
    return session, dialogs


def test_the_corpus_is_harmless_streamed_and_from_history(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session, dialogs = watched_session(open_session)
    page = session.page
    session.boot(app_url)
    wait_for_renderer(page)
    use_fault_server(page, fault_server, "scripted")
    parts = answers()
    for number, text in enumerate(parts, start=1):
        fault_server.queue_answer(text)
        send(page, f"Corpus part {number}")
        expect(page.locator('#messages article[data-role="assistant"]')).to_have_count(number)
        wait_for_answer_within(page, STREAM_TIMEOUT_MS)

    page.reload()  # the history path: every answer rendered from storage
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    wait_for_renderer(page)
    page.locator("#conversations button.conversation").first.click()
    expect(page.locator('#messages article[data-role="assistant"]')).to_have_count(len(parts))
    rendered = page.locator('#messages article[data-role="assistant"] .content').all_text_contents()
    assert "Corpus part" not in "".join(rendered) and sum(map(len, rendered)) > 100_000  # the answers are there

    found = page.evaluate("window.__xss")
    assert found == {"calls": [], "dom": []}
    assert dialogs == []
    assert session.record.non_local_requests() == []
    assert session.record.failed_responses == []
    assert session.record.page_errors == []


def wait_for_answer_within(page: object, timeout_ms: int) -> None:
    """wait_for_answer, with room for a long answer streamed through Pyodide."""
    expect(page.locator("#send")).to_be_visible(timeout=timeout_ms)  # type: ignore[attr-defined]
    wait_for_answer(page)  # type: ignore[arg-type]


def test_negative_control_an_unsafe_renderer_is_caught(open_session: Callable[..., Session], app_url: str) -> None:
    """The same watchers, with answers put into the page as raw HTML the way an unsafe renderer would."""
    session, dialogs = watched_session(open_session)
    page = session.page
    session.boot(app_url)
    wait_for_renderer(page)
    unsafe_renderer = """(entries) => {
      const box = document.getElementById("messages");
      for (const entry of entries) {
        const article = document.createElement("article");
        article.dataset.role = "assistant";
        article.innerHTML = '<div class="content"></div>';
        box.append(article);
        article.firstChild.innerHTML = entry;  // no renderer, no sanitizer
      }
    }"""
    page.evaluate(unsafe_renderer, list(corpus()[:400]))
    page.wait_for_timeout(1000)
    found = page.evaluate("window.__xss")
    assert found["dom"], "the DOM watcher saw nothing"
    assert found["calls"] or dialogs, "the canary saw no script run"
    assert session.record.non_local_requests(), "the request recorder saw no request to a foreign host"
