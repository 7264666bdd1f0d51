"""Documents attached to a message (issue 15): a PDF and a Word file picked with the paperclip are read in
the document worker, shown as chips with their pages, held back from sending while they are read, and their
text reaches the real llama.cpp server; a PDF that cannot be read (encrypted, scanned, damaged) is refused
with its reason, and the typed message stays. The files are made by tests/sample_documents.py."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pypdf
from playwright.sync_api import Page, Request, expect

from plauder.core.tokens import estimate_tokens
from tests.e2e.chat_ui import add_backend, close_settings, set_parameters, wait_for_answer
from tests.e2e.conftest import Session, free_port
from tests.e2e.test_offline import build, serve, stop
from tests.e2e.test_screens import axe_violations
from tests.sample_documents import docx, pdf

PDF_PAGES = [["Quarterly report", "Revenue rose by 12 percent."], ["Outlook", "Costs stay flat next quarter."]]
PDF_TEXT = (
    "--- Page 1 ---\nQuarterly report\nRevenue rose by 12 percent.\n\n"
    "--- Page 2 ---\nOutlook\nCosts stay flat next quarter."
)


def document(name: str, data: bytes) -> dict[str, object]:
    return {"name": name, "mimeType": "application/octet-stream", "buffer": data}


def pick(page: Page, files: list[dict[str, object]]) -> None:
    """Click the paperclip and choose `files` in the file picker it opens."""
    with page.expect_file_chooser() as chooser:
        page.locator("#attach").click()
    chooser.value.set_files(files)  # type: ignore[arg-type]


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf([["Board minutes"]]))))
    writer.encrypt(user_password="board", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def chat_requests(page: Page) -> list[dict[str, object]]:
    """The JSON body of every chat request the page sends, as it leaves for the server."""
    bodies: list[dict[str, object]] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/chat/completions"):
            bodies.append(json.loads(request.post_data or "{}"))

    page.on("request", on_request)
    return bodies


def test_a_pdf_and_a_word_file_reach_the_real_llama_server(
    open_session: Callable[..., Session], app_url: str, llama_url: str
) -> None:
    """Picked with the paperclip, both are named as being read, and Send waits for them (the message kept);
    read, their chips say their pages; sent, the request llama.cpp gets holds their text as fenced blocks; after
    a reload the sent question still shows them. Nothing of the worker loads before the first document."""
    session = open_session(bypass_csp=True)  # axe-core is injected
    page = session.page
    sent = chat_requests(page)
    session.boot(app_url)
    add_backend(page, "other", f"{llama_url}/v1")
    close_settings(page)
    set_parameters(page, max_tokens="40")  # the request is what counts here: a short answer keeps a busy machine quick
    assert not [url for url in session.record.requests if "documents-worker" in url or "/pypdf-" in url]

    page.locator("#prompt").fill("Summarise these in one sentence.")
    report = pdf(PDF_PAGES)
    pick(page, [document("report.pdf", report), document("notes.docx", docx(["Call the bank on Monday."]))])
    reading = page.locator('#attachments .chip[aria-busy="true"]')
    expect(reading.first).to_contain_text("report.pdf")
    page.locator("#send").click()  # the worker's Python takes seconds to start: the PDF is still being read
    expect(page.locator("#notice")).to_contain_text("report.pdf is still being read")
    expect(page.locator("#prompt")).to_have_value("Summarise these in one sentence.")
    assert sent == []

    chips = page.locator("#attachments .chip-open[data-attachment]")
    expect(chips).to_have_count(2, timeout=60_000)
    expect(reading).to_have_count(0)
    expect(chips.first).to_contain_text("report.pdf")
    details = f"{len(report) / 1000:.1f} KB · 2 pages · about {estimate_tokens(PDF_TEXT)} tokens"
    expect(chips.first.locator(".chip-details")).to_have_text(details)
    expect(chips.last.locator(".chip-details")).to_contain_text("tokens")
    chips.first.click()
    expect(page.locator("#attachment-text-body")).to_have_text(PDF_TEXT, use_inner_text=False)
    assert axe_violations(page) == []
    page.locator("#close-attachment-text").click()

    page.locator("#send").click()
    wait_for_answer(page)
    question = sent[0]["messages"][-1]  # type: ignore[index]  # (then the title is asked for)
    assert question["content"] == (  # type: ignore[index]
        f"Summarise these in one sentence.\n\nAttachment: report.pdf\n```\n{PDF_TEXT}\n```\n\n"
        "Attachment: notes.docx\n```\n# Report\n\nCall the bank on Monday.\ttabbed\nnext line\n```"
    )

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.locator("#conversations button.conversation").first.click()
    sent_chips = page.locator('#messages article[data-role="user"] .chips .chip')
    expect(sent_chips).to_have_count(2)
    expect(sent_chips.first).to_contain_text("2 pages")
    session.assert_clean()


def test_documents_that_cannot_be_read_are_refused_and_the_message_stays(
    open_session: Callable[..., Session], app_url: str
) -> None:
    """An encrypted PDF, a scanned one and a damaged Word file, picked at once: each is named with its reason,
    none is attached, and the typed message is as it was."""
    session = open_session(bypass_csp=True)
    page = session.page
    session.boot(app_url)
    page.locator("#prompt").fill("Please check the attached minutes")
    whole = docx(["Text"])
    pick(
        page,
        [
            document("minutes.pdf", encrypted_pdf()),
            document("scan.pdf", pdf([[]], scanned=[True])),
            document("broken.docx", whole[: len(whole) // 2]),
        ],
    )
    refused = page.locator("#attach-refused p")
    expect(refused).to_have_count(3, timeout=60_000)
    expect(refused.nth(0)).to_have_text(
        "“minutes.pdf” was not attached: it is encrypted (protected by a password). Save a copy without the "
        "password, then attach that."
    )
    expect(refused.nth(1)).to_contain_text("“scan.pdf” was not attached: it has no text layer")
    expect(refused.nth(1)).to_contain_text("OCR is not done in the browser")
    expect(refused.nth(2)).to_have_text("“broken.docx” was not attached: it is damaged, or not a Word file.")
    expect(page.locator("#attachments .chip")).to_have_count(0)
    expect(page.locator("#prompt")).to_have_value("Please check the attached minutes")
    assert axe_violations(page) == []
    session.assert_clean()


def test_a_document_is_read_offline_from_the_service_workers_cache(
    open_session: Callable[..., Session], tmp_path: Path
) -> None:
    """The worker, its Python and pypdf come from the service worker's cache when the server is gone: the
    build's every file is kept there, though the page loads none of these before a document comes."""
    out, port = tmp_path / "build", free_port()
    build(out, "Offline")
    server = serve(out, port)
    session = open_session(service_workers="allow")
    page = session.page
    session.boot(server.url)
    page.locator("html[data-offline=ready]").wait_for(state="attached", timeout=60_000)
    stop(server)
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    pick(page, [document("away.pdf", pdf([["Read without a server"]]))])
    chip = page.locator("#attachments .chip-open[data-attachment]")
    expect(chip).to_contain_text("away.pdf", timeout=60_000)
    expect(chip.locator(".chip-details")).to_contain_text("1 page")
    expect(page.locator("#attach-refused")).to_be_hidden()
    assert session.record.page_errors == []


def test_a_reader_that_cannot_load_refuses_the_file_and_the_next_one_starts_anew(
    open_session: Callable[..., Session], app_url: str
) -> None:
    """pypdf's wheel does not arrive (the server drops it): the PDF is refused with "could not start the
    document reader" and the message stays; once the wheel is there again, the next PDF is read by a new worker."""
    session = open_session()
    page = session.page
    page.route("**/wheels/pypdf-*.whl", lambda route: route.abort())
    session.boot(app_url)
    page.locator("#prompt").fill("Read this")
    pick(page, [document("first.pdf", pdf([["One"]]))])
    expect(page.locator("#attach-refused")).to_have_text(
        "“first.pdf” was not attached: the browser could not start the document reader.", timeout=60_000
    )
    expect(page.locator("#attachments .chip")).to_have_count(0)
    expect(page.locator("#prompt")).to_have_value("Read this")

    page.unroute("**/wheels/pypdf-*.whl")
    pick(page, [document("second.pdf", pdf([["Two"]]))])
    expect(page.locator("#attachments .chip-open[data-attachment]")).to_contain_text("second.pdf", timeout=60_000)
    expect(page.locator("#attach-refused")).to_be_hidden()
    assert session.record.page_errors == []
