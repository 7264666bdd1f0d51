"""The build that `build.py serve` makes: a newcomer chats with the local demo model at once, nothing set up."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import expect

from plauder.core.admin import AdminPreset
from plauder_build.demo_model import DemoModel
from plauder_build.demo_preset import with_demo_backend
from plauder_build.server import make_server
from plauder_build.site import Project, plan_site, write_site
from tests.e2e.chat_ui import assert_streamed, send, wait_for_answer, watch_answer
from tests.e2e.conftest import PREFIX, ROOT, Session


@pytest.fixture(scope="module")
def served_url(llama_server: DemoModel, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built as serve builds it with no admin config, its demo backend the test's llama.cpp server."""
    out = tmp_path_factory.mktemp("served") / "build"
    write_site(plan_site(Project(ROOT), with_demo_backend(AdminPreset(), llama_server.url, llama_server.model_id)), out)
    server = make_server(out, "127.0.0.1", 0, PREFIX)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.url
    server.shutdown()


def test_a_newcomer_chats_with_the_demo_model_at_once(session: Session, served_url: str, llama_model: str) -> None:
    """Fresh browser, no settings touched: the demo model is chosen, and a message gets a streamed answer."""
    session.boot(served_url)
    page = session.page
    expect(page.locator('#model-select optgroup[label="Local demo model"] option:checked')).to_have_text(llama_model)
    watch_answer(page)
    send(page, "Name three colours.")
    answer = wait_for_answer(page)
    final = answer.locator(".content").inner_text()
    assert final.strip()
    assert_streamed(page, final)
    expect(answer.locator(".meta")).to_contain_text("answer tokens")
    session.assert_clean()


def test_the_demo_model_has_a_german_name(open_session: Callable[..., Session], served_url: str) -> None:
    """A German browser sees the same backend under its German name."""
    session = open_session(locale="de-DE")
    session.boot(served_url)
    expect(session.page.locator('#model-select optgroup[label="Lokales Demo-Modell"] option')).to_have_count(1)
