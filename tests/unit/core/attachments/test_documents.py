"""Documents read to their text (core/attachments/documents): PDF with pypdf, Excel with openpyxl, Word and
PowerPoint with the standard library; the refusals for what cannot be read, each naming its reason; and the
page's side of it, which loads none of the readers. Every file is made here (tests/sample_documents.py)."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest

from plauder.core import attaching, turns
from plauder.core.attachments import Refusal, precheck
from plauder.core.attachments.chips import chip_views
from plauder.core.attachments.documents import LIBRARIES, ooxml, outcome_message, outcome_of
from plauder.core.attachments.documents.found import MAX_TEXT_CHARS
from plauder.core.attachments.documents.reader import READERS, read_document
from plauder.core.attachments.documents.xlsx import cell_text, csv_line
from plauder.core.attachments.reading import DOCUMENTS, DOCX, PDF, PPTX, XLSX, is_document, media_type_of
from plauder.core.i18n import can_translate
from plauder.core.records import Attachment, Backend, BackendKind, Message, Role, Settings
from plauder.core.state import ChatState
from tests.sample_documents import docx, ledger_xlsx, pdf, pptx, prose_pages, report_docx, xlsx

ROOT = Path(__file__).resolve().parents[4]


def read(name: str, data: bytes) -> Attachment | Refusal:
    media_type = media_type_of(name)
    assert media_type is not None and is_document(media_type)
    return read_document(name, media_type, data)


def text_of(name: str, data: bytes) -> Attachment:
    outcome = read(name, data)
    assert isinstance(outcome, Attachment), outcome
    return outcome


def refusal_of(name: str, data: bytes) -> Refusal:
    outcome = read(name, data)
    assert isinstance(outcome, Refusal), outcome
    assert can_translate(outcome.key, {"name": name, **outcome.params})  # a text in every language
    return outcome


def encrypted_pdf(user_password: str, owner_password: str = "owner") -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf([["Secret plans for the merger"]]))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# PDF


def test_a_pdf_gives_each_pages_text_under_its_number() -> None:
    attachment = text_of("report.pdf", pdf([["Revenue grew (a lot)", "Costs fell"], ["Outlook: good"]]))
    assert attachment.text == "--- Page 1 ---\nRevenue grew (a lot)\nCosts fell\n\n--- Page 2 ---\nOutlook: good"
    assert (attachment.pages, attachment.media_type) == (2, PDF)


def test_a_100_page_pdf_is_read_whole() -> None:
    data = pdf(prose_pages(100))
    attachment = text_of("book.pdf", data)
    assert attachment.pages == 100 and attachment.size == len(data)
    assert attachment.text.count("--- Page ") == 100
    assert "100.45 The quarterly report" in attachment.text
    assert chip_views("en", [attachment], with_tokens=False)[0].details == f"{len(data) / 1000:.1f} KB · 100 pages"


def test_an_encrypted_pdf_is_refused_as_encrypted() -> None:
    """No password is asked for: the user is told the file is encrypted."""
    refusal = refusal_of("merger.pdf", encrypted_pdf(user_password="secret"))
    assert (refusal.name, refusal.key) == ("merger.pdf", "attach.encrypted")


def test_a_pdf_encrypted_with_an_empty_password_opens_as_in_any_viewer() -> None:
    """A "protected" PDF (printing or copying restricted by an owner password) opens without asking."""
    assert "Secret plans" in text_of("protected.pdf", encrypted_pdf(user_password="")).text


def test_a_scanned_pdf_has_no_text_layer() -> None:
    refusal = refusal_of("scan.pdf", pdf([[], []], scanned=[True, True]))
    assert refusal.key == "attach.no_text_layer"


def test_a_pdf_with_some_scanned_pages_gives_the_text_it_has() -> None:
    attachment = text_of("mixed.pdf", pdf([["Typed page"], []], scanned=[False, True]))
    assert attachment.text == "--- Page 1 ---\nTyped page\n\n--- Page 2 ---" and attachment.pages == 2


@pytest.mark.parametrize(
    "data",
    [b"this is not a PDF at all", b"%PDF-1.7\n", pdf(prose_pages(3))[:2000], b"%PDF-1.4\n" + bytes(range(256)) * 40],
    ids=["not a pdf", "header only", "cut off", "garbage after the header"],
)
def test_a_damaged_pdf_is_refused_as_damaged(data: bytes) -> None:
    refusal = refusal_of("broken.pdf", data)
    assert (refusal.key, refusal.params["kind"]) == ("attach.corrupt", "PDF")


# Word


def test_a_word_document_gives_headings_paragraphs_and_tables() -> None:
    """Headings by their style's name, whatever its id; a tab and a line break as they are; tables as Markdown."""
    data = docx(["Intro text", "Second | paragraph"], table=[["Item", "Cost"], ["Rent", "1,200"]], pages=4)
    attachment = text_of("offer.docx", data)
    assert attachment.text == (
        "# Report\n\nIntro text\ttabbed\nnext line\n\nSecond | paragraph\n\n"
        "| Item | Cost |\n| --- | --- |\n| Rent | 1,200 |"
    )
    assert (attachment.pages, attachment.media_type) == (4, DOCX)


def test_word_list_items_text_boxes_and_tracked_changes() -> None:
    """A list item is marked; a text box's text is read once (not its drawing's fallback copy); deleted text
    of a tracked change is gone, inserted text is there; a field's code is not text, its result is."""
    raw = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>First point</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>Box: </w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>"
        "<w:p><w:r><w:t>inside the box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:p><w:r><w:t>inside the box</w:t></w:r></w:p></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
        "<w:p><w:del><w:r><w:delText>old </w:delText></w:r></w:del><w:ins><w:r><w:t>new</w:t></w:r></w:ins>"
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:t> 7</w:t></w:r></w:p>'
    )
    text = text_of("notes.docx", docx(["Start"], raw=raw)).text
    assert text.endswith("- First point\n\nBox: inside the box\n\nnew 7")
    assert text.count("inside the box") == 1


def test_a_table_inside_a_table_cell_flows_into_that_cell() -> None:
    """Markdown has no nested tables: the inner table's text joins its cell's, and the outer rows stay whole."""
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p>{}</w:tc>"
    inner = "<w:tbl><w:tr>" + cell.format("in1", "") + cell.format("in2", "") + "</w:tr></w:tbl>"
    raw = f"<w:tbl><w:tr>{cell.format('A', '')}{cell.format('B', inner)}</w:tr><w:tr>{cell.format('1', '')}</w:tr></w:tbl>"
    text = text_of("nested.docx", docx(["Start"], raw=raw)).text
    assert text.endswith("| A | B in1 in2 |\n| --- | --- |\n| 1 |")


def test_a_50_page_word_document_is_read_whole_with_its_page_count() -> None:
    attachment = text_of("report.docx", report_docx(50))
    assert attachment.pages == 50 and attachment.text.count("Paragraph ") == 500


def test_a_word_document_without_a_page_count_shows_none() -> None:
    attachment = text_of("plain.docx", docx(["Only text"]))
    assert attachment.pages is None
    assert chip_views("en", [attachment], with_tokens=False)[0].details.count("·") == 0


def zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_corrupt_word_document_is_refused_as_damaged() -> None:
    whole = docx(["Some text"])
    cases = {
        "cut off": whole[: len(whole) // 2],
        "not a zip": b"PK\x03\x04 but nothing more",
        "no document part": zip_of({"[Content_Types].xml": b"<Types/>"}),
        "broken xml": zip_of({"word/document.xml": b"<w:document><w:body><w:p>"}),
    }
    for case, data in cases.items():
        refusal = refusal_of("broken.docx", data)
        assert (refusal.key, refusal.params["kind"]) == ("attach.corrupt", "Word"), case


def test_a_password_protected_office_file_is_refused_as_encrypted() -> None:
    """Office saves a password-protected file as a compound file holding an "EncryptedPackage" stream."""
    protected = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le")
    for name in ("secret.docx", "secret.xlsx", "secret.pptx"):
        assert refusal_of(name, protected).key == "attach.encrypted"
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")
    assert refusal_of("renamed.docx", old_word).key == "attach.corrupt"  # a .doc renamed


def test_a_document_without_text_is_empty() -> None:
    """Slide numbers and sheet names alone are no text."""
    assert refusal_of("blank.docx", zip_of(_parts(docx([]), Report=b""))).key == "attach.empty"
    assert refusal_of("blank.pptx", pptx([[""], []])).key == "attach.empty"
    assert refusal_of("blank.xlsx", xlsx({"One": [], "Two": [[None]]})).key == "attach.empty"


def _parts(package: bytes, **replacements: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for old, new in replacements.items():
        parts = {name: data.replace(old.encode(), new) for name, data in parts.items()}
    return parts


def test_too_much_text_is_refused_and_too_much_unpacking_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file's text past MAX_TEXT_CHARS is more than a model takes; a package that would unpack past
    MAX_UNPACKED (a ZIP bomb) is refused before it is unpacked."""
    assert refusal_of("long.docx", docx(["x" * (MAX_TEXT_CHARS + 1)])).key == "attach.too_much_text"
    monkeypatch.setattr(ooxml, "MAX_UNPACKED", 1000)
    refusal = refusal_of("bomb.docx", docx(["y" * 2000]))
    assert (refusal.key, refusal.params["limit"]) == ("attach.too_big_unpacked", "0 MB")


# Excel


def test_a_workbook_gives_each_sheet_as_csv() -> None:
    data = xlsx(
        {
            "Budget": [["Item", "Cost", "Paid"], ["Rent, office", 1200, True], [], ['Say "hi"', 2.5, None], ["=B2"]],
            "Empty": [],
        }
    )
    attachment = text_of("budget.xlsx", data)
    assert attachment.text == (
        '--- Sheet: Budget ---\nItem,Cost,Paid\n"Rent, office",1200,TRUE\n"Say ""hi""",2.5\n0\n\n--- Sheet: Empty ---'
    )
    assert (attachment.pages, attachment.media_type) == (2, XLSX)
    assert chip_views("de", [attachment], with_tokens=False)[0].details.endswith("· 2 Blätter")


def test_dates_times_and_numbers_read_as_people_write_them() -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append([datetime.date(2025, 3, 1), datetime.datetime(2025, 3, 1, 14, 30), 3.0, 0.1 + 0.2, "x\ny"])
    out = io.BytesIO()
    workbook.save(out)
    assert text_of("plan.xlsx", out.getvalue()).text == (
        '--- Sheet: Plan ---\n2025-03-01,2025-03-01 14:30:00,3,0.3,"x\ny"'
    )
    assert [cell_text(v) for v in (None, False, 7, datetime.time(9, 5))] == ["", "FALSE", "7", "09:05:00"]
    assert csv_line(["a", "", ""]) == "a" and csv_line(["", ""]) == ""


def test_a_10000_row_workbook_is_read_whole() -> None:
    attachment = text_of("ledger.xlsx", ledger_xlsx(10_000))
    lines = attachment.text.splitlines()
    assert len(lines) == 1 + 1 + 10_000 and lines[-1] == "2025-04-04,ACC-008,Booking 9999,12498.75"


def test_a_corrupt_workbook_is_refused_as_damaged() -> None:
    """openpyxl's own errors (here: no workbook part) are a damaged file too."""
    for data in (zip_of({"[Content_Types].xml": b"<Types/>"}), ledger_xlsx(10)[:300]):
        refusal = refusal_of("broken.xlsx", data)
        assert (refusal.key, refusal.params["kind"]) == ("attach.corrupt", "Excel")


# PowerPoint


def test_slides_come_in_the_presentations_order_with_their_notes() -> None:
    """The slide files are numbered backwards here: the order is the presentation's list, not the names'.
    Of a notes page only its body counts (not the slide number it shows)."""
    data = pptx([["Plan", "Grow in 2026"], ["Risks"], ["Questions?"]], notes=["Mention the budget", "", ""])
    attachment = text_of("pitch.pptx", data)
    assert attachment.text == (
        "--- Slide 1 ---\nPlan\n\nGrow in 2026\n\nNotes:\nMention the budget\n\n--- Slide 2 ---\nRisks\n\n"
        "--- Slide 3 ---\nQuestions?"
    )
    assert (attachment.pages, attachment.media_type) == (3, PPTX)
    assert chip_views("en", [attachment], with_tokens=False)[0].details.endswith("· 3 slides")


def test_a_slides_table_is_read_as_markdown_rows() -> None:
    attachment = text_of("plan.pptx", pptx([["Budget"]], table=[["Team", "Cost"], ["Ops", "5"]]))
    assert attachment.text == "--- Slide 1 ---\nBudget\n\n| Team | Cost |\n| --- | --- |\n| Ops | 5 |"


def test_a_corrupt_presentation_is_refused_as_damaged() -> None:
    refusal = refusal_of("broken.pptx", pptx([["x"]])[:-60])
    assert (refusal.key, refusal.params["kind"]) == ("attach.corrupt", "PowerPoint")


# What the page sees of it


def test_documents_have_their_own_size_limit() -> None:
    """20 MB for a document, 2 MB for a text file; refused by size before a byte is read."""
    assert precheck("big.pdf", 20 * 1024 * 1024) is None
    refusal = precheck("huge.pdf", 20 * 1024 * 1024 + 1)
    assert refusal is not None and (refusal.key, refusal.params) == ("attach.too_big", {"limit": "20 MB"})
    assert precheck("big.txt", 3 * 1024 * 1024) is not None


def test_every_document_type_has_a_reader() -> None:
    assert set(READERS) == {PDF, DOCX, XLSX, PPTX} == set(DOCUMENTS.values())
    assert set(LIBRARIES) <= set(READERS)


def test_the_workers_answer_reads_back_as_it_was() -> None:
    attachment = Attachment("a.pdf", 10, PDF, "--- Page 1 ---\nHi", 1)
    refusal = Refusal("b.pdf", "attach.corrupt", {"kind": "PDF"})
    assert outcome_of(outcome_message(attachment)) == attachment
    assert outcome_of(outcome_message(refusal)) == refusal


def test_a_documents_pages_are_stored_and_a_text_files_record_is_as_before() -> None:
    document = Attachment("a.pdf", 10, PDF, "text", 3)
    message = Message("q", "c", None, Role.USER, "Look", 1, attachments=(document,))
    assert message.to_record()["attachments"][0]["pages"] == 3
    assert Message.from_record(message.to_record()) == message
    assert "pages" not in Attachment("a.txt", 1, "text/plain", "A").to_record()


def test_a_message_waits_while_a_document_is_still_being_read() -> None:
    """Send says the document is being read and keeps everything; once it is attached, the message goes with it."""
    backend = Backend("b", "B", BackendKind("openai"), "http://x", fetched_models=("m",))
    state = attaching.reading_started(ChatState(Settings().with_backend(backend)), ["report.pdf"]).state
    assert state.reading == ("report.pdf",)
    held = turns.send(state, "Summarise", 1.0)
    assert held.write is None and held.state == state
    assert held.notice is not None and held.notice.key == "attach.still_reading"
    assert held.notice.params == {"name": "report.pdf"}
    document = Attachment("report.pdf", 10, PDF, "text", 1)
    state = attaching.attached(state, [document]).state
    assert state.reading == () and state.attachments == (document,)
    step = turns.send(state, "Summarise", 2.0)
    assert step.write is not None and any(m.attachments == (document,) for m in step.write.messages)


def test_a_refused_document_is_no_longer_being_read() -> None:
    state = attaching.reading_started(ChatState(Settings()), ["a.pdf", "b.pdf", "a.pdf"]).state
    state = attaching.attached(state, [Refusal("a.pdf", "attach.encrypted")]).state
    assert state.reading == ("b.pdf", "a.pdf") and state.refused == (Refusal("a.pdf", "attach.encrypted"),)


def test_the_pages_side_imports_no_reader_and_no_parser() -> None:
    """The page imports core/attachments/documents for the worker's answers: pypdf, openpyxl and the XML
    parser (whose import alone was a 110 ms task in Pyodide) must stay in the worker."""
    code = (
        "import sys, plauder.core.attachments.documents, plauder.core.attachments.chips\n"
        "heavy = {'pypdf', 'openpyxl', 'xml.etree.ElementTree', 'plauder.core.attachments.documents.reader'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT / "src")
    assert found.stdout.strip() == "[]"


def test_a_reader_without_its_library_fails_as_a_reader_not_as_a_damaged_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were pypdf missing in the worker, the page must hear that the reader failed, not that the PDF is damaged."""
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf now raises ImportError
    with pytest.raises(ImportError):
        read("report.pdf", pdf([["text"]]))
