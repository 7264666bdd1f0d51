"""Reading, decoding, limits, fencing and the token estimate of text attachments (core/attachments)."""

from __future__ import annotations

import codecs
from dataclasses import replace

import pytest

from plauder.core import attaching, turns
from plauder.core.attachments import (
    MAX_BYTES,
    Refusal,
    decode,
    estimate_tokens,
    fenced,
    media_type_of,
    read,
    reading,
    with_attachments,
)
from plauder.core.attachments.chips import SHOWN_CHARS, chip_views, text_view
from plauder.core.attachments.reading import HTML_SLICE
from plauder.core.i18n import MESSAGES, can_translate
from plauder.core.records import Attachment, Backend, BackendKind, Conversation, Message, Role, Settings
from plauder.core.requests import chat_request_for
from plauder.core.search import SearchIndex
from plauder.core.state import ChatState


def test_decoding_prefers_utf8_then_utf16_by_its_bom_then_windows_1252() -> None:
    """Every common way a text file is saved comes out as the same text."""
    assert decode("Grüße €".encode()) == "Grüße €"
    assert decode(codecs.BOM_UTF8 + "Grüße".encode()) == "Grüße"
    assert decode("Grüße €".encode("utf-16")) == "Grüße €"  # with its BOM
    assert decode(codecs.BOM_UTF16_BE + "Grüße".encode("utf-16-be")) == "Grüße"
    assert decode("Grüße € „so“".encode("cp1252")) == "Grüße € „so“"
    assert decode("café".encode("latin-1")) == "café"


def test_binary_content_is_not_text() -> None:
    assert decode(b"PK\x03\x04\x00\x00binary") is None
    assert decode(bytes(range(1, 32)) * 10) is None  # control characters everywhere
    assert decode(b"tab\tand\r\nnew lines\x0c") is not None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("notes.txt", "text/plain"),
        ("README.md", "text/markdown"),
        ("data.CSV", "text/csv"),
        ("table.tsv", "text/tab-separated-values"),
        ("config.json", "application/json"),
        ("page.html", "text/html"),
        ("feed.xml", "application/xml"),
        ("main.py", "text/x-source"),
        ("Dockerfile", "text/x-source"),
        ("report.pdf", "application/pdf"),
        ("Offer.DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("budget.xlsm", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("old.doc", None),
        ("photo.png", None),
        ("archive.zip", None),
    ],
)
def test_the_type_comes_from_the_extension(name: str, expected: str | None) -> None:
    assert media_type_of(name) == expected


def test_an_unknown_extension_the_browser_calls_text_is_plain_text() -> None:
    assert media_type_of("notes.weird", "text/plain") == "text/plain"
    assert media_type_of("blob.weird", "application/octet-stream") is None


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("report.doc", b"\xd0\xcf\x11\xe0", "attach.other_document"),
        ("slides.odp", b"PK", "attach.other_document"),
        ("photo.heic", b"\x00\x00", "attach.not_yet_image"),
        ("archive.zip", b"PK", "attach.unknown_type"),
        ("empty.txt", b"", "attach.empty"),
        ("blank.md", b"  \n\n ", "attach.empty"),
        ("scripts-only.html", b"<script>x()</script><style>p{}</style>", "attach.empty"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "attach.not_text"),
        ("huge.txt", b"a" * (MAX_BYTES + 1), "attach.too_big"),
    ],
)
def test_what_cannot_be_read_is_refused_with_its_reason(name: str, data: bytes, key: str) -> None:
    """The refusal names the file and has a text in every language."""
    outcome = read(name, "", data)
    assert isinstance(outcome, Refusal)
    assert (outcome.name, outcome.key) == (name, key)
    assert can_translate(key, {"name": name, **outcome.params})


def test_a_file_of_exactly_the_limit_is_read() -> None:
    outcome = read("big.txt", "text/plain", b"a" * MAX_BYTES)
    assert isinstance(outcome, Attachment)
    assert (outcome.size, len(outcome.text)) == (MAX_BYTES, MAX_BYTES)


def test_html_is_read_as_its_text_without_scripts_and_styles() -> None:
    page = (
        b"<html><head><title>T</title><style>p { color: red }</style></head><body>"
        b"<h1>Title</h1><p>One <b>bold</b> &amp; <a href='x'>link</a></p><script>alert('<p>no</p>')</script>"
        b"<ul><li>a</li><li>b</li></ul></body></html>"
    )
    outcome = read("page.html", "text/html", page)
    assert isinstance(outcome, Attachment)
    assert outcome.text == "T\nTitle\n\nOne bold & link\n\na\n\nb"
    assert "alert" not in outcome.text and "color" not in outcome.text


def test_a_big_page_is_read_in_slices_with_the_same_result() -> None:
    """`reading` yields between slices of HTML, so the browser can take input; the text is the one-go text."""
    page = ("<p>paragraph with <i>some</i> words</p>" * 5000).encode()
    steps = list(reading("big.html", "", page))
    assert steps.count(None) == -(-len(page) // HTML_SLICE) > 1
    final = steps[-1]
    assert isinstance(final, Attachment)
    assert final.text.count("paragraph with some words") == 5000


def test_the_fence_is_longer_than_any_backtick_run_in_the_file() -> None:
    plain = Attachment("notes.md", 5, "text/markdown", "hello\n")
    assert fenced(plain) == "Attachment: notes.md\n```\nhello\n```"
    tricky = Attachment("README.md", 30, "text/markdown", "```py\ncode\n```\nand ````` five")
    block = fenced(tricky)
    assert block.startswith("Attachment: README.md\n``````\n") and block.endswith("\n``````")


def test_a_name_with_line_breaks_stays_on_one_line() -> None:
    assert fenced(Attachment("a\nb.txt", 1, "text/plain", "x")).splitlines()[0] == "Attachment: a b.txt"


def test_the_model_gets_the_text_then_one_block_per_file() -> None:
    files = (Attachment("a.txt", 1, "text/plain", "A"), Attachment("b.csv", 3, "text/csv", "x,y"))
    assert with_attachments("Compare these", files) == (
        "Compare these\n\nAttachment: a.txt\n```\nA\n```\n\nAttachment: b.csv\n```\nx,y\n```"
    )
    assert with_attachments("", files[:1]) == "Attachment: a.txt\n```\nA\n```"
    assert with_attachments("just text", ()) == "just text"


def test_the_history_sent_again_carries_the_blocks() -> None:
    """A question's files go with it every time the conversation is sent, not only the first."""
    conversation = Conversation("c", "t", 0, 0, model="m")
    file = Attachment("a.txt", 1, "text/plain", "A")
    question = Message("q", "c", None, Role.USER, "Look", 1, attachments=(file,))
    answer = Message("a", "c", "q", Role.ASSISTANT, "Seen", 2)
    follow_up = Message("q2", "c", "a", Role.USER, "And?", 3)
    request = chat_request_for(conversation, [question, answer, follow_up, answer], continuing=False)
    assert [m.content for m in request.messages] == ["Look\n\nAttachment: a.txt\n```\nA\n```", "Seen", "And?"]


def test_tokens_are_estimated_at_four_characters_each_rounded_up() -> None:
    assert [estimate_tokens(text) for text in ("", "a", "abcd", "abcde", "x" * 4000)] == [0, 1, 1, 2, 1000]


def test_chips_say_name_size_and_tokens_in_the_ui_language() -> None:
    file = Attachment("notes.md", 12_345, "text/markdown", "x" * 12_000)
    (english,) = chip_views("en", (file,), with_tokens=True)
    assert (english.name, english.details) == ("notes.md", "12.3 KB · about 3,000 tokens")
    assert english.label == "Show notes.md (12.3 KB · about 3,000 tokens)"
    (german,) = chip_views("de", (file,), with_tokens=False)
    assert german.details == "12,3 KB"


def test_the_dialog_shows_a_capped_text_and_says_so() -> None:
    small = text_view("en", Attachment("a.txt", 3, "text/plain", "abc"))
    assert (small.text, small.note) == ("abc", "")
    big = text_view("en", Attachment("b.txt", 1, "text/plain", "y" * (SHOWN_CHARS + 5)))
    assert len(big.text) == SHOWN_CHARS and "5" in big.note


def test_records_keep_attachments_and_old_records_load_unchanged() -> None:
    file = Attachment("a.txt", 1, "text/plain", "A")
    message = Message("q", "c", None, Role.USER, "Look", 1, attachments=(file,))
    record = message.to_record()
    assert record["attachments"] == [{"name": "a.txt", "size": 1, "media_type": "text/plain", "text": "A"}]
    assert Message.from_record(record) == message
    plain = replace(message, attachments=())
    assert "attachments" not in plain.to_record()  # written only when there are some
    assert Message.from_record(plain.to_record()) == plain


def test_search_finds_a_message_by_its_files_name() -> None:
    file = Attachment("Quarterly-Report.csv", 1, "text/plain", "secret numbers")
    index = SearchIndex()
    index.put_message(Message("q", "c", None, Role.USER, "Look", 1, attachments=(file,)))
    assert [hit.message_id for hit in index.query("quarterly report")] == ["q"]
    assert index.query("secret") == []  # the files' text is not searched


def test_attaching_adds_readable_files_and_names_the_refused_until_sent() -> None:
    state = ChatState(Settings())
    a, b = Attachment("a.txt", 1, "text/plain", "A"), Attachment("b.txt", 1, "text/plain", "B")
    refused = Refusal("c.pdf", "attach.other_document")
    state = attaching.attached(state, [a, refused]).state
    state = attaching.attached(state, [b]).state
    assert state.attachments == (a, b) and state.refused == ()
    state = attaching.attached(state, [refused]).state
    assert state.refused == (refused,)
    assert attaching.detached(state, 0).state.attachments == (b,)
    assert attaching.detached(state, 7).state == state


def test_every_attach_text_exists_in_every_language() -> None:
    keys = {key for key in MESSAGES["en"] if key.startswith("attach.")}
    assert all(keys <= set(catalog) for catalog in MESSAGES.values())


def test_sending_takes_the_files_with_the_question_and_empties_the_draft() -> None:
    """Files alone can be sent too; the first one names a new conversation."""
    backend = Backend("b", "B", BackendKind("openai"), "http://x", fetched_models=("m",))
    state = ChatState(Settings().with_backend(backend))
    file = Attachment("plan.md", 1, "text/markdown", "P")
    state = attaching.attached(state, [file, Refusal("x.pdf", "attach.other_document")]).state
    step = turns.send(state, "  ", 5.0)
    question = next(m for m in step.write.messages if m.role is Role.USER) if step.write else None
    assert question is not None and question.attachments == (file,)
    assert step.state.attachments == () and step.state.refused == ()
    assert step.state.current is not None and step.state.current.title == "plan.md"
