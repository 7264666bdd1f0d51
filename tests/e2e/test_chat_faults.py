"""Every way a backend fails gets a specific message, keeps what was typed and what arrived, and offers a retry.

One page and one configured backend serve all cases: the fault server picks its behaviour from
the model name, so each test only picks a model and sends.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.e2e.chat_ui import (
    add_backend,
    choose_model,
    close_settings,
    last_answer,
    send,
    set_parameters,
    wait_for_answer,
)
from tests.e2e.conftest import Session, free_port, recorded_context
from tests.e2e.fault_server import TOKENS, FaultServer

SECRET_KEY = "sk-test-secret-4711"
PARTIAL = "Hello"  # the fault server's first content token


@pytest.fixture(scope="module")
def faulty(browser: Browser, app_url: str, fault_server: FaultServer) -> Iterator[Session]:
    """One booted page with two backends at the fault server: OpenAI-style (with a key) and Ollama-native."""
    context, record = recorded_context(browser)
    session = Session(context.new_page(), record)
    session.boot(app_url)
    add_backend(session.page, "other", f"{fault_server.url}/v1", api_key=SECRET_KEY, timeout_seconds=2)
    add_backend(session.page, "ollama", fault_server.url)
    close_settings(session.page)
    yield session
    context.close()


@pytest.fixture
def chat(faulty: Session, fault_server: FaultServer) -> Session:
    faulty.page.locator("#new-chat").click()
    fault_server.reset()
    return faulty


def ask(session: Session, model: str, text: str = "Please answer.") -> None:
    choose_model(session.page, model, "Ollama" if model.startswith("ollama-") else "OpenAI-compatible")
    send(session.page, text)


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("auth", ["HTTP 401", "API key is missing or wrong", "The server said: Invalid API Key"]),
        ("forbidden", ["HTTP 403", "API key", "This key may not use this model"]),
        ("not-found", ["HTTP 404", "model or the URL is unknown"]),
        ("rate-limit", ["HTTP 429", "Try again in 7 seconds"]),
        ("server-error-json", ["failed (HTTP 500)", "The server said: Internal server error"]),
        ("server-error-text", ["failed (HTTP 502)", "Bad Gateway: the upstream model server is unreachable"]),
        ("no-cors", ["does not accept requests from this page (CORS)", "CORS setting", "127.0.0.1"]),
        ("hang", ["did not answer within 2 seconds"]),
        ("ollama-error", ["HTTP 404", "model 'ollama-error' not found"]),
    ],
)
def test_failed_request_is_explained_and_the_message_kept(chat: Session, model: str, expected: list[str]) -> None:
    """The failure reads as a specific sentence; the question stays; Retry is one click away."""
    ask(chat, model, f"Question for {model}")
    answer = wait_for_answer(chat.page)
    for text in expected:
        expect(answer.locator(".problem")).to_contain_text(text)
    expect(chat.page.locator('#messages article[data-role="user"] .content')).to_have_text(f"Question for {model}")
    expect(answer.locator('button[data-action="retry"]')).to_be_visible()
    assert SECRET_KEY not in answer.inner_text()


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("midstream-error", ["error in the middle of the answer", "Upstream model crashed mid-stream"]),
        ("no-done", ["broke off before the backend said it was complete"]),
        ("malformed", ["could not be read"]),
        ("drop", ["broke off"]),
        ("ollama-no-done", ["broke off before the backend said it was complete"]),
    ],
)
def test_broken_stream_keeps_the_partial_answer(chat: Session, model: str, expected: list[str]) -> None:
    """Text that arrived before the stream broke stays, marked incomplete, with Retry and Continue."""
    ask(chat, model)
    answer = wait_for_answer(chat.page)
    expect(answer.locator(".content")).to_contain_text(PARTIAL)
    for text in expected:
        expect(answer.locator(".problem")).to_contain_text(text)
    expect(answer.locator('button[data-action="retry"]')).to_be_visible()
    expect(answer.locator('button[data-action="continue"]')).to_be_visible()


def test_retry_after_a_failure_gets_an_answer(chat: Session, fault_server: FaultServer) -> None:
    """After a 429, switching to a working model and pressing Retry fills the same answer."""
    ask(chat, "rate-limit")
    wait_for_answer(chat.page)
    choose_model(chat.page, "ok", "OpenAI-compatible")
    last_answer(chat.page).locator('button[data-action="retry"]').click()
    answer = wait_for_answer(chat.page)
    expect(answer.locator(".problem")).to_be_hidden()
    expect(answer.locator(".content")).to_contain_text(PARTIAL)
    assert [exchange.case for exchange in fault_server.chats()] == ["rate-limit", "ok"]


def test_stop_closes_the_connection(chat: Session, fault_server: FaultServer) -> None:
    """Stop aborts the fetch: the server sees the client leave, and the partial text stays."""
    ask(chat, "slow")
    expect(last_answer(chat.page).locator(".content")).to_contain_text("tick tick", timeout=10_000)
    chat.page.locator("#stop").click()
    fault_server.wait_for_disconnect("slow", timeout=5)
    answer = wait_for_answer(chat.page)
    expect(answer.locator(".meta")).to_contain_text("stopped")
    expect(answer.locator(".content")).to_contain_text("tick tick")


def test_cut_off_answer_can_be_continued(chat: Session, fault_server: FaultServer) -> None:
    """An answer stopped by the length limit offers Continue, which appends to the same answer."""
    ask(chat, "length")
    answer = wait_for_answer(chat.page)
    expect(answer.locator(".meta")).to_contain_text("cut off at the length limit")
    before = answer.locator(".content").inner_text()
    choose_model(chat.page, "ok", "OpenAI-compatible")
    answer.locator('button[data-action="continue"]').click()
    answer = wait_for_answer(chat.page)
    expect(answer.locator(".content")).to_have_text(before + "".join(TOKENS))
    continued = fault_server.chats("ok")[-1].json()["messages"]
    assert continued[-1] == {"role": "assistant", "content": before}


def test_regenerate_keeps_a_fresh_answer(chat: Session, fault_server: FaultServer) -> None:
    """Regenerate asks again and shows the new answer."""
    ask(chat, "ok")
    first = wait_for_answer(chat.page)
    first_id = first.get_attribute("data-id")
    first.locator('button[data-action="regenerate"]').click()
    expect(last_answer(chat.page)).not_to_have_attribute("data-id", first_id or "")
    expect(wait_for_answer(chat.page).locator(".content")).to_have_text("".join(TOKENS))
    assert [exchange.case for exchange in fault_server.chats()] == ["ok", "ok"]


def test_api_key_goes_only_in_the_authorization_header(chat: Session, fault_server: FaultServer) -> None:
    """The key reaches its own backend in the Authorization header, and never appears in a URL; a backend
    that echoes it into the answer gets it shown masked."""
    ask(chat, "test-only-echo-auth")
    answer = wait_for_answer(chat.page)
    expect(answer.locator(".content")).to_have_text("Bearer •••")
    echoed = [e for e in fault_server.requests() if e.case == "test-only-echo-auth"]
    assert echoed and echoed[-1].headers["authorization"] == f"Bearer {SECRET_KEY}"
    assert all(SECRET_KEY not in url for url in chat.record.requests)
    assert all(SECRET_KEY not in exchange.path for exchange in fault_server.requests())


def test_ollama_native_stream(chat: Session) -> None:
    """Ollama's own NDJSON chat streams into an answer with its token counts."""
    ask(chat, "ollama-ok")
    answer = wait_for_answer(chat.page)
    expect(answer.locator(".content")).to_contain_text(PARTIAL)
    expect(answer.locator(".problem")).to_be_hidden()
    expect(answer.locator(".meta")).to_contain_text("answer tokens")


def test_page_closed_mid_stream_keeps_the_partial_answer(chat: Session, fault_server: FaultServer) -> None:
    """Reloading while an answer streams: after boot the stored part is there, marked interrupted."""
    ask(chat, "slow", "Keep talking.")
    expect(last_answer(chat.page).locator(".content")).to_contain_text("tick tick", timeout=10_000)
    chat.page.wait_for_timeout(1500)  # past one persistence step (at most one a second)
    chat.page.reload()
    chat.page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    chat.page.locator("#conversations button.conversation", has_text="Keep talking").first.click()
    answer = last_answer(chat.page)
    expect(answer.locator(".meta")).to_contain_text("interrupted: the answer is incomplete")
    expect(answer.locator(".content")).to_contain_text("tick")
    expect(answer.locator('button[data-action="continue"]')).to_be_visible()


def test_connection_test_explains_an_ollama_refusing_this_origin(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """Ollama answers a foreign origin with 403 and no CORS headers: the browser says only "Failed to
    fetch", so the connection test names the likely cause and the exact fix. The page is served as an
    intranet host would serve it (Ollama always accepts pages on this machine; see the next test)."""
    intranet = "http://chat.intranet.test"
    served = app_url.split("/plauder/")[0]
    session.page.route(
        f"{intranet}/**",
        lambda route: route.fulfill(response=route.fetch(url=route.request.url.replace(intranet, served, 1))),
    )
    session.boot(f"{intranet}/plauder/")
    backend = add_backend(session.page, "ollama", fault_server.refusing_url)
    status = backend.locator(".status")
    expect(status).to_contain_text("does not accept requests from this page (CORS)")
    expect(status).to_contain_text(f"OLLAMA_ORIGINS={intranet} ollama serve")
    expect(status).to_have_attribute("data-ok", "false")


def test_connection_test_says_a_local_ollama_is_not_running(session: Session, app_url: str) -> None:
    """From a page on this machine Ollama is never refused for CORS: a failure means it is not running."""
    session.boot(app_url)
    status = add_backend(session.page, "ollama", f"http://127.0.0.1:{free_port()}").locator(".status")
    expect(status).to_contain_text("it is most likely not running")
    expect(status).not_to_contain_text("OLLAMA_ORIGINS")


def test_connection_test_explains_a_server_that_is_down(session: Session, app_url: str) -> None:
    """Nothing listens on the port: the test says the request failed before any answer and names the host."""
    port = free_port()  # free a moment ago, and nobody listens on it now
    session.boot(app_url)
    status = add_backend(session.page, "other", f"http://127.0.0.1:{port}/v1").locator(".status")
    expect(status).to_contain_text(f"The request to 127.0.0.1:{port} failed before any answer came")
    expect(status).to_contain_text("the server is down or unreachable")


def test_message_sent_before_python_is_ready_goes_when_it_is(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """Enter while the runtime still loads: the page says the message waits, then it is sent and answered."""
    session.boot(app_url)
    page = session.page
    add_backend(page, "other", f"{fault_server.url}/v1")  # the first listed model, "ok", becomes the default
    held: list[Route] = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.reload()
    while not held:
        page.wait_for_timeout(20)
    send(page, "Sent early.")
    expect(page.locator("#boot-pending")).to_be_visible()
    held[0].continue_()
    answer = wait_for_answer(page)
    expect(page.locator('#messages article[data-role="user"] .content')).to_have_text("Sent early.")
    expect(answer.locator(".content")).to_have_text("".join(TOKENS))
    expect(page.locator("#boot-pending")).to_be_hidden()


def test_conversation_parameters_reach_the_request(chat: Session, fault_server: FaultServer) -> None:
    """System prompt, temperature and max tokens set in the dialog are sent; unset ones stay out."""
    set_parameters(chat.page, system_prompt="Answer in German.", temperature="0.3", max_tokens="64")
    ask(chat, "ok", "With parameters.")
    wait_for_answer(chat.page)
    body = fault_server.chats("ok")[-1].json()
    assert body["messages"][0] == {"role": "system", "content": "Answer in German."}
    assert (body["temperature"], body["max_tokens"]) == (0.3, 64)
    chat.page.locator("#new-chat").click()
    ask(chat, "ok", "Without parameters.")
    wait_for_answer(chat.page)
    body = fault_server.chats("ok")[-1].json()
    assert body["messages"] == [{"role": "user", "content": "Without parameters."}]
    assert "temperature" not in body and "max_tokens" not in body
